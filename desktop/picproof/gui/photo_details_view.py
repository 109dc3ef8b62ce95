"""Right-hand pane of My photos: the selected photo's thumbnail, facts, EXIF and SHA-256."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from picproof.core.models import Photo
from picproof.gui.retranslating import Retranslating
from picproof.gui.widgets import format_when


def human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


class PhotoDetailsView(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(320)
        self._photo: Photo | None = None
        layout = QVBoxLayout(self)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumHeight(200)
        layout.addWidget(self.preview)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for key in (
            "name",
            "folder",
            "size",
            "dimensions",
            "format",
            "captured",
            "camera",
            "sha256",
        ):
            caption, value = QLabel(), QLabel()
            value.setWordWrap(True)
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.captions[key], self.values[key] = caption, value
            self.form.addRow(caption, value)
        self.values["sha256"].setStyleSheet("font-family: monospace;")
        layout.addLayout(self.form)
        self.copy_path = QPushButton()
        self.copy_path.clicked.connect(self._copy_path)
        layout.addWidget(self.copy_path)
        self.copy_hash = QPushButton()
        self.copy_hash.clicked.connect(self._copy_hash)
        layout.addWidget(self.copy_hash)
        layout.addStretch(1)
        self.retranslate()
        self.show_photo(None)

    def retranslate(self) -> None:
        names = {
            "name": self.tr("Name"),
            "folder": self.tr("Folder"),
            "size": self.tr("File size"),
            "dimensions": self.tr("Pixels"),
            "format": self.tr("Format"),
            "captured": self.tr("Taken"),
            "camera": self.tr("Camera"),
            "sha256": self.tr("SHA-256"),
        }
        for key, text in names.items():
            self.captions[key].setText(text)
        self.copy_path.setText(self.tr("Copy file path"))
        self.copy_hash.setText(self.tr("Copy SHA-256"))
        self.show_photo(self._photo, keep_preview=True)

    def show_photo(self, photo: Photo | None, keep_preview: bool = False) -> None:
        self._photo = photo
        if not keep_preview or photo is None:
            # Never leave the previous photo's picture next to this photo's facts.
            self.preview.setPixmap(QPixmap())
            self.preview.setText(
                self.tr("Select a photo to see its details.")
                if photo is None
                else self.tr("Loading…")
            )
        self.copy_path.setEnabled(photo is not None)
        self.copy_hash.setEnabled(photo is not None)
        if photo is None:
            for value in self.values.values():
                value.clear()
            return
        unknown = self.tr("unknown")
        self.values["name"].setText(os.path.basename(photo.path))
        self.values["folder"].setText(os.path.dirname(photo.path))
        self.values["size"].setText(human_size(photo.size))
        self.values["dimensions"].setText(f"{photo.width} × {photo.height}")
        self.values["format"].setText(photo.format)
        self.values["captured"].setText(
            format_when(photo.captured_at) if photo.captured_at else unknown
        )
        self.values["camera"].setText(photo.camera or unknown)
        # Two lines of 32 hex digits: fits the pane; "Copy SHA-256" copies it without the break.
        self.values["sha256"].setText(f"{photo.sha256[:32]}\n{photo.sha256[32:]}")

    def set_preview(self, photo_id: int, pixmap: QPixmap) -> None:
        if self._photo is not None and self._photo.id == photo_id:
            self.preview.setPixmap(pixmap)

    @property
    def photo(self) -> Photo | None:
        return self._photo

    def _copy_path(self) -> None:
        if self._photo is not None:
            QGuiApplication.clipboard().setText(self._photo.path)

    def _copy_hash(self) -> None:
        if self._photo is not None:
            QGuiApplication.clipboard().setText(self._photo.sha256)
