"""Save a PNG of every main area of the real window, in one language.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/gui_screenshots.py \
        OUT_DIR [en|zh_CN] [--sample]

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


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    language = argv[1] if len(argv) > 1 else "en"
    sample = "--sample" in argv
    out.mkdir(parents=True, exist_ok=True)
    from picproof.app import build_main_window, create_application
    from picproof.services.context import open_services

    data = Path(tempfile.mkdtemp(prefix="picproof-shots-"))
    services = open_services(data)
    services.settings.ui_language = language
    services.settings.first_run_done = True
    app = create_application()
    window = build_main_window(services)
    window.resize(1280, 820)
    window.show()
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
            case = services.cases.create_case("Fake profile 'Grace'", "impersonation")
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
        window.grab().save(str(out / f"{key}_{language}.png"))
    window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
