#!/usr/bin/env bash
# Starts, stops or checks the IRC daemons chat-bench compares against, with the configs beside this script.
#
#   chat-bench/peers/start-peers.sh start [inspircd|ngircd|all]   # background; PIDs in $RUN_DIR/*.pid
#   chat-bench/peers/start-peers.sh stop  [inspircd|ngircd|all]
#   chat-bench/peers/start-peers.sh status
#   chat-bench/peers/start-peers.sh pid inspircd                  # prints the PID (for --server-pid)
#   PIN_CPUS=1 chat-bench/peers/start-peers.sh restart ngircd       # started under taskset -c 1 (one core)
#
# InspIRCd listens on 127.0.0.1:6667, ngIRCd on 127.0.0.1:6668. Install once: apt-get install -y inspircd ngircd
# (the Debian packages' own services are not used). Only processes this script started (by the PIDs it
# recorded) are ever stopped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
RUN_DIR=/tmp/chat-bench-peers   # the configs name this directory for their pid and log files
mkdir -p "$RUN_DIR"
chmod 0777 "$RUN_DIR"          # ngIRCd drops to the irc user and writes its pid file here

# 10,000 clients need 10,000 descriptors: take the hard limit.
ulimit -n "$(ulimit -Hn)"

# PIN_CPUS: a CPU list for taskset (e.g. 1); empty or unset = every CPU. taskset execs the daemon, so the
# recorded PID is the daemon's, and its threads inherit the affinity.
pin=()
if [ -n "${PIN_CPUS:-}" ]; then
  command -v taskset >/dev/null || { echo "PIN_CPUS needs taskset (util-linux)" >&2; exit 1; }
  pin=(taskset -c "$PIN_CPUS")
fi

port_of() { case "$1" in inspircd) echo 6667 ;; ngircd) echo 6668 ;; esac; }

pid_of() {
  local f="$RUN_DIR/$1.launched.pid"
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
}

wait_for_port() {
  local port=$1 i
  for i in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

start_one() {
  local name=$1 pid
  if pid=$(pid_of "$name"); then echo "$name already running (pid $pid)"; return 0; fi
  command -v "$name" >/dev/null || { echo "$name is not installed: apt-get install -y inspircd ngircd" >&2; return 1; }
  case "$name" in
    inspircd) nohup "${pin[@]}" inspircd --config="$here/inspircd.conf" --nofork --runasroot >"$RUN_DIR/inspircd.out" 2>&1 & ;;
    ngircd)   nohup "${pin[@]}" ngircd --nodaemon --config "$here/ngircd.conf" >"$RUN_DIR/ngircd.out" 2>&1 & ;;
  esac
  echo $! >"$RUN_DIR/$name.launched.pid"
  if wait_for_port "$(port_of "$name")"; then
    echo "$name started (pid $(cat "$RUN_DIR/$name.launched.pid"), 127.0.0.1:$(port_of "$name")${PIN_CPUS:+, CPU $PIN_CPUS})"
  else
    echo "$name did not open port $(port_of "$name"); see $RUN_DIR/$name.out" >&2
    tail -5 "$RUN_DIR/$name.out" >&2 || true
    return 1
  fi
}

stop_one() {
  local name=$1 pid i
  if ! pid=$(pid_of "$name"); then rm -f "$RUN_DIR/$name.launched.pid"; return 0; fi
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$RUN_DIR/$name.launched.pid"
  echo "$name stopped (pid $pid)"
}

action=${1:-status}
target=${2:-all}
names=(inspircd ngircd)
[ "$target" = all ] || names=("$target")
case "$action" in
  start) for n in "${names[@]}"; do start_one "$n"; done ;;
  stop) for n in "${names[@]}"; do stop_one "$n"; done ;;
  restart) for n in "${names[@]}"; do stop_one "$n"; start_one "$n"; done ;;
  pid) pid_of "${names[0]}" ;;
  status) for n in "${names[@]}"; do
            if pid=$(pid_of "$n"); then echo "$n running (pid $pid)"; else echo "$n stopped"; fi
          done ;;
  *) echo "usage: $0 start|stop|restart|status|pid [inspircd|ngircd|all]" >&2; exit 2 ;;
esac
