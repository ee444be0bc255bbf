#!/usr/bin/env bash
# Issue 9, the K=10,000 idle scenario to three runs in both set-ups (the series had one, with one core each):
# ours as shipped (the JVM's default heap) and InspIRCd, interleaved. ngIRCd needs 12+ minutes to register
# 10,000 joins into one channel and is left out, as in issue 5's series.
set -u
cd "$(dirname "$0")/../.."
. scripts/jdk.sh
OUT=docs/perf/results-issue9.jsonl
RS="chat-bench/run-scenarios.sh -w 4"
echo "start $(date -u +%T)"
for setups in "onecore shared" "onecore shared" "shared"; do
  SERVER_JAR=/tmp/srv-final.jar $RS -s s5k10000 -t ours -r 1 -c "$setups" -o $OUT -l head-default-heap
  $RS -s s5k10000 -t inspircd -r 1 -c "$setups" -o $OUT -l head
done
echo "done $(date -u +%T)"
