#!/usr/bin/env bash
# The cluster scenario of issue 11: 1,000 clients, 10 senders, 1,000 messages/s in all (S4's load), against
#   one-plain      one node without --cluster (the embedded default: history.txt, in-process fan-out): the reference
#   one-redis      one node with --cluster to the Redis
#   three-redis    three nodes with --cluster, the clients spread over their three ports (client i to node i mod 3)
#   three-haproxy  the same three nodes behind HAProxy in round-robin: the generator knows one port
# Starts one redis-server for the whole series (its own temporary directory, --save "" --appendonly yes
# --appendfsync everysec), then for each repetition and set-up fresh nodes (a fresh --cluster-key, so a fresh
# stream and fresh names; one-plain a fresh history file), runs the generator, stops the nodes by PID, and appends
# one JSON line per run to $OUT. Measured: the nodes' and Redis's (and HAProxy's) CPU, each one's share too
# (server_cpu_pct_each), and each node's netcat_cluster_lag_entries scraped once a second (cluster_lag). Loopback only;
# every process this script starts is stopped by PID when its run (or the script) ends.
#
#   chat-bench/run-cluster.sh                                   # every set-up, 3 repetitions (about 8 minutes)
#   chat-bench/run-cluster.sh -c "one-plain three-redis" -r 1
#   BENCH_ARGS="-d 4 --warmup 1" chat-bench/run-cluster.sh -r 1 -o /tmp/smoke.jsonl     # a smoke run
#
# Set-ups (-c): one-plain one-redis three-redis three-haproxy.   Repetitions (-r): 3, set-ups interleaved.
# Output (-o): docs/perf/results-cluster.jsonl.   Series (-l): a name in every JSON line (default: commit@time).
# Environment: SERVER_JAR (default chat-server/target/chat-server.jar; a copy nobody rebuilds mid-series),
#   SERVER_JAVA_OPTS, BENCH_ARGS (more generator options, after the scenario's: a later option wins),
#   REDIS_PORT (28990), NODE_PORTS ("28991 28992 28993"), HAPROXY_PORT (28994), METRICS_PORTS
#   ("29001 29002 29003"), KEEP_RUN_DIR=1 (keep logs and data in /tmp/chat-bench-cluster.*).
# Needs: the jars (mvn -B -DskipTests package), apt-get install -y redis-server haproxy.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh

setups="one-plain one-redis three-redis three-haproxy"
reps=3
OUT=${OUT:-docs/perf/results-cluster.jsonl}
series="cluster-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)@$(date -u +%Y%m%dT%H%M%SZ)"
while getopts "c:r:o:l:" opt; do
  case $opt in
    c) setups=$OPTARG ;; r) reps=$OPTARG ;; o) OUT=$OPTARG ;; l) series=$OPTARG ;;
    *) sed -n '2,25p' "$0"; exit 2 ;;
  esac
done
for setup in $setups; do
  case $setup in
    one-plain|one-redis|three-redis|three-haproxy) ;;
    *) echo "unknown set-up $setup (one-plain one-redis three-redis three-haproxy)" >&2; exit 2 ;;
  esac
done
mkdir -p "$(dirname "$OUT")"
ulimit -n "$(ulimit -Hn)"

SERVER_JAR=${SERVER_JAR:-chat-server/target/chat-server.jar}
BENCH_JAR=chat-bench/target/chat-bench.jar
REDIS_PORT=${REDIS_PORT:-28990}
read -r -a NODE_PORTS <<<"${NODE_PORTS:-28991 28992 28993}"
read -r -a METRICS_PORTS <<<"${METRICS_PORTS:-29001 29002 29003}"
HAPROXY_PORT=${HAPROXY_PORT:-28994}
SCENARIO="-n 1000 -s 10 -r 1000"   # S4: 1,000 clients, 10 senders, 1,000 messages/s in all
RUN_DIR=$(mktemp -d /tmp/chat-bench-cluster.XXXXXX)
redis_pid=""
haproxy_pid=""
node_pids=()

taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits until something listens on port $2, as long as PID $1 lives (10 s at most).
await_port() {
  local pid=$1 port=$2 log=$3
  for _ in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || { echo "process $pid exited; its log:" >&2; tail -20 "$log" >&2; return 1; }
    taken "$port" && return 0
    sleep 0.05
  done
  echo "nothing listens on $port after 10 s; log:" >&2; tail -20 "$log" >&2; return 1
}

stop_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

start_redis() {
  taken "$REDIS_PORT" && { echo "port $REDIS_PORT is already taken; set REDIS_PORT" >&2; return 1; }
  mkdir -p "$RUN_DIR/redis"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$RUN_DIR/redis" --save "" \
    --appendonly yes --appendfsync everysec --daemonize no >"$RUN_DIR/redis/redis.log" 2>&1 &
  redis_pid=$!
  await_port "$redis_pid" "$REDIS_PORT" "$RUN_DIR/redis/redis.log"
}

# Node $1 (0-based) of run directory $2, with the extra options after it (--cluster ... or --history-file ...).
start_node() {
  local i=$1 dir=$2; shift 2
  local port=${NODE_PORTS[$i]} metrics=${METRICS_PORTS[$i]}
  for p in "$port" "$metrics"; do
    taken "$p" && { echo "port $p is already taken; set NODE_PORTS / METRICS_PORTS" >&2; return 1; }
  done
  # shellcheck disable=SC2086
  java ${SERVER_JAVA_OPTS:-} --enable-preview -jar "$SERVER_JAR" "$port" --bind 127.0.0.1 \
    --metrics-port "$metrics" --metrics-bind 127.0.0.1 --rate-limit 0 --max-connections 20000 \
    --max-connections-per-ip 0 --connection-rate 0 --name-rate 0 --max-queue-bytes 67108864 \
    --login-timeout 0 "$@" >"$dir/node$((i + 1)).log" 2>&1 &
  node_pids+=($!)
  await_port "$!" "$port" "$dir/node$((i + 1)).log"
}

start_haproxy() {
  local dir=$1
  taken "$HAPROXY_PORT" && { echo "port $HAPROXY_PORT is already taken; set HAPROXY_PORT" >&2; return 1; }
  {
    printf 'global\n    maxconn 5000\ndefaults\n    mode tcp\n    timeout connect 5s\n'
    printf '    timeout client 1h\n    timeout server 1h\nfrontend chat\n    bind 127.0.0.1:%s\n' "$HAPROXY_PORT"
    printf '    maxconn 5000\n    default_backend nodes\nbackend nodes\n    balance roundrobin\n'
    for i in 0 1 2; do printf '    server node%d 127.0.0.1:%s\n' $((i + 1)) "${NODE_PORTS[$i]}"; done
  } >"$dir/haproxy.cfg"
  haproxy -f "$dir/haproxy.cfg" -db >"$dir/haproxy.log" 2>&1 &
  haproxy_pid=$!
  await_port "$haproxy_pid" "$HAPROXY_PORT" "$dir/haproxy.log"
}

stop_run() {
  stop_pid "$haproxy_pid"; haproxy_pid=""
  for pid in "${node_pids[@]}"; do stop_pid "$pid"; done
  node_pids=()
}
trap 'stop_run; stop_pid "$redis_pid"; [ -n "${KEEP_RUN_DIR:-}" ] || rm -rf "$RUN_DIR"' EXIT

start_redis
echo "series $series -> $OUT (redis $(redis-server --version | grep -o 'v=[^ ]*') on $REDIS_PORT, pid $redis_pid)"
for rep in $(seq 1 "$reps"); do
  for setup in $setups; do
    dir=$(mktemp -d "$RUN_DIR/$setup.XXXXXX")
    key="clbench-$setup-$rep-$(date +%s%N)"   # a fresh stream and fresh name leases for every run
    pids=() urls=()
    case $setup in
      one-plain)
        start_node 0 "$dir" --history-file "$dir/history.txt"   # the default --fsync batch, as S1-S5 since issue 9
        port=${NODE_PORTS[0]} ;;
      one-redis)
        start_node 0 "$dir" --cluster "redis://127.0.0.1:$REDIS_PORT" --cluster-key "$key"
        port=${NODE_PORTS[0]} ;;
      three-redis|three-haproxy)
        for i in 0 1 2; do start_node "$i" "$dir" --cluster "redis://127.0.0.1:$REDIS_PORT" --cluster-key "$key"; done
        port=$(IFS=,; echo "${NODE_PORTS[*]}") ;;
    esac
    for i in "${!node_pids[@]}"; do
      pids+=(--server-pid "node$((i + 1))=${node_pids[$i]}")
      [ "$setup" = one-plain ] || urls+=(--metrics-url "http://127.0.0.1:${METRICS_PORTS[$i]}/metrics")
    done
    [ "$setup" = one-plain ] || pids+=(--server-pid "redis=$redis_pid")
    if [ "$setup" = three-haproxy ]; then
      start_haproxy "$dir"
      pids+=(--server-pid "haproxy=$haproxy_pid")
      port=$HAPROXY_PORT
    fi
    echo "== cluster $setup #$rep (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    # shellcheck disable=SC2086
    java -jar "$BENCH_JAR" --dialect netcat --port "$port" $SCENARIO ${BENCH_ARGS:-} "${pids[@]}" "${urls[@]}" \
      --label "cluster/$setup/$rep" --series "$series" --setup shared --json-out "$OUT" \
      | grep -E '^(setup_s|sent_per_s|deliveries_per_s|latency_p99_ms|lost|duplicated|out_of_order|errors|disconnects|server_cpu_pct|server_cpu_pct_each|server_cpu_us_per_delivery|generator_cpu_pct|cluster_lag_max_entries|problem_count) ' \
      | tr -s ' ' | paste -sd' ' || true
    stop_run
    [ -n "${KEEP_RUN_DIR:-}" ] || rm -rf "$dir"
  done
done
echo "done: $(grep -c . "$OUT") lines in $OUT"
