#!/usr/bin/env bash
# Quick start, step 1: build everything and start the server. Arguments go to the server: ./run-server.sh 8989 --help
set -euo pipefail
cd "$(dirname "$0")"
. scripts/jdk.sh
mvn -B -q -DskipTests package
exec java --enable-preview -jar chat-server/target/chat-server.jar "$@"
