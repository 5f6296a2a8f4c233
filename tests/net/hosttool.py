"""Host-side helpers of the network suite (loopback only).

  free-port                 prints a free TCP+UDP port on 127.0.0.1, chosen at random in a high range
  md5-server PORTFILE       TCP: accepts one connection, reads to end of file, answers the MD5 and closes
  udp-echo-server PORTFILE  UDP: answers each datagram with "echo:" + payload, for 60 seconds
  http-server DIR PORTFILE  HTTP/1.0 server for the files of DIR
  md5-client PORT FILE      TCP: sends FILE, half-closes, prints the answer
  udp-client PORT MESSAGE   UDP: sends MESSAGE, prints the answer
A server writes its port into PORTFILE once it listens.
"""
import functools
import hashlib
import http.server
import os
import random
import socket
import sys


def write_port(path, port):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(port))
    os.rename(tmp, path)


def free_port():
    for _ in range(200):
        port = random.randint(20000, 60000)
        try:
            t = socket.socket()
            t.bind(("127.0.0.1", port))
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            u.bind(("127.0.0.1", port))
            t.close()
            u.close()
            print(port)
            return
        except OSError:
            continue
    sys.exit("no free port")


def md5_server(portfile):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(4)
    s.settimeout(90)
    write_port(portfile, s.getsockname()[1])
    c, _ = s.accept()
    data = bytearray()
    while True:
        b = c.recv(65536)
        if not b:
            break
        data += b
    c.sendall(hashlib.md5(data).hexdigest().encode() + b"\n")
    c.close()


def udp_echo_server(portfile):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(90)
    write_port(portfile, s.getsockname()[1])
    while True:
        try:
            data, peer = s.recvfrom(65536)
        except socket.timeout:
            return
        s.sendto(b"echo:" + data, peer)


def http_server(directory, portfile):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=directory)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    write_port(portfile, srv.server_address[1])
    srv.timeout = 90
    srv.serve_forever()


def md5_client(port, path):
    with open(path, "rb") as f:
        data = f.read()
    c = socket.create_connection(("127.0.0.1", int(port)), timeout=30)
    c.sendall(data)
    c.shutdown(socket.SHUT_WR)
    reply = bytearray()
    while True:
        b = c.recv(65536)
        if not b:
            break
        reply += b
    sys.stdout.write(reply.decode(errors="replace"))


def udp_client(port, message):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    for _ in range(10):
        s.sendto(message.encode(), ("127.0.0.1", int(port)))
        try:
            data, _ = s.recvfrom(65536)
            print(data.decode(errors="replace"))
            return
        except socket.timeout:
            continue
    print("no answer")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {
        "free-port": free_port,
        "md5-server": md5_server,
        "udp-echo-server": udp_echo_server,
        "http-server": http_server,
        "md5-client": md5_client,
        "udp-client": udp_client,
    }[cmd](*args)
