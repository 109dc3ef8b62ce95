"""Other shots of the same scene, side by side, under the match being reviewed.

A library holds series: a burst, several shots of one outfit, a product photographed twice.
When the matcher found more than one of them at the same place of a suspect picture, it reports
the one that fits best and lists the others as near duplicates (core/matching/README.md, "Same
photo or another shot"). A person can tell which one is shown far better than a score can, so
the review puts all of them side by side, the best fit first and marked.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from picproof.core.errors import PicProofError
from picproof.core.models import Match, SuspectResult
from picproof.gui.app_context import AppContext
from picproof.gui.retranslating import Retranslating

Loader = Callable[[str, int], tuple[QImage, float]]
# Longest side of each picture in the row, in screen pixels.
TILE_SIDE = 140


def related(result: SuspectResult, match: Match) -> list[Match]:
    """The matches of ``result`` that are shots of one scene with ``match``, the best fit
    first (``match`` itself included); empty when it has no near duplicate."""
    by_id = {m.photo_id: m for m in result.matches}
    best = by_id.get(match.near_duplicate_of) if match.near_duplicate_of else match
    if best is None:
        return []
    others = [by_id[k] for k in best.near_duplicates if k in by_id]
    return [best, *others] if others else []


class NearDuplicatesView(Retranslating, QFrame):
    """A row of pictures: the photo that fits best, then its near duplicates."""

    def __init__(self, ctx: AppContext, load: Loader, parent: QWidget | None = None) -> None:
        """``load(path, max_side)`` decodes a picture safely (review_view.load_for_display);
        it runs on a worker thread."""
        super().__init__(parent)
        self.ctx = ctx
        self._load = load
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._generation = 0
        self._shown: list[Match] = []
        self._current: Match | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.row = QHBoxLayout()
        self.row.setSpacing(12)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.row)
        self.tiles: list[tuple[QLabel, QLabel]] = []
        self.retranslate()
        self.setVisible(False)

    def retranslate(self) -> None:
        self.heading.setText(
            self.tr(
                "Your library holds other shots of this scene. The matcher reports the one that "
                "fits best; compare them and accept only the photo that is really shown."
            )
        )
        self._caption_all()

    def show_for(self, result: SuspectResult | None, match: Match | None) -> None:
        """Show the near duplicates of ``match`` (hidden when it has none)."""
        self._generation += 1
        self._shown = related(result, match) if result and match else []
        self._current = match
        while self.row.count():
            item = self.row.takeAt(0)
            if item is not None and (w := item.widget()) is not None:
                w.deleteLater()
        self.tiles = []
        self.setVisible(bool(self._shown))
        if not self._shown:
            return
        for _ in self._shown:
            picture = QLabel(self.tr("Loading…"))
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            picture.setMinimumSize(TILE_SIDE // 2, TILE_SIDE // 2)
            caption = QLabel()
            caption.setWordWrap(True)
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            box = QVBoxLayout()
            box.addWidget(picture)
            box.addWidget(caption)
            holder = QWidget()
            holder.setLayout(box)
            self.row.addWidget(holder)
            self.tiles.append((picture, caption))
        self.row.addStretch(1)
        self._caption_all()
        generation = self._generation
        paths = [m.photo_path for m in self._shown]
        self.ctx.jobs.run(
            lambda p: [self._tile(path) for path in paths],
            label=self.tr("Loading pictures"),
            visible=False,
            on_done=lambda images: self._on_loaded(generation, images),
        )

    def _caption_all(self) -> None:
        for n, (m, (_, caption)) in enumerate(zip(self._shown, self.tiles, strict=False)):
            name = os.path.basename(m.photo_path)
            if n == 0:
                text = self.tr("{name}\nfits best").format(name=name)
            else:
                text = self.tr("{name}\nanother shot, fits less well").format(name=name)
            if self._current is not None and m.photo_id == self._current.photo_id:
                text += "\n" + self.tr("(the match you are reviewing)")
            caption.setText(text)

    def _tile(self, path: str) -> QImage | None:
        """A tile of the photo (worker thread); None when it cannot be read."""
        try:
            return self._load(path, TILE_SIDE)[0]
        except PicProofError:
            return None

    def _on_loaded(self, generation: int, images: Any) -> None:
        if generation != self._generation:
            return  # another match was selected meanwhile
        for (picture, _), image in zip(self.tiles, images, strict=False):
            if image is None:
                picture.setText(self.tr("This picture can no longer be opened."))
            else:
                picture.setPixmap(QPixmap.fromImage(image))
