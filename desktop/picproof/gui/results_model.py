"""Table model: one row per checked picture (suspect); matches are reviewed in the Review pane."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication, QStyle

from picproof.core.errors import ImageError
from picproof.gui.app_context import AppContext
from picproof.gui.error_text import describe
from picproof.gui.match_words import result_summary, short_level
from picproof.gui.widgets import palette_tone

COLUMNS = 4


class ResultsModel(QAbstractTableModel):
    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.results_changed.connect(self._reset)
        ctx.decision_changed.connect(self._decision)

    @Slot()
    def _reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    @Slot(int, int)
    def _decision(self, r: int, _m: int) -> None:
        if 0 <= r < self.rowCount():
            self.dataChanged.emit(self.index(r, 0), self.index(r, COLUMNS - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.ctx.results)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < COLUMNS:
            return None
        return (
            self.tr("Picture"),
            self.tr("What was found"),
            self.tr("Best match"),
            self.tr("Reviewed"),
        )[section]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.ctx.results):
            return None
        r = index.row()
        result = self.ctx.results[r]
        col = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            if result.error:
                return describe(ImageError(result.error, path=os.path.basename(result.path)))
            return result.path
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and col == 1
            and (result.confirmed or result.error)
        ):
            return QBrush(palette_tone(QApplication.palette(), "bad"))
        if role == Qt.ItemDataRole.DecorationRole and col == 1 and result.error:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == 0:
            return os.path.basename(result.path)
        if col == 1:
            return result_summary(result)
        if col == 2:
            if not result.matches:
                return ""
            best = max(result.matches, key=lambda m: m.score)
            return short_level(best.level)
        decided = [self.ctx.decisions.get((r, m)) for m in range(len(result.matches))]
        if not result.matches:
            return ""
        accepted = decided.count("accepted")
        rejected = decided.count("rejected")
        return self.tr("{a} accepted, {n} not a match, {o} open").format(
            a=accepted, n=rejected, o=len(decided) - accepted - rejected
        )
