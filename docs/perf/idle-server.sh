# Sourced by the issue-21 footprint scripts (heap-per-idle-connection.sh, rss-per-idle-connection.sh,
# idle-cpu-after-storm.sh): what they share. Not run on its own.
HERE=$(cd "$(dirname "$0")" && pwd)
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin
ulimit -n "$(ulimit -Hn)"

# start_idle_server JAR K [SERVER OPTIONS...]: a fresh server in a new directory (its history there, the
# working directory from now on), every throttle off, room for K connections, JVM options from $JAVA_OPTS; its
# port is below the ephemeral range (32768-60999), so no client socket of another run can hold it. Sets DIR,
# PORT, PID (and a trap that stops it and deletes DIR); returns once it listens.
start_idle_server() {
  local jar=$1 k=$2; shift 2
  PORT=$((20000 + RANDOM % 12000)); DIR=$(mktemp -d)
  cd "$DIR"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options, split on purpose
  "$J/java" --enable-preview -XX:+ExitOnOutOfMemoryError ${JAVA_OPTS:-} -jar "$jar" "$PORT" --metrics-port 0 \
    --max-connections $((k + 100)) --max-connections-per-ip 0 --connection-rate 0 --name-rate 0 --rate-limit 0 \
    "$@" >server.log 2>&1 &
  PID=$!
  trap 'kill $PID 2>/dev/null; rm -rf "$DIR"' EXIT
  for _ in $(seq 100); do grep -q 'listening' server.log 2>/dev/null && break; sleep 0.1; done
}

# join_idle_clients K: K idle clients join and read everything (idle-clients.py), in the background; returns once
# they have, with the number the server counts online in $members. Sets CLIENTS (their PID).
join_idle_clients() {
  mkfifo joined
  python3 "$HERE/idle-clients.py" "$PORT" "$1" joined &
  CLIENTS=$!
  read -r members <joined
}
