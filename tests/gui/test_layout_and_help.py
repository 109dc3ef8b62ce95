"""First-start size, the Help menu, folders dropped onto My photos, the tour's sample folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, QSize, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from tests.gui.conftest import SAMPLE, wait_jobs


def test_first_size_fits_small_and_scaled_screens(qapp_ready) -> None:
    from picproof.gui.main_window import first_size

    assert first_size(QSize(1920, 1040)) == QSize(1200, 800)
    small = first_size(QSize(1366, 728))  # 1366×768 with a taskbar
    assert small.height() <= 728 and small.width() <= 1366
    scaled = first_size(QSize(1280, 680))  # 2560×1440 at 200 %
    assert scaled.height() <= 680 and scaled.width() <= 1280


def test_help_has_the_guide_and_the_shortcuts(window) -> None:
    from picproof.gui.help_dialog import HelpDialog

    actions = [a.text() for a in window.menu_help.actions()]
    assert "Guide" in actions and "Keyboard shortcuts" in actions
    guide = HelpDialog(window).text.toPlainText()
    for heading in ("What each page does", "How to read a match", "What a trusted time stamp"):
        assert heading in guide
    keys = HelpDialog(window, shortcuts_only=True).text.toPlainText()
    assert "Ctrl+Shift+V" in keys and "Accept the match shown" in keys


def _drop_event(kind, paths: list[Path]):  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    if kind is QDragEnterEvent:
        return QDragEnterEvent(QPointF(5, 5).toPoint(), *args), mime
    return QDropEvent(QPointF(5, 5), *args), mime


def test_a_dropped_folder_joins_my_photos_and_ends_the_tour(window, qtbot, tmp_path) -> None:
    photos = window.views["photos"]
    library = window.services.library
    library.add_folder(str(SAMPLE / "photos"))  # as the welcome tour does
    own = tmp_path / "my photos"
    own.mkdir()
    shutil.copy(SAMPLE / "photos" / "portrait.jpg", own / "me.jpg")

    enter, _mime = _drop_event(QDragEnterEvent, [own / "me.jpg"])
    photos.dragEnterEvent(enter)
    assert not enter.isAccepted()  # a single photo is not a folder: nothing to add
    enter, _mime = _drop_event(QDragEnterEvent, [own])
    photos.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop, _mime = _drop_event(QDropEvent, [own])
    photos.dropEvent(drop)
    wait_jobs(qtbot, window, 120)
    folders = [Path(f.path).resolve() for f in library.folders()]
    assert folders == [own.resolve()]  # the sample folder left with the user's first own folder
    assert library.photo_count() == 1
