#!/usr/bin/env bash
# Issue 21's A/B of the group commit (docs/PERFORMANCE.md, "Where the group commit's time goes"): S1 in both
# set-ups, the variants interleaved round by round, one run each per round. Lines go to OUT
# (docs/perf/results-issue21-commit.jsonl), one series name per variant.
#   base        BASE_JAR (main), --fsync batch
#   new         NEW_JAR: main + docs/perf/issue21-group-commit-thread.patch (the fsync on a "history-sync"
#               platform thread, started on demand; waiters wait for a round that began after they asked)
#   new-virtual the same jar with -Dnetcat.groupCommit=virtual (the same thread, virtual)
#   new-flush   the same jar with -Dnetcat.flushBeforeSync=true (a sender writes the lines it gathered before it
#               waits for the fsync, so deliveries do not wait for it)
#   base-never  BASE_JAR, --fsync never (s6never): the reference without durability
#   overlap     OVERLAP_JAR: main + docs/perf/issue21-overlapping-fsyncs.patch (writers wait on a Condition, the fsync
#               outside syncLock, up to two fsyncs at once)
#   overlap1    the same jar with -Dnetcat.overlappingFsyncs=1 (one at a time)
#   cond        COND_JAR: the commit that shipped overlap1's logic (HistoryFile.syncTo with syncEnded)
# Build NEW_JAR: git apply docs/perf/issue21-group-commit-thread.patch, mvn -B -q -DskipTests -pl chat-server -am
# package, copy the jar, git apply -R the patch. The series of 2026-12-07 ran these three in a row: ROUNDS=4
# VARIANTS="base new new-virtual base-never", then ROUNDS=4 VARIANTS="base new new-flush base-never", then ROUNDS=4
# VARIANTS="base new-virtual new", on a machine another engineer's test suite was loading (load 3-7). Then, into
# OUT=docs/perf/results-issue21-overlap.jsonl, ROUNDS=6 VARIANTS="base overlap overlap1", and into
# OUT=docs/perf/results-issue21-cond.jsonl, ROUNDS=6 VARIANTS="base cond".
set -u
cd "$(dirname "$0")/../.."
BASE_JAR=${BASE_JAR:-/tmp/perf-base.jar}
NEW_JAR=${NEW_JAR:-/tmp/perf-new.jar}
OVERLAP_JAR=${OVERLAP_JAR:-/tmp/perf-overlap.jar}
COND_JAR=${COND_JAR:-/tmp/perf-cond.jar}
OUT=${OUT:-docs/perf/results-issue21-commit.jsonl}
ROUNDS=${ROUNDS:-4}
VARIANTS=${VARIANTS:-base new new-virtual new-flush base-never}
run() { # variant jar scenario [JVM options]
  SERVER_JAR=$2 SERVER_JAVA_OPTS=${4:-} chat-bench/run-scenarios.sh -s "$3" -t ours -r 1 -l "issue21-commit-$1" -o "$OUT"
}
for round in $(seq 1 "$ROUNDS"); do
  for variant in $VARIANTS; do
    case $variant in
      base) run base "$BASE_JAR" s1 ;;
      new) run new "$NEW_JAR" s1 ;;
      new-virtual) run new-virtual "$NEW_JAR" s1 -Dnetcat.groupCommit=virtual ;;
      new-flush) run new-flush "$NEW_JAR" s1 -Dnetcat.flushBeforeSync=true ;;
      base-never) run base-never "$BASE_JAR" s6never ;;
      overlap) run overlap "$OVERLAP_JAR" s1 ;;
      overlap1) run overlap1 "$OVERLAP_JAR" s1 -Dnetcat.overlappingFsyncs=1 ;;
      cond) run cond "$COND_JAR" s1 ;;
    esac
  done
done
