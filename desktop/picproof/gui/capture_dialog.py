"""Capture a region of the screen: the desktop is grabbed once, then the user drags a rectangle."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QRubberBand, QVBoxLayout, QWidget


class CaptureDialog(QDialog):
    """Full-screen view of a frozen screenshot; the chosen region is ``self.region`` (a QPixmap)."""

    def __init__(self, shot: QPixmap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("PicProof — Capture a screen region"))
        self.shot = shot
        self.region: QPixmap | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.hint = QLabel(self.tr("Drag a rectangle around the picture. Press Esc to cancel."))
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.hint)
        self.canvas = QLabel()
        self.canvas.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry().size() if screen else QSize(1200, 800)
        self.scaled = shot.scaled(
            available * 0.9,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.canvas.setPixmap(self.scaled)
        layout.addWidget(self.canvas)
        self.band = QRubberBand(QRubberBand.Shape.Rectangle, self.canvas)
        self.origin = QPoint()
        self.canvas.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802, ANN001 - Qt override
        if obj is self.canvas and isinstance(event, QMouseEvent):
            pos = event.position().toPoint()
            if event.type() == QMouseEvent.Type.MouseButtonPress:
                self.origin = pos
                self.band.setGeometry(QRect(pos, QSize()))
                self.band.show()
                return True
            if event.type() == QMouseEvent.Type.MouseMove and self.band.isVisible():
                self.band.setGeometry(QRect(self.origin, pos).normalized())
                return True
            if event.type() == QMouseEvent.Type.MouseButtonRelease and self.band.isVisible():
                self.select(QRect(self.origin, pos).normalized())
                return True
        return super().eventFilter(obj, event)

    def select(self, rect_on_canvas: QRect) -> None:
        """Map a rectangle on the scaled picture back to screen pixels and finish."""
        if rect_on_canvas.width() < 8 or rect_on_canvas.height() < 8:
            self.band.hide()
            return
        fx = self.shot.width() / max(1, self.scaled.width())
        fy = self.shot.height() / max(1, self.scaled.height())
        r = QRect(
            int(rect_on_canvas.x() * fx),
            int(rect_on_canvas.y() * fy),
            int(rect_on_canvas.width() * fx),
            int(rect_on_canvas.height() * fy),
        )
        self.region = self.shot.copy(r.intersected(self.shot.rect()))
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
        else:
            super().keyPressEvent(event)
