#!/usr/bin/env bash
# Issue 9's quiet series: HEAD (as bin/chat-server starts it: -Xms32m) against InspIRCd and ngIRCd in both
# set-ups, median of 3, with two A/Bs interleaved: head-default-heap = HEAD without -Xms32m; base = ca9878e's
# server (before the outbox shrink and the cluster seam). Then the cluster scenario and the JMH benchmarks.
set -u
cd "$(dirname "$0")/../.."
. scripts/jdk.sh
OUT=docs/perf/results-issue9.jsonl
HEAD_JAR=/tmp/srv-final.jar
BASE_JAR=/tmp/srv-head.jar
RS="chat-bench/run-scenarios.sh -w 4"
both="onecore shared"
echo "start $(date -u +%T)"
for scenario in s1 s2 s3w8 s3w64 s4 s5k1000; do
  for rep in 1 2 3; do
    SERVER_JAR=$HEAD_JAR SERVER_JAVA_OPTS=-Xms32m $RS -s $scenario -t ours -r 1 -c "$both" -o $OUT -l head
    case $scenario in s1|s4|s5k1000) SERVER_JAR=$HEAD_JAR $RS -s $scenario -t ours -r 1 -c "$both" -o $OUT -l head-default-heap ;; esac
    case $scenario in s1|s3w8|s5k1000) SERVER_JAR=$BASE_JAR $RS -s $scenario -t ours -r 1 -c "$both" -o $OUT -l base ;; esac
    $RS -s $scenario -t "inspircd ngircd" -r 1 -c "$both" -o $OUT -l head
  done
  echo "done $scenario $(date -u +%T)"
done
SERVER_JAR=$HEAD_JAR SERVER_JAVA_OPTS=-Xms32m $RS -s "s6never s6always" -t ours -r 3 -c onecore -o $OUT -l head
echo "done s6 $(date -u +%T)"
SERVER_JAR=$HEAD_JAR SERVER_JAVA_OPTS=-Xms32m $RS -s s5k10000 -t ours -r 1 -c onecore -o $OUT -l head
$RS -s s5k10000 -t inspircd -r 1 -c onecore -o $OUT -l head
SERVER_JAR=$HEAD_JAR $RS -s s5k10000 -t ours -r 1 -c onecore -o $OUT -l head-default-heap
SERVER_JAR=$BASE_JAR $RS -s s5k10000 -t ours -r 1 -c onecore -o $OUT -l base
echo "done s5k10000 $(date -u +%T)"
SERVER_JAR=$HEAD_JAR SERVER_JAVA_OPTS=-Xms32m BENCH_ARGS="-d 13 --warmup 4 --drain-timeout 30" chat-bench/run-cluster.sh -r 3 -o docs/perf/results-cluster.jsonl -l cluster-head
echo "done cluster $(date -u +%T)"
chat-server/run-jmh.sh -f 1 -rf json -rff "$PWD/docs/perf/jmh-issue9.json" > docs/perf/jmh-issue9.txt 2>&1
echo "done jmh $(date -u +%T)"
