"""Save a PNG of every main area of the real window, in one language.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/gui_screenshots.py \
        OUT_DIR [en|zh_CN] [--sample] [--fit] [--dark]

``--fit`` keeps the size the window takes at first start on the screen it runs on (use it under
Xvfb with a small or a scaled screen: ``xvfb-run -s "-screen 0 1366x768x24"``, or 2560×1440 with
``QT_SCALE_FACTOR=2``) instead of 1280×820; the file names then carry the screen size, and the
script says whether the review buttons and the status bar are inside the window.

With ``--sample`` the bundled sample library is added, scanned and the sample screenshots checked
first (the first-run tour), so every area shows real content. Used by tests/smoke and to refresh
resources/screenshots/.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def wait_idle(app, window, timeout: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if not window.ctx.jobs.active:
            for _ in range(20):
                app.processEvents()
                time.sleep(0.02)
            if not window.ctx.jobs.active:
                return
        time.sleep(0.02)


def _fits(window) -> str:  # type: ignore[no-untyped-def]
    """Whether the review row and the status bar lie inside the window (small screens)."""
    from PySide6.QtCore import QPoint

    review = window.views["results"].review
    bottom = review.case_button.mapTo(window, QPoint(0, review.case_button.height())).y()
    status = window.statusBar()
    inside = bottom <= status.mapTo(window, QPoint(0, 0)).y() and status.isVisible()
    screen = window.screen().availableGeometry()
    on_screen = window.frameGeometry().height() <= screen.height()
    return f"review buttons and status bar inside: {inside}, window on screen: {on_screen}"


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    language = argv[1] if len(argv) > 1 else "en"
    sample = "--sample" in argv
    fit = "--fit" in argv
    out.mkdir(parents=True, exist_ok=True)
    from picproof.app import build_main_window, create_application
    from picproof.services.context import open_services

    data = Path(tempfile.mkdtemp(prefix="picproof-shots-"))
    services = open_services(data)
    services.settings.ui_language = language
    services.settings.first_run_done = True
    if "--dark" in argv:  # the dark palette (Settings -> Colours -> Dark)
        services.settings.theme = "dark"
    app = create_application()
    window = build_main_window(services)
    window.ask_before_quit = False
    if not fit:
        window.resize(1280, 820)
    window.show()
    suffix = language + ("_dark" if "--dark" in argv else "")
    if fit:
        screen = app.primaryScreen().size()
        ratio = app.primaryScreen().devicePixelRatio()
        suffix = f"{language}_{int(screen.width() * ratio)}x{int(screen.height() * ratio)}"
    wait_idle(app, window)
    if sample:
        window.views["photos"].load_sample()
        wait_idle(app, window, 300)
        wait_idle(app, window, 300)
    if sample and window.ctx.results:
        # Save the first confirmed match in a case and open the letter form, as a newcomer would.
        results = window.views["results"]
        key = next(((r, 0) for r, res in enumerate(window.ctx.results) if res.confirmed), None)
        if key is not None:
            window.ctx.decide(*key, "accepted")
            title = "冒充账号“Grace”" if language == "zh_CN" else "Fake profile 'Grace'"
            case = services.cases.create_case(title, "impersonation")
            results.save_match_to_case(key, case.id)
            wait_idle(app, window)
            results.table.selectRow(key[0])
            letters = window.views["letters"]
            letters.start_for_case(case.id)
            types = [
                letters.type_list.item(i).data(0x0100)["type"]
                for i in range(letters.type_list.count())
            ]
            if "impersonation" in types:
                letters.type_list.setCurrentRow(types.index("impersonation"))
            letters.go(1)
    for key in ("photos", "check", "results", "cases", "letters", "settings"):
        window.show_area(key)
        if key == "photos" and window.views["photos"].model.rowCount():
            grid = window.views["photos"].grid
            grid.setCurrentIndex(window.views["photos"].model.index(0, 0))
        prepare = getattr(window.views[key], "prepare_screenshot", None)
        if prepare:
            prepare()
        wait_idle(app, window)
        window.grab().save(str(out / f"{key}_{suffix}.png"))
        if key == "results" and fit:
            print(f"{suffix}: window {window.width()}x{window.height()}, {_fits(window)}")
    window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
