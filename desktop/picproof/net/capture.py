"""Fetching a web page (and the images it references) as evidence, with httpx.

What we keep: the raw response bytes, the final URL after redirects, status, response headers and
the request time. What we refuse: non-HTTP(S) schemes, too many redirects, bodies over the size cap,
content types that are not pages or images. No cookies or credentials are ever sent (the cookie jar
is emptied before every request, redirects are followed by hand). Pages that build their content
with JavaScript or need a login are not captured this way; the user screenshots those.
"""

from __future__ import annotations

import contextlib
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from picproof import __version__
from picproof.core.errors import BadInput, NetworkError

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
MAX_PAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_BYTES = 40 * 1024 * 1024
MAX_REDIRECTS = 5
MAX_IMAGES = 60
#: A whole capture (the page and its images) stops after this long: a site dripping one byte at a
#: time never trips the per-read timeout, and would otherwise keep the capture going for days.
MAX_CAPTURE_SECONDS = 120.0
USER_AGENT = f"Mozilla/5.0 (compatible; PicProof/{__version__}; evidence capture)"
# identity: the bytes we keep are the bytes the server sent. A server that compresses anyway has its
# gzip or deflate undone here, within the size cap (_Decoder); other encodings are refused.
_HEADERS = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}


@dataclass(frozen=True)
class Fetched:
    url: str
    final_url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    requested_at_utc: str
    elapsed_ms: int
    content_type: str
    body: bytes
    redirects: tuple[str, ...] = ()

    def facts(self) -> dict[str, Any]:
        """The HTTP facts recorded with the evidence item."""
        return {
            "requested_url": self.url,
            "final_url": self.final_url,
            "status": self.status,
            "headers": [list(h) for h in self.headers],
            "requested_at_utc": self.requested_at_utc,
            "elapsed_ms": self.elapsed_ms,
            "redirects": list(self.redirects),
            "user_agent": USER_AGENT,
        }


def check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput("capture-bad-url", url=url)
    if parts.username or parts.password:
        raise BadInput("capture-credentials-in-url", url=url)
    return url.strip()


class _Decoder:
    """Undoes a gzip or deflate Content-Encoding without ever producing more than asked: a 2 MB
    gzip answer can hold 2 GB of zeros (httpx's own decoder inflates a whole chunk at once)."""

    def __init__(self, encoding: str, url: str) -> None:
        if encoding not in ("gzip", "x-gzip", "deflate"):
            raise NetworkError("capture-unsupported-encoding", url=url, encoding=encoding)
        self.url = url
        self._z = zlib.decompressobj(wbits=47)  # 32 + 15: a gzip or a zlib header

    def feed(self, data: bytes, limit: int) -> bytes:
        out = bytearray()
        try:
            while data and len(out) <= limit:
                out += self._z.decompress(data, limit + 1 - len(out))
                data = self._z.unconsumed_tail
                if self._z.eof:  # gzip allows several members one after the other
                    data = self._z.unused_data + data
                    self._z = zlib.decompressobj(wbits=47)
        except zlib.error as exc:
            raise NetworkError("capture-bad-response", url=self.url, detail=str(exc)) from exc
        return bytes(out)


def fetch(
    url: str,
    *,
    accept: tuple[str, ...],
    max_bytes: int,
    timeout: float = 20.0,
    client: Any = None,
    deadline: float | None = None,
) -> Fetched:
    """GET ``url`` following at most MAX_REDIRECTS redirects; enforce type, size and time
    (``deadline``: a ``time.monotonic()`` value, default MAX_CAPTURE_SECONDS from now)."""
    import httpx

    url = check_url(url)
    if deadline is None:
        deadline = time.monotonic() + MAX_CAPTURE_SECONDS
    own = client is None
    client = client or httpx.Client(
        timeout=timeout, follow_redirects=False, trust_env=False, headers=_HEADERS
    )
    started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    t0 = time.monotonic()
    redirects: list[str] = []
    current = url
    retried = False
    try:
        while True:
            client.cookies.clear()
            try:
                resp = client.send(client.build_request("GET", current), stream=True)
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
                # A server may close a kept-alive connection just as it is reused; no response
                # has begun, and a GET can be sent again: browsers retry such a request once.
                if retried:
                    raise
                retried = True
                continue
            with contextlib.closing(resp):
                if resp.is_redirect:
                    location = resp.headers.get("location", "")
                    if len(redirects) >= MAX_REDIRECTS:
                        raise NetworkError("capture-too-many-redirects", url=url)
                    redirects.append(current)
                    current = check_url(urljoin(current, location))
                    continue
                ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                if resp.status_code >= 400:
                    raise NetworkError("capture-http-error", url=current, status=resp.status_code)
                if not any(ctype == a or (a.endswith("/") and ctype.startswith(a)) for a in accept):
                    raise NetworkError(
                        "capture-unsupported-type", url=current, content_type=ctype or "none"
                    )
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise NetworkError("capture-too-large", url=current, limit=max_bytes)
                encoding = resp.headers.get("content-encoding", "").strip().lower()
                decoder = None if encoding in ("", "identity") else _Decoder(encoding, current)
                body = bytearray()
                wire = 0
                for chunk in resp.iter_raw():  # the bytes as sent; decoded here, bounded
                    if time.monotonic() > deadline:
                        raise NetworkError("capture-too-slow", url=current)
                    wire += len(chunk)
                    body += chunk if decoder is None else decoder.feed(chunk, max_bytes - len(body))
                    if len(body) > max_bytes or wire > max_bytes:
                        raise NetworkError("capture-too-large", url=current, limit=max_bytes)
                return Fetched(
                    url,
                    str(resp.url),
                    resp.status_code,
                    tuple(
                        (k, v) for k, v in resp.headers.multi_items() if k.lower() != "set-cookie"
                    ),
                    started,
                    int((time.monotonic() - t0) * 1000),
                    ctype,
                    bytes(body),
                    tuple(redirects),
                )
    except httpx.TimeoutException as exc:
        raise NetworkError("capture-timeout", url=current) from exc
    except (httpx.RemoteProtocolError, httpx.DecodingError) as exc:  # e.g. headers over h11's cap
        raise NetworkError("capture-bad-response", url=current, detail=str(exc)[:200]) from exc
    except httpx.HTTPError as exc:
        raise NetworkError("capture-unreachable", url=current, detail=type(exc).__name__) from exc
    finally:
        if own:
            client.close()


class _ImageRefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "img":
            for key in ("src", "data-src", "data-original"):
                if a.get(key):
                    self.found.append(a[key])
            for part in (a.get("srcset") or "").split(","):
                if part.strip():
                    self.found.append(part.strip().split()[0])
        elif tag == "meta" and a.get("property", a.get("name", "")).lower() in (
            "og:image",
            "twitter:image",
        ):
            self.found.append(a.get("content", ""))
        elif tag == "link" and a.get("rel", "").lower() == "image_src":
            self.found.append(a.get("href", ""))


def image_urls(page: Fetched) -> list[str]:
    """Absolute http(s) URLs of the images a page references, in order, without duplicates."""
    if page.content_type not in ("text/html", "application/xhtml+xml"):
        return []
    parser = _ImageRefs()
    parser.feed(page.body.decode("utf-8", errors="replace"))
    out: list[str] = []
    for ref in parser.found:
        absolute = urljoin(page.final_url, ref.strip())
        if urlsplit(absolute).scheme in ("http", "https") and absolute not in out:
            out.append(absolute)
    return out[:MAX_IMAGES]


def capture_page(
    url: str, *, timeout: float = 20.0, max_seconds: float = MAX_CAPTURE_SECONDS
) -> tuple[Fetched, list[Fetched | tuple[str, str]]]:
    """The page and, per referenced image, either the fetched image or ``(url, error code)``.

    The whole capture ends after ``max_seconds``: images not fetched by then are listed as
    skipped (``capture-too-slow``)."""
    import httpx

    deadline = time.monotonic() + max_seconds
    with httpx.Client(
        timeout=timeout, follow_redirects=False, trust_env=False, headers=_HEADERS
    ) as client:
        page = fetch(
            url,
            accept=PAGE_TYPES + ("image/",),
            max_bytes=MAX_PAGE_BYTES,
            client=client,
            deadline=deadline,
        )
        images: list[Fetched | tuple[str, str]] = []
        for ref in image_urls(page):
            if time.monotonic() > deadline:
                images.append((ref, "capture-too-slow"))
                continue
            try:
                images.append(
                    fetch(
                        ref,
                        accept=("image/",),
                        max_bytes=MAX_IMAGE_BYTES,
                        client=client,
                        deadline=deadline,
                    )
                )
            except (NetworkError, BadInput) as exc:
                images.append((ref, exc.code))
        return page, images
