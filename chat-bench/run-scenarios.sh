#!/usr/bin/env bash
# Runs the scenarios of issue 5 against our server, InspIRCd and ngIRCd, each run on a freshly started server,
# in one or both set-ups, and appends one JSON line per run to $OUT (default docs/perf/results.jsonl). Loopback
# only; every server this script starts is stopped by PID when its run ends.
#
#   chat-bench/run-scenarios.sh                        # all scenarios, all servers, both set-ups, 3 repetitions
#   chat-bench/run-scenarios.sh -s "s1 s2" -t "ours ngircd" -r 1 -c onecore
#
# Scenarios (-s): s1 s2 s3w8 s3w64 s4 s5k1000 s5k10000 s6never s6always (s6* run on our server only),
#                 rooms (issue 17: 1,000 clients in 100 rooms of 10, one sender per room; ours needs protocol v2),
#                 and s5k19000 (issue 21, our server only, not in the default list: the most idle members one
#                 process gets here, under the hard limit of 20,000 open files on each side of loopback).
# Targets (-t):   ours inspircd ngircd.     Repetitions (-r): 3.     Output (-o): docs/perf/results.jsonl.
# Set-ups (-c):   shared   server and generator share every CPU (as the OS schedules them)
#                 onecore  one core each: the server on CPU 1, the generator on CPU 0 (taskset)
# Warm-up (-w):   seconds of sending before the measured 9 s of a load scenario (default 1, issue 5's choice);
#                 a JIT on one core is still compiling for several seconds (docs/PERFORMANCE.md), so steady
#                 state needs more. Every server of the series gets the same.
# Series (-l):    a name for this run of the script, in every JSON line (default: the commit and the start
#                 time); java -cp chat-bench/target/chat-bench.jar org.netcatchat.bench.summary.Summary
#                 --series NAME FILE prints its table.
# Environment:    SERVER_JAR (a copy nobody rebuilds mid-series), SERVER_JAVA_OPTS, OUR_PORT, KEEP_RUN_DIR=1,
#                 IDLE_SECONDS (how long s5 holds its clients idle before the settled RSS is read; default 3).
# Needs: the jars (mvn -B -DskipTests package), apt-get install -y inspircd ngircd.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh

scenarios="s1 s2 s3w8 s3w64 s4 s5k1000 s5k10000 s6never s6always"
targets="ours inspircd ngircd"
setups="shared onecore"
reps=3
warmup=1
OUT=${OUT:-docs/perf/results.jsonl}
series="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)@$(date -u +%Y%m%dT%H%M%SZ)"
while getopts "s:t:r:o:c:l:w:" opt; do
  case $opt in
    s) scenarios=$OPTARG ;; t) targets=$OPTARG ;; r) reps=$OPTARG ;; o) OUT=$OPTARG ;;
    c) setups=$OPTARG ;; l) series=$OPTARG ;; w) warmup=$OPTARG ;;
    *) sed -n '2,22p' "$0"; exit 2 ;;
  esac
done
mkdir -p "$(dirname "$OUT")"
ulimit -n "$(ulimit -Hn)"   # 10,000 connections on each side of loopback

SERVER_JAR=${SERVER_JAR:-chat-server/target/chat-server.jar}
BENCH_JAR=chat-bench/target/chat-bench.jar
PEERS=chat-bench/peers/start-peers.sh
OUR_PORT=${OUR_PORT:-28989}   # not 8989/18989: other developers' servers on this machine use those
SERVER_CPU=1                  # the one-core set-up: the server here ...
GENERATOR_CPU=0               # ... and the generator here
RUN_DIR=$(mktemp -d /tmp/chat-bench-run.XXXXXX)
server_pid=""
state_dir=""

for setup in $setups; do
  case $setup in
    shared) ;;
    onecore) [ "$(nproc --all)" -ge 2 ] || { echo "onecore needs 2 CPUs; this machine has $(nproc --all)" >&2; exit 2; } ;;
    *) echo "unknown set-up $setup (shared, onecore)" >&2; exit 2 ;;
  esac
done

# What each scenario asks of the generator (issue 5, "Scenarios"); a load scenario measures 9 s after its warm-up.
scenario_args() {
  local load="-d $((9 + warmup)) --warmup $warmup"
  case $1 in
    s1|s6never|s6always) echo "-n 10 -s 10 -w 8 $load" ;;
    s2)       echo "-n 100 -s 10 -r 2000 $load" ;;
    s3w8)     echo "-n 100 -s 10 -w 8 $load" ;;
    s3w64)    echo "-n 100 -s 10 -w 64 $load" ;;
    s4)       echo "-n 1000 -s 10 -r 1000 $load" ;;
    s5k1000)  echo "--idle -n 1000 -d ${IDLE_SECONDS:-3} --warmup 0 --heap" ;;
    s5k10000) echo "--idle -n 10000 -d ${IDLE_SECONDS:-3} --warmup 0 --heap --setup-timeout 900" ;;
    # One source address is enough: 19,000 connections to one port fit in the 28,232 ephemeral ports
    # (32768-60999) of this machine's default range, so the clients need not spread over 127.0.0.x.
    s5k19000) echo "--idle -n 19000 -d ${IDLE_SECONDS:-3} --warmup 0 --heap --setup-timeout 900" ;;
    # Issue 17: many small rooms instead of one big one. Connection i is in #room(i mod 100), so the first 100
    # (the senders) are one per room. 20 messages/s each is 2,000/s in all (S2's rate), each to the 10 members
    # of its room (IRC: the other 9): 20,000 deliveries/s. Fixed, so p99 is judged; low enough for every server
    # to keep up: ngIRCd spends ~20 us of CPU per delivery here (~1 us in S1), fell behind at 10,000/s (p50
    # 0.9 s) and took 90 % of a core at 5,000/s (docs/PERFORMANCE.md, "The rooms scenario").
    rooms)    echo "-n 1000 -s 100 --rooms 100 -r 2000 $load" ;;
  esac
}

# What a scenario needs of our server beyond the no-throttle options every run gets: the rooms scenario opens
# 100 rooms from one address within a second, where a server by default lets an address open 10 a minute.
our_options_of() {
  case $1 in rooms) echo "--room-creations-per-minute 0" ;; *) echo "" ;; esac
}

# Our server with its default durability (issue 9): --fsync batch, the ACK after a group commit. S6 shows the
# two other settings: never (the ACK once the OS has the line) and always (one fsync per message).
fsync_of() {
  case $1 in s6never) echo never ;; s6always) echo always ;; *) echo batch ;; esac
}

# Set-up pacing only (not measured): ngIRCd registers a burst of simultaneous joins slowly (about 15 joins/s
# with 100 in flight, 250/s with 10); InspIRCd completes a registration on its 1 s timer, so it wants many.
inflight_of() {
  case $1 in ngircd) echo 10 ;; inspircd) echo 2000 ;; *) echo 100 ;; esac
}

# The command prefix that places a side in the set-up: nothing when shared, taskset on its CPU when onecore.
# A JVM started on one CPU sizes itself for one (GC choice and threads, virtual-thread carriers): that is what
# one core means here. The JSON records the CPUs each side was allowed, as Linux reports them.
pin_server() { case $1 in onecore) echo "taskset -c $SERVER_CPU" ;; *) echo "" ;; esac; }
pin_generator() { case $1 in onecore) echo "taskset -c $GENERATOR_CPU" ;; *) echo "" ;; esac; }

start_server() {
  local target=$1 scenario=$2 setup=$3
  case $target in
    ours)
      # Fresh state for every run: a new, empty directory holds the history file and everything the server
      # keeps beside it (its .lock, a .torn sidecar, rotated .1 .. .N files), so no run replays or appends to
      # another's history. It is deleted when the run ends.
      state_dir=$(mktemp -d "$RUN_DIR/ours.XXXXXX")
      if (exec 3<>/dev/tcp/127.0.0.1/$OUR_PORT) 2>/dev/null; then
        echo "port $OUR_PORT is already taken by another process; set OUR_PORT" >&2; return 1
      fi
      # shellcheck disable=SC2086,SC2046
      $(pin_server "$setup") java ${SERVER_JAVA_OPTS:-} --enable-preview -jar "$SERVER_JAR" $OUR_PORT \
        --bind 127.0.0.1 --metrics-port 0 \
        --history-file "$state_dir/history.txt" --rate-limit 0 --max-connections 20000 \
        --max-connections-per-ip 0 --connection-rate 0 --name-rate 0 \
        --max-queue-bytes 67108864 --login-timeout 0 --fsync "$(fsync_of "$scenario")" $(our_options_of "$scenario") \
        >"$state_dir/server.log" 2>&1 &
      server_pid=$!   # taskset execs the JVM: the same PID
      for _ in $(seq 1 200); do
        kill -0 "$server_pid" 2>/dev/null || { cat "$state_dir/server.log" >&2; return 1; }
        (exec 3<>/dev/tcp/127.0.0.1/$OUR_PORT) 2>/dev/null && return 0
        sleep 0.05
      done
      return 1 ;;
    inspircd|ngircd)
      case $setup in
        onecore) PIN_CPUS=$SERVER_CPU "$PEERS" restart "$target" >/dev/null ;;
        *) PIN_CPUS="" "$PEERS" restart "$target" >/dev/null ;;
      esac
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
      fi
      if [ -n "$state_dir" ] && [ -z "${KEEP_RUN_DIR:-}" ]; then rm -rf "$state_dir"; fi
      state_dir="" ;;
    *) "$PEERS" stop "$target" >/dev/null ;;
  esac
  server_pid=""
}
trap 'for t in $targets; do stop_server "$t" 2>/dev/null || true; done; [ -n "${KEEP_RUN_DIR:-}" ] || rm -rf "$RUN_DIR"' EXIT

port_of() { case $1 in ours) echo $OUR_PORT ;; inspircd) echo 6667 ;; ngircd) echo 6668 ;; esac; }
dialect_of() { case $1 in ours) echo netcat ;; *) echo irc ;; esac; }

echo "series $series -> $OUT"
# Scenario by scenario, both set-ups next to each other, so that what is compared ran minutes apart.
for scenario in $scenarios; do
  for setup in $setups; do
    for target in $targets; do
      case $scenario in s6*|s5k19000) [ "$target" = ours ] || continue ;; esac
      for rep in $(seq 1 "$reps"); do
        start_server "$target" "$scenario" "$setup"
        echo "== $scenario $setup $target #$rep (load: $(cut -d' ' -f1-3 /proc/loadavg))"
        # shellcheck disable=SC2046
        $(pin_generator "$setup") java -jar "$BENCH_JAR" --dialect "$(dialect_of "$target")" \
          --port "$(port_of "$target")" $(scenario_args "$scenario") --inflight-joins "$(inflight_of "$target")" \
          --server-pid "$server_pid" --label "$scenario/$target/$rep" --series "$series" --setup "$setup" \
          --json-out "$OUT" \
          | grep -E '^(setup_s|sent_per_s|deliveries_per_s|latency_p99_ms|lost|duplicated|out_of_order|errors|disconnects|server_cpu_pct|server_cpu_us_per_delivery|generator_cpu_pct|generator_cpu_us_per_delivery|rss_per_connection_bytes|heap_per_connection_bytes|problem_count) ' \
          | tr -s ' ' | paste -sd' ' || true
        stop_server "$target"
      done
    done
  done
done
echo "summary: java -cp $BENCH_JAR org.netcatchat.bench.summary.Summary --series '$series' $OUT"
