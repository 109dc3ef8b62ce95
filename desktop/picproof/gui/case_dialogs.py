"""Small dialogs and helpers of the case view: deadlines, export choices, save locations, opening
an evidence item in the system's viewer."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QLocale, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from picproof.core.cases import EvidenceItem
from picproof.gui.app_context import AppContext
from picproof.gui.case_words import deadline_name, deadlines_for
from picproof.gui.error_text import show_error

#: Deadline kinds with a rule count from a start day; the others take their due date as given.
RULED = ("ecommerce-43-counter-notice", "dmca-counter-notice")


def documents_path(title: str, suffix: str) -> str:
    """A file name in the user's Documents folder made of the case title and today's date."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    clean = re.sub(r'[\\/:*?"<>|\x00-\x1f\s]+', " ", title).strip()[:60] or "PicProof"
    day = QDate.currentDate().toString(Qt.DateFormat.ISODate)
    return str(Path(folder or Path.home()) / f"{clean} {day}{suffix}")


class DeadlineDialog(QDialog):
    """Only the deadlines that can apply to this kind of case, each with the date it needs."""

    def __init__(self, case_kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add deadline"))
        form = QFormLayout(self)
        self.kind = QComboBox()
        for key in (*deadlines_for(case_kind), "platform-reply"):
            self.kind.addItem(deadline_name(key), key)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(QLocale().dateFormat(QLocale.FormatType.ShortFormat))
        self.day_label = QLabel()
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        form.addRow(self.tr("Deadline"), self.kind)
        form.addRow(self.day_label, self.day)
        form.addRow(self.explain)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        ruled = self.kind.currentData() in RULED
        self.day_label.setText(
            self.tr("Counter-notice received on") if ruled else self.tr("Due on")
        )
        self.explain.setText(
            self.tr("PicProof counts the days and reminds you three days before.")
            if ruled
            else self.tr("PicProof reminds you three days before this date.")
        )

    def values(self) -> dict[str, Any]:
        """Keyword arguments for ``CaseService.add_deadline``."""
        day = self.day.date().toString(Qt.DateFormat.ISODate)
        kind = str(self.kind.currentData())
        return {"kind": kind, **({"start": day} if kind in RULED else {"due": day})}


class ExportDialog(QDialog):
    """What goes into the bundle besides the evidence: your originals, the files' locations."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export evidence bundle"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The bundle holds the evidence, the custody log, the time stamps and a report, "
                "and anyone can check it with standard tools."
            )
        )
        intro.setWordWrap(True)
        self.originals = QCheckBox(self.tr("Include my original photos"))
        originals_hint = QLabel(
            self.tr(
                "Your originals prove the photos are yours. Leave them out if the bundle goes to "
                "someone who should not have them: they may show where and when you took them."
            )
        )
        originals_hint.setWordWrap(True)
        self.paths = QCheckBox(self.tr("Include where the files were on this computer"))
        for w in (intro, self.originals, originals_hint, self.paths):
            layout.addWidget(w)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def open_evidence(ctx: AppContext, parent: QWidget, item: EvidenceItem) -> None:
    """Show an item in the system's viewer, from a read-only copy named like the original.

    The stored file itself is never handed out: an editor could change evidence in place, and
    it has no file extension a viewer would recognise.
    """
    cases = ctx.services.cases
    folder = ctx.services.paths.cache_dir / "opened" / item.sha256[:16]

    def work(_progress: Any) -> str:
        target = folder / (Path(item.filename).name or "evidence")
        if not target.exists():
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cases.evidence_path(item), target)
            target.chmod(0o444)
        return str(target)

    ctx.jobs.run(
        work,
        visible=False,
        on_done=lambda path: _open_file(path),
        on_error=lambda e: show_error(parent, e),
    )


def _open_file(path: str) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(path))
