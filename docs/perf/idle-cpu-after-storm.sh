#!/usr/bin/env bash
# Issue 21: what an idle server costs in CPU once K members have joined and the storm is over, over WINDOW
# seconds (default 300, long enough for G1's once-a-minute periodic cycle to run several times); with HeapGiveBack
# as shipped, or off with JAVA_OPTS=-XX:G1PeriodicGCInterval=0. Prints CPU ms in the window and the RSS at its end.
#   [JAVA_OPTS=...] docs/perf/idle-cpu-after-storm.sh JAR [K] [WINDOW]
set -euo pipefail
. "$(dirname "$0")/idle-server.sh"
JAR=$1; K=${2:-10000}; WINDOW=${3:-300}
JAVA_OPTS="${JAVA_OPTS:-} -Xlog:gc:file=gc.log" start_idle_server "$JAR" "$K"
join_idle_clients "$K"
sleep 5
cpu() { awk '{print $14 + $15}' /proc/$PID/stat; }
rss() { awk '/VmRSS/ {print $2}' /proc/$PID/status; }
start=$(cpu); rss_start=$(rss)
sleep "$WINDOW"
used=$(( ($(cpu) - start) * 10 ))
echo "K=$K (online: $members) idle ${WINDOW}s: CPU ${used} ms ($(echo "scale=3; $used / ($WINDOW * 10)" | bc) % of a CPU), RSS ${rss_start} -> $(rss) KiB; periodic collections: $(grep -c 'Periodic' gc.log || true)"
kill $CLIENTS
