"""The one module that owns threads in the GUI.

Every service call that can take more than ~50 ms runs here, never in the GUI thread:

* ``JobRunner.run(fn, ...)`` calls ``fn(progress)`` on a QThreadPool worker. ``progress`` is a
  :class:`core.progress.Progress`; its updates reach the GUI thread as a signal throttled to ~10/s,
  and its ``check_cancelled()`` raises ``Cancelled`` once the user pressed Cancel.
* ``lane="write"`` jobs run one at a time on one dedicated, never-expiring thread, so SQLite sees
  one writer at a time and thread-bound connections stay on their thread. Scans, matching and
  evidence writes go there; quick reads may run on the shared pool.
* Results, errors and cancellation come back as signals of a :class:`Job` that lives in the GUI
  thread, so slots may touch widgets.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from picproof.core.errors import Cancelled, PicProofError
from picproof.core.progress import CancelToken

log = logging.getLogger(__name__)

#: Minimum seconds between two progress signals of one job (~10 per second).
PROGRESS_INTERVAL = 0.1


class UnexpectedError(PicProofError):
    """A bug or an unforeseen environment problem; the traceback goes to the log, not the user."""

    code = "unexpected"


class Job(QObject):
    """Handle of one background call. Lives in the GUI thread; signals arrive there."""

    progress = Signal(int, object, str)
    """done, total (int or None), message."""
    succeeded = Signal(object)
    failed = Signal(object)
    """A :class:`PicProofError` (unexpected exceptions are wrapped in :class:`UnexpectedError`)."""
    cancelled = Signal()
    ended = Signal()
    """Always emitted last, whatever the outcome."""

    # Emitted by the worker thread; the queued connections to the slots below hop to the GUI thread,
    # so the public signals (and any lambda connected to them) always fire there.
    _w_progress = Signal(int, object, str)
    _w_outcome = Signal(str, object)

    def __init__(self, label: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.token = CancelToken()
        self.result: Any = None
        self.error: PicProofError | None = None
        self.done = False
        self._w_progress.connect(self._on_progress)
        self._w_outcome.connect(self._on_outcome)

    @Slot(int, object, str)
    def _on_progress(self, done: int, total: object, message: str) -> None:
        if not self.done:
            self.progress.emit(done, total, message)

    @Slot(str, object)
    def _on_outcome(self, kind: str, value: object) -> None:
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

    def __init__(self, job: Job) -> None:
        self._job = job
        self._last = 0.0
        self._lock = threading.Lock()

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        self.check_cancelled()
        now = time.monotonic()
        with self._lock:
            final = total is not None and done >= total
            if not final and now - self._last < PROGRESS_INTERVAL:
                return
            self._last = now
        self._job._w_progress.emit(int(done), total, str(message))

    def check_cancelled(self) -> None:
        if self._job.token.cancelled:
            raise Cancelled()


class _Runnable(QRunnable):
    def __init__(self, job: Job, fn: Callable[[Any], Any]) -> None:
        super().__init__()
        self.job = job
        self.fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:
        job = self.job
        self.job = None  # type: ignore[assignment]  # the last reference is dropped in the GUI thread
        try:
            result = self.fn(_ThrottledProgress(job))
        except Cancelled:
            job._w_outcome.emit("cancelled", None)
        except PicProofError as exc:
            job._w_outcome.emit("error", exc)
        except Exception as exc:  # noqa: BLE001 - a worker must never die silently
            log.error("background job %r failed:\n%s", job.label, traceback.format_exc())
            job._w_outcome.emit("error", UnexpectedError(detail=f"{type(exc).__name__}: {exc}"))
        else:
            job._w_outcome.emit("ok", result)


class JobRunner(QObject):
    """Starts jobs, keeps them alive until they end and tells the status bar what runs."""

    job_started = Signal(object)
    job_ended = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(2, (os.cpu_count() or 2)))
        self._write_lane = QThreadPool(self)
        self._write_lane.setMaxThreadCount(1)
        # One long-lived thread: services that open SQLite on first use (thread-bound connections)
        # are created and used on this same thread for the whole session.
        self._write_lane.setExpiryTimeout(-1)
        self._active: set[Job] = set()
        self._ended: list[Job] = []

    def run(
        self,
        fn: Callable[[Any], Any],
        *,
        label: str = "",
        lane: str = "read",
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[PicProofError], None] | None = None,
        on_progress: Callable[[int, Any, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        visible: bool = True,
    ) -> Job:
        """Run ``fn(progress)`` in the background; callbacks run in the GUI thread."""
        # No Qt parent: Python owns the job, and it is released in the GUI thread (see _finish).
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
        pool = self._write_lane if lane == "write" else self._pool
        pool.start(_Runnable(job, fn))
        return job

    def _finish(self, job: Job) -> None:
        self._active.discard(job)
        if job.property("visible"):
            self.job_ended.emit(job)
        # Dropping the last reference while ``job`` is still emitting ``ended`` would delete it
        # mid-signal; keep it until the next job ends, outside its own emission.
        self._ended, old = [job], self._ended
        del old

    @property
    def active(self) -> list[Job]:
        return list(self._active)

    def cancel_all(self) -> None:
        for job in list(self._active):
            job.cancel()

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until every worker is idle (shutdown only: Qt also retires the pool threads)."""
        return self._pool.waitForDone(timeout_ms) and self._write_lane.waitForDone(timeout_ms)
