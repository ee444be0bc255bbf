#!/usr/bin/env bash
# Issue 21: RSS growth per idle joined connection as an operator sees it: a fresh server's VmRSS once it listens,
# then K clients join and read everything, then SETTLE seconds of nothing, VmRSS again; (after - before) / K.
# No jcmd, no GC asked for: what the JVM gives back, it gives back by itself. JAVA_OPTS: the JVM options tried.
#   JAVA_OPTS="..." docs/perf/rss-per-idle-connection.sh JAR [K] [SETTLE]
set -euo pipefail
. "$(dirname "$0")/idle-server.sh"
JAR=$1; K=${2:-1000}; SETTLE=${3:-10}
start_idle_server "$JAR" "$K"
sleep 2   # the JVM's own start-up settles before the first reading
rss() { awk '/VmRSS/ {print $2}' /proc/$PID/status; }
before=$(rss)
start=$(date +%s.%N)
join_idle_clients "$K"
joined=$(rss); took=$(echo "$(date +%s.%N) - $start" | bc)
sleep "$SETTLE"
settled=$(rss)
cpu=$(awk '{print $14 + $15}' /proc/$PID/stat)
sleep 10
idle_cpu=$(( $(awk '{print $14 + $15}' /proc/$PID/stat) - cpu ))
kill $CLIENTS
dropped=$(grep -c 'too slow\|TOO_SLOW' server.log || true)
echo "K=$K (online: $members, dropped as too slow: $dropped) joins ${took}s rss before ${before} KiB, joined +$(( (joined - before) * 1024 / K )) B/conn, settled ${SETTLE}s +$(( (settled - before) * 1024 / K )) B/conn; idle CPU $((idle_cpu * 10)) ms in 10 s"
