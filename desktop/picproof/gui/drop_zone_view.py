"""A large target that accepts dragged files and folders (and dragged images)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class DropZoneView(QFrame):
    paths_dropped = Signal(list)
    image_dropped = Signal(object)
    """A QImage dragged from another application (no file behind it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(160)
        self.setObjectName("dropZone")
        self._style(False)
        layout = QVBoxLayout(self)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        layout.addWidget(self.label)

    def _style(self, active: bool) -> None:
        color = "palette(highlight)" if active else "palette(mid)"
        self.setStyleSheet(f"#dropZone {{ border: 2px dashed {color}; border-radius: 10px; }}")

    def set_text(self, text: str) -> None:
        self.label.setText(text)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage():
            event.acceptProposedAction()
            self._style(True)

    def dragLeaveEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        self._style(False)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        self._style(False)
        mime = event.mimeData()
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if paths:
            self.paths_dropped.emit(paths)
            event.acceptProposedAction()
        elif mime.hasImage():
            self.image_dropped.emit(mime.imageData())
            event.acceptProposedAction()


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given; folders replaced by the pictures directly and indirectly inside them."""
    from picproof.core.imaging import is_image_name

    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(
                str(p) for p in sorted(path.rglob("*")) if p.is_file() and is_image_name(p.name)
            )
        else:
            out.append(str(path))
    return out
