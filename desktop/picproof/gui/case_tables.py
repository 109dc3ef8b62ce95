"""The four tables of a case (evidence, matches, custody log, deadlines), in words.

Hashes are what a verifier needs and stay visible where they identify a file (the evidence
table) or in tooltips; what the user reads first is names, kinds and dates in the UI's language.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from picproof.core.cases import CustodyEntry, Deadline, EvidenceItem, MatchRecord
from picproof.gui.case_words import deadline_name, event_name, evidence_kind_name
from picproof.gui.match_words import short_level
from picproof.gui.records_model import RecordsModel
from picproof.gui.widgets import format_date, format_when


def table(model: RecordsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


def evidence_model(parent: QObject) -> RecordsModel:
    def stamp(e: EvidenceItem) -> str:
        return (
            format_when(e.timestamp.gen_time)
            if e.timestamp
            else QCoreApplication.translate("CaseTables", "not yet")
        )

    return RecordsModel(
        [
            (
                lambda: QCoreApplication.translate("CaseTables", "Kind"),
                lambda e: evidence_kind_name(e.kind),
            ),
            (lambda: QCoreApplication.translate("CaseTables", "File"), lambda e: e.filename),
            (
                lambda: QCoreApplication.translate("CaseTables", "Collected"),
                lambda e: format_when(e.created_at),
            ),
            (
                lambda: QCoreApplication.translate("CaseTables", "Added by"),
                lambda e: e.added_by_name,
            ),
            (lambda: QCoreApplication.translate("CaseTables", "Trusted time stamp"), stamp),
            (lambda: QCoreApplication.translate("CaseTables", "SHA-256"), lambda e: e.sha256),
        ],
        parent,
        tooltip=lambda e: e.acquisition.source_path or e.acquisition.url or e.filename,
    )


class MatchNames:
    """File names for match rows: the original's evidence item, else the library photo."""

    def __init__(self) -> None:
        self.by_evidence: dict[int, str] = {}

    def set_evidence(self, items: list[EvidenceItem]) -> None:
        self.by_evidence = {e.id: e.filename for e in items}

    def photo(self, m: MatchRecord) -> str:
        if m.original_evidence_id is not None and m.original_evidence_id in self.by_evidence:
            return self.by_evidence[m.original_evidence_id]
        return QCoreApplication.translate("CaseTables", "your photo (not copied into the case)")

    def suspect(self, m: MatchRecord) -> str:
        return self.by_evidence.get(m.suspect_evidence_id, "")


def match_model(parent: QObject, names: MatchNames) -> RecordsModel:
    decision = {
        "accepted": lambda: QCoreApplication.translate("CaseTables", "accepted as your photo"),
        "rejected": lambda: QCoreApplication.translate("CaseTables", "not your photo"),
    }
    return RecordsModel(
        [
            (lambda: QCoreApplication.translate("CaseTables", "Your photo"), names.photo),
            (lambda: QCoreApplication.translate("CaseTables", "Found in"), names.suspect),
            (
                lambda: QCoreApplication.translate("CaseTables", "How sure"),
                lambda m: short_level(m.level),
            ),
            (
                lambda: QCoreApplication.translate("CaseTables", "Score"),
                lambda m: "" if m.level == "user-linked" else round(m.score * 100),
            ),
            (
                lambda: QCoreApplication.translate("CaseTables", "Your decision"),
                lambda m: (
                    decision[m.decision]()
                    if m.decision in decision
                    else QCoreApplication.translate("CaseTables", "not reviewed")
                ),
            ),
            (
                lambda: QCoreApplication.translate("CaseTables", "Saved"),
                lambda m: format_when(m.created_at),
            ),
        ],
        parent,
        tooltip=lambda m: QCoreApplication.translate(
            "CaseTables", "SHA-256 of your photo: {hash}"
        ).format(hash=m.photo_sha256),
    )


def _who(c: CustodyEntry) -> str:
    return str(c.data.get("db_user") or c.data.get("operator") or "")


def _what(c: CustodyEntry) -> str:
    """The one detail that makes an entry readable (a title, a file name, a date)."""
    data: dict[str, Any] = c.data
    for key in ("title", "filename", "file", "due", "url"):
        value = data.get(key)
        if isinstance(value, str) and value:
            return os.path.basename(value) if key == "file" else value
    return ""


def custody_model(parent: QObject) -> RecordsModel:
    return RecordsModel(
        [
            (lambda: QCoreApplication.translate("CaseTables", "#"), lambda c: c.seq),
            (lambda: QCoreApplication.translate("CaseTables", "When"), lambda c: format_when(c.at)),
            (
                lambda: QCoreApplication.translate("CaseTables", "What happened"),
                lambda c: event_name(c.event),
            ),
            (lambda: QCoreApplication.translate("CaseTables", "Details"), _what),
            (lambda: QCoreApplication.translate("CaseTables", "By"), _who),
            (
                lambda: QCoreApplication.translate("CaseTables", "Entry fingerprint"),
                lambda c: c.hash[:16] + "…",
            ),
        ],
        parent,
        tooltip=lambda c: f"{c.event}\n{c.hash}",
    )


def deadline_model(parent: QObject) -> RecordsModel:
    def done(d: Deadline) -> str:
        return (
            QCoreApplication.translate("CaseTables", "done")
            if d.done
            else QCoreApplication.translate("CaseTables", "open")
        )

    return RecordsModel(
        [
            (lambda: QCoreApplication.translate("CaseTables", "Due"), lambda d: format_date(d.due)),
            (
                lambda: QCoreApplication.translate("CaseTables", "What"),
                lambda d: deadline_name(d.kind),
            ),
            (lambda: QCoreApplication.translate("CaseTables", "Status"), done),
        ],
        parent,
        tooltip=lambda d: d.description or deadline_name(d.kind),
    )
