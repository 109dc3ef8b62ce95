"""List model of library photos: holds ids only, fetches rows in pages and thumbnails lazily.

A 100,000-photo library costs one list of ints; rows are read 200 at a time when first shown.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Slot
from PySide6.QtGui import QColor, QPixmap

from picproof.core.models import Photo
from picproof.gui.thumbnail_loader import ThumbnailLoader

PAGE = 200
PhotoRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2


class PhotoGridModel(QAbstractListModel):
    def __init__(
        self,
        library: Any,
        thumbnails: ThumbnailLoader | None,
        parent: Any = None,
        thumb_size: int = 160,
    ) -> None:
        super().__init__(parent)
        self._thumb_size = thumb_size
        # Same-size blank stand-in while a thumbnail loads, so the grid never jumps or clips.
        self._placeholder = QPixmap(thumb_size, thumb_size)
        self._placeholder.fill(QColor(128, 128, 128, 40))
        self._library = library
        self._thumbs = thumbnails
        self._ids: list[int] = []
        self._row_of: dict[int, int] = {}
        self._rows: dict[int, Photo] = {}
        if thumbnails is not None:
            thumbnails.ready.connect(self._on_thumbnail)

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._row_of = {pid: row for row, pid in enumerate(self._ids)}
        self._rows.clear()
        self.endResetModel()

    def photo_id(self, row: int) -> int:
        return self._ids[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._ids)

    def photo_at(self, row: int) -> Photo | None:
        pid = self._ids[row]
        photo = self._rows.get(pid)
        if photo is None:
            start = (row // PAGE) * PAGE
            page = self._ids[start : start + PAGE]
            for p in self._library.photos_by_ids(page):
                self._rows[p.id] = p
            photo = self._rows.get(pid)
        return photo

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row = index.row()
        if role == IdRole:
            return self._ids[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, PhotoRole):
            photo = self.photo_at(row)
            if photo is None:
                return None
            if role == PhotoRole:
                return photo
            if role == Qt.ItemDataRole.ToolTipRole:
                return photo.path
            return os.path.basename(photo.path)
        if role == Qt.ItemDataRole.DecorationRole and self._thumbs is not None:
            return self._thumbs.get(self._ids[row]) or self._placeholder
        if role == Qt.ItemDataRole.SizeHintRole:
            return QSize(self._thumb_size + 20, self._thumb_size + 36)
        return None

    @Slot(object, object)
    def _on_thumbnail(self, key: Any, pixmap: QPixmap) -> None:
        row = self._row_of.get(key)
        if row is not None:
            idx = self.index(row, 0)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])
