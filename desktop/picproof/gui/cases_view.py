"""Cases: the list on the left, the selected case's evidence and logs on the right."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from picproof.core.errors import PicProofError
from picproof.gui.app_context import AppContext
from picproof.gui.case_detail_view import CaseDetailView
from picproof.gui.error_text import describe, show_error
from picproof.gui.widgets import heading, hint


class CasesView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = heading()
        self.reminders = hint()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.reminders)
        self.case_list = QListWidget()
        self.case_list.currentItemChanged.connect(self._on_case_selected)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_case)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.case_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addStretch(1)
        left_box.addLayout(row)
        self.detail = CaseDetailView(ctx)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)
        ctx.cases_changed.connect(self.refresh)
        self.retranslate()
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Cases"))
        self.new_button.setText(self.tr("New case…"))
        self._update_reminders()

    def _update_reminders(self) -> None:
        try:
            due = self.ctx.services.cases.due_soon()
        except PicProofError:
            due = []
        if due:
            first = due[0]
            self.reminders.setText(
                self.tr("Deadline soon: {case} — {due} ({days} days left)").format(
                    case=first.case_title, due=first.deadline.due, days=first.days_left
                )
            )
        else:
            self.reminders.setText(
                self.tr(
                    "Each case keeps the evidence for one fake profile or copied listing, with a "
                    "tamper-evident log of everything you did."
                )
            )

    @Slot()
    def refresh(self) -> None:
        current = self.detail.case_id
        self.case_list.blockSignals(True)
        self.case_list.clear()
        select = None
        try:
            cases = self.ctx.services.cases.list_cases()
        except PicProofError as exc:  # e.g. the clinic server is unreachable: say so, go on
            cases, unavailable = [], describe(exc)
        else:
            unavailable = ""
        for case in cases:
            item = QListWidgetItem(f"{case.title}\n{case.status} · {case.created_at[:10]}")
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            self.case_list.addItem(item)
            if case.id == current:
                select = item
        self.case_list.blockSignals(False)
        if select is None and self.case_list.count():
            select = self.case_list.item(0)
        if select is not None:
            self.case_list.setCurrentItem(select)
            self.detail.show_case(int(select.data(Qt.ItemDataRole.UserRole)))
        else:
            self.detail.show_case(None)
        self._update_reminders()
        if unavailable:
            self.reminders.setText(unavailable)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_case_selected(self, item: QListWidgetItem | None, _: object = None) -> None:
        self.detail.show_case(int(item.data(Qt.ItemDataRole.UserRole)) if item else None)

    def new_case(self) -> None:
        title, ok = QInputDialog.getText(
            self,
            self.tr("New case"),
            self.tr("A short name for the case (for example the fake account's name):"),
        )
        if not ok or not title.strip():
            return
        try:
            case = self.ctx.services.cases.create_case(title.strip())
        except PicProofError as exc:
            show_error(self, exc)
            return
        self.ctx.cases_changed.emit()
        for i in range(self.case_list.count()):
            if self.case_list.item(i).data(Qt.ItemDataRole.UserRole) == case.id:
                self.case_list.setCurrentRow(i)
