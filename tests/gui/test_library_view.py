from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from tests.gui.conftest import wait_jobs


def test_add_folder_scans_and_fills_grid_with_thumbnails(
    window, qtbot, sample_photos: Path
) -> None:
    view = window.views["photos"]
    assert view.pages.currentIndex() == 0  # empty state invites to add a folder
    view.add_folder(str(sample_photos))
    wait_jobs(qtbot, window)
    assert view.pages.currentIndex() == 1
    assert view.model.rowCount() == 7
    assert "7" in view.folder_list.item(0).text()
    # thumbnails arrive off the GUI thread
    for row in range(7):
        view.model.data(view.model.index(row, 0), Qt.ItemDataRole.DecorationRole)
    qtbot.waitUntil(
        lambda: all(view.thumbs._cache.get(view.model.photo_id(r)) is not None for r in range(7)),
        timeout=20000,
    )

    # selecting shows details with the SHA-256 of that very photo
    index = view.model.index(2, 0)
    view.grid.setCurrentIndex(index)
    photo = view.model.photo_at(2)
    assert view.details.photo.id == photo.id
    assert view.details.values["sha256"].text().replace("\n", "") == photo.sha256
    assert view.details.values["name"].text() == Path(photo.path).name


def test_search_and_sort(window, qtbot, sample_photos: Path) -> None:
    view = window.views["photos"]
    view.add_folder(str(sample_photos))
    wait_jobs(qtbot, window)
    view.search.setText("pan")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    assert view.model.data(view.model.index(0, 0)) == "panda.jpg"
    view.search.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 7, timeout=5000)
    view.sort.setCurrentIndex(2)  # by file size
    view.descending.setChecked(True)
    wait_jobs(qtbot, window)
    sizes = [view.model.photo_at(r).size for r in range(7)]
    assert sizes == sorted(sizes, reverse=True)


def test_grid_model_passes_qtmodeltester(window, qtbot, qtmodeltester, sample_photos: Path) -> None:
    view = window.views["photos"]
    view.add_folder(str(sample_photos))
    wait_jobs(qtbot, window)
    qtmodeltester.check(view.model, force_py=True)
    assert view.model.rowCount(view.model.index(0, 0)) == 0
    assert view.model.data(QModelIndex()) is None


def test_unreadable_files_are_listed_not_fatal(window, qtbot, sample_photos: Path) -> None:
    (sample_photos / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    view = window.views["photos"]
    view.add_folder(str(sample_photos))
    wait_jobs(qtbot, window)
    assert view.model.rowCount() == 7
    assert view.skipped_button.isVisibleTo(view)
    assert "1" in view.skipped_button.text()


def test_missing_folder_gives_plain_error(window, qtbot, tmp_path: Path, monkeypatch) -> None:
    shown: list[str] = []
    import picproof.gui.library_view as lv

    monkeypatch.setattr(
        lv,
        "show_error",
        lambda parent, exc: shown.append(
            __import__("picproof.gui.error_text", fromlist=["describe"]).describe(exc)
        ),
    )
    window.views["photos"].add_folder(str(tmp_path / "nope"))
    assert shown and "does not exist" in shown[0] and "Traceback" not in shown[0]
