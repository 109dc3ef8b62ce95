"""A fixed reference workload, timed next to each benchmark's figures.

The development machine is a shared virtual machine whose speed drifts by 20-35 % within an hour
(the same 10k query benchmark gave a 0.64 s and a 0.87 s median 40 minutes apart). Printing how
long a fixed piece of work took at the time lets a reader compare runs: a figure is only
comparable with another taken at a similar reference time. With other work on the cores, CPU
seconds (``cpu_seconds``: user + system time, which waiting for a core does not add to) are the
figure to compare; the reference line also gives its own CPU time and the load average.
"""

from __future__ import annotations

import os
import resource
import statistics
import time

import numpy as np


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU seconds of this process (all its threads), or of process ``pid``
    (Linux /proc; 0.0 if it is gone)."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # fields[11], fields[12]: utime, stime (fields 14, 15 of proc(5), counted after the name)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
    c0 = cpu_seconds()
    wall = reference_seconds()
    cpu = (cpu_seconds() - c0) / 6  # six runs: the warm-up and five timed
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    return (
        "machine reference: single-threaded SIFT on a fixed 1 MP image "
        f"{wall:.3f} s (CPU {cpu:.3f} s a run; load average {load} on {os.cpu_count()} cores; "
        "lower is a faster moment; compare runs at similar values)"
    )
