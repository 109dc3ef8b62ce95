"""One untrusted file through every path PicProof decodes it on, in a worker process (harness 1).

Import into the library (read, SHA-256, reduced decode, fingerprints), the thumbnail, the full
decode a suspect gets when it is checked, and the facts read when it is added as evidence.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

#: Every reason a rejected picture may carry (core/errors.py ImageError codes).
TYPED_REASONS = frozenset(
    {
        "empty",
        "not-an-image",
        "unsupported-format",
        "truncated",
        "too-large",
        "corrupt",
        "unreadable",
    }
)


def peak_rss_mb() -> float:
    """This process's own peak resident memory.

    On Linux, ``ru_maxrss`` survives exec: a worker spawned (fork + exec) by a large parent, such
    as a pytest process that has run the rest of the suite (~1.3 GB), reports the parent's size.
    VmHWM belongs to the process's current address space, which exec made new.
    """
    if sys.platform.startswith("linux"):
        return _rss_kb("VmHWM") / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def exercise(path: str, thumbs: str) -> tuple[str, str, str, float, float]:
    """``(path, outcome, reason, seconds, peak RSS MB)``: outcome indexed, rejected or uncaught."""
    from picproof.core.errors import ImageError
    from picproof.core.imaging import load_image
    from picproof.core.indexing import FailedFile, index_file
    from picproof.services.acquisition import image_facts
    from picproof.services.thumbnails import thumbnail_for

    started = time.perf_counter()
    try:
        st = os.stat(path)
        result = index_file(os.fsencode(path), st.st_size, st.st_mtime_ns)
        image_facts(Path(path))
        if isinstance(result, FailedFile):
            outcome, reason = "rejected", result.reason
            if result.detail.startswith("the decoder crashed"):
                outcome = "uncaught"
        else:
            try:
                thumbnail_for(Path(thumbs), path, result.sha256, 128)
                load_image(path)
                outcome, reason = "indexed", result.format
            except ImageError as exc:  # a reduced decode passed, a full one refused: still typed
                outcome, reason = "rejected", exc.code
    except BaseException as exc:  # noqa: BLE001 - what the harness counts as a failure
        outcome, reason = "uncaught", f"{type(exc).__name__}: {exc}"
    return path, outcome, reason, time.perf_counter() - started, peak_rss_mb()


def _rss_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def decode_each(paths: list[str]) -> list[tuple[str, str, float, float]]:
    """``(path, outcomes, seconds, MB)`` per hostile file, decoded as a suspect (full), as a library
    photo (reduced) and as evidence facts. MB is the peak resident memory the file added: the
    peak is reset before each file (Linux ``clear_refs``), so files do not hide each other."""
    from picproof.core.errors import ImageError
    from picproof.core.imaging import heif_available, load_image
    from picproof.services.acquisition import image_facts

    heif_available()
    out = []
    for path in paths:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # reset VmHWM to the current resident size
        before = _rss_kb("VmRSS")
        started = time.perf_counter()
        outcomes = []
        for max_side in (None, 512):
            try:
                load_image(path, max_side=max_side)
                outcomes.append("decoded")
            except ImageError as exc:
                outcomes.append(exc.code)
        facts, _ = image_facts(Path(path))
        outcomes.append("decoded" if facts else "refused")
        seconds = time.perf_counter() - started
        out.append((path, "/".join(outcomes), seconds, (_rss_kb("VmHWM") - before) / 1024))
    return out


def hang(_path_key: bytes, *_: object) -> None:
    """Stands in for a decoder stuck in a loop on a hostile file (harness of the scan's limit)."""
    time.sleep(3600)
