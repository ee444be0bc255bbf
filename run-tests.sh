#!/usr/bin/env bash
# Quick start, step 2: the whole test suite — unit tests, loopback integration tests, the real jars as processes.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/jdk.sh
exec mvn -B verify "$@"
