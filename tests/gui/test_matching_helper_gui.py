"""Several screenshots checked from the GUI: the small-region helper process starts inside the
Qt application, gives the same results as the inline pass, and is gone once the window shuts
down (services/region_helper.py)."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from tests.gui.conftest import SAMPLE, wait_jobs
from tests.gui.test_end_to_end import _drop

SHOTS = sorted((SAMPLE / "screenshots").glob("*.jpg"))


def _summary(results) -> list[list[tuple[str, str, object]]]:  # type: ignore[no-untyped-def]
    return [
        [(Path(m.photo_path).name, m.level, m.bbox) for m in r.matches]
        for r in sorted(results, key=lambda r: r.path)
    ]


def test_the_helper_works_inside_the_app(window, qtbot, sample_photos: Path) -> None:  # type: ignore[no-untyped-def]
    before = {p.pid for p in multiprocessing.active_children()}
    window.views["photos"].add_folder(str(sample_photos))
    wait_jobs(qtbot, window, 120)
    check = window.views["check"]

    window.show_area("check")
    _drop(check.drop, SHOTS)  # the first goes inline and starts the helper
    wait_jobs(qtbot, window, 120)
    assert len(window.ctx.results) == len(SHOTS)
    first = _summary(window.ctx.results)
    assert all(first)  # each sample screenshot shows sample photos

    helper = window.services.matching._region_helper
    deadline = time.monotonic() + 60
    while not helper.running and time.monotonic() < deadline:
        qtbot.wait(50)
    assert helper.running
    window.show_area("check")
    _drop(check.drop, SHOTS)  # now with the helper
    wait_jobs(qtbot, window, 120)
    # The same pictures checked again replace their rows (no duplicates), with the same findings
    assert len(window.ctx.results) == len(SHOTS)
    assert _summary(window.ctx.results) == first

    window.shutdown()
    assert not helper.running
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if {p.pid for p in multiprocessing.active_children()} <= before:
            break
        time.sleep(0.05)
    assert {p.pid for p in multiprocessing.active_children()} <= before
