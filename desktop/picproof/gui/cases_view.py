"""Cases: the list on the left, the selected case's evidence and logs on the right."""

from __future__ import annotations

from PySide6.QtCore import QStandardPaths, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from picproof.core.cases import Case, DueReminder
from picproof.core.errors import PicProofError
from picproof.gui.app_context import AppContext
from picproof.gui.case_detail_view import CaseDetailView
from picproof.gui.case_words import status_name
from picproof.gui.error_text import describe, show_error
from picproof.gui.match_saver import ensure_operator
from picproof.gui.retranslating import Retranslating
from picproof.gui.widgets import format_date, heading, hint, show_status


class CasesView(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._listing = 0  # the latest list read asked for
        self._select: int | None = None  # a case to select once the list arrives
        self._due: list[DueReminder] = []
        self._unavailable: PicProofError | None = None
        self.title = heading()
        self.reminders = hint()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.reminders)
        self.case_list = QListWidget()
        self.case_list.currentItemChanged.connect(self._on_case_selected)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_case)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_bundle)
        self.show_archived = QCheckBox()
        self.show_archived.toggled.connect(lambda _: self.refresh())
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.case_list, 1)
        left_box.addWidget(self.show_archived)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.import_button)
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

    def retranslate(self) -> None:
        self.title.setText(self.tr("Cases"))
        self.new_button.setText(self.tr("New case…"))
        self.import_button.setText(self.tr("Import a bundle…"))
        self.import_button.setToolTip(
            self.tr("Receive a case someone sent you as an evidence bundle (.zip)")
        )
        self.show_archived.setText(self.tr("Show archived cases"))
        self.refresh()
        self._update_reminders()

    def _update_reminders(self) -> None:
        if self._due:
            first = self._due[0]
            self.reminders.setText(
                self.tr("Deadline soon: {case} — {due} ({days} days left)").format(
                    case=first.case_title, due=format_date(first.deadline.due), days=first.days_left
                )
            )
        elif self._unavailable is not None:  # e.g. the clinic server is unreachable: say so
            self.reminders.setText(describe(self._unavailable))
        else:
            self.reminders.setText(
                self.tr(
                    "Each case keeps the evidence for one fake profile or copied listing, with a "
                    "tamper-evident log of everything you did."
                )
            )

    @Slot()
    def refresh(self) -> None:
        """Read the list of cases in the background (on a clinic server every read is a round
        trip) and show it when it arrives; a newer request wins over one still on its way."""
        self._listing += 1
        request = self._listing
        self.ctx.jobs.run(
            lambda _p: _read_cases(self.ctx),
            visible=False,
            on_done=lambda listing: self._show_list(request, *listing),
            on_error=lambda exc: self._show_list(request, [], [], exc),
        )

    def _show_list(
        self,
        request: int,
        cases: list[Case],
        due: list[DueReminder],
        unavailable: PicProofError | None,
    ) -> None:
        if request != self._listing:
            return  # an older read: a newer one is on its way
        self._due, self._unavailable = due, unavailable
        current = self._select if self._select is not None else self.detail.case_id
        self._select = None
        self.case_list.blockSignals(True)
        self.case_list.clear()
        select = None
        archived = self.show_archived.isChecked()
        for case in cases:
            if case.status == "archived" and not archived:
                continue
            item = QListWidgetItem(
                f"{case.title}\n{status_name(case.status)} · {format_date(case.created_at)}"
            )
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

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_case_selected(self, item: QListWidgetItem | None, _: object = None) -> None:
        self.detail.show_case(int(item.data(Qt.ItemDataRole.UserRole)) if item else None)

    def new_case(self) -> None:
        ensure_operator(self, self.ctx)
        title, ok = QInputDialog.getText(
            self,
            self.tr("New case"),
            self.tr("A short name for the case (for example the fake account's name):"),
        )
        if not ok or not title.strip():
            return
        cases = self.ctx.services.cases
        self.ctx.jobs.run(
            lambda p: cases.create_case(title.strip()),
            lane="write",
            visible=False,
            on_done=lambda case: self._created(case.id),
            on_error=lambda e: show_error(self, e),
        )

    def import_bundle(self) -> None:
        """The same checks as ``picproof case import``: refused unless every check passes."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import an evidence bundle"),
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation),
            self.tr("Evidence bundle (*.zip)"),
        )
        if not path:
            return
        bundles = self.ctx.services.bundles
        self.ctx.jobs.run(
            lambda p: bundles.import_bundle(path, progress=p),
            lane="write",
            label=self.tr("Checking and importing the bundle"),
            on_done=lambda case: self._imported(case.id, case.title),
            on_error=lambda e: show_error(self, e),
        )

    def _imported(self, case_id: int, title: str) -> None:
        self._created(case_id)
        show_status(
            self,
            self.tr("The bundle passed every check and was imported as the case {title}.").format(
                title=title
            ),
            10000,
        )

    def _created(self, case_id: int) -> None:
        self._select = case_id  # shown selected once the list is read again
        self.ctx.cases_changed.emit()


def _read_cases(ctx: AppContext) -> tuple[list[Case], list[DueReminder], PicProofError | None]:
    """The cases and the deadlines due soon; a store that cannot be read is an answer too."""
    try:
        cases = ctx.services.cases
        return cases.list_cases(), cases.due_soon(), None
    except PicProofError as exc:
        return [], [], exc
