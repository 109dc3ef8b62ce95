"""Harness 11: URL capture against a hostile web site on 127.0.0.1 (never the internet).

Endless body, a slow drip (one byte at a time), a redirect loop, huge headers, a wrong content type,
a gzip bomb (2 GB of zeros in ~2 MB, sent although PicProof asks for no compression), an unknown
compression, and a page whose 60 images all drip: each is stopped by a limit with a reason, within
the capture's time limit, with the memory PicProof allocates staying bounded. An honest gzip page
is still captured.
"""

from __future__ import annotations

import time
import tracemalloc
from dataclasses import dataclass, field

from tests.hardening.hostile_http import HostileSite

from picproof.core.errors import NetworkError
from picproof.net.capture import MAX_PAGE_BYTES, capture_page

#: what each hostile path must be stopped by
EXPECTED = {
    "/endless": "capture-too-large",
    "/drip": "capture-too-slow",
    "/loop0": "capture-too-many-redirects",
    "/huge-headers": "capture-bad-response",
    "/huge-header-line": "capture-bad-response",
    "/wrong-type": "capture-unsupported-type",
    "/gzip-bomb": "capture-too-large",
    "/brotli": "capture-unsupported-encoding",
}
MAX_SECONDS = 2.0
#: what stops a dripping image: the capture's time limit, or (a server thread stalled on a loaded
#: machine) the per-read timeout
SLOW = ("capture-too-slow", "capture-timeout")
MEMORY_MB = 3 * MAX_PAGE_BYTES / 2**20  # the capped body, a copy of it, and change


@dataclass
class CaptureRun:
    results: list[tuple[str, str, float, float]] = field(default_factory=list)
    """(path, outcome code, seconds, peak MB allocated)."""

    def line(self) -> str:
        stopped = sum(1 for p, code, _, _ in self.results if EXPECTED.get(p) == code)
        hostile = sum(1 for p, *_ in self.results if p in EXPECTED)
        slowest = max(r[2] for r in self.results)
        peak = max(r[3] for r in self.results)
        return (
            f"URL capture: {stopped}/{hostile} hostile answers stopped with their reason, "
            f"60 dripping images stopped by the capture's time limit, honest gzip page captured; "
            f"slowest {slowest:.1f} s (limit {MAX_SECONDS:.0f} s), peak memory {peak:.0f} MB"
        )

    def failures(self) -> list[str]:
        out = []
        for path, code, seconds, peak in self.results:
            want = EXPECTED.get(path, "ok")
            if code != want:
                out.append(f"{path}: {code}, expected {want}")
            if seconds > MAX_SECONDS + 2.5 or peak > MEMORY_MB:
                out.append(f"{path}: {seconds:.1f} s, {peak:.0f} MB")
        return out


def run_capture(rounds: int = 1) -> CaptureRun:
    run = CaptureRun()
    with HostileSite() as site:
        for _ in range(rounds):
            for path in [*EXPECTED, "/gzip-page", "/images"]:
                tracemalloc.start()
                started = time.monotonic()
                try:
                    page, images = capture_page(
                        site.url + path, timeout=2.0, max_seconds=MAX_SECONDS
                    )
                    code = "ok"
                    if path == "/gzip-page" and page.body != b"<html><body>fine</body></html>":
                        code = "wrong body"
                    if path == "/images" and (
                        len(images) != 60
                        or not all(isinstance(i, tuple) and i[1] in SLOW for i in images)
                    ):
                        code = f"images {images[:3]}"
                except NetworkError as exc:
                    code = exc.code
                seconds = time.monotonic() - started
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
                run.results.append((path, code, seconds, peak))
    return run


def test_hostile_sites_are_stopped_by_limits_with_reasons() -> None:
    run = run_capture()
    print(run.line())
    assert not run.failures(), run.failures()
