"""Review one match: the suspect picture with the found region outlined beside your original.

The previous pair is cleared the moment another match is selected and a load generation number
discards late results, so a stale picture is never shown next to the new facts. Both SHA-256
hashes are shown under the pictures.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from picproof.core.models import Match, SuspectResult
from picproof.gui.app_context import AppContext
from picproof.gui.image_pane_view import ImagePaneView
from picproof.gui.match_words import level_words, score_words
from picproof.gui.near_duplicates_view import NearDuplicatesView
from picproof.gui.retranslating import Retranslating
from picproof.gui.translation import icon

DISPLAY_MAX_SIDE = 1600


def load_for_display(path: str, max_side: int = DISPLAY_MAX_SIDE) -> tuple[QImage, float]:
    """Decode through the safe loader (never Qt's decoders on untrusted files); worker thread."""
    from picproof.core.imaging import load_image

    loaded = load_image(path, max_side=max_side)
    img = loaded.image.convert("RGB")
    w, h = img.size
    qimage = QImage(img.tobytes(), w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    full_w = loaded.info.width or w
    return qimage, w / full_w if full_w else 1.0


class ReviewView(Retranslating, QWidget):
    decided = Signal(str)
    add_to_case_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.key: tuple[int, int] | None = None
        self._generation = 0
        self.suspect_pane = ImagePaneView()
        self.original_pane = ImagePaneView()
        self.suspect_caption = QLabel()
        self.original_caption = QLabel()
        self.suspect_hash = self._hash_label()
        self.original_hash = self._hash_label()
        grid = QGridLayout()
        grid.addWidget(self.suspect_caption, 0, 0)
        grid.addWidget(self.original_caption, 0, 1)
        grid.addWidget(self.suspect_pane, 1, 0)
        grid.addWidget(self.original_pane, 1, 1)
        grid.addWidget(self.suspect_hash, 2, 0)
        grid.addWidget(self.original_hash, 2, 1)
        grid.setRowStretch(1, 1)

        self.verdict = QLabel()
        font = self.verdict.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.verdict.setFont(font)
        self.verdict.setWordWrap(True)
        self.score = QLabel()
        self.decision_label = QLabel()
        # The matcher cannot tell a photo from another shot of the same scene taken a step
        # away (a stereo pair's two views pass as one photo: BENCHMARKS.md, probe set); the
        # person reviewing can, so the review says what to look for.
        self.caution = QLabel()
        self.caution.setWordWrap(True)

        self.points_box = QCheckBox()
        self.points_box.toggled.connect(self._toggle_points)
        self.zoom_in = QToolButton()
        self.zoom_in.setText("+")
        self.zoom_in.clicked.connect(lambda: self._zoom(1.25))
        self.zoom_out = QToolButton()
        self.zoom_out.setText("−")
        self.zoom_out.clicked.connect(lambda: self._zoom(0.8))
        self.fit_button = QToolButton()
        self.fit_button.clicked.connect(self._fit)
        tools = QHBoxLayout()
        tools.addWidget(self.points_box)
        tools.addStretch(1)
        for b in (self.zoom_out, self.zoom_in, self.fit_button):
            tools.addWidget(b)

        self.accept_button = QPushButton(icon("accept"), "")
        self.accept_button.clicked.connect(lambda: self.decided.emit("accepted"))
        self.reject_button = QPushButton(icon("reject"), "")
        self.reject_button.clicked.connect(lambda: self.decided.emit("rejected"))
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(lambda: self.decided.emit("undo"))
        self.case_button = QPushButton(icon("cases"), "")
        self.case_button.clicked.connect(self.add_to_case_requested.emit)
        actions = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.undo_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.case_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.verdict)
        layout.addWidget(self.score)
        layout.addLayout(tools)
        layout.addLayout(grid, 1)
        layout.addWidget(self.decision_label)
        layout.addWidget(self.caution)
        # other shots of the same scene found at the same place, side by side (issue 17)
        self.near_duplicates = NearDuplicatesView(ctx, load_for_display)
        layout.addWidget(self.near_duplicates)
        layout.addLayout(actions)

        ctx.decision_changed.connect(self._on_decision_changed)
        self.retranslate()
        self.show_match(None)

    def install_shortcuts(self, scope: QWidget) -> None:
        """A, N, P and Undo act on the match shown here wherever the focus is inside ``scope``.

        ``scope`` is the whole Results page: with the list of matches focused, the keys must
        still reach this pane, and never move the list to another match first.
        """
        for seq, handler in (
            ("A", lambda: self._decide_shown("accepted")),
            ("N", lambda: self._decide_shown("rejected")),
            (QKeySequence.StandardKey.Undo, lambda: self.decided.emit("undo")),
            ("P", self._press_points_key),
        ):
            shortcut = QShortcut(QKeySequence(seq), scope)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(handler)

    def _press_points_key(self) -> None:
        if self.points_box.isEnabled():
            self.points_box.toggle()

    def _decide_shown(self, decision: str) -> None:
        if self.current() is not None:
            self.decided.emit(decision)

    @staticmethod
    def _hash_label() -> QLabel:
        label = QLabel()
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setStyleSheet("font-family: monospace; font-size: 9pt;")
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.setWordWrap(True)
        return label

    def retranslate(self) -> None:
        self.suspect_caption.setText(self.tr("Suspect picture (found region outlined)"))
        self.original_caption.setText(self.tr("Your photo"))
        self.points_box.setText(self.tr("Show matching points (P)"))
        self.fit_button.setText(self.tr("Fit"))
        self.zoom_in.setToolTip(self.tr("Zoom in (mouse wheel)"))
        self.zoom_out.setToolTip(self.tr("Zoom out (mouse wheel)"))
        self.accept_button.setText(self.tr("Accept: this is my photo (A)"))
        self.reject_button.setText(self.tr("Not a match (N)"))
        self.undo_button.setText(self.tr("Undo"))
        self.case_button.setText(self.tr("Add to case…"))
        self._describe()

    # ---- showing a match -----------------------------------------------------------------------

    def current(self) -> tuple[SuspectResult, Match] | None:
        if self.key is None:
            return None
        r, m = self.key
        if r >= len(self.ctx.results) or m >= len(self.ctx.results[r].matches):
            return None
        return self.ctx.results[r], self.ctx.results[r].matches[m]

    def show_match(self, key: tuple[int, int] | None) -> None:
        self.key = key
        self._generation += 1
        loading = self.tr("Loading…")
        self.suspect_pane.clear_picture(loading if key else "")
        self.original_pane.clear_picture(loading if key else "")
        self.points_box.blockSignals(True)
        self.points_box.setChecked(False)
        self.points_box.blockSignals(False)
        self._describe()
        pair = self.current()
        self.near_duplicates.show_for(*(pair or (None, None)))
        for w in (
            self.accept_button,
            self.reject_button,
            self.case_button,
            self.points_box,
            self.zoom_in,
            self.zoom_out,
            self.fit_button,
        ):
            w.setEnabled(pair is not None)
        if pair is None:
            return
        result, match = pair
        generation = self._generation
        self.ctx.jobs.run(
            lambda p: (load_for_display(result.path), load_for_display(match.photo_path)),
            label=self.tr("Loading pictures"),
            visible=False,
            on_done=lambda images: self._on_loaded(generation, images),
            on_error=lambda exc: self._on_load_failed(generation),
        )

    def _describe(self) -> None:
        pair = self.current()
        if pair is None:
            self.verdict.setText(self.tr("Select a match to review it."))
            self.score.clear()
            self.suspect_hash.clear()
            self.original_hash.clear()
            self.decision_label.clear()
            self.caution.clear()
            self.undo_button.setEnabled(False)
            return
        result, match = pair
        self.verdict.setText(level_words(match))
        self.caution.setText(
            ""
            if match.level == "identical"
            else self.tr(
                "Accept only if it is this very photo. Another shot of the same scene, taken a "
                "moment or a step apart, is a different photo."
            )
        )
        self.score.setText(score_words(match))
        # Hex does not word-wrap: two lines of 32 digits keep the whole hash visible.
        self.suspect_hash.setText(
            self.tr("SHA-256: {hash}").format(hash=f"{result.sha256[:32]}\n{result.sha256[32:]}")
        )
        self.original_hash.setText(
            self.tr("SHA-256: {hash}").format(
                hash=f"{match.photo_sha256[:32]}\n{match.photo_sha256[32:]}"
            )
        )
        decision = self.ctx.decisions.get(self.key) if self.key else None
        self.decision_label.setText(
            {
                "accepted": self.tr("Your decision: accepted as your photo."),
                "rejected": self.tr("Your decision: not a match."),
            }.get(decision or "", self.tr("Not reviewed yet."))
        )
        self.undo_button.setEnabled(bool(self.ctx.decision_log))

    def _on_loaded(self, generation: int, images: Any) -> None:
        if generation != self._generation:
            return  # the user moved on; this pair is stale
        pair = self.current()
        if pair is None:
            return
        result, match = pair
        (suspect, s_scale), (original, o_scale) = images
        self.suspect_pane.set_picture(suspect, s_scale)
        self.original_pane.set_picture(original, o_scale)
        if match.corners:
            self.suspect_pane.outline([(c[0], c[1]) for c in match.corners])
        elif match.bbox:
            x, y, w, h = match.bbox
            self.suspect_pane.outline([(x, y), (x + w, y), (x + w, y + h), (x, y + h)])
        if match.original_region:
            x, y, w, h = match.original_region
            self.original_pane.outline([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], "#43a047")

    def _on_load_failed(self, generation: int) -> None:
        if generation == self._generation:
            text = self.tr("This picture can no longer be opened (moved or deleted?).")
            self.suspect_pane.clear_picture(text)
            self.original_pane.clear_picture(text)

    @Slot(bool)
    def _toggle_points(self, on: bool) -> None:
        pair = self.current()
        if pair is None:
            return
        pairs = pair[1].point_pairs
        self.suspect_pane.show_points([(p[0], p[1]) for p in pairs], on)
        self.original_pane.show_points([(p[2], p[3]) for p in pairs], on)

    def _zoom(self, factor: float) -> None:
        self.suspect_pane.zoom(factor)
        self.original_pane.zoom(factor)

    def _fit(self) -> None:
        self.suspect_pane.fit()
        self.original_pane.fit()

    @Slot(int, int)
    def _on_decision_changed(self, r: int, m: int) -> None:
        self._describe()
