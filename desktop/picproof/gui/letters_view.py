"""Letters: a four-step wizard (type and language → details → checks → preview and save).

Fields come prefilled from the case; the letter service refuses to produce a letter that lacks a
legally required element, and the wizard shows which ones are missing and where to fill them.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from picproof.core.errors import PicProofError
from picproof.gui.app_context import AppContext
from picproof.gui.error_text import show_error
from picproof.gui.letter_fields_view import LetterFieldsView
from picproof.gui.widgets import heading, hint

STEPS = 4


class LettersView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = heading()
        self.step_label = hint()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.step_label)
        self.letters = ctx.services.letters
        self.cases = ctx.services.cases
        self.template: Any = None
        self.missing: list[Any] = []
        self.stack = QStackedWidget()
        self.stack.addWidget(self._page_choose())
        self.fields = LetterFieldsView()
        self.stack.addWidget(self.fields)
        self.stack.addWidget(self._page_checks())
        self.stack.addWidget(self._page_preview())
        layout.addWidget(self.stack, 1)
        nav = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.clicked.connect(lambda: self.go(self.stack.currentIndex() - 1))
        self.next_button = QPushButton()
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(lambda: self.go(self.stack.currentIndex() + 1))
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        layout.addLayout(nav)
        ctx.cases_changed.connect(self.reload_cases)
        ctx.letter_for_case.connect(self.start_for_case)
        self.retranslate()
        self.reload_cases()
        self.go(0)

    # ---- pages ---------------------------------------------------------------------------------

    def _page_choose(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.case_combo = QComboBox()
        self.type_list = QListWidget()
        self.type_list.setMinimumHeight(200)
        self.type_list.currentRowChanged.connect(lambda _: self._fill_languages())
        self.language_combo = QComboBox()
        self.case_label, self.type_label, self.language_label = QLabel(), QLabel(), QLabel()
        self.type_description = QLabel()
        self.type_description.setWordWrap(True)
        form.addRow(self.case_label, self.case_combo)
        form.addRow(self.type_label, self.type_list)
        form.addRow(self.language_label, self.language_combo)
        form.addRow(self.type_description)
        return page

    def _page_checks(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.missing_title = QLabel()
        self.missing_list = QListWidget()
        self.checklist_title = QLabel()
        self.checklist = QListWidget()
        self.checklist.itemChanged.connect(lambda _: self._update_buttons())
        for w in (self.missing_title, self.missing_list, self.checklist_title, self.checklist):
            box.addWidget(w)
        return page

    def _page_preview(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.preview = QTextBrowser()
        self.preview.setStyleSheet(
            "QTextBrowser { background: white; color: black; padding: 24px; }"
        )
        box.addWidget(self.preview, 1)
        row = QHBoxLayout()
        self.save_pdf = QPushButton()
        self.save_pdf.clicked.connect(lambda: self.save(docx=False))
        self.save_docx = QPushButton()
        self.save_docx.clicked.connect(lambda: self.save(docx=True))
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.save_pdf)
        row.addWidget(self.save_docx)
        row.addWidget(self.saved_label, 1)
        box.addLayout(row)
        return page

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Letters"))
        self.case_label.setText(self.tr("Case"))
        self.type_label.setText(self.tr("Kind of letter"))
        self.language_label.setText(self.tr("Language of the letter"))
        self.type_description.setText(
            self.tr(
                "The letter's language is the one the recipient reads; it does not have to match "
                "the language of this program."
            )
        )
        self.missing_title.setText(self.tr("Required information still missing:"))
        self.checklist_title.setText(self.tr("Before you send it, confirm each point:"))
        self.back_button.setText(self.tr("Back"))
        self.save_pdf.setText(self.tr("Save PDF…"))
        self.save_docx.setText(self.tr("Save Word…"))
        self._fill_types()
        self._update_buttons()

    # ---- data ----------------------------------------------------------------------------------

    @Slot()
    def reload_cases(self) -> None:
        current = self.case_combo.currentData()
        self.case_combo.clear()
        for case in self.cases.list_cases():
            self.case_combo.addItem(case.title, case.id)
        index = self.case_combo.findData(current)
        if index >= 0:
            self.case_combo.setCurrentIndex(index)
        self._update_buttons()

    def _ui_language(self) -> str:
        from picproof.gui.translation import effective_language

        return effective_language(self.ctx.services.settings.ui_language).replace("_", "-")

    def _fill_types(self) -> None:
        lang = self._ui_language()
        row = max(0, self.type_list.currentRow())
        self.type_list.blockSignals(True)
        self.type_list.clear()
        for entry in self.letters.list_types():
            titles = entry["title"]
            item = QListWidgetItem(titles.get(lang) or titles.get("en") or entry["type"])
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.type_list.addItem(item)
        self.type_list.blockSignals(False)
        if self.type_list.count():
            self.type_list.setCurrentRow(min(row, self.type_list.count() - 1))
        self._fill_languages()

    def _fill_languages(self) -> None:
        item = self.type_list.currentItem()
        current = self.language_combo.currentData()
        self.language_combo.clear()
        if item is None:
            return
        names = {"en": "English", "zh-CN": "简体中文"}
        for lang in item.data(Qt.ItemDataRole.UserRole)["languages"]:
            self.language_combo.addItem(names.get(lang, lang), lang.replace("-", "_"))
        index = self.language_combo.findData(current)
        self.language_combo.setCurrentIndex(max(0, index))

    @Slot(object)
    def start_for_case(self, case_id: Any) -> None:
        self.ctx.navigate.emit("letters")
        index = self.case_combo.findData(case_id)
        if index >= 0:
            self.case_combo.setCurrentIndex(index)
        self.go(0)

    def selection(self) -> tuple[int, str, str] | None:
        item = self.type_list.currentItem()
        if item is None or self.case_combo.currentData() is None:
            return None
        return (
            int(self.case_combo.currentData()),
            item.data(Qt.ItemDataRole.UserRole)["type"],
            str(self.language_combo.currentData()),
        )

    def _context(self) -> tuple[Any, Any]:
        case_id, type_id, language = self.selection()  # type: ignore[misc]
        return self.letters.context_for_case(case_id, type_id, language, self.fields.assignments())

    # ---- steps ---------------------------------------------------------------------------------

    def go(self, step: int) -> None:
        step = max(0, min(STEPS - 1, step))
        try:
            if step == 1 and self.stack.currentIndex() == 0:
                if self.selection() is None:
                    QMessageBox.information(
                        self,
                        self.tr("Letters"),
                        self.tr("Create a case first (add a match to a case from Results)."),
                    )
                    return
                case_id, type_id, language = self.selection()  # type: ignore[misc]
                self.template, context = self.letters.context_for_case(case_id, type_id, language)
                entry = self.type_list.currentItem().data(Qt.ItemDataRole.UserRole)
                ui = self._ui_language()
                labels = {
                    f["name"]: f["label"].get(ui) for f in entry["fields"] if f["label"].get(ui)
                }
                self.fields.load(self.template, context.values, labels)
            if step == 2:
                template, context = self._context()
                letter, self.missing = self.letters.prepare(template, context)
                self._show_checks(template)
            if step == 3:
                if self.missing:
                    return
                template, context = self._context()
                letter, _ = self.letters.prepare(template, context)
                self.preview.setPlainText(letter.plain_text())
                self.saved_label.clear()
        except PicProofError as exc:
            show_error(self, exc)
            return
        self.stack.setCurrentIndex(step)
        self._update_buttons()

    def _show_checks(self, template: Any) -> None:
        self.missing_list.clear()
        for element in self.missing:
            where = ", ".join(element.missing_fields)
            text = element.label + (f" — {where}" if where else "")
            self.missing_list.addItem(text)
        if not self.missing:
            self.missing_list.addItem(self.tr("Nothing is missing."))
        self.missing_title.setStyleSheet("color: #b71c1c;" if self.missing else "color: #2e7d32;")
        self.checklist.blockSignals(True)
        self.checklist.clear()
        case_id, type_id, language = self.selection()  # type: ignore[misc]
        for point in self.letters.checklist(type_id, language):
            item = QListWidgetItem(point)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.checklist.addItem(item)
        self.checklist.setWordWrap(True)
        self.checklist.blockSignals(False)

    def _checklist_done(self) -> bool:
        return all(
            self.checklist.item(i).checkState() == Qt.CheckState.Checked
            for i in range(self.checklist.count())
        )

    def _update_buttons(self) -> None:
        step = self.stack.currentIndex()
        self.back_button.setEnabled(step > 0)
        self.next_button.setVisible(step < STEPS - 1)
        labels = [
            self.tr("Next: fill in the details"),
            self.tr("Next: check the letter"),
            self.tr("Next: preview"),
            "",
        ]
        self.next_button.setText(labels[step])
        if step == 2:
            self.next_button.setEnabled(not self.missing and self._checklist_done())
            if self.missing:
                self.step_label.setText(self.tr("Go back and fill in what is missing."))
            elif not self._checklist_done():
                self.step_label.setText(self.tr("Tick every point of the checklist to continue."))
            else:
                self.step_label.setText(self.tr("Step 3 of 4: the letter is complete."))
            return
        self.next_button.setEnabled(step != 0 or self.selection() is not None)
        self.step_label.setText(
            [
                self.tr("Step 1 of 4: choose the case, the kind of letter and its language."),
                self.tr(
                    "Step 2 of 4: check the details taken from the case and fill in the rest (* = "
                    "required)."
                ),
                "",
                self.tr(
                    "Step 4 of 4: read the letter, then save it as PDF or Word. It is also kept in "
                    "the case."
                ),
            ][step]
        )

    def save(self, docx: bool) -> None:
        selection = self.selection()
        if selection is None:
            return
        case_id, type_id, language = selection
        suffix, pattern = (
            (".docx", self.tr("Word document (*.docx)"))
            if docx
            else (".pdf", self.tr("PDF document (*.pdf)"))
        )
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save letter"), f"{type_id}-{language}{suffix}", pattern
        )
        if not path:
            return
        self.save_to(path, docx)

    def save_to(self, path: str, docx: bool) -> None:
        case_id, type_id, language = self.selection()  # type: ignore[misc]
        assignments = self.fields.assignments()
        letters = self.letters
        pdf_path = None if docx else path
        docx_path = path if docx else None

        def work(progress: Any) -> Any:
            from pathlib import Path

            return letters.generate(
                case_id,
                type_id,
                language,
                pdf_path=Path(pdf_path) if pdf_path else None,
                docx_path=Path(docx_path) if docx_path else None,
                assignments=assignments,
            )

        def done(result: Any) -> None:
            digest = result.docx_sha256 if docx else result.pdf_sha256
            self.saved_label.setText(
                self.tr("Saved {name} (SHA-256 {hash}…) and kept a copy in the case.").format(
                    name=os.path.basename(path), hash=(digest or "")[:16]
                )
            )
            self.ctx.cases_changed.emit()

        self.ctx.jobs.run(
            work,
            lane="write",
            label=self.tr("Writing the letter"),
            on_done=done,
            on_error=lambda e: show_error(self, e),
        )
