#!/usr/bin/env bash
# Profiling helper for docs/PERFORMANCE.md ("What bounds each miss"): see chat-bench/profiling/README.md.
set -eu
cd "$(dirname "$0")/../.."; . scripts/jdk.sh
jar=$1; shift; opts=$1; shift
d=$(mktemp -d)
taskset -c 1 java $opts -Xlog:gc:file=/tmp/gc.log --enable-preview -jar $jar 28990 --bind 127.0.0.1 --metrics-port 0 \
  --history-file $d/history.txt --rate-limit 0 --max-connections 20000 --max-connections-per-ip 0 --connection-rate 0 --name-rate 0 \
  --max-queue-bytes 67108864 --login-timeout 0 > $d/server.log 2>&1 &
pid=$!
for i in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/28990) 2>/dev/null && break; sleep 0.05; done
taskset -c 0 java -jar chat-bench/target/chat-bench.jar --dialect netcat --port 28990 "$@" --server-pid $pid --label gc --json-out /tmp/gc.jsonl | grep -E '^(deliveries_per_s |latency_p50|latency_p99_ms|server_cpu_pct|server_cpu_us)'
kill $pid; wait $pid || true
tail -5 $d/server.log; rm -rf $d
