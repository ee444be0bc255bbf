#!/usr/bin/env bash
# Issue 21: what an idle server costs in CPU once K members have joined and the storm is over, over WINDOW
# seconds (default 300, long enough for G1's once-a-minute periodic cycle to run several times); with HeapGiveBack
# as shipped, or off with JAVA_OPTS=-XX:G1PeriodicGCInterval=0. Prints CPU ms in the window and the RSS at its end.
#   [JAVA_OPTS=...] docs/perf/idle-cpu-after-storm.sh JAR [K] [WINDOW]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=$1; K=${2:-10000}; WINDOW=${3:-300}
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin
PORT=$((30000 + RANDOM % 20000)); DIR=$(mktemp -d)
ulimit -n "$(ulimit -Hn)"
cd "$DIR"
# shellcheck disable=SC2086
"$J/java" --enable-preview -XX:+ExitOnOutOfMemoryError ${JAVA_OPTS:-} -Xlog:gc:file=gc.log -jar "$JAR" "$PORT" \
  --metrics-port 0 --max-connections $((K + 100)) --max-connections-per-ip 0 --connection-rate 0 --name-rate 0 \
  --rate-limit 0 >server.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 100); do grep -q 'listening' server.log 2>/dev/null && break; sleep 0.1; done
sleep 2   # as rss-per-idle-connection.sh: the port accepts a moment after the line
mkfifo joined
python3 "$HERE/idle-clients.py" "$PORT" "$K" joined &
CLIENTS=$!
read -r members <joined
sleep 5
cpu() { awk '{print $14 + $15}' /proc/$PID/stat; }
rss() { awk '/VmRSS/ {print $2}' /proc/$PID/status; }
start=$(cpu); rss_start=$(rss)
sleep "$WINDOW"
used=$(( ($(cpu) - start) * 10 ))
echo "K=$K (online: $members) idle ${WINDOW}s: CPU ${used} ms ($(echo "scale=3; $used / ($WINDOW * 10)" | bc) % of a CPU), RSS ${rss_start} -> $(rss) KiB; periodic collections: $(grep -c 'Periodic' gc.log || true)"
kill $CLIENTS
