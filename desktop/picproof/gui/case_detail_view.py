"""One case: evidence table, matches, custody log (with verification), deadlines, time stamps."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from picproof.core.errors import PicProofError
from picproof.gui.app_context import AppContext
from picproof.gui.error_text import show_error
from picproof.gui.records_model import RecordsModel
from picproof.gui.widgets import format_when, heading, hint


def _table(model: RecordsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


class CaseDetailView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id: int | None = None
        self.title = heading()
        self.facts = hint()
        self.evidence_model = RecordsModel(
            [
                (
                    lambda: QCoreApplication.translate("CaseDetailView", "Kind"),
                    lambda e: self._kind_name(e.kind),
                ),
                (
                    lambda: QCoreApplication.translate("CaseDetailView", "File"),
                    lambda e: e.filename,
                ),
                (
                    lambda: QCoreApplication.translate("CaseDetailView", "Collected"),
                    lambda e: format_when(e.created_at),
                ),
                (
                    lambda: QCoreApplication.translate("CaseDetailView", "Added by"),
                    lambda e: e.added_by_name,
                ),
                (
                    lambda: QCoreApplication.translate("CaseDetailView", "Time stamp"),
                    lambda e: (
                        format_when(e.timestamp.gen_time)
                        if e.timestamp
                        else QCoreApplication.translate("CaseDetailView", "pending")
                    ),
                ),
                (
                    lambda: QCoreApplication.translate("CaseDetailView", "SHA-256"),
                    lambda e: e.sha256,
                ),
            ],
            self,
            tooltip=lambda e: e.acquisition.source_path or e.acquisition.url or e.filename,
        )
        self.match_model = RecordsModel(
            [
                (
                    lambda: QCoreApplication.translate("CaseDetailView", "Your photo (SHA-256)"),
                    lambda m: m.photo_sha256[:16] + "…",
                ),
                (lambda: QCoreApplication.translate("CaseDetailView", "Level"), lambda m: m.level),
                (
                    lambda: QCoreApplication.translate("CaseDetailView", "Score"),
                    lambda m: round(m.score * 100),
                ),
                (
                    lambda: QCoreApplication.translate("CaseDetailView", "Decision"),
                    lambda m: {
                        "accepted": QCoreApplication.translate("CaseDetailView", "accepted"),
                        "rejected": QCoreApplication.translate("CaseDetailView", "not a match"),
                    }.get(m.decision, QCoreApplication.translate("CaseDetailView", "open")),
                ),
                (
                    lambda: QCoreApplication.translate("CaseDetailView", "Saved"),
                    lambda m: format_when(m.created_at),
                ),
            ],
            self,
        )
        self.custody_model = RecordsModel(
            [
                (lambda: QCoreApplication.translate("CaseDetailView", "#"), lambda c: c.seq),
                (
                    lambda: QCoreApplication.translate("CaseDetailView", "When"),
                    lambda c: format_when(c.at),
                ),
                (lambda: QCoreApplication.translate("CaseDetailView", "Event"), lambda c: c.event),
                (
                    lambda: QCoreApplication.translate("CaseDetailView", "By"),
                    lambda c: str(c.data.get("db_user") or c.data.get("operator") or ""),
                ),
                (
                    lambda: QCoreApplication.translate("CaseDetailView", "Entry hash"),
                    lambda c: c.hash[:24] + "…",
                ),
            ],
            self,
            tooltip=lambda c: str(c.data),
        )
        self.deadline_model = RecordsModel(
            [
                (lambda: QCoreApplication.translate("CaseDetailView", "Due"), lambda d: d.due),
                (
                    lambda: QCoreApplication.translate("CaseDetailView", "What"),
                    lambda d: self._deadline_name(d.kind),
                ),
                (
                    lambda: QCoreApplication.translate("CaseDetailView", "Done"),
                    lambda d: (
                        QCoreApplication.translate("CaseDetailView", "yes")
                        if d.done
                        else QCoreApplication.translate("CaseDetailView", "no")
                    ),
                ),
            ],
            self,
        )
        self.tabs = QTabWidget()
        self.evidence_view = _table(self.evidence_model)
        self.tabs.addTab(self.evidence_view, "")
        self.tabs.addTab(_table(self.match_model), "")
        custody_page = QWidget()
        custody_box = QVBoxLayout(custody_page)
        custody_box.setContentsMargins(0, 0, 0, 0)
        self.chain_status = QLabel()
        self.chain_status.setWordWrap(True)
        custody_box.addWidget(self.chain_status)
        custody_box.addWidget(_table(self.custody_model))
        self.tabs.addTab(custody_page, "")
        deadline_page = QWidget()
        deadline_box = QVBoxLayout(deadline_page)
        deadline_box.setContentsMargins(0, 0, 0, 0)
        self.deadline_view = _table(self.deadline_model)
        deadline_box.addWidget(self.deadline_view)
        drow = QHBoxLayout()
        self.add_deadline_button = QPushButton()
        self.add_deadline_button.clicked.connect(self._add_deadline)
        self.done_deadline_button = QPushButton()
        self.done_deadline_button.clicked.connect(self._complete_deadline)
        drow.addWidget(self.add_deadline_button)
        drow.addWidget(self.done_deadline_button)
        drow.addStretch(1)
        deadline_box.addLayout(drow)
        self.tabs.addTab(deadline_page, "")

        self.add_files_button = QPushButton()
        self.add_files_button.clicked.connect(self._add_files)
        self.stamp_button = QPushButton()
        self.stamp_button.clicked.connect(self._timestamp)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._export)
        self.letter_button = QPushButton()
        self.letter_button.clicked.connect(lambda: self.ctx.letter_for_case.emit(self.case_id))
        from picproof.gui.signing_view import SignCheckBox

        self.sign_report = SignCheckBox(ctx.services)  # signs the bundle's report.pdf
        actions = QHBoxLayout()
        for b in (self.add_files_button, self.stamp_button, self.export_button, self.sign_report):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.letter_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(actions)
        self.retranslate()
        self.show_case(None)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        for i, text in enumerate(
            (self.tr("Evidence"), self.tr("Matches"), self.tr("Custody log"), self.tr("Deadlines"))
        ):
            self.tabs.setTabText(i, text)
        for model in (
            self.evidence_model,
            self.match_model,
            self.custody_model,
            self.deadline_model,
        ):
            model.retranslate()
        self.add_files_button.setText(self.tr("Add files…"))
        self.stamp_button.setText(self.tr("Time-stamp evidence"))
        self.export_button.setText(self.tr("Export evidence bundle…"))
        self.letter_button.setText(self.tr("Write a letter…"))
        self.add_deadline_button.setText(self.tr("Add deadline…"))
        self.done_deadline_button.setText(self.tr("Mark done"))
        self.show_case(self.case_id)

    def _kind_name(self, kind: str) -> str:
        return {
            "suspect": self.tr("suspect picture"),
            "original": self.tr("your original"),
            "page": self.tr("web page"),
            "page-image": self.tr("page image"),
            "explanation": self.tr("match picture"),
            "letter": self.tr("letter"),
            "chat": self.tr("chat"),
            "other": self.tr("other"),
        }.get(kind, kind)

    def _deadline_name(self, kind: str) -> str:
        return {
            "ecommerce-43-counter-notice": self.tr(
                "Reply to seller's counter-notice (E-commerce Law art. 43)"
            ),
            "dmca-counter-notice": self.tr("DMCA counter-notice: file suit before restoration"),
        }.get(kind, kind)

    @Slot()
    def show_case(self, case_id: int | None) -> None:
        self.case_id = case_id
        enabled = case_id is not None
        for b in (
            self.add_files_button,
            self.stamp_button,
            self.export_button,
            self.letter_button,
            self.add_deadline_button,
            self.done_deadline_button,
        ):
            b.setEnabled(enabled)
        if case_id is None:
            self.title.setText(self.tr("No case selected"))
            self.facts.setText(self.tr("Create a case, or add a match to a case from Results."))
            for model in (
                self.evidence_model,
                self.match_model,
                self.custody_model,
                self.deadline_model,
            ):
                model.set_records([])
            self.chain_status.clear()
            return
        cases = self.ctx.services.cases
        try:
            case = cases.get_case(case_id)
            evidence = cases.list_evidence(case_id)
            self.evidence_model.set_records(evidence)
            self.match_model.set_records(cases.matches(case_id))
            self.custody_model.set_records(cases.custody_log(case_id))
            self.deadline_model.set_records(cases.deadlines(case_id))
            problems = cases.verify_log(case_id)
        except PicProofError as exc:
            show_error(self, exc)
            return
        self.title.setText(case.title)
        stamped = sum(1 for e in evidence if e.timestamp is not None)
        self.facts.setText(
            self.tr(
                "Opened {created} · {count} evidence items, {stamped} time-stamped · status: "
                "{status}"
            ).format(
                created=format_when(case.created_at),
                count=len(evidence),
                stamped=stamped,
                status=case.status,
            )
        )
        if problems:
            first = problems[0]
            self.chain_status.setText(
                self.tr(
                    "Warning: the custody log has been altered (problem '{code}' at entry {seq}). "
                    "Keep a copy of the data folder and ask for help before using this case."
                ).format(code=first.code, seq=first.seq if first.seq is not None else "?")
            )
            self.chain_status.setStyleSheet("color: #b71c1c;")
        else:
            self.chain_status.setText(
                self.tr("The custody log is intact: every entry is chained to the one before it.")
            )
            self.chain_status.setStyleSheet("color: #2e7d32;")

    # ---- actions -------------------------------------------------------------------------------

    def _add_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Add files as evidence"))
        if not files or self.case_id is None:
            return
        case_id = self.case_id
        self.ctx.jobs.run(
            lambda p: self.ctx.services.cases.add_evidence(case_id, files, progress=p),
            lane="write",
            label=self.tr("Saving evidence"),
            on_done=lambda _: self.ctx.cases_changed.emit(),
            on_error=lambda e: show_error(self, e),
        )

    def _timestamp(self) -> None:
        if self.case_id is None:
            return
        from picproof.gui.tsa_consent import ask_tsa_consent

        if not ask_tsa_consent(self, self.ctx.services):
            QMessageBox.information(
                self,
                self.tr("Time-stamp evidence"),
                self.tr(
                    "No time-stamping service can be used. Allow the built-in services or add "
                    "one in Settings first."
                ),
            )
            return
        case_id = self.case_id
        self.ctx.jobs.run(
            lambda p: self.ctx.services.timestamps.timestamp_case(case_id, progress=p),
            lane="write",
            label=self.tr("Time-stamping evidence"),
            on_done=self._on_stamped,
            on_error=lambda e: show_error(self, e),
        )

    def _on_stamped(self, run: Any) -> None:
        self.ctx.cases_changed.emit()
        if run.pending:
            QMessageBox.warning(
                self,
                self.tr("Time-stamp evidence"),
                self.tr(
                    "{done} items were time-stamped; {pending} are still waiting because no "
                    "service answered. Try again later."
                ).format(done=run.timestamped, pending=run.pending),
            )
        else:
            self.window().statusBar().showMessage(
                self.tr("{done} items time-stamped.").format(done=run.timestamped), 8000
            )

    def _export(self) -> None:
        if self.case_id is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export evidence bundle"),
            "evidence.zip",
            self.tr("Evidence bundle (*.zip)"),
        )
        if not path:
            return
        case_id = self.case_id
        from picproof.gui.tsa_consent import ask_tsa_consent, show_export_result

        ask_tsa_consent(self, self.ctx.services)  # the export says so when it cannot stamp

        def done(result: Any) -> None:
            self.window().statusBar().showMessage(
                self.tr("Bundle saved: {path}").format(path=os.path.basename(path)), 8000
            )
            show_export_result(self, result)

        from picproof.gui.signing_view import signer_in_job

        services, signed = self.ctx.services, self.sign_report.isChecked()
        self.ctx.jobs.run(
            lambda p: services.bundles.export(
                case_id,
                path,
                progress=p,
                sign_report=signer_in_job(services, signed, case_id, "Evidence report"),
            ),
            lane="write",
            label=self.tr("Exporting evidence"),
            on_done=done,
            on_error=lambda e: show_error(self, e),
        )

    def _add_deadline(self) -> None:
        if self.case_id is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Add deadline"))
        form = QFormLayout(dialog)
        kind = QComboBox()
        for key in ("ecommerce-43-counter-notice", "dmca-counter-notice"):
            kind.addItem(self._deadline_name(key), key)
        start = QDateEdit(QDate.currentDate())
        start.setCalendarPopup(True)
        form.addRow(self.tr("Deadline"), kind)
        form.addRow(self.tr("Counter-notice received on"), start)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if not dialog.exec():
            return
        try:
            self.ctx.services.cases.add_deadline(
                self.case_id, kind.currentData(), start=start.date().toString(Qt.DateFormat.ISODate)
            )
        except PicProofError as exc:
            show_error(self, exc)
            return
        self.ctx.cases_changed.emit()

    def _complete_deadline(self) -> None:
        rows = self.deadline_view.selectionModel().selectedRows()
        if not rows:
            return
        deadline = self.deadline_model.record(rows[0].row())
        self.ctx.services.cases.complete_deadline(deadline.id, not deadline.done)
        self.ctx.cases_changed.emit()
