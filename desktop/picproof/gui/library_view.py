"""My photos: the folders PicProof watches, the scan, and a searchable thumbnail grid."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QItemSelection, QMimeData, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from picproof.core.errors import PicProofError
from picproof.core.models import ScanReport
from picproof.core.resources import resource_dir
from picproof.gui.app_context import AppContext
from picproof.gui.error_text import show_error
from picproof.gui.jobs import Job
from picproof.gui.photo_details_view import PhotoDetailsView
from picproof.gui.photo_grid_model import PhotoGridModel
from picproof.gui.retranslating import Retranslating
from picproof.gui.thumbnail_loader import ThumbnailLoader
from picproof.gui.translation import icon
from picproof.gui.widgets import format_when, heading, hint, show_status

THUMB = 160
SORTS = ("path", "captured", "size", "added")


class LibraryView(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.ctx = ctx
        self.library = ctx.services.library
        self.thumbs = ThumbnailLoader(
            ctx.jobs, lambda pid: str(self.library.thumbnail(pid, THUMB)), self, square=THUMB
        )
        self.model = PhotoGridModel(self.library, self.thumbs, self, THUMB)
        self._ids_job: Job | None = None
        self._after_scan_check: list[str] = []

        self.title = heading()
        self.summary = hint()
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_empty_page())
        self.pages.addWidget(self._build_library_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.pages, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.reload_photos)
        self.thumbs.ready.connect(self._on_thumb)
        ctx.library_changed.connect(self.refresh)
        self.retranslate()
        self.refresh()

    # ---- layout --------------------------------------------------------------------------------

    def _build_empty_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addStretch(1)
        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.empty_text)
        row = QHBoxLayout()
        row.addStretch(1)
        self.empty_add = QPushButton(icon("folder"), "")
        self.empty_add.clicked.connect(self.add_folder)
        self.empty_sample = QPushButton()
        self.empty_sample.clicked.connect(self.load_sample)
        row.addWidget(self.empty_add)
        row.addWidget(self.empty_sample)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(2)
        return page

    def _build_library_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        folders_row = QHBoxLayout()
        self.folder_list = QListWidget()
        self.folder_list.setMaximumHeight(96)
        folders_row.addWidget(self.folder_list, 1)
        buttons = QVBoxLayout()
        self.add_button = QPushButton(icon("folder"), "")
        self.add_button.clicked.connect(self.add_folder)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_folder)
        self.scan_button = QPushButton()
        self.scan_button.clicked.connect(self.scan)
        for b in (self.add_button, self.remove_button, self.scan_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        folders_row.addLayout(buttons)
        box.addLayout(folders_row)

        tools = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.sort = QComboBox()
        self.sort.currentIndexChanged.connect(lambda _: self.reload_photos())
        self.descending = QCheckBox()
        self.descending.toggled.connect(lambda _: self.reload_photos())
        self.skipped_button = QPushButton()
        self.skipped_button.setFlat(True)
        self.skipped_button.clicked.connect(self.show_skipped)
        tools.addWidget(self.search, 2)
        tools.addWidget(self.sort)
        tools.addWidget(self.descending)
        tools.addStretch(1)
        tools.addWidget(self.skipped_button)
        box.addLayout(tools)

        split = QSplitter()
        self.grid = QListView()
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setUniformItemSizes(True)
        self.grid.setIconSize(QSize(THUMB, THUMB))
        self.grid.setGridSize(QSize(THUMB + 24, THUMB + 40))
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setLayoutMode(QListView.LayoutMode.Batched)
        self.grid.setBatchSize(200)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setModel(self.model)
        self.grid.selectionModel().selectionChanged.connect(self._on_selection)
        self.details = PhotoDetailsView()
        split.addWidget(self.grid)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        box.addWidget(split, 1)
        return page

    def retranslate(self) -> None:
        self.title.setText(self.tr("My photos"))
        self.empty_text.setText(
            self.tr(
                "Add the folders that hold your own photos. PicProof reads them on this computer "
                "only, and then finds them inside screenshots of other people's profiles or shops."
            )
        )
        self.empty_add.setText(self.tr("Add photo folder…"))
        self.empty_sample.setText(self.tr("Try with sample photos"))
        self.add_button.setText(self.tr("Add folder…"))
        self.remove_button.setText(self.tr("Remove folder…"))
        self.scan_button.setText(self.tr("Scan now"))
        self.search.setPlaceholderText(self.tr("Search by file or folder name"))
        current = max(0, self.sort.currentIndex())
        self.sort.blockSignals(True)
        self.sort.clear()
        self.sort.addItems(
            [
                self.tr("Sort by name"),
                self.tr("Sort by date taken"),
                self.tr("Sort by file size"),
                self.tr("Sort by date added"),
            ]
        )
        self.sort.setCurrentIndex(current)
        self.sort.blockSignals(False)
        self.descending.setText(self.tr("Reverse order"))
        self._update_summary()

    # ---- data ----------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        folders = self.library.folders()
        self.pages.setCurrentIndex(1 if folders else 0)
        self.folder_list.clear()
        for folder in folders:
            when = (
                format_when(folder.last_scan_at)
                if folder.last_scan_at
                else self.tr("not scanned yet")
            )
            text = self.tr("{path} — {count} photos — last scan: {when}").format(
                path=folder.path, count=folder.photo_count, when=when
            )
            item = QListWidgetItem(icon("folder"), text)
            item.setData(Qt.ItemDataRole.UserRole, folder.id)
            self.folder_list.addItem(item)
        self.reload_photos()

    @Slot()
    def reload_photos(self) -> None:
        search = self.search.text().strip()
        sort = SORTS[max(0, self.sort.currentIndex())]
        descending = self.descending.isChecked()
        if self._ids_job is not None:
            self._ids_job.cancel()
        self._ids_job = self.ctx.jobs.run(
            lambda p: self.library.photo_ids(search, sort=sort, descending=descending),
            label=self.tr("Loading photos"),
            visible=False,
            on_done=self._on_ids,
        )

    @Slot(object)
    def _on_ids(self, ids: list[int]) -> None:
        if self.sender() is not self._ids_job:
            return  # an older query finished after a newer one started
        self._ids_job = None
        self.model.set_ids(ids)
        self.details.show_photo(None)
        self._update_summary()

    def _update_summary(self) -> None:
        if not hasattr(self, "skipped_button"):
            return
        total = self.model.rowCount()
        self.summary.setText(self.tr("Photos shown: {count}").format(count=total))
        try:
            skipped = len(self.library.skipped_files())
        except PicProofError:
            skipped = 0
        self.skipped_button.setVisible(skipped > 0)
        self.skipped_button.setText(
            self.tr("Files that could not be read: {count}…").format(count=skipped)
        )

    @Slot(QItemSelection, QItemSelection)
    def _on_selection(self, *_: Any) -> None:
        indexes = self.grid.selectionModel().selectedIndexes()
        if not indexes:
            self.details.show_photo(None)
            return
        row = indexes[0].row()
        photo = self.model.photo_at(row)
        self.details.show_photo(photo)
        if photo is not None:
            pixmap = self.thumbs.get(photo.id)
            if pixmap is not None:
                self.details.set_preview(photo.id, pixmap)

    @Slot(object, object)
    def _on_thumb(self, key: Any, pixmap: Any) -> None:
        self.details.set_preview(key, pixmap)

    # ---- actions -------------------------------------------------------------------------------

    def add_folder(self, path: str | None = None) -> None:
        if not path:
            path = QFileDialog.getExistingDirectory(
                self, self.tr("Choose a folder with your photos")
            )
        if path:
            self.add_folders([path])

    def add_folders(self, paths: list[str]) -> None:
        """Register folders and scan once. The first folder of the user's own also ends the
        sample tour: the sample photos leave My photos (nothing is deleted from disk)."""
        added = 0
        for path in paths:
            try:
                self.library.add_folder(path)
            except PicProofError as exc:
                show_error(self, exc)
                continue
            added += 1
        if not added:
            return
        sample = self._sample_folder_id()
        if sample is not None and all(os.path.realpath(p) != self._sample_photos() for p in paths):
            library = self.library
            self.ctx.jobs.run(lambda p: library.remove_folder(sample), lane="write", visible=False)
            show_status(
                self, self.tr("The sample photos of the tour were removed from My photos."), 8000
            )
        self.ctx.library_changed.emit()
        self.scan()

    @staticmethod
    def _sample_photos() -> str:
        return os.path.realpath(resource_dir() / "sample" / "photos")

    def _sample_folder_id(self) -> int | None:
        sample = self._sample_photos()
        return next(
            (f.id for f in self.library.folders() if os.path.realpath(f.path) == sample), None
        )

    # ---- a folder dropped onto the page --------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if _dropped_folders(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        folders = _dropped_folders(event.mimeData())
        if folders:
            event.acceptProposedAction()
            self.add_folders(folders)

    def remove_folder(self) -> None:
        item = self.folder_list.currentItem()
        if item is None:
            QMessageBox.information(
                self,
                self.tr("Remove folder"),
                self.tr("First click the folder you want to remove."),
            )
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove folder"),
            self.tr(
                "Stop watching this folder? Your photo files are not deleted; PicProof only "
                "forgets them. Evidence already saved in cases is kept."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        folder_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.ctx.jobs.run(
            lambda p: self.library.remove_folder(folder_id),
            lane="write",
            label=self.tr("Removing folder"),
            on_done=lambda _: self.ctx.library_changed.emit(),
            on_error=lambda e: show_error(self, e),
        )

    def scan(self) -> None:
        self.scan_button.setEnabled(False)
        self.ctx.jobs.run(
            lambda p: self.ctx.services.scan_library(progress=p),
            lane="write",
            label=self.tr("Scanning your photos"),
            on_done=self._on_scanned,
            on_error=self._on_scan_error,
            on_cancelled=self._on_scan_stopped,
        )

    @Slot(object)
    def _on_scanned(self, report: ScanReport) -> None:
        self.scan_button.setEnabled(True)
        self.ctx.library_changed.emit()
        show_status(
            self,
            self.tr(
                "Scan finished: {photos} photos ({added} new, {removed} gone, {skipped} "
                "unreadable)."
            ).format(
                photos=report.photos,
                added=report.added,
                removed=report.removed,
                skipped=len(report.skipped),
            ),
            10000,
        )
        if self._after_scan_check:
            paths, self._after_scan_check = self._after_scan_check, []
            self.ctx.check_files.emit(paths)

    def _on_scan_error(self, exc: PicProofError) -> None:
        self.scan_button.setEnabled(True)
        self._after_scan_check = []
        show_error(self, exc)

    def _on_scan_stopped(self) -> None:
        self.scan_button.setEnabled(True)
        self._after_scan_check = []
        self.ctx.library_changed.emit()

    def load_sample(self) -> None:
        """The first-run tour: register the bundled photos, scan, check the sample screenshots."""
        sample = resource_dir() / "sample"
        known = {f.path for f in self.library.folders()}
        shots = sorted(str(p) for p in (sample / "screenshots").glob("*.jpg"))
        self._after_scan_check = shots
        photos = str((sample / "photos").resolve())
        if photos in known:
            self.scan()
            return
        try:
            self.library.add_folder(photos)
        except PicProofError as exc:
            show_error(self, exc)
            return
        self.ctx.library_changed.emit()
        self.scan()

    def show_skipped(self) -> None:
        from picproof.core.errors import ImageError
        from picproof.gui.error_text import describe

        lines = [
            f"{s.path}\n    {describe(ImageError(s.reason, path=''))}"
            for s in self.library.skipped_files()[:200]
        ]
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Files that could not be read"),
            self.tr(
                "These files were skipped. They stay where they are; fix or "
                "replace them and scan again."
            ),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setDetailedText("\n".join(lines))
        box.exec()


def _dropped_folders(mime: QMimeData | None) -> list[str]:
    """The local folders among dropped items (photos are added by folder)."""
    if mime is None or not mime.hasUrls():
        return []
    return [
        u.toLocalFile() for u in mime.urls() if u.isLocalFile() and os.path.isdir(u.toLocalFile())
    ]
