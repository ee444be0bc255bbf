#!/usr/bin/env bash
# Profiling helper for docs/PERFORMANCE.md ("What bounds each miss"): see chat-bench/profiling/README.md.
set -eu
. "$(dirname "$0")/server.sh"
fsync=$1; shift
start_server "" --fsync $fsync
start_load prof "$@"
sleep 4
timeout 5 strace -c -f -p $pid -o /tmp/strace-$fsync.txt 2>/dev/null || true
wait $gpid; grep -E '^(deliveries_per_s |sent_per_s|server_cpu_pct)' $d/gen.out
kill $pid; wait $pid || true
rm -rf $d
