"""GUI tests run offscreen with a real services layer over a temporary data folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import shutil
import time
from pathlib import Path

import pytest

from picproof.core.resources import resource_dir

SAMPLE = resource_dir() / "sample"


#: How long a modal dialog may stay open before the watcher closes it and fails the test. A test
#: that expects a dialog answers it well within this (see test_review_session_gui.py).
MODAL_GRACE_S = 20.0


@pytest.fixture(autouse=True)
def fail_on_forgotten_modal(request):  # type: ignore[no-untyped-def]
    """Turn a modal dialog nobody answers into a quick failure instead of a hung CI run.

    Offscreen, a QMessageBox.exec() that a test did not expect waits for a click that never comes,
    and pytest-timeout's signal cannot interrupt Qt's event loop. A timer closes such a dialog after
    MODAL_GRACE_S and the test fails at teardown, naming the dialog's text.
    """
    if "qapp" not in request.fixturenames and "qtbot" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("qapp")  # the timer needs the application to exist
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    seen: dict[int, float] = {}
    closed: list[str] = []

    def check() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            seen.clear()
            return
        first = seen.setdefault(id(modal), time.monotonic())
        if time.monotonic() - first < MODAL_GRACE_S:
            return
        text = modal.text() if isinstance(modal, QMessageBox) else modal.windowTitle()
        closed.append(f"{type(modal).__name__}: {text}")
        if isinstance(modal, QDialog):
            modal.reject()
        else:
            modal.close()

    timer = QTimer()
    timer.setInterval(500)
    timer.timeout.connect(check)
    timer.start()
    yield
    timer.stop()
    assert not closed, f"a modal dialog stayed open with nobody to answer it: {closed}"


@pytest.fixture
def services(tmp_path: Path):  # type: ignore[no-untyped-def]
    from picproof.services.context import open_services

    svc = open_services(tmp_path / "data")
    svc.settings.first_run_done = True
    svc.settings.ui_language = "en"
    svc.settings.operator_name = "Test Operator"
    yield svc
    # The window fixture closes the services on their own worker thread (see MainWindow.shutdown).


@pytest.fixture
def qapp_ready(qapp):  # type: ignore[no-untyped-def]
    from picproof.app import create_application
    from picproof.gui.translation import install_language

    create_application()
    install_language("en")
    yield qapp
    install_language("en")


@pytest.fixture
def window(qtbot, qapp_ready, services):  # type: ignore[no-untyped-def]
    from picproof.gui.main_window import MainWindow

    win = MainWindow(services)
    win.ask_before_quit = False  # nobody answers at teardown; tests of the question set it
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.shutdown()
    # Destroy it now: a later test's language switch would otherwise reach this window too.
    win.close()
    win.deleteLater()
    qtbot.wait(10)


@pytest.fixture
def sample_photos(tmp_path: Path) -> Path:
    """A private copy of the bundled sample photos (tests may add/remove files)."""
    target = tmp_path / "photos"
    shutil.copytree(SAMPLE / "photos", target)
    return target


def wait_jobs(qtbot, win, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    """Process events until no background job is left."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        qtbot.wait(20)
        if not win.ctx.jobs.active:
            qtbot.wait(30)
            if not win.ctx.jobs.active:
                return
    raise AssertionError(f"jobs still running: {[j.label for j in win.ctx.jobs.active]}")
