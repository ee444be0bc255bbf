#!/usr/bin/env bash
# Runs the scenarios of issue 5 against our server, InspIRCd and ngIRCd, each run on a freshly started server,
# and appends one JSON line per run to $OUT (default docs/perf/results.jsonl). Loopback only; every server this
# script starts is stopped by PID when its run ends.
#
#   chat-bench/run-scenarios.sh                        # all scenarios, all servers, 3 repetitions
#   chat-bench/run-scenarios.sh -s "s1 s2" -t "ours ngircd" -r 1
#
# Scenarios: s1 s2 s3w8 s3w64 s4 s5k1000 s5k10000 s6batch s6always (s6* run on our server only).
# Needs: the jars (mvn -B -DskipTests package), apt-get install -y inspircd ngircd.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh

scenarios="s1 s2 s3w8 s3w64 s4 s5k1000 s5k10000 s6batch s6always"
targets="ours inspircd ngircd"
reps=3
OUT=${OUT:-docs/perf/results.jsonl}
while getopts "s:t:r:o:" opt; do
  case $opt in
    s) scenarios=$OPTARG ;; t) targets=$OPTARG ;; r) reps=$OPTARG ;; o) OUT=$OPTARG ;;
    *) sed -n '2,10p' "$0"; exit 2 ;;
  esac
done
mkdir -p "$(dirname "$OUT")"
ulimit -n "$(ulimit -Hn)"   # 10,000 connections on each side of loopback

SERVER_JAR=${SERVER_JAR:-chat-server/target/chat-server.jar}
BENCH_JAR=chat-bench/target/chat-bench.jar
PEERS=chat-bench/peers/start-peers.sh
OUR_PORT=${OUR_PORT:-28989}   # not 8989/18989: other developers' servers on this machine use those
RUN_DIR=$(mktemp -d /tmp/chat-bench-run.XXXXXX)
server_pid=""

# What each scenario asks of the generator (issue 5, "Scenarios").
scenario_args() {
  case $1 in
    s1|s6batch|s6always) echo "-n 10 -s 10 -w 8" ;;
    s2)       echo "-n 100 -s 10 -r 2000" ;;
    s3w8)     echo "-n 100 -s 10 -w 8" ;;
    s3w64)    echo "-n 100 -s 10 -w 64" ;;
    s4)       echo "-n 1000 -s 10 -r 1000" ;;
    s5k1000)  echo "--idle -n 1000 -d 3 --warmup 0 --heap" ;;
    s5k10000) echo "--idle -n 10000 -d 3 --warmup 0 --heap --setup-timeout 900" ;;
  esac
}

# Our server: ACK after the line is handed to the OS (always on); fsync only where the scenario says.
fsync_of() {
  case $1 in s6batch) echo batch ;; s6always) echo always ;; *) echo never ;; esac
}

# Set-up pacing only (not measured): ngIRCd registers a burst of simultaneous joins slowly (about 15 joins/s
# with 100 in flight, 250/s with 10); InspIRCd completes a registration on its 1 s timer, so it wants many.
inflight_of() {
  case $1 in ngircd) echo 10 ;; inspircd) echo 2000 ;; *) echo 100 ;; esac
}

start_server() {
  local target=$1 scenario=$2
  case $target in
    ours)
      rm -f "$RUN_DIR/history.txt"
      if (exec 3<>/dev/tcp/127.0.0.1/$OUR_PORT) 2>/dev/null; then
        echo "port $OUR_PORT is already taken by another process; set OUR_PORT" >&2; return 1
      fi
      java --enable-preview -jar "$SERVER_JAR" $OUR_PORT --bind 127.0.0.1 --metrics-port 0 \
        --history-file "$RUN_DIR/history.txt" --rate-limit 0 --max-connections 20000 \
        --max-connections-per-ip 0 --connection-rate 0 --name-rate 0 \
        --max-queue-bytes 67108864 --login-timeout 0 --fsync "$(fsync_of "$scenario")" \
        >"$RUN_DIR/server.log" 2>&1 &
      server_pid=$!
      for _ in $(seq 1 200); do
        kill -0 "$server_pid" 2>/dev/null || { cat "$RUN_DIR/server.log" >&2; return 1; }
        (exec 3<>/dev/tcp/127.0.0.1/$OUR_PORT) 2>/dev/null && return 0
        sleep 0.05
      done
      return 1 ;;
    inspircd|ngircd)
      "$PEERS" restart "$target" >/dev/null
      server_pid=$("$PEERS" pid "$target") ;;
  esac
}

stop_server() {
  local target=$1
  case $target in
    ours)
      if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
      fi ;;
    *) "$PEERS" stop "$target" >/dev/null ;;
  esac
  server_pid=""
}
trap 'for t in $targets; do stop_server "$t" 2>/dev/null || true; done; [ -n "${KEEP_RUN_DIR:-}" ] || rm -rf "$RUN_DIR"' EXIT

port_of() { case $1 in ours) echo $OUR_PORT ;; inspircd) echo 6667 ;; ngircd) echo 6668 ;; esac; }
dialect_of() { case $1 in ours) echo netcat ;; *) echo irc ;; esac; }

for scenario in $scenarios; do
  for target in $targets; do
    case $scenario in s6*) [ "$target" = ours ] || continue ;; esac
    for rep in $(seq 1 "$reps"); do
      start_server "$target" "$scenario"
      echo "== $scenario $target #$rep (load: $(cut -d' ' -f1-3 /proc/loadavg))"
      # shellcheck disable=SC2046
      java -jar "$BENCH_JAR" --dialect "$(dialect_of "$target")" --port "$(port_of "$target")" \
        $(scenario_args "$scenario") --inflight-joins "$(inflight_of "$target")" \
        --server-pid "$server_pid" --label "$scenario/$target/$rep" --json-out "$OUT" \
        | grep -E '^(setup_s|sent_per_s|deliveries_per_s|latency_p99_ms|lost|duplicated|out_of_order|errors|disconnects|server_cpu_pct|rss_per_connection_bytes|heap_per_connection_bytes|problem_count) ' \
        | tr -s ' ' | paste -sd' ' || true
      stop_server "$target"
    done
  done
done
