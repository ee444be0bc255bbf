#!/usr/bin/env bash
# Issue 21: RSS growth per idle joined connection as an operator sees it: a fresh server's VmRSS once it listens,
# then K clients join and read everything, then SETTLE seconds of nothing, VmRSS again; (after - before) / K.
# No jcmd, no GC asked for: what the JVM gives back, it gives back by itself. JAVA_OPTS: the JVM options tried.
#   JAVA_OPTS="..." docs/perf/rss-per-idle-connection.sh JAR [K] [SETTLE]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=$1; K=${2:-1000}; SETTLE=${3:-10}
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin
PORT=$((30000 + RANDOM % 20000)); DIR=$(mktemp -d)
ulimit -n "$(ulimit -Hn)"
cd "$DIR"
# shellcheck disable=SC2086
"$J/java" --enable-preview -XX:+ExitOnOutOfMemoryError ${JAVA_OPTS:-} -jar "$JAR" "$PORT" --metrics-port 0 \
  --max-connections $((K + 100)) --max-connections-per-ip 0 --connection-rate 0 --name-rate 0 --rate-limit 0 \
  >server.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 100); do grep -q 'listening' server.log 2>/dev/null && break; sleep 0.1; done
sleep 2
rss() { awk '/VmRSS/ {print $2}' /proc/$PID/status; }
before=$(rss)
mkfifo joined
python3 "$HERE/idle-clients.py" "$PORT" "$K" joined &
CLIENTS=$!
start=$(date +%s.%N)
read -r members <joined
joined=$(rss); took=$(echo "$(date +%s.%N) - $start" | bc)
sleep "$SETTLE"
settled=$(rss)
cpu=$(awk '{print $14 + $15}' /proc/$PID/stat)
sleep 10
idle_cpu=$(( $(awk '{print $14 + $15}' /proc/$PID/stat) - cpu ))
kill $CLIENTS
dropped=$(grep -c 'too slow\|TOO_SLOW' server.log || true)
echo "K=$K (online: $members, dropped as too slow: $dropped) joins ${took}s rss before ${before} KiB, joined +$(( (joined - before) * 1024 / K )) B/conn, settled ${SETTLE}s +$(( (settled - before) * 1024 / K )) B/conn; idle CPU $((idle_cpu * 10)) ms in 10 s"
