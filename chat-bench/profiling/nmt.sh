#!/usr/bin/env bash
# Profiling helper for docs/PERFORMANCE.md ("What bounds each miss"): see chat-bench/profiling/README.md.
set -eu
cd "$(dirname "$0")/../.."; . scripts/jdk.sh
n=$1; shift
d=$(mktemp -d)
taskset -c 1 java -XX:NativeMemoryTracking=summary "$@" --enable-preview -jar ${JAR:-chat-server/target/chat-server.jar} 28990 --bind 127.0.0.1 --metrics-port 0 \
  --history-file $d/history.txt --rate-limit 0 --max-connections 20000 --max-connections-per-ip 0 --connection-rate 0 --name-rate 0 \
  --max-queue-bytes 67108864 --login-timeout 0 > $d/server.log 2>&1 &
pid=$!
for i in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/28990) 2>/dev/null && break; sleep 0.05; done
sleep 1
jcmd $pid VM.native_memory baseline > /dev/null
grep VmRSS /proc/$pid/status
taskset -c 0 java -jar chat-bench/target/chat-bench.jar --dialect netcat --port 28990 --idle -n $n -d 25 --warmup 0 --server-pid $pid --label nmt --json-out /tmp/nmt.jsonl > $d/gen.out &
g=$!
for i in $(seq 1 300); do grep -q "setup_s\|joined" $d/gen.out 2>/dev/null && break; sleep 0.2; done
sleep 8
grep VmRSS /proc/$pid/status
jcmd $pid VM.native_memory summary.diff | grep -E "^-|Total|committed=" | grep -vE "^\s*$" | head -60 > /tmp/nmt-diff.txt
kill $g 2>/dev/null; wait $g 2>/dev/null || true
kill $pid; wait $pid || true
rm -rf $d
