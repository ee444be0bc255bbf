#!/usr/bin/env bash
# Diagnostic of issue 17's rooms scenario: our server, started with run-scenarios.sh's options, with --fsync batch
# and --fsync never, shared set-up, alternating, 2 rounds (series rooms-fsync-diag). Beside chat-bench's JSON line,
# the server's user and system CPU (utime, stime from /proc/PID/stat, sampled once a second) between the 10th and
# the 17th second after the generator starts: about the measured window (set-up ~5 s, warm-up 4 s), not exactly.
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/jdk.sh
ulimit -n "$(ulimit -Hn)"
OUT=${OUT:-docs/perf/results-rooms.jsonl}
tck=$(getconf CLK_TCK)
for round in 1 2; do
  for fs in batch never; do
    d=$(mktemp -d /tmp/rooms-diag.XXXXXX)
    java --enable-preview -jar "${ROOMS_JAR:-/tmp/ab-jars/cs-rooms.jar}" 28989 --bind 127.0.0.1 --metrics-port 0 \
      --history-file $d/history.txt --rate-limit 0 --max-connections 20000 --max-connections-per-ip 0 \
      --connection-rate 0 --name-rate 0 --max-queue-bytes 67108864 --login-timeout 0 --fsync $fs \
      --room-creations-per-minute 0 > $d/server.log 2>&1 &
    spid=$!
    for _ in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/28989) 2>/dev/null && break; sleep 0.05; done
    java -jar chat-bench/target/chat-bench.jar --dialect netcat --port 28989 -n 1000 -s 100 --rooms 100 -r 2000 \
      -d 13 --warmup 4 --inflight-joins 100 --server-pid $spid --label rooms/ours-fsync-$fs/$round \
      --series rooms-fsync-diag --setup shared --json-out $OUT > $d/bench.out 2>&1 &
    bpid=$!
    : > $d/cpu.txt
    while kill -0 $bpid 2>/dev/null; do
      awk -v t=$(date +%s.%N) '{print t, $14, $15}' /proc/$spid/stat >> $d/cpu.txt; sleep 1
    done
    wait $bpid
    grep -E '^(setup_s|deliveries_per_s|latency_p99_ms|lost|duplicated|errors|server_cpu_pct|server_cpu_us_per_delivery) ' $d/bench.out | tr -s ' ' | paste -sd' '
    python3 - $d/cpu.txt $tck $fs <<'PY'
import sys
rows=[list(map(float,l.split())) for l in open(sys.argv[1])]
tck=float(sys.argv[2]); a,b=rows[10],rows[min(17,len(rows)-1)]
dt=b[0]-a[0]; print("fsync=%s window %.1fs user %.0f%% sys %.0f%% of a core" % (sys.argv[3], dt, 100*(b[1]-a[1])/tck/dt, 100*(b[2]-a[2])/tck/dt))
PY
    ls $d/rooms 2>/dev/null | wc -l
    kill $spid; wait $spid 2>/dev/null; rm -rf $d
  done
done
echo DIAG-DONE
