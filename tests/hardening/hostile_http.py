"""A hostile web site on 127.0.0.1 for harness 11. Every misbehaviour stops by itself: bodies end
after MAX_SECONDS or when the client hangs up, so a test can never leave a server thread running.
"""

from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

MAX_SECONDS = 30.0


def _gzip_bomb(size: int) -> bytes:
    out = bytearray()
    comp = gzip.compress(bytes(1 << 20), 9)  # 1 MB of zeros, ~1 KB compressed
    # concatenated gzip members decode to the concatenation: size MB of zeros from ~size KB
    for _ in range(size >> 20):
        out += comp
    return bytes(out)


class HostileSite:
    def __init__(self) -> None:
        self.requests = 0
        bomb = _gzip_bomb(2 << 30)  # 2 GB of zeros once decoded, ~2 MB on the wire
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _head(self, ctype: str, extra: dict[str, str] | None = None) -> None:
                self.send_response(200)
                # Said, since every answer ends its connection (close_connection below): an
                # HTTP/1.1 answer without it invites the client to send its next request on
                # this connection, which then closes under it (a "bad response" now and then,
                # depending on whether the close arrived first).
                self.send_header("Connection", "close")
                self.send_header("Content-Type", ctype)
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                self.end_headers()

            def _stream(self, chunk: bytes, pause: float) -> None:
                end = time.monotonic() + MAX_SECONDS
                try:
                    while time.monotonic() < end:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        self.wfile.flush()
                        if pause:
                            time.sleep(pause)
                except OSError:
                    return  # the client hung up: what we want

            def do_GET(self) -> None:
                site.requests += 1
                path = self.path
                self.close_connection = True
                if path == "/endless":
                    self._head("text/html", {"Transfer-Encoding": "chunked"})
                    self._stream(b"<p>" + b"x" * 65530 + b"</p>", 0.0)
                elif path == "/drip":
                    self._head("text/html", {"Transfer-Encoding": "chunked"})
                    self._stream(b"x", 0.2)
                elif path == "/lying-length":
                    self._head("text/html", {"Content-Length": "100"})
                    self.wfile.write(b"x" * 100)
                elif path.startswith("/loop"):
                    n = int(path[5:] or 0)
                    self.send_response(302)
                    self.send_header("Location", f"/loop{(n + 1) % 2}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif path == "/huge-headers":
                    self.send_response(200)
                    for n in range(2000):
                        self.send_header(f"X-Filler-{n}", "y" * 100)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                elif path == "/huge-header-line":
                    self.send_response(200)
                    self.send_header("X-Big", "z" * (8 << 20))
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                elif path == "/wrong-type":
                    body = b"\x7fELF" + bytes(100)
                    self._head("application/x-executable", {"Content-Length": str(len(body))})
                    self.wfile.write(body)
                elif path == "/gzip-bomb":
                    self._head(
                        "text/html", {"Content-Encoding": "gzip", "Content-Length": str(len(bomb))}
                    )
                    try:
                        self.wfile.write(bomb)
                    except OSError:
                        return
                elif path == "/gzip-page":  # an honest gzip answer must still be captured
                    body = gzip.compress(b"<html><body>fine</body></html>")
                    self._head(
                        "text/html", {"Content-Encoding": "gzip", "Content-Length": str(len(body))}
                    )
                    self.wfile.write(body)
                elif path == "/brotli":
                    self._head("text/html", {"Content-Encoding": "br", "Content-Length": "4"})
                    self.wfile.write(b"\x0b\x02\x80x")
                elif path == "/images":
                    body = b"".join(b'<img src="/drip%d.png">' % n for n in range(60))
                    self._head("text/html", {"Content-Length": str(len(body))})
                    self.wfile.write(body)
                elif path.startswith("/drip") and path.endswith(".png"):
                    self._head("image/png", {"Transfer-Encoding": "chunked"})
                    self._stream(b"\x89", 0.2)
                else:
                    self.send_error(404)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client hanging up on a hostile answer is the expected outcome

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
