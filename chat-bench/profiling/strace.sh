#!/usr/bin/env bash
# Profiling helper for docs/PERFORMANCE.md ("What bounds each miss"): see chat-bench/profiling/README.md.
set -eu
cd "$(dirname "$0")/../.."; . scripts/jdk.sh
fsync=$1; shift
d=$(mktemp -d)
taskset -c 1 java --enable-preview -jar ${JAR:-chat-server/target/chat-server.jar} 28990 --bind 127.0.0.1 --metrics-port 0 \
  --history-file $d/history.txt --rate-limit 0 --max-connections 20000 --max-connections-per-ip 0 --connection-rate 0 --name-rate 0 \
  --max-queue-bytes 67108864 --login-timeout 0 --fsync $fsync > $d/server.log 2>&1 &
pid=$!
for i in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/28990) 2>/dev/null && break; sleep 0.05; done
taskset -c 0 java -jar chat-bench/target/chat-bench.jar --dialect netcat --port 28990 "$@" --server-pid $pid --label prof --json-out /tmp/prof.jsonl > $d/gen.out &
gpid=$!
sleep 4
timeout 5 strace -c -f -p $pid -o /tmp/strace-$fsync.txt 2>/dev/null || true
wait $gpid; grep -E '^(deliveries_per_s |sent_per_s|server_cpu_pct)' $d/gen.out
kill $pid; wait $pid || true
rm -rf $d
