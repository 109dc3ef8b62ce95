"""The small-region pass's image work in a helper process, overlapped with the whole-suspect pass.

SIFT on the suspect keeps the two cores only ~75 % busy (it gains 1.5x from the second one), and
the retrieval after it is single-threaded numpy. Proposing the small regions and describing them
(core/matching/described_regions.py, ~0.08 s a query) fits into that slack. A thread does not
gain: OpenCV's and BLAS's thread pools then oversubscribe the cores and the interpreter lock is
shared (measured 10-30 ms slower, BENCHMARKS.md). A process whose OpenCV runs one thread does:
paired per query over the 150 dev screenshots, 29-34 ms faster against 10,000 photos (50 ms
against 100,000), with identical findings.

The helper is an optimisation only. Until it has started (it is spawned at a session's second
query and takes about a second), after it failed, or on a single-core machine, the same job runs
inline and gives the same result.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

import numpy as np

from picproof.core.matching.described_regions import DescribedRegion, describe_small_regions
from picproof.core.workers import worker_pool

log = logging.getLogger(__name__)

#: Seconds to wait for the helper's answer before doing the job inline (it takes ~0.1 s; only a
#: helper that hangs or starves reaches this).
RESULT_TIMEOUT = 20.0


def _one_thread() -> None:
    """Helper initialiser: its OpenCV uses one thread, leaving the other core to the caller."""
    import cv2

    cv2.setNumThreads(1)


def _warm_up() -> bool:
    describe_small_regions(np.zeros((64, 64), np.uint8))  # imports and first-call costs
    return True


class PendingRegions:
    """The described regions of one suspect, being computed by the helper or inline."""

    def __init__(
        self,
        helper: SmallRegionHelper,
        gray: np.ndarray,
        future: Future[list[DescribedRegion]] | None,
    ) -> None:
        self._helper = helper
        self._gray = gray
        self._future = future

    def result(self) -> list[DescribedRegion]:
        if self._future is not None:
            try:
                found: list[DescribedRegion] = self._future.result(timeout=RESULT_TIMEOUT)
                return found
            except (BrokenProcessPool, FutureTimeout, CancelledError) as exc:
                self._helper.give_up(exc)  # the helper died or hangs: no more jobs for it
            except Exception:  # noqa: BLE001 - the job itself failed: inline says how, as before
                log.debug("small-region job failed in the helper, redone inline", exc_info=True)
        return describe_small_regions(self._gray)


class SmallRegionHelper:
    """A one-process pool, started when a second suspect is submitted (a one-off command that
    matches a single screenshot never pays for the process); ``submit`` never waits for it."""

    def __init__(self, *, enabled: bool | None = None) -> None:
        self._enabled = (os.cpu_count() or 1) >= 2 if enabled is None else enabled
        self._pool: ProcessPoolExecutor | None = None
        self._ready: Future[bool] | None = None
        self._submitted = 0
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """Whether jobs currently go to the helper process (it has started and not failed)."""
        ready = self._ready
        return (
            self._pool is not None
            and ready is not None
            and ready.done()
            and ready.exception() is None
        )

    def submit(self, gray: np.ndarray) -> PendingRegions:
        """Start describing ``gray``'s small regions; the result is fetched later."""
        future = None
        with self._lock:
            self._submitted += 1
            if self._enabled and self._pool is None and self._submitted >= 2:
                self._start()
            if self._pool is not None and self.running:
                try:
                    future = self._pool.submit(describe_small_regions, gray)
                except Exception as exc:  # noqa: BLE001 - the pool broke since the last job
                    self._drop(exc)
            elif self._ready is not None and self._ready.done():  # it failed to start
                self._drop(self._ready.exception() or RuntimeError("helper did not start"))
        return PendingRegions(self, gray, future)

    def give_up(self, exc: BaseException) -> None:
        with self._lock:
            self._drop(exc)

    def close(self) -> None:
        with self._lock:
            self._enabled = False
            pool, self._pool, self._ready = self._pool, None, None
        if pool is not None:
            _stop(pool)

    def _start(self) -> None:
        try:
            # Spawned, and ends by itself if this process is killed (core/workers.py).
            self._pool = worker_pool(1, initializer=_one_thread)
            self._ready = self._pool.submit(_warm_up)
        except Exception as exc:  # e.g. RuntimeError: a caller script without a main guard
            self._drop(exc)

    def _drop(self, exc: BaseException) -> None:
        """Stop using the helper for this session (the inline path gives the same results)."""
        log.warning("small-region helper process unavailable, working inline: %s", exc)
        self._enabled = False
        pool, self._pool, self._ready = self._pool, None, None
        if pool is not None:
            _stop(pool)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the helper now. Its work is a pure computation nobody waits for any more, so it is
    terminated rather than awaited (it may be starting up, or hung). Then the pool is shut down
    waiting: one left to shut down by itself at interpreter exit raises there (CPython 3.11)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
