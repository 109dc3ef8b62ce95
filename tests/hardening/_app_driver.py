"""The real desktop app, told to scan its library (or check suspects) as soon as it is up
(harness 12 kills it at random moments).

``python -m tests.hardening._app_driver DATA_DIR scan`` or ``... DATA_DIR check FILE...``
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QTimer

    from picproof.app import build_main_window, create_application
    from picproof.services.context import open_services

    data, action, *files = argv
    services = open_services(data)
    services.settings.first_run_done = True
    app = create_application()
    window = build_main_window(services)
    window.show()
    if action == "scan":
        QTimer.singleShot(0, window.views["photos"].scan)  # type: ignore[attr-defined]
    else:
        QTimer.singleShot(0, lambda: window.views["check"].check_paths(files))  # type: ignore[attr-defined]
    try:
        return int(app.exec())
    finally:
        window.shutdown()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
