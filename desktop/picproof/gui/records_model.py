"""A read-only table model over a list of frozen records, with columns given as functions.

Used for the evidence table, matches, the custody log and deadlines (each a few hundred rows at
most; the photo library uses the lazy id model instead).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Column = tuple[Callable[[], str], Callable[[Any], Any]]
"""(header text function, value function)."""


class RecordsModel(QAbstractTableModel):
    def __init__(
        self,
        columns: Sequence[Column],
        parent: Any = None,
        tooltip: Callable[[Any], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._records: list[Any] = []
        self._tooltip = tooltip

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self._records[row]

    def retranslate(self) -> None:
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
            if self._records:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self._records) - 1, len(self._columns) - 1)
                )

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section][0]()
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._columns[index.column()][1](record)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and self._tooltip is not None:
            return self._tooltip(record)
        return None
