"""URL capture against a small local web site (127.0.0.1): redirects, caps, types, no cookies."""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from picproof.core.errors import BadInput, NetworkError
from picproof.net import capture
from picproof.net.capture import PAGE_TYPES, capture_page, fetch, image_urls


def _png(colour: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (32, 24), colour).save(buf, "PNG")
    return buf.getvalue()


PAGE = b"""<html><head><meta property="og:image" content="/img/og.png"></head><body>
<img src="/img/a.png"><img srcset="/img/b.png 1x, /img/a.png 2x">
<img src="data:image/png;base64,AA">
<img src="/img/missing.png"><img src="/notimage"></body></html>"""


class Site:
    def __init__(self) -> None:
        self.cookies_seen: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                if self.headers.get("Cookie"):
                    site.cookies_seen.append(self.headers["Cookie"])
                routes = {
                    "/page": (200, "text/html; charset=utf-8", PAGE),
                    "/img/a.png": (200, "image/png", _png((255, 0, 0))),
                    "/img/b.png": (200, "image/png", _png((0, 255, 0))),
                    "/img/og.png": (200, "image/png", _png((0, 0, 255))),
                    "/notimage": (200, "text/html", b"<html></html>"),
                    "/pdf": (200, "application/pdf", b"%PDF-1.4"),
                    "/big": (200, "text/html", b"x" * 5000),
                }
                if self.path == "/cookie":
                    self.send_response(302)
                    self.send_header("Set-Cookie", "session=secret; Path=/")
                    self.send_header("Location", "/page")
                    self.end_headers()
                    return
                if self.path.startswith("/loop"):
                    n = int(self.path[5:] or 0)
                    self.send_response(302)
                    self.send_header("Location", f"/loop{n + 1}")
                    self.end_headers()
                    return
                if self.path == "/slow":
                    time.sleep(1.5)
                status, ctype, body = routes.get(self.path, (404, "text/plain", b"nope"))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.server.shutdown()
    s.server.server_close()


def test_page_and_images_are_fetched_with_http_facts(site):
    page, images = capture_page(site.base + "/page")
    assert page.body == PAGE and page.status == 200 and page.final_url == site.base + "/page"
    facts = page.facts()
    assert facts["requested_at_utc"].endswith("Z")
    assert any(k.lower() == "content-type" for k, _ in facts["headers"])
    got = {i.final_url.rsplit("/", 1)[-1]: i for i in images if not isinstance(i, tuple)}
    assert set(got) == {"og.png", "a.png", "b.png"}
    skipped = dict(i for i in images if isinstance(i, tuple))
    assert skipped[site.base + "/img/missing.png"] == "capture-http-error"
    assert skipped[site.base + "/notimage"] == "capture-unsupported-type"


def test_redirects_are_followed_without_sending_cookies(site):
    page, _ = capture_page(site.base + "/cookie")
    assert page.final_url == site.base + "/page"
    assert page.redirects == (site.base + "/cookie",)
    assert site.cookies_seen == []


def test_redirect_limit(site):
    with pytest.raises(NetworkError) as err:
        fetch(site.base + "/loop0", accept=PAGE_TYPES, max_bytes=1000)
    assert err.value.code == "capture-too-many-redirects"


def test_content_type_and_size_caps(site):
    with pytest.raises(NetworkError) as err:
        fetch(site.base + "/pdf", accept=PAGE_TYPES, max_bytes=1000)
    assert err.value.code == "capture-unsupported-type"
    with pytest.raises(NetworkError) as err:
        fetch(site.base + "/big", accept=PAGE_TYPES, max_bytes=1000)
    assert err.value.code == "capture-too-large"


def test_timeout(site):
    with pytest.raises(NetworkError) as err:
        fetch(site.base + "/slow", accept=PAGE_TYPES, max_bytes=1000, timeout=0.5)
    assert err.value.code == "capture-timeout"


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://x/y", "javascript:alert(1)", "http://user:pw@example.com/"]
)
def test_bad_urls_are_refused(url):
    with pytest.raises(BadInput):
        capture.check_url(url)


def test_image_urls_resolve_relative_references(site):
    page, _ = capture_page(site.base + "/page")
    urls = image_urls(page)
    assert urls[0] == site.base + "/img/og.png"
    assert all(u.startswith("http") for u in urls)
    assert len(urls) == len(set(urls))


class DroppingSite:
    """Answers the first request on a connection and keeps it open (HTTP/1.1, no
    ``Connection: close``), then closes it without a word when the next request arrives: a server
    dropping an idle kept-alive connection just as the client reuses it."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.dropped = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._connection, args=(conn,), daemon=True).start()

    def _connection(self, conn: socket.socket) -> None:
        with conn:
            reader = conn.makefile("rb")
            path = reader.readline().split()[1].decode()
            while reader.readline() not in (b"\r\n", b""):
                pass
            ctype, body = (
                ("text/html", b'<html><img src="/img/a.png"></html>')
                if path == "/page"
                else ("image/png", _png((255, 0, 0)))
            )
            conn.sendall(
                f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            if reader.readline():  # a second request on this connection: drop it unanswered
                self.dropped += 1

    def close(self) -> None:
        self.sock.close()


def test_a_get_on_a_dropped_kept_alive_connection_is_sent_again():
    site = DroppingSite()
    try:
        page, images = capture_page(site.base + "/page")
    finally:
        site.close()
    assert page.status == 200
    assert site.dropped == 1  # the image's request went out on the page's connection first
    assert len(images) == 1 and isinstance(images[0], capture.Fetched)
    assert images[0].content_type == "image/png"
