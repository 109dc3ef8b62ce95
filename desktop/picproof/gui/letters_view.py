"""Letters: a four-step wizard (kind, language and place → details → checks → preview and save).

The first page proposes a kind of letter, a language and the place whose law it cites from the
case (its kind, the platform it names, this program's language) and says why. Fields come from the
case where the case holds them, and the page says which ones did; the rest are the user's, with
examples that read as examples. The letter service refuses a letter that lacks a legally required
element; the checks page lists each missing element once. A saved letter is a draft: the user
marks it as sent, and only then does it become evidence in the case.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from picproof.core.errors import LetterError, PicProofError
from picproof.gui.app_context import AppContext
from picproof.gui.error_text import show_error
from picproof.gui.letter_fields_view import LetterFieldsView
from picproof.gui.letter_save_view import LetterSavePanel
from picproof.gui.letter_setup_view import (
    EnclosureBox,
    EvidenceChoice,
    ForumCombo,
    LetterheadBox,
    letter_error_text,
    reason_text,
    warning_text,
)
from picproof.gui.retranslating import Retranslating
from picproof.gui.widgets import heading, hint

STEPS = 4


class LettersView(Retranslating, QWidget):
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
        self.suggestion: Any = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self._page_choose())
        self.stack.addWidget(self._page_details())
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
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.case_combo = QComboBox()
        self.case_combo.currentIndexChanged.connect(lambda _: self._suggest())
        self.type_list = QListWidget()
        self.type_list.setMinimumHeight(150)
        self.type_list.currentRowChanged.connect(lambda _: self._fill_languages())
        self.language_combo = QComboBox()
        self.forum_combo = ForumCombo()
        self.forum_combo.currentIndexChanged.connect(lambda _: self._language_for_forum())
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.case_label, self.type_label, self.language_label = QLabel(), QLabel(), QLabel()
        self.forum_label = QLabel()
        self.letterhead = LetterheadBox()
        self.letterhead.changed.connect(self._save_letterhead)
        form.addRow(self.case_label, self.case_combo)
        form.addRow(self.reason)
        form.addRow(self.type_label, self.type_list)
        form.addRow(self.language_label, self.language_combo)
        form.addRow(self.forum_label, self.forum_combo)
        form.addRow(self.letterhead)
        self.letterhead.load(self.letters.saved_letterhead())
        return page

    def _page_details(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.provenance = QLabel()
        self.provenance.setWordWrap(True)
        self.evidence_title = QLabel()
        self.evidence_list = EvidenceChoice()
        self.fields = LetterFieldsView()
        self.enclosure_box = EnclosureBox()
        self.enclosure_box.add_requested.connect(self._add_enclosure)
        for w in (self.provenance, self.evidence_title, self.evidence_list, self.enclosure_box):
            box.addWidget(w)
        box.addWidget(self.fields, 1)
        return page

    def _page_checks(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.missing_title = QLabel()
        self.missing_list = QListWidget()
        # Long legal labels wrap; never a horizontal scroll bar.
        self.missing_list.setWordWrap(True)
        self.missing_list.setSpacing(4)
        self.missing_list.setAlternatingRowColors(True)
        self.missing_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.checklist_title = QLabel()
        self.checklist = QListWidget()
        self.checklist.setWordWrap(True)
        self.checklist.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.checklist.itemChanged.connect(lambda _: self._update_buttons())
        for w in (
            self.missing_title,
            self.missing_list,
            self.warning_label,
            self.checklist_title,
            self.checklist,
        ):
            box.addWidget(w)
        return page

    def _page_preview(self) -> QWidget:
        self.save_panel = LetterSavePanel(self)
        return self.save_panel

    def retranslate(self) -> None:
        self.title.setText(self.tr("Letters"))
        self.case_label.setText(self.tr("Case"))
        self.type_label.setText(self.tr("Kind of letter"))
        self.language_label.setText(self.tr("Language of the letter"))
        self.forum_label.setText(self.tr("Where the platform or person is"))
        self.forum_combo.retranslate()
        self.forum_combo.setToolTip(
            self.tr(
                "Chooses the law the letter cites. The letter's language is the one the "
                "recipient reads; it does not have to match this program's language."
            )
        )
        self.evidence_title.setText(self.tr("Evidence this letter uses:"))
        self.missing_title.setText(self.tr("Required information still missing:"))
        self.checklist_title.setText(self.tr("Before you send it, confirm each point:"))
        self.back_button.setText(self.tr("Back"))
        self._fill_types()
        if self.suggestion is not None:
            self.reason.setText(reason_text(self, self.suggestion))
        self._update_buttons()

    # ---- data ----------------------------------------------------------------------------------

    @Slot()
    def reload_cases(self) -> None:
        current = self.case_combo.currentData()
        self.case_combo.blockSignals(True)
        self.case_combo.clear()
        try:
            cases = self.cases.list_cases()
        except PicProofError:  # the clinic server unreachable: no cases to choose, no crash
            cases = []
        for case in cases:
            self.case_combo.addItem(case.title, case.id)
        index = self.case_combo.findData(current)
        if index >= 0:
            self.case_combo.setCurrentIndex(index)
        self.case_combo.blockSignals(False)
        if self.case_combo.currentData() != current:
            self._suggest()
        self._update_buttons()

    def _ui_language(self) -> str:
        from picproof.gui.translation import effective_language

        return effective_language(self.ctx.services.settings.ui_language).replace("_", "-")

    def _suggest(self) -> None:
        """Propose kind, language and place for the chosen case, and say why."""
        case_id = self.case_combo.currentData()
        if case_id is None:
            self.suggestion = None
            self.reason.clear()
            return
        try:
            self.suggestion = self.letters.suggest(int(case_id), self._ui_language())
        except PicProofError as exc:
            show_error(self, exc)
            return
        for row in range(self.type_list.count()):
            entry = self.type_list.item(row).data(Qt.ItemDataRole.UserRole)
            if entry["type"] == self.suggestion.type_id:
                self.type_list.setCurrentRow(row)
        index = self.language_combo.findData(self.suggestion.language)
        if index >= 0:
            self.language_combo.setCurrentIndex(index)
        self.forum_combo.set_forum(self.suggestion.forum)
        self.reason.setText(reason_text(self, self.suggestion))

    def _language_for_forum(self) -> None:
        """A recipient in mainland China reads Chinese; one in Hong Kong, the US or the EU,
        English (the user can still choose another language)."""
        forum = self.forum_combo.forum()
        wanted = "zh_CN" if forum == "cn" else "en" if forum in ("hk", "us", "eu") else ""
        index = self.language_combo.findData(wanted) if wanted else -1
        if index >= 0:
            self.language_combo.setCurrentIndex(index)

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

    def _save_letterhead(self) -> None:
        settings = self.ctx.services.settings
        settings.extra["letterhead"] = self.letterhead.to_settings()
        try:
            self.ctx.services.save_settings()
        except PicProofError as exc:
            show_error(self, exc)

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

    def _assignments(self) -> list[tuple[str, str]]:
        pairs = [p for p in self.fields.assignments() if p[0] != "forum"]
        if self.forum_combo.forum():
            pairs.append(("forum", self.forum_combo.forum()))
        return pairs

    def request(self) -> dict[str, Any]:
        """What the save panel needs to write the letter the user sees."""
        case_id, type_id, language = self.selection()  # type: ignore[misc]
        return {
            "case_id": case_id,
            "type_id": type_id,
            "language": language,
            "assignments": self._assignments(),
            "evidence": self.evidence_list.labels(),
            "letterhead": self.letterhead.letterhead(),
            "case_title": self.case_combo.currentText(),
        }

    def _context(self) -> tuple[Any, Any]:
        case_id, type_id, language = self.selection()  # type: ignore[misc]
        return self.letters.context_for_case(
            case_id,
            type_id,
            language,
            self._assignments(),
            letterhead=self.letterhead.letterhead(),
            evidence=self.evidence_list.labels(),
        )

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
                self._load_details()
            if step == 2:
                template, context = self._context()
                letter, self.missing = self.letters.prepare(template, context)
                self._show_checks(template, context)
            if step == 3:
                if self.missing:
                    return
                template, context = self._context()
                letter, _ = self.letters.prepare(template, context)
                self.save_panel.show_letter(letter.plain_text())
        except LetterError as exc:
            self._letter_error(exc)
            return
        except PicProofError as exc:
            show_error(self, exc)
            return
        self.stack.setCurrentIndex(step)
        self._update_buttons()

    def _letter_error(self, exc: LetterError) -> None:
        text = letter_error_text(self, exc)
        if text:
            QMessageBox.warning(self, self.tr("Letters"), text)
        else:
            show_error(self, exc)

    def _load_details(self) -> None:
        case_id, type_id, language = self.selection()  # type: ignore[misc]
        forum = [("forum", self.forum_combo.forum())] if self.forum_combo.forum() else []
        self.template, context = self.letters.context_for_case(case_id, type_id, language, forum)
        entry = self.type_list.currentItem().data(Qt.ItemDataRole.UserRole)
        ui = self._ui_language()
        labels = {f["name"]: f["label"].get(ui) for f in entry["fields"] if f["label"].get(ui)}
        shown = {k: v for k, v in context.values.items() if k != "forum"}
        self.fields.load(self.template, shown, labels, hide=("forum",))
        platform = str(context.values.get("platform_name") or "")
        self.evidence_list.load(self.letters.evidence_choices(case_id, platform))
        self._show_enclosures(case_id)
        # Say exactly which details came from the case (not "details taken from the case" when
        # only the reference did).
        taken = [
            labels.get(spec.name, spec.label)
            for spec in self.template.fields
            if spec.name != "forum" and context.has(spec.name)
        ]
        if taken:
            self.provenance.setText(
                self.tr(
                    "Filled in from the case: {fields}. Check them; fill in the rest yourself."
                ).format(fields="; ".join(taken))
            )
        else:
            self.provenance.setText(
                self.tr("Nothing could be taken from the case: fill in the form.")
            )

    def _show_enclosures(self, case_id: int) -> None:
        files: dict[str, list[str]] = {}
        for item in self.cases.list_evidence(case_id):
            files.setdefault(item.kind, []).append(item.filename)
        self.enclosure_box.show_files(files)

    def _add_enclosure(self, kind: str, path: str) -> None:
        """Copy the file into the case as evidence of that kind (off the GUI thread)."""
        if self.selection() is None:
            return
        case_id = self.selection()[0]  # type: ignore[index]
        cases = self.cases

        def done(_: Any) -> None:
            self._show_enclosures(case_id)
            self.ctx.cases_changed.emit()

        self.ctx.jobs.run(
            lambda progress: cases.add_evidence(case_id, [path], kind=kind),
            lane="write",
            label=self.tr("Adding the enclosure to the case"),
            on_done=done,
            on_error=lambda e: show_error(self, e),
        )

    def _show_checks(self, template: Any, context: Any) -> None:
        self.missing_list.clear()
        for element in self.missing:
            # One line per element; its fields only when they say something the label does not.
            where = [f for f in element.missing_fields if f != element.label]
            text = element.label
            if where:
                text += "\n" + self.tr("Fill in: {fields}").format(fields="; ".join(where))
            if "field:forum" in element.missing_conditions:
                text += "\n" + self.tr("Choose it on the first page (Back).")
            if "evidence" in element.missing_conditions:
                text += "\n" + self.tr("Tick at least one evidence item on the previous page.")
            self.missing_list.addItem(text)
        if not self.missing:
            self.missing_list.addItem(self.tr("Nothing is missing."))
        self.missing_title.setStyleSheet("color: #b71c1c;" if self.missing else "color: #2e7d32;")
        warnings = self.letters.warnings(template, context)
        self.warning_label.setVisible(bool(warnings))
        self.warning_label.setText(" ".join(warning_text(self, w) for w in warnings))
        self.warning_label.setStyleSheet("color: #8a5300;")
        self.checklist.blockSignals(True)
        self.checklist.clear()
        case_id, type_id, language = self.selection()  # type: ignore[misc]
        for point in self.letters.checklist(type_id, language):
            item = QListWidgetItem(point)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.checklist.addItem(item)
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
        self.save_panel.update_buttons()
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
                self.tr(
                    "Step 1 of 4: choose the case, the kind of letter, its language and place."
                ),
                self.tr("Step 2 of 4: choose the evidence and fill in the details (* = required)."),
                "",
                self.tr(
                    "Step 4 of 4: read the letter, then save it as PDF or Word. It is a draft "
                    "until you mark it as sent."
                ),
            ][step]
        )
