#!/usr/bin/env bash
# A/B of the cluster's text ACK, an experiment not kept: "old" = 69ee3f9 (the reader queues the ACK after
# XADD returned; it may overtake the echo; what ships), "new" = c86af89 (the sender's node's follower queues
# it right after the echo, and the reader waits for that before it reads the next command); a first run had
# "new" = 288c6ce (the same without the wait: replies out of command order). One node on Redis (run-cluster.sh's one-redis), 3 repetitions interleaved, each with
#   S4's load (1,000 clients, 10 senders, 1,000 messages/s: not paced by ACKs) and
#   S1's load (10 clients, all sending, window 8: paced by ACKs, where a later ACK would show).
# Needs the two jars in /tmp/srv-old.jar and /tmp/srv-new.jar (mvn -B -DskipTests package of each commit).
# Results: docs/perf/results-cluster-ack.jsonl, series renamed after the run to s4-69ee3f9, s4-c86af89,
# s1-69ee3f9, s1-c86af89 (and *-first for the 288c6ce run). OUT= to write elsewhere.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-docs/perf/results-cluster-ack.jsonl}
# series LABEL "GENERATOR OPTIONS": 3 repetitions, old and new interleaved; the options change run-cluster.sh's
# S4 scenario (none for S4 itself).
series() {
  for rep in 1 2 3; do
    for v in old new; do
      SERVER_JAR=/tmp/srv-$v.jar BENCH_ARGS="$2 -d 13 --warmup 4 --drain-timeout 30" \
        chat-bench/run-cluster.sh -c one-redis -r 1 -o "$out" -l "$1-$v"
    done
  done
}
series s4 ""
series s1 "-n 10 -s 10 -r 0 -w 8"
