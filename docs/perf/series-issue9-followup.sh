#!/usr/bin/env bash
# Follow-up of the issue 9 series: S4 with one core each, -Xms32m against the JVM's default heap, 3 more runs
# each, interleaved; then HEAD with the default heap in the scenarios the first series ran only with -Xms32m.
set -u
cd "$(dirname "$0")/../.."
. scripts/jdk.sh
OUT=docs/perf/results-issue9.jsonl
HEAD_JAR=/tmp/srv-final.jar
RS="chat-bench/run-scenarios.sh -w 4"
echo "start $(date -u +%T)"
for rep in 1 2 3; do
  SERVER_JAR=$HEAD_JAR SERVER_JAVA_OPTS=-Xms32m $RS -s s4 -t ours -r 1 -c onecore -o $OUT -l head-s4-recheck
  SERVER_JAR=$HEAD_JAR $RS -s s4 -t ours -r 1 -c onecore -o $OUT -l head-default-heap-s4-recheck
done
echo "done s4 recheck $(date -u +%T)"
for scenario in s2 s3w8 s3w64; do
  for rep in 1 2 3; do
    SERVER_JAR=$HEAD_JAR $RS -s $scenario -t ours -r 1 -c "onecore shared" -o $OUT -l head-default-heap
  done
done
echo "done default heap $(date -u +%T)"
SERVER_JAR=$HEAD_JAR SERVER_JAVA_OPTS="-Xms32m -Xlog:gc:file=/tmp/gc-s4-xms32.log" $RS -s s4 -t ours -r 1 -c onecore -o /tmp/gc-runs.jsonl -l gc-xms32
SERVER_JAR=$HEAD_JAR SERVER_JAVA_OPTS="-Xlog:gc:file=/tmp/gc-s4-default.log" $RS -s s4 -t ours -r 1 -c onecore -o /tmp/gc-runs.jsonl -l gc-default
echo "done gc $(date -u +%T)"
PRE=10 JAR=/tmp/srv-final.jar chat-bench/profiling/perf.sh batch s2final -n 100 -s 10 -r 2000 -d 20 > /tmp/perf-s2final.out 2>&1
PRE=10 JAR=/tmp/srv-final.jar chat-bench/profiling/perf.sh batch s1final -n 10 -s 10 -w 8 -d 20 > /tmp/perf-s1final.out 2>&1
echo "done perf $(date -u +%T)"
