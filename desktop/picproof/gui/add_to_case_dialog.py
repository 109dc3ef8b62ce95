"""Choose the case a match goes into, or start a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from picproof.core.cases import CASE_KINDS
from picproof.core.errors import PicProofError
from picproof.gui.case_words import kind_name
from picproof.gui.error_text import show_error

if TYPE_CHECKING:
    from picproof.services.cases import CaseService


class AddToCaseDialog(QDialog):
    def __init__(
        self,
        cases: CaseService,
        parent: QWidget | None = None,
        default_title: str = "",
        *,
        explanation: str | None = None,
        create_later: bool = False,
    ) -> None:
        """``create_later``: a new case is not made here; the caller makes it from
        ``new_case`` (title, kind) once its work succeeded (a failed capture leaves no case)."""
        super().__init__(parent)
        self.cases = cases
        self.case_id: int | None = None
        self.new_case: tuple[str, str] | None = None
        self.create_later = create_later
        self.setWindowTitle(self.tr("Add to case"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        explain = QLabel(
            explanation
            or self.tr(
                "The screenshot and your original photo are copied into the case as evidence, with "
                "their SHA-256 fingerprints and the time. This stays on this computer."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.existing_radio = QRadioButton(self.tr("Existing case"))
        self.new_radio = QRadioButton(self.tr("New case"))
        group = QButtonGroup(self)
        group.addButton(self.existing_radio)
        group.addButton(self.new_radio)
        self.case_combo = QComboBox()
        try:
            existing = cases.list_cases()
        except PicProofError:  # the clinic server unreachable: only "new case" (said on save)
            existing = []
        for case in existing:
            self.case_combo.addItem(case.title, case.id)
        form = QFormLayout()
        form.addRow(self.existing_radio, self.case_combo)
        self.title = QLineEdit(default_title)
        self.kind = QComboBox()
        for key in CASE_KINDS:
            self.kind.addItem(kind_name(key), key)
        form.addRow(self.new_radio, self.title)
        form.addRow(self.tr("What happened"), self.kind)
        layout.addLayout(form)
        (self.existing_radio if existing else self.new_radio).setChecked(True)
        self.existing_radio.setEnabled(bool(existing))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if self.existing_radio.isChecked() and self.case_combo.count():
            self.case_id = int(self.case_combo.currentData())
            self.accept()
            return
        title = self.title.text().strip()
        if not title:
            QMessageBox.warning(
                self, self.windowTitle(), self.tr("Give the new case a short name.")
            )
            return
        if self.create_later:
            self.new_case = (title, str(self.kind.currentData()))
            self.accept()
            return
        try:
            case = self.cases.create_case(title, self.kind.currentData())
        except PicProofError as exc:
            show_error(self, exc)
            return
        self.case_id = case.id
        self.accept()
