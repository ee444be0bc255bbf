#!/usr/bin/env bash
# Profiling helper for docs/PERFORMANCE.md ("What bounds each miss"): see chat-bench/profiling/README.md.
set -eu
. "$(dirname "$0")/server.sh"
n=$1; shift
start_server "-XX:NativeMemoryTracking=summary $*"
sleep 1
jcmd $pid VM.native_memory baseline > /dev/null
grep VmRSS /proc/$pid/status
start_load nmt --idle -n $n -d 25 --warmup 0
# The generator prints nothing until its run ends, so the joins are counted in the server's log (up to 2 min).
for i in $(seq 1 1200); do [ "$(grep -c ' joined as ' $d/server.log)" -ge "$n" ] && break; sleep 0.1; done
sleep 8 # the join storm settles; the clients stay connected for the rest of -d 25
grep VmRSS /proc/$pid/status
jcmd $pid VM.native_memory summary.diff | grep -E "^-|Total|committed=" | grep -vE "^\s*$" | head -60 > /tmp/nmt-diff.txt
kill $gpid 2>/dev/null || true; wait $gpid 2>/dev/null || true
kill $pid; wait $pid || true
rm -rf $d
