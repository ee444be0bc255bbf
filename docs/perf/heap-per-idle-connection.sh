#!/usr/bin/env bash
# Issue 21: the live heap one idle joined connection holds, from two class histograms (jcmd GC.class_histogram,
# which runs a full GC first) taken before and after K idle clients join: per class, the difference over K.
# WARM=N first runs N connect-name-text-quit cycles, so the JIT has compiled the read path as in a server that
# has run a while (a parked thread's frames stay as they were frozen: interpreted frames are ~2.5x the size).
#   docs/perf/heap-per-idle-connection.sh JAR [K] [WARM]     (prints the top classes and the total, B/connection)
set -euo pipefail
. "$(dirname "$0")/idle-server.sh"
JAR=$1; K=${2:-1000}; WARM=${3:-0}
start_idle_server "$JAR" "$K" --replay-lines 0
python3 - "$PORT" "$WARM" <<'PY'
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
for i in range(n):
    s = socket.create_connection(('127.0.0.1', port)); s.sendall(b'name w%d\ntext hi\nquit\n' % i)
    while s.recv(65536): pass
    s.close()
PY
"$J/jcmd" $PID GC.class_histogram >before.txt
join_idle_clients "$K"
sleep 2
"$J/jcmd" $PID GC.class_histogram >after.txt
kill $CLIENTS
echo "K=$K, online: $members"
python3 - before.txt after.txt "$K" <<'PY'
import sys
def load(f):
    d = {}
    for line in open(f):
        p = line.split()
        if len(p) >= 4 and p[0].endswith(':') and p[0][:-1].isdigit():
            d[p[3]] = (int(p[1]), int(p[2]))
    return d
a, b, k = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3])
rows = sorted(((b[c][1] - a.get(c, (0, 0))[1], b[c][0] - a.get(c, (0, 0))[0], c) for c in b), reverse=True)
for by, n, c in rows[:12]:
    print(f"{by / k:8.0f} B/conn  {n / k:5.2f}/conn  {c}")
print(f"{sum(r[0] for r in rows) / k:8.0f} B/conn  total")
PY
