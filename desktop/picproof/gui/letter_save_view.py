"""The wizard's last page: the letter as text, Save PDF / Save Word, and "I sent this letter".

Saving writes a draft (nothing is added to the case). Only "I sent this letter" keeps the saved file
in the case as evidence, with a "letter sent" custody-log entry, through the letter service.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from picproof.gui.error_text import show_error
from picproof.gui.letter_setup_view import default_save_path
from picproof.gui.retranslating import Retranslating


class LetterSavePanel(Retranslating, QWidget):
    def __init__(self, owner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = owner
        self.saved_path: Path | None = None
        self.saved_request: dict[str, Any] = {}
        box = QVBoxLayout(self)
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
        self.sent_button = QPushButton()
        self.sent_button.clicked.connect(self.mark_sent)
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        from picproof.gui.signing_view import SignCheckBox

        self.sign_box = SignCheckBox(owner.ctx.services)  # applies to Save PDF
        row.addWidget(self.save_pdf)
        row.addWidget(self.sign_box)
        row.addWidget(self.save_docx)
        row.addWidget(self.sent_button)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(self.saved_label)
        self.retranslate()

    def retranslate(self) -> None:
        self.save_pdf.setText(self.tr("Save PDF…"))
        self.save_docx.setText(self.tr("Save Word…"))
        self.sent_button.setText(self.tr("I sent this letter"))
        self.sent_button.setToolTip(
            self.tr("Keeps the saved file in the case as evidence, with a custody-log entry.")
        )

    def show_letter(self, text: str) -> None:
        self.preview.setPlainText(text)
        self.saved_label.clear()
        self.saved_path = None
        self.update_buttons()

    def update_buttons(self) -> None:
        self.sent_button.setEnabled(self.saved_path is not None)

    def save(self, docx: bool) -> None:
        if self.owner.selection() is None:
            return
        request = self.owner.request()
        suffix, pattern = (
            (".docx", self.tr("Word document (*.docx)"))
            if docx
            else (".pdf", self.tr("PDF document (*.pdf)"))
        )
        name = default_save_path(
            request["case_title"], request["type_id"], request["language"], suffix
        )
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save letter"), name, pattern)
        if path:
            self.save_to(path, docx)

    def save_to(self, path: str, docx: bool) -> None:
        from picproof.gui.signing_view import signer_in_job

        request = self.owner.request()
        letters = self.owner.letters
        services, signed = self.owner.ctx.services, not docx and self.sign_box.isChecked()
        if signed:
            from picproof.gui.tsa_consent import ask_tsa_consent

            ask_tsa_consent(self, services)

        def work(progress: Any) -> Any:
            sign = signer_in_job(services, signed, request["case_id"], "Letter")
            return letters.generate(
                request["case_id"],
                request["type_id"],
                request["language"],
                pdf_path=None if docx else Path(path),
                docx_path=Path(path) if docx else None,
                assignments=request["assignments"],
                letterhead=request["letterhead"],
                evidence=request["evidence"],
                sign=sign,
            )

        def done(result: Any) -> None:
            digest = result.docx_sha256 if docx else result.pdf_sha256
            self.saved_path = Path(path)
            self.saved_request = request
            self.saved_label.setText(
                self.tr(
                    "Saved {name} (SHA-256 {hash}…). It is a draft, not kept in the case. When "
                    "you have sent it, press “I sent this letter”."
                ).format(name=os.path.basename(path), hash=(digest or "")[:16])
                + (self.tr(" Signed and timestamped (PDF/A).") if result.signed else "")
            )
            self.update_buttons()

        self.owner.ctx.jobs.run(
            work,
            lane="write",
            label=self.tr("Writing the letter"),
            on_done=done,
            on_error=lambda e: show_error(self, e),
        )

    def mark_sent(self) -> None:
        if self.saved_path is None:
            return
        request, path, letters = self.saved_request, self.saved_path, self.owner.letters

        def done(item: Any) -> None:
            self.saved_label.setText(
                self.tr(
                    "{name} is kept in the case as evidence (custody log: letter sent)."
                ).format(name=path.name)
            )
            self.saved_path = None
            self.update_buttons()
            self.owner.ctx.cases_changed.emit()

        self.owner.ctx.jobs.run(
            lambda progress: letters.mark_sent(
                request["case_id"], path, request["type_id"], request["language"]
            ),
            lane="write",
            label=self.tr("Keeping the sent letter"),
            on_done=done,
            on_error=lambda e: show_error(self, e),
        )
