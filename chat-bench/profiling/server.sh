# Sourced by the profiling scripts: what they share. Not run on its own.
cd "$(dirname "$0")/../.."; . scripts/jdk.sh

# start_server "JVM OPTIONS" [SERVER OPTIONS...]: our server on CPU 1, port 28990, a fresh history in $d, the
# bench's no-throttle options, then the given ones; output in $d/server.log. Sets d and pid; returns once the
# port accepts (or after 10 s).
start_server() {
  local jvm=$1; shift
  d=$(mktemp -d)
  taskset -c 1 java $jvm --enable-preview -jar ${JAR:-chat-server/target/chat-server.jar} 28990 --bind 127.0.0.1 --metrics-port 0 \
    --history-file $d/history.txt --rate-limit 0 --max-connections 20000 --max-connections-per-ip 0 --connection-rate 0 --name-rate 0 \
    --max-queue-bytes 67108864 --login-timeout 0 "$@" > $d/server.log 2>&1 &
  pid=$!
  for i in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/28990) 2>/dev/null && break; sleep 0.05; done
}

# start_load LABEL GENERATOR ARGS...: chat-bench on CPU 0 against it, in the background, output in $d/gen.out. Sets gpid.
start_load() {
  local label=$1; shift
  taskset -c 0 java -jar chat-bench/target/chat-bench.jar --dialect netcat --port 28990 "$@" --server-pid $pid --label $label \
    --json-out /tmp/$label.jsonl > $d/gen.out &
  gpid=$!
}
