#!/usr/bin/env bash
# JMH benchmarks of the server's hot path. Not part of the tests.
#   DeliveryBenchmark        the real path: a text frame into a real server's socket, out of every member's
#   ChatBroadcastBenchmark   the chat alone, in memory: history append and the offers, drained by the caller
#   PasswordHashBenchmark    one Argon2id password check at the default cost and the tests' (not run by default)
# Usage: chat-server/run-jmh.sh [BENCHMARK_REGEX] [JMH options, e.g. -p members=100 -f 1]  (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
mvn -B -q -pl chat-server -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cd chat-server
ulimit -n "$(ulimit -Hn)"   # DeliveryBenchmark with 1,000 members holds 2,000 sockets
benchmarks='DeliveryBenchmark|ChatBroadcastBenchmark'
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then benchmarks=$1; shift; fi
exec java --enable-preview -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    org.openjdk.jmh.Main "$benchmarks" "$@"
