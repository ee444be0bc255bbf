#!/usr/bin/env bash
# JMH microbenchmarks of the server's hot path (RoomBroadcastBenchmark). Not part of the tests.
# Usage: chat-server/run-jmh.sh [JMH options, e.g. -p members=100 -f 1]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
mvn -B -q -pl chat-server -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cd chat-server
exec java --enable-preview -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    org.openjdk.jmh.Main RoomBroadcastBenchmark "$@"
