#!/usr/bin/env bash
# Profiling helper for docs/PERFORMANCE.md ("What bounds each miss"): see chat-bench/profiling/README.md.
set -eu
. "$(dirname "$0")/server.sh"
fsync=$1; name=$2; shift 2
start_server "-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer" --fsync $fsync
start_load prof "$@"
sleep ${PRE:-4}
perf record -F 999 -g -p $pid -o /tmp/perf-$name.data -- sleep 5 > /dev/null 2>&1 || true
wait $gpid; grep -E '^(deliveries_per_s |sent_per_s|server_cpu_pct|server_cpu_us)' $d/gen.out
kill $pid; wait $pid || true
rm -rf $d
echo pid=$pid
