#!/usr/bin/env bash
# Profiling helper for docs/PERFORMANCE.md ("What bounds each miss"): see chat-bench/profiling/README.md.
set -eu
. "$(dirname "$0")/server.sh"
JAR=$1; shift; opts=$1; shift
start_server "$opts -Xlog:gc:file=/tmp/gc.log"
start_load gc "$@"
wait $gpid; grep -E '^(deliveries_per_s |latency_p50|latency_p99_ms|server_cpu_pct|server_cpu_us)' $d/gen.out
kill $pid; wait $pid || true
tail -5 $d/server.log; rm -rf $d
