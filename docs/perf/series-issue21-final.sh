#!/usr/bin/env bash
# Issue 21's closing series: HEAD as shipped (default durability, no JVM options) against InspIRCd and ngIRCd,
# one core each and shared, three rounds, each round in another order. Interleaved with it, the JVM option
# under trial: the same jar with compact object headers (series "coh"). Then the idle runs at K=10,000 and
# K=19,000, and the JMH benchmarks of the real path.
#   SERVER_JAR=/tmp/copy.jar docs/perf/series-issue21-final.sh        (about an hour; nothing else should run)
set -u
cd "$(dirname "$0")/../.."
. scripts/jdk.sh
OUT=${OUT:-docs/perf/results-issue21-final.jsonl}
JAR=${SERVER_JAR:?set SERVER_JAR to a copy of the server jar that nobody rebuilds during the series}
export IDLE_SECONDS=10   # S5: the RSS is read again after 10 s idle ("settled")
RS="chat-bench/run-scenarios.sh -w 4"
both="onecore shared"
ours() { SERVER_JAR=$JAR $RS -s "$1" -t ours -r 1 -c "${2:-$both}" -o "$OUT" -l head; }
coh() {
  case $1 in s1|s3w64|s4|s5k*|rooms) ;; *) return 0 ;; esac
  SERVER_JAR=$JAR SERVER_JAVA_OPTS=-XX:+UseCompactObjectHeaders $RS -s "$1" -t ours -r 1 -c "${2:-$both}" -o "$OUT" -l coh
}
peers() { $RS -s "$1" -t "$2" -r 1 -c "${3:-$both}" -o "$OUT" -l head; }
echo "start $(date -u +%T)"
for scenario in ${SCENARIOS:-s1 s2 s3w8 s3w64 s4 s5k1000 rooms}; do
  for rep in 1 2 3; do
    case $rep in
      1) ours "$scenario"; coh "$scenario"; peers "$scenario" "inspircd ngircd" ;;
      2) peers "$scenario" "ngircd inspircd"; coh "$scenario"; ours "$scenario" ;;
      3) coh "$scenario"; peers "$scenario" "inspircd ngircd"; ours "$scenario" ;;
    esac
  done
  echo "done $scenario $(date -u +%T)"
done
if [ -z "${SKIP_BIG:-}" ]; then
  for rep in 1 2 3; do ours s5k10000; done
  coh s5k10000
  peers s5k10000 inspircd onecore
  echo "done s5k10000 $(date -u +%T)"
  ours s5k19000; coh s5k19000 onecore
  echo "done s5k19000 $(date -u +%T)"
fi
if [ -z "${SKIP_JMH:-}" ]; then
  chat-server/run-jmh.sh -f 1 -rf json -rff "$PWD/docs/perf/jmh-issue21.json" > docs/perf/jmh-issue21.txt 2>&1
  echo "done jmh $(date -u +%T)"
fi
