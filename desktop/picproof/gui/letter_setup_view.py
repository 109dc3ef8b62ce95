"""Parts of the letters wizard: where the recipient is, the evidence a letter uses, the letterhead.

The evidence list has one checkbox per item the case holds; the default ticks are the letter
service's (items captured on the platform the letter goes to), so a notice to Instagram does not
carry a Taobao capture. The letterhead (name, lines, logo) is kept in the settings, so a clinic sets
it once here instead of on the command line.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from picproof.core.letters.forum import FORUMS
from picproof.core.letters.model import Letterhead
from picproof.gui.retranslating import Retranslating


def forum_names(widget: QWidget) -> dict[str, str]:
    return {
        "cn": QCoreApplication.translate("LetterWizard", "Mainland China"),
        "hk": QCoreApplication.translate("LetterWizard", "Hong Kong"),
        "us": QCoreApplication.translate("LetterWizard", "United States"),
        "eu": QCoreApplication.translate("LetterWizard", "European Union"),
        "other": QCoreApplication.translate("LetterWizard", "Elsewhere"),
    }


class ForumCombo(QComboBox):
    """Where the platform or person the letter goes to is; empty until known."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.retranslate()

    def retranslate(self) -> None:
        current = self.forum()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("Not chosen yet"), "")
        names = forum_names(self)
        for forum in FORUMS:
            self.addItem(names[forum], forum)
        self.set_forum(current)
        self.blockSignals(False)

    def forum(self) -> str:
        return str(self.currentData() or "")

    def set_forum(self, forum: str) -> None:
        self.setCurrentIndex(max(0, self.findData(forum)))


class EvidenceChoice(QListWidget):
    """One checkbox per evidence item a letter may use."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setMaximumHeight(96)

    def load(self, choices: list[tuple[Any, bool]]) -> None:
        self.clear()
        for entry, chosen in choices:
            parts = [f"{entry.label}  {entry.description}"]
            if entry.platform:
                parts.append(entry.platform)
            parts.append(
                self.tr("your original beside it")
                if entry.original_image is not None
                else self.tr("no original linked")
            )
            item = QListWidgetItem(" · ".join(parts))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, entry.label)
            self.addItem(item)

    def labels(self) -> list[str]:
        return [
            str(self.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]


class LetterheadBox(Retranslating, QGroupBox):
    """Letterhead name, lines and logo; saved in the settings when changed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.lines = QPlainTextEdit()
        self.lines.setFixedHeight(52)
        self.logo_label = QLabel()
        self.logo_label.setWordWrap(True)
        self.logo_button = QPushButton()
        self.logo_clear = QPushButton()
        self._logo: Path | None = None
        self.form = QFormLayout(self)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.name_label, self.lines_label, self.logo_title = QLabel(), QLabel(), QLabel()
        self.form.addRow(self.name_label, self.name)
        self.form.addRow(self.lines_label, self.lines)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.logo_label, 1)
        row.addWidget(self.logo_button)
        row.addWidget(self.logo_clear)
        holder = QWidget()
        holder.setLayout(row)
        self.form.addRow(self.logo_title, holder)
        self.logo_button.clicked.connect(self._choose_logo)
        self.logo_clear.clicked.connect(lambda: self._set_logo(None))
        self.name.editingFinished.connect(self.changed.emit)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Letterhead (optional, for a clinic or business)"))
        self.name_label.setText(self.tr("Name at the top"))
        self.lines_label.setText(self.tr("Lines under it (address, telephone)"))
        self.logo_title.setText(self.tr("Logo"))
        self.logo_button.setText(self.tr("Choose…"))
        self.logo_clear.setText(self.tr("Remove"))
        self.name.setPlaceholderText(self.tr("Example: Harbour Legal Aid Clinic"))
        self._set_logo(self._logo)

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a logo"), "", self.tr("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            self._set_logo(Path(path))

    def _set_logo(self, path: Path | None) -> None:
        changed = path != self._logo
        self._logo = path
        self.logo_label.setText(path.name if path else self.tr("No logo"))
        self.logo_clear.setEnabled(path is not None)
        if changed:
            self.changed.emit()

    def load(self, head: Letterhead | None) -> None:
        self.blockSignals(True)
        self.name.setText(head.name if head else "")
        self.lines.setPlainText("\n".join(head.lines) if head else "")
        self._set_logo(head.logo if head else None)
        self.blockSignals(False)

    def letterhead(self) -> Letterhead | None:
        lines = tuple(x.strip() for x in self.lines.toPlainText().splitlines() if x.strip())
        name = self.name.text().strip()
        if not (name or lines or self._logo):
            return None
        return Letterhead(name=name, lines=lines, logo=self._logo)

    def to_settings(self) -> dict[str, Any]:
        head = self.letterhead()
        if head is None:
            return {}
        return {
            "name": head.name,
            "lines": list(head.lines),
            "logo": str(head.logo) if head.logo else "",
        }


def reason_text(widget: QWidget, suggestion: Any) -> str:
    """Why the wizard chose this type, language and place, in words."""
    names = forum_names(widget)
    kinds = {
        "impersonation": QCoreApplication.translate("LetterWizard", "an impersonation case"),
        "product": QCoreApplication.translate("LetterWizard", "a copied-product case"),
    }
    parts = [
        QCoreApplication.translate("LetterWizard", "Suggested for {case}.").format(
            case=kinds.get(suggestion.kind, QCoreApplication.translate("LetterWizard", "this case"))
        )
    ]
    if suggestion.forum_known:
        parts.append(
            QCoreApplication.translate(
                "LetterWizard", "{platform} is run from {place}, so the letter cites the law there."
            ).format(platform=suggestion.platform, place=names[suggestion.forum])
        )
    elif suggestion.platform:
        parts.append(
            QCoreApplication.translate(
                "LetterWizard",
                "PicProof does not know where {platform} is run from: choose the place below.",
            ).format(platform=suggestion.platform)
        )
    else:
        parts.append(
            QCoreApplication.translate(
                "LetterWizard", "Choose below where the platform or person is."
            )
        )
    if suggestion.forum == "cn":
        parts.append(
            QCoreApplication.translate(
                "LetterWizard", "The letter is in Chinese, the language of the recipient."
            )
        )
    elif suggestion.forum:
        parts.append(
            QCoreApplication.translate(
                "LetterWizard", "The letter is in English, for a recipient outside China."
            )
        )
    else:
        parts.append(
            QCoreApplication.translate(
                "LetterWizard", "The letter's language follows this program's language."
            )
        )
    return " ".join(parts)


def warning_text(widget: QWidget, warning: Any) -> str:
    """A forum warning (the law the letter cites is not the recipient's) in words."""
    place = forum_names(widget).get(warning.forum, warning.forum)
    texts = {
        "dmca-not-us": QCoreApplication.translate(
            "LetterWizard",
            "A DMCA notice is a United States procedure, and the recipient is in {place}. "
            "Consider the notice procedure of that place.",
        ),
        "eu-notice-not-eu": QCoreApplication.translate(
            "LetterWizard",
            "The Digital Services Act binds services offered in the European Union, and the "
            "recipient is in {place}. Check that it offers its service in the EU.",
        ),
        "cn-law-not-cn": QCoreApplication.translate(
            "LetterWizard",
            "This letter cites the law of mainland China, and the recipient is in {place}.",
        ),
        "law-not-forum": QCoreApplication.translate(
            "LetterWizard", "This letter cites another place's law than {place}'s."
        ),
    }
    return texts[warning.code].format(place=place)


def letter_error_text(widget: QWidget, exc: Any) -> str:
    """Plain words for the letter errors a user can fix in the wizard ('' = the general text)."""
    texts = {
        "bad-url": QCoreApplication.translate(
            "LetterWizard",
            "{value} is not a web address. Give addresses that start with https:// or http://.",
        ),
        "bad-forum": QCoreApplication.translate(
            "LetterWizard", "Choose where the platform or person is from the list."
        ),
        "unknown-evidence": QCoreApplication.translate(
            "LetterWizard", "Choose the evidence again: the case has changed."
        ),
    }
    text = texts.get(exc.code, "")
    return text.format(value=exc.fields.get("value", "")) if text else ""


def default_save_path(case_title: str, type_id: str, language: str, suffix: str) -> str:
    """In Documents, named after the case, the letter and the day (not "letter.pdf")."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in case_title).strip()
    name = f"{safe or 'letter'} - {type_id}-{language} {date.today().isoformat()}{suffix}"
    return os.path.join(folder, name) if folder else name


class EnclosureBox(Retranslating, QGroupBox):
    """The files a letter encloses: identity document, proof of ownership, authorisation.

    "Add file…" copies the file into the case as evidence of that kind (never changing the
    original); the letter's list of enclosures then marks it enclosed instead of to be supplied.
    """

    add_requested = Signal(str, str)
    """(evidence kind, file path)"""

    KINDS = ("identity-document", "ownership-proof", "authorisation")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.rows: dict[str, tuple[QLabel, QLabel, QPushButton]] = {}
        for kind in self.KINDS:
            title, status, button = QLabel(), QLabel(), QPushButton()
            status.setWordWrap(True)
            button.clicked.connect(lambda _=False, k=kind: self._choose(k))
            line = QHBoxLayout()
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(status, 1)
            line.addWidget(button)
            holder = QWidget()
            holder.setLayout(line)
            self.form.addRow(title, holder)
            self.rows[kind] = (title, status, button)
        self._files: dict[str, list[str]] = {}
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Enclosures (listed in the letter as enclosed or to be supplied)"))
        titles = {
            "identity-document": self.tr("Your identity document"),
            "ownership-proof": self.tr("Proof the photos are yours"),
            "authorisation": self.tr("Authorisation (when you act for someone)"),
        }
        for kind, (title, _, button) in self.rows.items():
            title.setText(titles[kind])
            button.setText(self.tr("Add file…"))
        self.show_files(self._files)

    def show_files(self, files: dict[str, list[str]]) -> None:
        """``files``: evidence kind -> file names already in the case."""
        self._files = files
        for kind, (_, status, _) in self.rows.items():
            names = files.get(kind, [])
            status.setText(", ".join(names) if names else self.tr("to be supplied"))

    def _choose(self, kind: str) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the file"), "", self.tr("Documents and pictures (*)")
        )
        if path:
            self.add_requested.emit(kind, path)
