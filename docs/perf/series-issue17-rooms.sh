#!/usr/bin/env bash
# Issue 17's rooms series, as it ran on bench-rooms after merging server-rooms (c999fda). Jars copied first:
#   ROOMS_JAR: chat-server.jar built from c999fda (server-rooms' 9882b4f merged; its server code is 9882b4f's)
#   BASE_JAR:  chat-server.jar built from ce3779d (main before the server served rooms), in a temporary worktree
# (A) the rooms scenario, ours against InspIRCd and ngIRCd, both set-ups, three rounds of one run each, the
#     order of the targets changed every round; (B) the A/B of the single-room path, S1-S5 K=1,000: per
#     scenario and set-up the two jars back to back, their order swapped in round 2 (three rounds); (C) the rooms scenario
#     against ours with --fsync batch and --fsync never (rooms-fsync-diag.sh beside this file).
# The series ran with ROOMS_OUT=/work/runs/bench-rooms-results.jsonl AB_OUT=/work/runs/bench-rooms-ab.jsonl;
# their lines are copied into docs/perf/results-rooms.jsonl and docs/perf/issue17-rooms-ab.jsonl.
set -u
cd "$(dirname "$0")/../.."
ROOMS_JAR=${ROOMS_JAR:-/tmp/ab-jars/cs-rooms.jar}
BASE_JAR=${BASE_JAR:-/tmp/ab-jars/cs-base.jar}
ROOMS_OUT=${ROOMS_OUT:-docs/perf/results-rooms.jsonl}
AB_OUT=${AB_OUT:-docs/perf/issue17-rooms-ab.jsonl}
rooms_round() {
  SERVER_JAR=$ROOMS_JAR OUT=$ROOMS_OUT chat-bench/run-scenarios.sh -s rooms -t "$1" -r 1 -c "shared onecore" -w 4 -l rooms-2
}
echo "A start $(date -u +%T)"
rooms_round "ours inspircd ngircd"
rooms_round "ngircd inspircd ours"
echo "B start $(date -u +%T)"
for round in 1 2; do
  for sc in s1 s2 s3w8 s3w64 s4 s5k1000; do
    for setup in shared onecore; do
      if [ $round = 1 ]; then jars="$ROOMS_JAR $BASE_JAR"; else jars="$BASE_JAR $ROOMS_JAR"; fi
      for jar in $jars; do
        if [ "$jar" = "$ROOMS_JAR" ]; then series=ab17-rooms; else series=ab17-base; fi
        SERVER_JAR=$jar OUT=$AB_OUT chat-bench/run-scenarios.sh -s $sc -t ours -r 1 -c $setup -w 4 -l $series
      done
    done
  done
done
echo "A, round 3 $(date -u +%T)"
rooms_round "inspircd ours ngircd"
echo "C start $(date -u +%T)"
ROOMS_JAR=$ROOMS_JAR docs/perf/rooms-fsync-diag.sh
echo "B, round 3 $(date -u +%T)"
for sc in s1 s2 s3w8 s3w64 s4 s5k1000; do
  for setup in shared onecore; do
    SERVER_JAR=$ROOMS_JAR OUT=$AB_OUT chat-bench/run-scenarios.sh -s $sc -t ours -r 1 -c $setup -w 4 -l ab17-rooms
    SERVER_JAR=$BASE_JAR OUT=$AB_OUT chat-bench/run-scenarios.sh -s $sc -t ours -r 1 -c $setup -w 4 -l ab17-base
  done
done
echo "done $(date -u +%T)"
