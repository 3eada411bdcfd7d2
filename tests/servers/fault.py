#!/usr/bin/env python3
"""A small HTTP server for the faults nginx cannot make, for the ingest tests.

usage: fault.py PORTFILE LOGFILE
Binds 127.0.0.1 on a free port and writes the port to PORTFILE.

Paths:
  /reset             Content-Length 100000, about 1 KB, then a TCP reset
  /short             Content-Length 5000, 62 bytes, then close
  /garbage           a reply that is not HTTP
  /badlength         HTTP/1.1 200 with "Content-Length: abc"
  /flaky/N/NAME      503 for the first N requests to this path, then a CSV
  /retry-date/N/NAME 429 with Retry-After as an HTTP date 2 s ahead for the
                     first N requests to this path, then the CSV
  /sec-notice        SEC's "Undeclared Automated Tool" page with status 200
  /robots.txt        404
The CSV has the header epoch-dc's detect() recognises.
Every request is logged as "UNIX-TIME PATH USER-AGENT" to LOGFILE.
"""
import email.utils
import os
import socket
import socketserver
import struct
import sys
import threading
import time

CSV = (b"Name,Owner,Current power (MW)\r\n"
       b"Test Site,Example Owner,12.5\r\n")
SEC = (b"<!DOCTYPE html><html><head><title>SEC.gov | Request Rate Threshold Exceeded"
       b"</title></head><body><h1>Your Request Originates from an Undeclared Automated"
       b" Tool</h1><p>To allow for equitable access to all users, SEC reserves the right"
       b" to limit requests originating from undeclared automated tools.</p></body></html>")
counts = {}
lock = threading.Lock()
LOG = None


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline(8192).decode("latin-1").strip()
        ua = ""
        while True:
            h = self.rfile.readline(8192)
            if not h or h in (b"\r\n", b"\n"):
                break
            if h.lower().startswith(b"user-agent:"):
                ua = h[11:].strip().decode("latin-1")
        parts = line.split()
        path = parts[1] if len(parts) > 1 else ""
        with lock:
            counts[path] = counts.get(path, 0) + 1
            n = counts[path]
            with open(LOG, "a") as f:
                f.write("%.3f %s %s\n" % (time.time(), path, ua))
        w = self.wfile
        if path == "/robots.txt":
            self.reply(404, b"no robots here\n")
        elif path == "/reset":
            w.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\n")
            w.write(CSV * 16)
            w.flush()
            time.sleep(0.1)
            # SO_LINGER 0: close() sends a RST instead of a FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            os.close(self.connection.detach())
        elif path == "/short":
            w.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 5000\r\n"
                    b"Connection: close\r\n\r\n" + CSV)
        elif path == "/garbage":
            w.write(b"\x00\x01\x02 this is not HTTP at all\r\n\r\nbody")
        elif path == "/badlength":
            w.write(b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\nConnection: close\r\n\r\n" + CSV)
        elif path.startswith("/flaky/"):
            if n <= int(path.split("/")[2]):
                self.reply(503, b"busy\n")
            else:
                self.reply(200, CSV, "text/csv")
        elif path.startswith("/retry-date/"):
            if n <= int(path.split("/")[2]):
                when = email.utils.formatdate(time.time() + 2, usegmt=True)
                self.reply(429, b"slow down\n", extra="Retry-After: %s\r\n" % when)
            else:
                self.reply(200, CSV, "text/csv")
        elif path == "/sec-notice":
            self.reply(200, SEC, "text/html")
        else:
            self.reply(404, b"not found\n")

    def reply(self, status, body, ctype="text/plain", extra=""):
        head = ("HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s"
                "Connection: close\r\n\r\n" % (status, ctype, len(body), extra))
        self.wfile.write(head.encode() + body)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    LOG = sys.argv[2]
    srv = Server(("127.0.0.1", 0), Handler)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    srv.serve_forever()
