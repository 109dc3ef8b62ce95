"""A real app process is killed (SIGKILL) between "Accept" and "Add to case"; the next start shows
the check and the decision, and the match can still be added to a case."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QWidget
from tests.gui.conftest import SAMPLE, wait_jobs
from tests.gui.test_review_session_gui import _answer, _new_case

ROOT = Path(__file__).resolve().parents[2]

APP = r"""
import sys, json
from pathlib import Path
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from picproof.app import create_application
from picproof.gui.main_window import MainWindow
from picproof.gui.translation import install_language
from picproof.services.context import open_services

data, photos, shot = sys.argv[1:4]
services = open_services(data)
services.settings.first_run_done = True
services.settings.operator_name = "Kill Test"
app = create_application()
install_language("en")
win = MainWindow(services)
win.show()
ctx = win.ctx

def when_idle(then):
    def poll():
        if ctx.jobs.active:
            QTimer.singleShot(50, poll)
        else:
            then()
    QTimer.singleShot(50, poll)

def check():
    ctx.check_files.emit([shot])
    when_idle(accept)

def accept():
    results = win.views["results"]
    portrait = next(
        m for m, match in enumerate(ctx.results[0].matches)
        if Path(match.photo_path).name == "portrait.jpg"
    )
    results.matches.setFocus()
    results.matches.setCurrentRow(portrait)
    QTest.keyClick(results.matches, Qt.Key.Key_A)
    when_idle(report)

def report():
    saved = json.loads(ctx.review_store.path.read_text(encoding="utf-8"))
    print("READY", json.dumps(saved["decisions"]), flush=True)

win.views["photos"].add_folder(photos)
when_idle(check)
sys.exit(app.exec())
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_decisions_survive_kill_between_accept_and_add_to_case(
    qtbot, qapp_ready, sample_photos: Path, tmp_path: Path
) -> None:
    from picproof.gui.main_window import MainWindow
    from picproof.services.context import open_services

    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            APP,
            str(data),
            str(sample_photos),
            str(SAMPLE / "screenshots" / "dating_profile.jpg"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 150
        line = ""
        while time.monotonic() < deadline and proc.poll() is None:
            line = proc.stdout.readline()  # type: ignore[union-attr]
            if line.startswith("READY"):
                break
        assert line.startswith("READY"), proc.stderr.read() if proc.poll() is not None else line  # type: ignore[union-attr]
        assert '"accepted"' in line
        os.kill(proc.pid, signal.SIGKILL)  # no closeEvent, no shutdown, nothing flushed
        proc.wait(10)
        assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)

    services = open_services(data)
    window = MainWindow(services)
    window.ask_before_quit = False
    qtbot.addWidget(window)
    window.show()
    try:
        assert len(window.ctx.results) == 1
        [(key, decision)] = window.ctx.decisions.items()
        assert decision == "accepted"
        assert Path(window.ctx.results[0].matches[key[1]].photo_path).name == "portrait.jpg"
        assert window.ctx.session.unsaved_accepted() == [key]

        results = window.views["results"]
        results.matches.setCurrentRow(key[1])
        assert results.review.key == key

        def give_name(dialog: QWidget) -> None:
            assert isinstance(dialog, QInputDialog)  # the operator's name, asked once
            dialog.setTextValue("Kill Test")
            dialog.accept()

        # accepted already: no question about the decision; the name, then the case
        _answer(qtbot, give_name, _new_case("After the crash"))
        results.review.case_button.click()
        wait_jobs(qtbot, window)
        [case] = services.cases.list_cases()
        [record] = services.cases.matches(case.id)
        assert record.decision == "accepted"
        assert case.operator == "Kill Test"
        assert window.ctx.session.unsaved_accepted() == []
        assert services.settings.operator_asked
        assert '"Kill Test"' in services.paths.settings_file.read_text(encoding="utf-8")
    finally:
        window.shutdown()
        window.close()
