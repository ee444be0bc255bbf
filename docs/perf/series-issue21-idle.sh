#!/usr/bin/env bash
# Issue 21's idle-footprint A/B of JVM options: the same jar (SERVER_JAR, copied first), S5 at K=1,000 in both
# set-ups, the variants interleaved round by round (their order reversed every other round), each client set held
# idle 10 s so that the settled RSS (read at the end of that time, before the bench's own GC) shows what a JVM
# gives back after the join storm. Lines go to OUT (docs/perf/results-issue21-idle.jsonl).
#   A  as shipped (bin/chat-server's options: none that size the heap)
#   B  + -XX:+UseCompactObjectHeaders (8-byte object headers; a product flag in JDK 25)
#   C  B + -XX:MinHeapSize=16m -XX:G1PeriodicGCInterval=1000 (the initial heap stays the default, so the storm
#      has room; once idle, G1 collects within a second and may give the heap back down to 16 MB)
set -u
cd "$(dirname "$0")/../.."
SERVER_JAR=${SERVER_JAR:-/tmp/idle-server.jar}
OUT=${OUT:-docs/perf/results-issue21-idle.jsonl}
ROUNDS=${ROUNDS:-3}
SCENARIO=${SCENARIO:-s5k1000}
SETUPS=${SETUPS:-shared onecore}
opts_of() {
  case $1 in
    A) echo "" ;;
    B) echo "-XX:+UseCompactObjectHeaders" ;;
    C) echo "-XX:+UseCompactObjectHeaders -XX:MinHeapSize=16m -XX:G1PeriodicGCInterval=1000" ;;
  esac
}
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order="A B C"; else order="C B A"; fi
  for setup in $SETUPS; do
    for v in $order; do
      SERVER_JAR=$SERVER_JAR SERVER_JAVA_OPTS="$(opts_of $v)" IDLE_SECONDS=10 OUT=$OUT \
        chat-bench/run-scenarios.sh -s "$SCENARIO" -t ours -r 1 -c "$setup" -l "idle21-$v"
    done
  done
done
