"""One case: evidence table, matches, custody log (with verification), deadlines, time stamps."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from picproof.core.cases import Case
from picproof.core.errors import PicProofError
from picproof.gui.app_context import AppContext
from picproof.gui.case_dialogs import DeadlineDialog, ExportDialog, documents_path, open_evidence
from picproof.gui.case_tables import (
    MatchNames,
    custody_model,
    deadline_model,
    evidence_model,
    match_model,
    table,
)
from picproof.gui.case_words import kind_name, status_name
from picproof.gui.error_text import show_error
from picproof.gui.retranslating import Retranslating
from picproof.gui.widgets import format_when, heading, hint, set_tone, show_status
from picproof.services.cases import CaseOverview


class CaseDetailView(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id: int | None = None
        self.case: Case | None = None
        self._reading = 0  # the latest read of a case asked for
        title_row = self._title_row()
        self.facts = hint()
        self.match_names = MatchNames()
        self.evidence_model = evidence_model(self)
        self.match_model = match_model(self, self.match_names)
        self.custody_model = custody_model(self)
        self.deadline_model = deadline_model(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._evidence_page(), "")
        self.tabs.addTab(table(self.match_model), "")
        self.tabs.addTab(self._custody_page(), "")
        self.tabs.addTab(self._deadline_page(), "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(title_row)
        layout.addWidget(self.facts)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._actions())
        self.retranslate()
        self.show_case(None)

    def _title_row(self) -> QHBoxLayout:
        """The case's name and its menu (rename, close, archive)."""
        self.title = heading()
        self.case_menu_button = QToolButton()
        self.case_menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.case_menu = QMenu(self)
        self.act_rename = self.case_menu.addAction("", self._rename)
        self.act_close = self.case_menu.addAction("", self._toggle_closed)
        self.act_archive = self.case_menu.addAction("", self._toggle_archived)
        self.case_menu_button.setMenu(self.case_menu)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.case_menu_button)
        return title_row

    def _evidence_page(self) -> QWidget:
        page, box = _tab_page()
        self.evidence_view = table(self.evidence_model)
        self.evidence_view.doubleClicked.connect(lambda _: self._open_selected())
        box.addWidget(self.evidence_view)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open_selected)
        box.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _custody_page(self) -> QWidget:
        page, box = _tab_page()
        self.chain_status = QLabel()
        self.chain_status.setWordWrap(True)
        box.addWidget(self.chain_status)
        box.addWidget(table(self.custody_model))
        return page

    def _deadline_page(self) -> QWidget:
        page, box = _tab_page()
        self.deadline_view = table(self.deadline_model)
        box.addWidget(self.deadline_view)
        row = QHBoxLayout()
        self.add_deadline_button = QPushButton()
        self.add_deadline_button.clicked.connect(self._add_deadline)
        self.done_deadline_button = QPushButton()
        self.done_deadline_button.clicked.connect(self._complete_deadline)
        row.addWidget(self.add_deadline_button)
        row.addWidget(self.done_deadline_button)
        row.addStretch(1)
        box.addLayout(row)
        return page

    def _actions(self) -> QHBoxLayout:
        """What can be done with the whole case: add files, time-stamp, export, write a letter."""
        self.add_files_button = QPushButton()
        self.add_files_button.clicked.connect(self._add_files)
        self.stamp_button = QPushButton()
        self.stamp_button.clicked.connect(self._timestamp)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._export)
        self.letter_button = QPushButton()
        self.letter_button.clicked.connect(lambda: self.ctx.letter_for_case.emit(self.case_id))
        from picproof.gui.signing_view import SignCheckBox

        self.sign_report = SignCheckBox(self.ctx.services, report=True)
        actions = QHBoxLayout()
        for b in (self.add_files_button, self.stamp_button, self.export_button, self.sign_report):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.letter_button)
        return actions

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
        self.done_deadline_button.setText(self.tr("Mark done / not done"))
        self.open_button.setText(self.tr("Open"))
        self.open_button.setToolTip(self.tr("Open a copy in this computer's viewer"))
        self.case_menu_button.setText(self.tr("Case"))
        self.act_rename.setText(self.tr("Rename…"))
        self.show_case(self.case_id)

    @Slot()
    def show_case(self, case_id: int | None) -> None:
        """Show a case. Its records are read in the background (on a clinic server every read
        is a round trip, and checking a long custody log takes time) and shown when they
        arrive; a newer request wins over one still on its way."""
        self.case_id = case_id
        enabled = case_id is not None
        for b in (
            self.add_files_button,
            self.stamp_button,
            self.export_button,
            self.letter_button,
            self.add_deadline_button,
            self.done_deadline_button,
            self.open_button,
            self.case_menu_button,
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
            self.case = None
            self._reading += 1  # a read still on its way is not shown
            return
        if self.case is not None and self.case.id != case_id:
            self.case = None  # the actions wait for this case's records
        self._reading += 1
        request = self._reading
        self.ctx.jobs.run(
            lambda _p: self.ctx.services.cases.overview(case_id),
            visible=False,
            on_done=lambda overview: self._show_overview(request, overview),
            on_error=lambda exc: self._overview_failed(request, exc),
        )

    def _overview_failed(self, request: int, exc: PicProofError) -> None:
        if request == self._reading:
            show_error(self, exc)

    def _show_overview(self, request: int, overview: CaseOverview) -> None:
        if request != self._reading:
            return  # an older read: a newer one is on its way
        case, evidence, problems = overview.case, overview.evidence, overview.problems
        self.match_names.set_evidence(evidence)
        self.evidence_model.set_records(evidence)
        self.match_model.set_records(overview.matches)
        self.custody_model.set_records(overview.custody)
        self.deadline_model.set_records(overview.deadlines)
        self.case = case
        self.title.setText(case.title)
        self.act_close.setText(
            self.tr("Reopen case") if case.status == "closed" else self.tr("Close case")
        )
        self.act_archive.setText(
            self.tr("Bring back from the archive")
            if case.status == "archived"
            else self.tr("Archive case…")
        )
        stamped = sum(1 for e in evidence if e.timestamp is not None)
        self.facts.setText(
            self.tr(
                "{kind} · opened {created} · {count} evidence items, {stamped} with a trusted "
                "time stamp · status: {status}"
            ).format(
                kind=kind_name(case.kind),
                created=format_when(case.created_at),
                count=len(evidence),
                stamped=stamped,
                status=status_name(case.status),
            )
        )
        if problems:
            first = problems[0]
            self.chain_status.setText(
                self.tr(
                    "Warning: the custody log has been altered (at entry {seq}). Keep a copy of "
                    "the data folder and ask for help before using this case."
                ).format(seq=first.seq if first.seq is not None else "?")
            )
            self.chain_status.setToolTip(first.code)
            set_tone(self.chain_status, "bad")
        else:
            self.chain_status.setText(
                self.tr("The custody log is intact: every entry is chained to the one before it.")
            )
            self.chain_status.setToolTip("")
            set_tone(self.chain_status, "good")

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
            show_status(
                self, self.tr("{done} items time-stamped.").format(done=run.timestamped), 8000
            )

    def _export(self) -> None:
        if self.case_id is None or self.case is None:
            return
        options = ExportDialog(self)
        if not options.exec():
            return
        originals, paths = options.originals.isChecked(), options.paths.isChecked()
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export evidence bundle"),
            documents_path(self.case.title, ".zip"),
            self.tr("Evidence bundle (*.zip)"),
        )
        if not path:
            return
        case_id = self.case_id
        from picproof.gui.tsa_consent import ask_tsa_consent, show_export_result

        ask_tsa_consent(self, self.ctx.services)  # the export says so when it cannot stamp

        def done(result: Any) -> None:
            # The export time-stamps items and adds custody entries: show them.
            self.ctx.cases_changed.emit()
            show_status(
                self, self.tr("Bundle saved: {path}").format(path=os.path.basename(path)), 8000
            )
            show_export_result(self, result)

        from picproof.gui.signing_view import signer_in_job

        services, signed = self.ctx.services, self.sign_report.isChecked()
        self.ctx.jobs.run(
            lambda p: services.bundles.export(
                case_id,
                path,
                include_originals=originals,
                include_paths=paths,
                progress=p,
                sign_report=signer_in_job(services, signed, case_id, "Evidence report"),
            ),
            lane="write",
            label=self.tr("Exporting evidence"),
            on_done=done,
            on_error=lambda e: show_error(self, e),
        )

    def _add_deadline(self) -> None:
        if self.case_id is None or self.case is None:
            return
        dialog = DeadlineDialog(self.case.kind, self)
        if not dialog.exec():
            return
        case_id, values = self.case_id, dialog.values()
        self._write(lambda p: self.ctx.services.cases.add_deadline(case_id, **values))

    def _complete_deadline(self) -> None:
        rows = self.deadline_view.selectionModel().selectedRows()
        if not rows:
            return
        deadline = self.deadline_model.record(rows[0].row())
        self._write(
            lambda p: self.ctx.services.cases.complete_deadline(deadline.id, not deadline.done)
        )

    def _write(self, work: Callable[[Any], Any]) -> None:
        """A quick change to the case on the write lane; the lists refresh when it is done."""
        self.ctx.jobs.run(
            work,
            lane="write",
            visible=False,
            on_done=lambda _: self.ctx.cases_changed.emit(),
            on_error=lambda e: show_error(self, e),
        )

    # ---- the case itself: open an item, rename, close, archive ---------------------------------

    def _open_selected(self) -> None:
        rows = self.evidence_view.selectionModel().selectedRows()
        if rows:
            open_evidence(self.ctx, self, self.evidence_model.record(rows[0].row()))

    def _rename(self) -> None:
        if self.case is None:
            return
        title, ok = QInputDialog.getText(
            self, self.tr("Rename case"), self.tr("New name of the case:"), text=self.case.title
        )
        if ok and title.strip() and title.strip() != self.case.title:
            case_id, new = self.case.id, title.strip()
            self._write(lambda p: self.ctx.services.cases.update_case(case_id, title=new))

    def _toggle_closed(self) -> None:
        if self.case is not None:
            self._set_status("open" if self.case.status == "closed" else "closed")

    def _toggle_archived(self) -> None:
        if self.case is None:
            return
        if self.case.status != "archived":
            answer = QMessageBox.question(
                self,
                self.tr("Archive case"),
                self.tr(
                    'Archive "{title}"? It leaves the list of cases but nothing is erased: its '
                    "evidence and custody log stay as they are, and the archiving itself is "
                    "recorded in the log. Show archived cases to bring it back."
                ).format(title=self.case.title),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._set_status("open" if self.case.status == "archived" else "archived")

    def _set_status(self, status: str) -> None:
        assert self.case is not None
        case_id = self.case.id
        self._write(lambda p: self.ctx.services.cases.update_case(case_id, status=status))


def _tab_page() -> tuple[QWidget, QVBoxLayout]:
    """A tab's page and its column, without margins (the tab draws its own frame)."""
    page = QWidget()
    box = QVBoxLayout(page)
    box.setContentsMargins(0, 0, 0, 0)
    return page, box
