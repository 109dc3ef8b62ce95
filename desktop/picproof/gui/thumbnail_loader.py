"""Thumbnails off the GUI thread: newest requests first, old ones dropped while scrolling fast.

The service makes (and caches on disk) a small JPEG; a worker decodes it into a QImage (thread-safe,
unlike QPixmap) and hands it to the GUI thread through a queued signal.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QImage, QPainter, QPixmap

from picproof.core.errors import PicProofError
from picproof.gui.jobs import JobRunner

MAX_PENDING = 300
CACHE_SIZE = 2000


class ThumbnailLoader(QObject):
    ready = Signal(object, object)
    """(key, QPixmap) in the GUI thread."""

    def __init__(
        self,
        jobs: JobRunner,
        make: Callable[[Any], str],
        parent: QObject | None = None,
        workers: int = 2,
        square: int | None = None,
    ) -> None:
        """``make(key)`` returns the path of a thumbnail file; it runs in a worker thread."""
        super().__init__(parent)
        self._jobs = jobs
        self._make = make
        self._workers = workers
        self._square = square
        self._running = 0
        self._pending: OrderedDict[Any, None] = OrderedDict()
        self._lock = threading.Lock()
        self._cache: OrderedDict[Any, QPixmap] = OrderedDict()
        self._failed: set[Any] = set()

    def get(self, key: Any) -> QPixmap | None:
        """The cached pixmap, or None after queueing a load (``ready`` fires later)."""
        pixmap = self._cache.get(key)
        if pixmap is not None:
            self._cache.move_to_end(key)
            return pixmap
        if key in self._failed:
            return None
        with self._lock:
            self._pending[key] = None
            self._pending.move_to_end(key)
            while len(self._pending) > MAX_PENDING:
                self._pending.popitem(last=False)
        self._start_worker()
        return None

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()
        self._cache.clear()
        self._failed.clear()

    def _drain(self, progress: Any) -> None:
        while True:
            progress.check_cancelled()
            with self._lock:
                if not self._pending:
                    return
                key, _ = self._pending.popitem(last=True)
            try:
                image = self._pad(QImage(str(self._make(key))))
            except PicProofError:
                image = QImage()
            except OSError:
                image = QImage()
            self._jobs.post(self._on_loaded, key, image)

    def _pad(self, image: QImage) -> QImage:
        """Centre on a transparent square so every grid cell lines up.

        QPainter on a QImage is thread-safe, so this runs on the loader's thread.
        """
        if self._square is None or image.isNull():
            return image
        side = self._square
        scaled = image.scaled(
            side,
            side,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        out = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
        out.fill(Qt.GlobalColor.transparent)
        painter = QPainter(out)
        painter.drawImage((side - scaled.width()) // 2, (side - scaled.height()) // 2, scaled)
        painter.end()
        return out

    @Slot(object)
    def _worker_done(self, _: object = None) -> None:
        self._running -= 1
        with self._lock:
            more = bool(self._pending)
        if more:
            self._start_worker()

    def _start_worker(self) -> None:
        """One more background loader draining the queue, unless ``workers`` already run."""
        if self._running >= self._workers:
            return
        self._running += 1
        self._jobs.run(
            self._drain,
            label="thumbnails",
            visible=False,
            on_done=self._worker_done,
            on_error=self._worker_done,
        )

    def _on_loaded(self, key: Any, image: QImage) -> None:
        if image.isNull():
            self._failed.add(key)
            return
        pixmap = QPixmap.fromImage(image)
        self._cache[key] = pixmap
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        self.ready.emit(key, pixmap)
