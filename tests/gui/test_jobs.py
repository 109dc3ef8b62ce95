from __future__ import annotations

import threading
import time

from picproof.core.errors import ImageError
from picproof.gui.jobs import JobRunner, UnexpectedError


def test_result_arrives_in_gui_thread(qtbot, qapp) -> None:
    runner = JobRunner()
    seen: dict[str, object] = {}
    main = threading.get_ident()

    def work(progress):
        seen["worker"] = threading.get_ident()
        return 41 + 1

    def done(value):
        seen["value"] = value
        seen["slot"] = threading.get_ident()

    job = runner.run(work, on_done=done)
    with qtbot.waitSignal(job.ended, timeout=5000):
        pass
    assert seen["value"] == 42
    assert seen["worker"] != main
    assert seen["slot"] == main
    assert runner.active == []


def test_progress_is_throttled_and_cancel_stops_the_work(qtbot, qapp) -> None:
    runner = JobRunner()
    updates: list[int] = []
    steps = {"n": 0}

    def work(progress):
        for i in range(100000):
            steps["n"] = i
            progress.update(i, 100000, "")
            time.sleep(0.00002)
        return "finished"

    job = runner.run(work, on_progress=lambda d, t, m: updates.append(d))
    qtbot.wait(400)
    job.cancel()
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        pass
    assert job.result is None
    assert steps["n"] < 99999
    # ~10 signals per second, not one per update
    assert 1 <= len(updates) <= 8


def test_errors_are_typed_and_unexpected_ones_wrapped(qtbot, qapp) -> None:
    runner = JobRunner()
    errors: list[object] = []

    def bad_input(progress):
        raise ImageError("truncated", path="x.jpg")

    def bug(progress):
        raise ZeroDivisionError("boom")

    for fn in (bad_input, bug):
        job = runner.run(fn, on_error=errors.append)
        with qtbot.waitSignal(job.ended, timeout=5000):
            pass
    assert errors[0].code == "truncated"
    assert isinstance(errors[1], UnexpectedError)
    assert "ZeroDivisionError" in errors[1].fields["detail"]


def test_write_lane_runs_one_job_at_a_time(qtbot, qapp) -> None:
    runner = JobRunner()
    running = {"now": 0, "max": 0}
    lock = threading.Lock()

    def work(progress):
        with lock:
            running["now"] += 1
            running["max"] = max(running["max"], running["now"])
        time.sleep(0.05)
        with lock:
            running["now"] -= 1

    jobs = [runner.run(work, lane="write") for _ in range(4)]
    qtbot.waitUntil(lambda: all(j.done for j in jobs), timeout=5000)
    assert running["max"] == 1


def test_qt_binding_does_not_leak_references_on_emit(qapp) -> None:
    """PySide6 6.12.0 dropped a reference to True on every emit() and aborted long sessions."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        changed = Signal(int, object, str)

    emitter = Emitter()
    emitter.changed.connect(lambda *args: None)
    before = (sys.getrefcount(True), sys.getrefcount(None))
    for i in range(2000):
        emitter.changed.emit(i, None, "")
    after = (sys.getrefcount(True), sys.getrefcount(None))
    assert abs(after[0] - before[0]) < 50 and abs(after[1] - before[1]) < 50


def test_write_jobs_share_one_thread_and_lanes_are_checked(qtbot, qapp) -> None:
    import pytest

    runner = JobRunner()
    threads: set[int] = set()
    jobs = [
        runner.run(lambda p: threads.add(threading.get_ident()), lane="write", visible=False)
        for _ in range(6)
    ]
    for job in jobs:
        if not job.done:
            with qtbot.waitSignal(job.ended, timeout=5000):
                pass
    assert len(threads) == 1 and threading.get_ident() not in threads
    with pytest.raises(ValueError, match="unknown lane"):
        runner.run(lambda p: None, lane="writes")  # type: ignore[arg-type]
    assert runner.active == []
