"""A fixed reference workload, timed next to each benchmark's figures.

The development machine is a shared virtual machine whose speed drifts by 20-35 % within an hour
(the same 10k query benchmark gave a 0.64 s and a 0.87 s median 40 minutes apart). Printing how
long a fixed piece of work took at the time lets a reader compare runs: a figure is only
comparable with another taken at a similar reference time.
"""

from __future__ import annotations

import statistics
import time

import numpy as np


def reference_seconds(repeats: int = 5) -> float:
    """Median seconds of single-threaded SIFT (detect and describe) on a fixed 1 MP image.

    SIFT is the largest cost of both a scan and a query, so this tracks what the benchmarks feel.
    """
    import cv2

    rng = np.random.default_rng(20261126)
    image = cv2.GaussianBlur(rng.integers(0, 256, (1000, 1000), dtype=np.uint8), (0, 0), 2.0)
    sift = cv2.SIFT_create(nfeatures=5000)  # type: ignore[attr-defined]
    threads = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        sift.detectAndCompute(image, None)  # warm-up: allocations, code paths
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            sift.detectAndCompute(image, None)
            times.append(time.perf_counter() - start)
    finally:
        cv2.setNumThreads(threads)
    return statistics.median(times)


def reference_line() -> str:
    return (
        "machine reference: single-threaded SIFT on a fixed 1 MP image "
        f"{reference_seconds():.3f} s (lower is a faster moment; compare runs at similar values)"
    )
