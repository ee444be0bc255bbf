"""K idle clients for the issue-21 footprint scripts: each connects and sends `name idleN`, then all read
everything they are sent (greetings, ACKs, the K joins' notices) until three passes half a second apart get
nothing; then the first asks `list`, and the number the server counts online is written to the file (a FIFO) named
by the third argument (a measurement of K clients of whom the server refused some is no measurement); the clients
stay connected, silent, until killed.   python3 idle-clients.py PORT K JOINED-FIFO"""
import socket
import sys
import time

port, n, joined = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
socks = []
for i in range(n):
    s = socket.create_connection(('127.0.0.1', port))
    s.sendall(b'name idle%d\n' % i)
    s.setblocking(False)
    socks.append(s)
quiet = 0
while quiet < 3:
    got = 0
    for s in socks:
        try:
            while True:
                data = s.recv(65536)
                if not data:
                    break
                got += len(data)
        except BlockingIOError:
            pass
    quiet = quiet + 1 if got == 0 else 0
    time.sleep(0.5)
first = socks[0]
first.setblocking(True)
first.sendall(b'list\n')
reply = b''
while b'\nLIST ' not in b'\n' + reply or b' ' not in (b'\n' + reply).split(b'\nLIST ', 1)[1]:
    reply += first.recv(65536)
online = (b'\n' + reply).split(b'\nLIST ', 1)[1].split(b' ', 1)[0].decode()
with open(joined, 'w') as out:
    out.write(online + '\n')
time.sleep(3600)
