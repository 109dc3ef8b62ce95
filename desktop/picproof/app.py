"""Composition root of the desktop app: services, QApplication, translators, font, main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import cast


def _setup_logging(log_dir: Path) -> None:
    # Unexpected errors are logged with their traceback here; the user only sees a plain sentence.
    log_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        filename=str(log_dir / "picproof.log"),
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def create_application(argv: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The QApplication (reused when one exists, as under pytest-qt) with names, icon and font."""
    # The GUI process runs many threads; a fork()ed scan worker can inherit a lock held by one of
    # them and hang for ever. Worker processes are therefore spawned, on every platform.
    import multiprocessing

    from PySide6.QtWidgets import QApplication

    from picproof import __version__
    from picproof.gui.translation import apply_font_fallback, icon, load_bundled_font

    if multiprocessing.get_start_method(allow_none=True) != "spawn":
        multiprocessing.set_start_method("spawn", force=True)
    existing = QApplication.instance()
    app = cast(QApplication, existing or QApplication(argv if argv is not None else sys.argv[:1]))
    app.setApplicationName("PicProof")
    app.setOrganizationName("PicProof")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(icon("app"))
    # Register Pillow's decoders once, here, before any worker thread decodes: the lazy
    # registration in core.imaging is not safe when two threads make the very first call.
    from picproof.core.imaging import heif_available

    heif_available()
    apply_font_fallback(load_bundled_font())
    return app


def build_main_window(services):  # type: ignore[no-untyped-def]
    """Language, then the window (first-run welcome is offered by the window once shown)."""
    from picproof.gui.appearance import apply_appearance
    from picproof.gui.main_window import MainWindow
    from picproof.gui.translation import effective_language, install_language

    install_language(effective_language(services.settings.ui_language))
    apply_appearance(services.settings.theme, services.settings.text_size)
    return MainWindow(services)


def run_app(data_dir: str | Path | None = None) -> int:
    from picproof.services.context import open_services

    services = open_services(data_dir)
    _setup_logging(services.paths.data_dir / "logs")
    app = create_application()
    window = build_main_window(services)
    window.show()
    window.offer_welcome()
    try:
        return int(app.exec())
    finally:
        window.shutdown()  # also closes the services, on their own thread


def qt_version() -> str:
    """The Qt binding's version, for ``picproof self-test`` (which must not import Qt itself)."""
    import PySide6
    from PySide6 import QtCore

    return f"PySide6 {PySide6.__version__} (Qt {QtCore.qVersion()})"
