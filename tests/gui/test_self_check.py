"""``picproof self-test --gui`` from the source tree: the frozen checks' steps stay in step with the
app (the build runs the same command inside dist/PicProof, see tests/frozen)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def test_gui_self_test_runs_every_step(tmp_path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-m", "picproof", "--json", "self-test", "--gui"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=tmp_path,
    )
    report = json.loads(out.stdout)
    steps = [c for c in report["components"] if c["component"].startswith("gui")]
    assert [s["component"] for s in steps] == [
        "gui-window",
        "gui-areas",
        "gui-sample-check",
        "gui-case",
        "gui-letter",
        "gui-bundle",
    ], out.stderr[-2000:]
    assert all(s["ok"] for s in steps), steps
    assert "same-photo" in steps[2]["detail"]
    assert out.returncode == 0 and report["ok"]


def test_a_failed_step_fails_the_self_test(monkeypatch, qapp) -> None:
    from picproof.gui import self_check

    def broken(state, tmp):  # type: ignore[no-untyped-def]
        raise self_check.CheckFailed("the letter is not a complete PDF")

    monkeypatch.setattr(self_check, "_letter", broken)
    monkeypatch.setattr(self_check, "_sample_check", lambda app, state, t: _fake_sample(state))
    seen: list[tuple[str, bool, str]] = []
    assert self_check.run_gui_check(lambda n, ok, d: seen.append((n, ok, d))) is False
    assert seen[-1][0] == "gui-letter" and not seen[-1][1]
    assert "not a complete PDF" in seen[-1][2]
    assert [n for n, _, _ in seen] == [
        "gui-window",
        "gui-areas",
        "gui-sample-check",
        "gui-case",
        "gui-letter",
    ]


def _fake_sample(state) -> str:  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from picproof.core.resources import resource_dir

    sample = resource_dir() / "sample"
    state["screenshot"] = sample / "screenshots" / "dating_profile.jpg"
    state["match"] = SimpleNamespace(photo_path=str(sample / "photos" / "portrait.jpg"))
    return "skipped in this test"


@pytest.mark.timeout(120)
def test_an_error_dialog_fails_the_step_instead_of_waiting(monkeypatch, qapp) -> None:
    """A failed job shows a modal message nobody will click: the check closes it and fails."""
    from PySide6.QtWidgets import QMessageBox

    from picproof.gui import self_check

    def failing_scan(app, state, timeout):  # type: ignore[no-untyped-def]
        QMessageBox.critical(state["window"], "Scan", "The scan stopped: numpy is broken")
        return "scan done"

    monkeypatch.setattr(self_check, "_sample_check", failing_scan)
    seen: list[tuple[str, bool, str]] = []
    assert self_check.run_gui_check(lambda n, ok, d: seen.append((n, ok, d))) is False
    assert seen[-1][0] == "gui-sample-check" and not seen[-1][1]
    assert "numpy is broken" in seen[-1][2]
