"""The one module that owns threads in the GUI.

Every service call that can take more than ~50 ms runs here, never in the GUI thread:

* ``JobRunner.run(fn, ...)`` calls ``fn(progress)`` on a worker thread. ``progress`` is a
  :class:`core.progress.Progress`; its updates reach the GUI thread throttled to ~10/s, and its
  ``check_cancelled()`` raises ``Cancelled`` once the user pressed Cancel.
* Workers never emit Qt signals: PySide6 6.12 corrupts reference counts when a signal carrying
  Python objects is emitted from a non-Qt thread (seen as "deallocating None/True" aborts). They
  put callables on a thread-safe outbox instead, which a QTimer drains in the GUI thread.
* ``lane="write"`` jobs run one at a time on one dedicated, never-expiring thread: every job
  that writes a database (scans, matching, evidence, cases, letters) goes there, so one thread
  writes. ``lane="read"`` jobs (thumbnails, pictures, list queries) run on a shared pool.
* The database threading rule (store/__init__.py): a connection belongs to the thread that
  opened it; the stores give each thread its own. The write lane's thread therefore owns the
  connections that write, for the whole session, and services are closed on it at shutdown.
* Results, errors and cancellation come back as signals of a :class:`Job` that lives in the GUI
  thread, so slots may touch widgets.
"""

from __future__ import annotations

import logging
import os
import queue
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from typing import Any, Literal, get_args

from PySide6.QtCore import QObject, QTimer, Signal

from picproof.core.errors import Cancelled, PicProofError
from picproof.core.progress import CancelToken

log = logging.getLogger(__name__)

#: Minimum seconds between two progress signals of one job (~10 per second).
PROGRESS_INTERVAL = 0.1

#: Where a job runs: the shared pool, or the single thread that owns database writes.
Lane = Literal["read", "write"]
LANES: tuple[Lane, ...] = get_args(Lane)


class UnexpectedError(PicProofError):
    """A bug or an unforeseen environment problem; the traceback goes to the log, not the user."""

    code = "unexpected"


class Job(QObject):
    """Handle of one background call. Lives in the GUI thread; its signals fire there."""

    progress = Signal(int, object, str)
    """done, total (int or None), message."""
    succeeded = Signal(object)
    failed = Signal(object)
    """A :class:`PicProofError` (unexpected exceptions are wrapped in :class:`UnexpectedError`)."""
    cancelled = Signal()
    ended = Signal()
    """Always emitted last, whatever the outcome."""

    def __init__(self, label: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.token = CancelToken()
        self.result: Any = None
        self.error: PicProofError | None = None
        self.done = False

    def _deliver_progress(self, done: int, total: object, message: str) -> None:
        if not self.done:
            self.progress.emit(done, total, message)

    def _deliver_outcome(self, kind: str, value: object) -> None:
        self.done = True
        if kind == "ok":
            self.result = value
            self.succeeded.emit(value)
        elif kind == "cancelled":
            self.cancelled.emit()
        else:
            self.error = value  # type: ignore[assignment]
            self.failed.emit(value)
        self.ended.emit()

    def cancel(self) -> None:
        self.token.cancel()


class _ThrottledProgress:
    """The Progress handed to the service; called from the worker thread."""

    def __init__(self, job: Job, post: Callable[..., None]) -> None:
        self._job = job
        self._post = post
        self._last = 0.0

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        self.check_cancelled()
        now = time.monotonic()
        final = total is not None and done >= total
        if not final and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        self._post(self._job._deliver_progress, int(done), total, str(message))

    def check_cancelled(self) -> None:
        if self._job.token.cancelled:
            raise Cancelled()


class JobRunner(QObject):
    """Starts jobs, keeps them alive until they end and tells the status bar what runs."""

    job_started = Signal(object)
    job_ended = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(
            max(2, os.cpu_count() or 2), thread_name_prefix="picproof-read"
        )
        # One long-lived thread: services that open SQLite on first use (thread-bound connections)
        # are created and used on this same thread for the whole session.
        self._write_lane = ThreadPoolExecutor(1, thread_name_prefix="picproof-write")
        self._active: set[Job] = set()
        self._futures: set[Future[None]] = set()
        self._outbox: queue.SimpleQueue[tuple[Callable[..., None], tuple[Any, ...]]] = (
            queue.SimpleQueue()
        )
        self._timer = QTimer(self)
        self._timer.setInterval(15)
        self._timer.timeout.connect(self.drain)

    def post(self, fn: Callable[..., None], *args: Any) -> None:
        """Run ``fn(*args)`` soon in the GUI thread (callable from any thread)."""
        self._outbox.put((fn, args))

    def drain(self) -> None:
        """Deliver what workers posted (the GUI-thread timer calls this every 15 ms)."""
        while True:
            try:
                fn, args = self._outbox.get_nowait()
            except queue.Empty:
                break
            fn(*args)
        if not self._active and self._outbox.empty():
            self._timer.stop()

    def run(
        self,
        fn: Callable[[Any], Any],
        *,
        label: str = "",
        lane: Lane = "read",
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[PicProofError], None] | None = None,
        on_progress: Callable[[int, Any, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        visible: bool = True,
    ) -> Job:
        """Run ``fn(progress)`` in the background; callbacks run in the GUI thread."""
        if lane not in LANES:  # a typo must not land a write on the read pool
            raise ValueError(f"unknown lane {lane!r}; use one of {LANES}")
        job = Job(label)
        if on_done is not None:
            job.succeeded.connect(on_done)
        if on_error is not None:
            job.failed.connect(on_error)
        if on_progress is not None:
            job.progress.connect(on_progress)
        if on_cancelled is not None:
            job.cancelled.connect(on_cancelled)
        job.ended.connect(lambda: self._finish(job))
        self._active.add(job)
        job.setProperty("visible", visible)
        if visible:
            self.job_started.emit(job)
        if not self._timer.isActive():
            self._timer.start()
        pool = self._write_lane if lane == "write" else self._pool
        future = pool.submit(self._work, job, fn)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)
        return job

    def _work(self, job: Job, fn: Callable[[Any], Any]) -> None:
        try:
            result = fn(_ThrottledProgress(job, self.post))
        except Cancelled:
            self.post(job._deliver_outcome, "cancelled", None)
        except PicProofError as exc:
            self.post(job._deliver_outcome, "error", exc)
        except Exception as exc:  # noqa: BLE001 - a worker must never die silently
            log.error("background job %r failed:\n%s", job.label, traceback.format_exc())
            self.post(
                job._deliver_outcome,
                "error",
                UnexpectedError(detail=f"{type(exc).__name__}: {exc}"),
            )
        else:
            self.post(job._deliver_outcome, "ok", result)

    def _finish(self, job: Job) -> None:
        self._active.discard(job)
        if job.property("visible"):
            self.job_ended.emit(job)

    @property
    def active(self) -> list[Job]:
        return list(self._active)

    def cancel_all(self) -> None:
        for job in list(self._active):
            job.cancel()

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until every worker is idle, then deliver their results (shutdown and tests)."""
        done, pending = wait_futures(list(self._futures), timeout=timeout_ms / 1000)
        self.drain()
        return not pending
