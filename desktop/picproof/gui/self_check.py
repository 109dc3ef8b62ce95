"""``picproof self-test --gui``: the whole app at work, end to end, in a throw-away data folder.

Run inside the frozen app by the build (installer/build_app.py) and by a test, it proves that every
module, plugin and resource the app loads at run time made it into the bundle: the main window
opens (offscreen) and paints every area, the sample photos are indexed by the spawned scan workers,
the sample screenshot is checked through the window's Check page and yields at least one
``same-photo`` match, the match becomes evidence in a case, a letter PDF is written and read back,
and an evidence bundle is exported and verified. Nothing is sent anywhere (no time stamps).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from picproof.core.resources import resource_dir

#: ``(step, ok, detail)`` reported as each step ends.
Report = Callable[[str, bool, str], None]


class CheckFailed(Exception):
    """A step did not give what it must; the message says what was seen instead."""


def _wait(app: Any, window: Any, timeout: float) -> None:
    """Run the event loop until the window's background jobs are done."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
        if not window.ctx.jobs.active:
            app.processEvents()
            if not window.ctx.jobs.active:
                return
    labels = [j.label for j in window.ctx.jobs.active]
    raise CheckFailed(f"still running after {timeout:.0f} s: {labels}")


def run_gui_check(report: Report, *, timeout: float = 180.0) -> bool:
    """Run every step, report each; True when all passed. Never raises for a failed step."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="picproof-selftest-") as tmp:
        return _run(Path(tmp), report, timeout)


def _run(tmp: Path, report: Report, timeout: float) -> bool:
    from picproof.app import build_main_window, create_application
    from picproof.services.context import open_services

    services = open_services(tmp / "data")
    services.settings.first_run_done = True
    services.settings.ui_language = "en"
    state: dict[str, Any] = {"services": services}
    window = None
    closer = None
    ok = True

    def step(name: str, fn: Callable[[], str]) -> bool:
        nonlocal ok
        started = time.perf_counter()
        try:
            detail = fn()
            if state["dialogs"]:
                raise CheckFailed("the app showed: " + " | ".join(state["dialogs"]))
        except Exception as exc:  # each failure is reported; the remaining steps are skipped
            shown = state.get("dialogs") or []
            said = (
                f" (the app showed: {' | '.join(shown)})"
                if shown and "showed" not in str(exc)
                else ""
            )
            report(name, False, f"{type(exc).__name__}: {exc}{said}")
            ok = False
            return False
        report(name, True, f"{detail} ({time.perf_counter() - started:.1f} s)")
        return True

    try:
        app = create_application()
        # Nobody is there to click: an error dialog (a job that failed, say) would wait for ever.
        # Close each one and fail the step with what it said.
        from PySide6.QtCore import QTimer

        state["dialogs"] = []
        closer = QTimer()
        closer.setInterval(100)
        closer.timeout.connect(lambda: _dismiss_dialogs(state["dialogs"]))
        closer.start()

        def open_window() -> str:
            nonlocal window
            window = build_main_window(services)
            window.show()
            app.processEvents()
            state["window"] = window
            return "main window shown"

        steps: list[tuple[str, Callable[[], str]]] = [
            ("gui-window", open_window),
            ("gui-areas", lambda: _visit_areas(app, state)),
            ("gui-sample-check", lambda: _sample_check(app, state, timeout)),
            ("gui-case", lambda: _case(state)),
            ("gui-letter", lambda: _letter(state, tmp)),
            ("gui-bundle", lambda: _bundle(state, tmp)),
        ]
        for name, fn in steps:
            if not step(name, fn):
                break
    finally:
        if closer is not None:
            closer.stop()  # a later run in this process must not close its dialogs for us
            closer.deleteLater()
        if window is not None:
            window.shutdown()  # also closes the services
            window.close()
        else:
            services.close()
    return ok


def _dismiss_dialogs(seen: list[str]) -> None:
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, QDialog):
        text = dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle()
        seen.append(" ".join(text.split())[:300])
        dialog.reject()


def _visit_areas(app: Any, state: dict[str, Any]) -> str:
    from picproof.gui.main_window import AREA_KEYS

    window = state["window"]
    for key in AREA_KEYS:
        window.show_area(key)
        app.processEvents()
        if window.current_area != key:
            raise CheckFailed(f"area {key} did not open")
        picture = window.grab()
        if picture.isNull() or picture.width() < 400:
            raise CheckFailed(f"area {key} did not paint")
    return f"{len(AREA_KEYS)} areas painted"


def _sample_check(app: Any, state: dict[str, Any], timeout: float) -> str:
    window = state["window"]
    sample = resource_dir() / "sample"
    window.views["photos"].add_folder(str(sample / "photos"))
    _wait(app, window, timeout)
    photos = int(state["services"].library.stats()["photos"])  # type: ignore[call-overload]
    if photos < 7:
        raise CheckFailed(f"{photos} sample photos indexed, expected 7")
    shot = sample / "screenshots" / "dating_profile.jpg"
    window.views["check"].check_paths([str(shot)])
    _wait(app, window, timeout)
    results = window.ctx.results
    found = [m for r in results for m in r.matches if m.level == "same-photo"]
    if not found:
        levels = [m.level for r in results for m in r.matches]
        raise CheckFailed(f"no same-photo match in the sample screenshot (levels {levels})")
    state["screenshot"], state["match"] = shot, found[0]
    return f"{photos} photos indexed, {len(found)} same-photo match(es)"


def _case(state: dict[str, Any]) -> str:
    cases = state["services"].cases
    case = cases.create_case("Self-test", kind="impersonation")
    [suspect] = cases.add_evidence(case.id, [state["screenshot"]], kind="suspect")
    [original] = cases.add_evidence(case.id, [state["match"].photo_path], kind="original")
    state["case"] = case
    if cases.verify_log(case.id):
        raise CheckFailed("the custody log does not verify")
    return f"case {case.id} with evidence {suspect.id}, {original.id}"


def _letter(state: dict[str, Any], tmp: Path) -> str:
    letters = state["services"].letters
    case_id = state["case"].id
    tpl, ctx = letters.context_for_case(case_id, "impersonation", "en")
    values = [f"{f.name}={f.example}" for f in tpl.fields if not ctx.has(f.name)]
    pdf = tmp / "letter.pdf"
    letters.generate(case_id, "impersonation", "en", pdf_path=pdf, assignments=values)
    data = pdf.read_bytes()
    if not data.startswith(b"%PDF") or b"%%EOF" not in data[-1024:]:
        raise CheckFailed("the letter is not a complete PDF")
    return f"letter PDF {len(data) // 1024} KB"


def _bundle(state: dict[str, Any], tmp: Path) -> str:
    from picproof.services.bundle_verify import verify_bundle

    out = tmp / "bundle.zip"
    result = state["services"].bundles.export(state["case"].id, out)
    report = verify_bundle(out)  # what `picproof verify` runs
    if not report.ok:
        raise CheckFailed(f"the exported bundle does not verify: {report.to_json()}")
    return f"bundle of {result.files} files verifies"
