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
for i in $(seq 1 300); do grep -q "setup_s\|joined" $d/gen.out 2>/dev/null && break; sleep 0.2; done
sleep 8
grep VmRSS /proc/$pid/status
jcmd $pid VM.native_memory summary.diff | grep -E "^-|Total|committed=" | grep -vE "^\s*$" | head -60 > /tmp/nmt-diff.txt
kill $gpid 2>/dev/null; wait $gpid 2>/dev/null || true
kill $pid; wait $pid || true
rm -rf $d
