#!/usr/bin/env python3
# One-at-a-time latency across two cluster nodes (issue 17): alice on :9301 sends, bob on :9302 receives;
# 300 room messages (tell#dev), 300 private messages (tell bob), 300 lobby texts; prints p50/p99 in ms.
# Set-up: redis-server --port 7391 --save "" --appendonly no; two nodes:
#   java --enable-preview -jar chat-server.jar --cluster redis://127.0.0.1:7391 --metrics-port 0 --rate-limit 0 --replay-lines 0 930N
import socket,time,statistics,threading
def conn(port,name):
    s=socket.create_connection(('127.0.0.1',port)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY,1)
    f=s.makefile('rb'); 
    s.sendall(f"name {name}\n".encode()); return s,f
def readline(f):
    b=b''
    while True:
        c=f.read(1)
        if c==b'\x00': continue
        if c==b'\n': return b.decode()
        b+=c
a,fa=conn(9301,'alice'); b,fb=conn(9302,'bob')
time.sleep(1)
a.sendall(b"join#dev\n"); b.sendall(b"join#dev\n"); time.sleep(1)
# drain
a.settimeout(0.5); b.settimeout(0.5)
for s in (a,b):
    try:
        while s.recv(65536): pass
    except Exception: pass
a.settimeout(None); b.settimeout(None)
fa=a.makefile('rb'); fb=b.makefile('rb')
def measure(cmd, marker, n=300):
    lat=[]
    for i in range(n):
        t=time.perf_counter(); a.sendall((cmd % i + "\n").encode())
        while True:
            l=readline(fb)
            if (marker % i) in l: break
        lat.append((time.perf_counter()-t)*1000)
    lat.sort(); return lat[len(lat)//2], lat[int(len(lat)*0.99)-1]
print("room message node1->node2 p50/p99 ms: %.2f %.2f" % measure("tell#dev m%d", "]:m%d"))
print("private message node1->node2 p50/p99 ms: %.2f %.2f" % measure("tell bob p%d", "]:p%d"))
print("lobby text node1->node2 p50/p99 ms: %.2f %.2f" % measure("text t%d", "]:t%d"))
