"""The query process keeps freed heap memory for the next query, and gives it back on request.

Each case runs in a fresh interpreter, so the allocator starts from glibc's defaults.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from picproof.services import heap

pytestmark = pytest.mark.skipif(
    heap._glibc() is None, reason="the allocator tuning applies to glibc on Linux only"
)

_PROBE = """
import os, sys
import numpy as np
from picproof.services import heap

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

if sys.argv[1] == "keep":
    assert heap.keep_freed_memory()
blocks = [np.ones(2**20, np.float64) for _ in range(30)]  # 30 blocks of 8 MB, like a scale space
full = rss_mb()
del blocks
freed = rss_mb()
heap.release_freed_memory()
print(full - freed, full - rss_mb())
"""


def _probe(mode: str) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True
    )
    dropped_on_free, dropped_after_release = map(float, out.stdout.split())
    return dropped_on_free, dropped_after_release


def test_by_default_freed_blocks_go_back_to_the_kernel_at_once() -> None:
    dropped_on_free, _ = _probe("default")
    assert dropped_on_free > 200


def test_kept_memory_stays_for_reuse_until_released() -> None:
    dropped_on_free, dropped_after_release = _probe("keep")
    assert dropped_on_free < 20
    assert dropped_after_release > 200
