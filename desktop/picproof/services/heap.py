"""How this process's C heap keeps memory it frees (glibc on Linux; elsewhere nothing changes).

SIFT on a 1 MP suspect builds a scale space of about 250 MB of float images, all freed when it
returns. By default glibc serves blocks over 128 KB (later up to 32 MB) with fresh ``mmap`` calls
and hands free heap above 64 MB back to the kernel, so every query faults those pages in again:
``perf`` put a fifth of SIFT's time in the kernel's page-fault path. Keeping freed memory for
the next query took SIFT on the dev screenshots from 0.31 s to 0.22 s median (tests/bench/
match_speed.py). The peak is what it was; what changes is that the freed part stays mapped until
``release_freed_memory`` (called when a batch of work ends).
"""

from __future__ import annotations

import ctypes
import sys

#: mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
#: Blocks up to this size come from the heap (glibc's own upper bound on 64-bit systems).
MMAP_THRESHOLD = 32 * 1024 * 1024
#: Free memory at the top of the heap kept for reuse: a query's scale space and then some.
TRIM_THRESHOLD = 512 * 1024 * 1024


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt  # noqa: B018  (musl has no mallopt: then leave its allocator alone)
        libc.malloc_trim  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


def keep_freed_memory() -> bool:
    """Let freed heap memory be reused instead of returned to the kernel. True if it applied."""
    libc = _glibc()
    if libc is None:
        return False
    return bool(
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        and libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )


def release_freed_memory() -> bool:
    """Hand the heap's free memory back to the kernel now (end of a batch). True if any was."""
    libc = _glibc()
    if libc is None:
        return False
    return bool(libc.malloc_trim(0))
