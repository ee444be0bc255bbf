#!/usr/bin/env bash
# The chaos soak of issue 8 against a freshly started server jar: 10 minutes by default. Prints a table and
# one JSON line (also appended to $OUT, default docs/perf/soak.jsonl); exits 0 only if no invariant was
# violated. The server it starts (on free loopback ports, in a new temporary directory that holds its
# history.txt and server.log) is stopped by the soak itself.
#
#   chat-bench/run-soak.sh                                   # 600 s, 6 chatters, 2 flooders, 1 saboteur per fault
#   chat-bench/run-soak.sh -d 60 -- --saboteurs 3            # options after -- go to the soak (--help lists them)
#   chat-bench/run-soak.sh -- --server-arg=--max-connections-per-ip --server-arg=500
#
# Needs the jars: mvn -B -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh

duration=600
OUT=${OUT:-docs/perf/soak.jsonl}
while getopts "d:o:" opt; do
  case $opt in
    d) duration=$OPTARG ;; o) OUT=$OPTARG ;;
    *) sed -n '2,11p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
mkdir -p "$(dirname "$OUT")"
ulimit -n "$(ulimit -Hn)"   # thousands of short connections on both sides of loopback

SERVER_JAR=${SERVER_JAR:-chat-server/target/chat-server.jar}
BENCH_JAR=chat-bench/target/chat-bench.jar
for jar in "$SERVER_JAR" "$BENCH_JAR"; do
  [ -f "$jar" ] || { echo "missing $jar: mvn -B -DskipTests package" >&2; exit 1; }
done
RUN_DIR=$(mktemp -d /tmp/chat-soak-run.XXXXXX)
echo "soak: ${duration} s; server files in $RUN_DIR" >&2
exec java -cp "$BENCH_JAR" org.netcatchat.bench.soak.SoakMain --server-jar "$SERVER_JAR" --dir "$RUN_DIR" \
  --duration "$duration" --json-out "$OUT" "$@"
