"""A zoomable, pannable picture with optional overlays (match outline, matched points)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPixmap, QPolygonF, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItemGroup,
    QGraphicsPixmapItem,
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

POINT_COLORS = ("#e53935", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00acc1")


class ImagePaneView(QGraphicsView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setMinimumSize(240, 240)
        self._pixmap_item: QGraphicsPixmapItem | None = None
        self._points: QGraphicsItemGroup | None = None
        self.scale_factor = 1.0
        """Displayed pixels per source pixel (pictures are shown downscaled)."""

    def clear_picture(self, message: str = "") -> None:
        """Drop the old picture at once, so a stale image is never shown next to new facts."""
        self.scene().clear()
        self._pixmap_item = None
        self._points = None
        self.resetTransform()
        if message:
            text = QGraphicsSimpleTextItem(message)
            text.setBrush(QBrush(self.palette().text().color()))
            self.scene().addItem(text)
            self.scene().setSceneRect(text.boundingRect())

    def set_picture(self, image: QImage, scale_factor: float) -> None:
        self.clear_picture()
        self.scale_factor = scale_factor
        self._pixmap_item = self.scene().addPixmap(QPixmap.fromImage(image))
        self.scene().setSceneRect(QRectF(image.rect()))
        self.fit()

    @property
    def has_picture(self) -> bool:
        return self._pixmap_item is not None

    def outline(self, points: list[tuple[float, float]], color: str = "#e53935") -> None:
        """Draw a closed outline given in source-picture pixels."""
        if not self.has_picture or len(points) < 3:
            return
        s = self.scale_factor
        poly = QGraphicsPolygonItem(QPolygonF([QPointF(x * s, y * s) for x, y in points]))
        pen = QPen(QColor(color), 3)
        pen.setCosmetic(True)
        poly.setPen(pen)
        self.scene().addItem(poly)

    def show_points(self, points: list[tuple[float, float]], visible: bool) -> None:
        if self._points is not None:
            self.scene().removeItem(self._points)
            self._points = None
        if not visible or not self.has_picture:
            return
        group = QGraphicsItemGroup()
        s = self.scale_factor
        for i, (x, y) in enumerate(points[:200]):
            dot = QGraphicsEllipseItem(x * s - 4, y * s - 4, 8, 8)
            color = QColor(POINT_COLORS[i % len(POINT_COLORS)])
            dot.setBrush(QBrush(color))
            dot.setPen(QPen(Qt.GlobalColor.white, 1))
            group.addToGroup(dot)
        self.scene().addItem(group)
        self._points = group

    def fit(self) -> None:
        if self.has_picture:
            self.resetTransform()
            self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def zoom(self, factor: float) -> None:
        if self.has_picture:
            self.scale(factor, factor)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if not self.has_picture:
            return
        self.zoom(1.25 if event.angleDelta().y() > 0 else 0.8)

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        super().resizeEvent(event)
        if self.has_picture and self.transform().m11() <= 1.0:
            self.fit()
