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


def _t(text: str) -> str:
    return QCoreApplication.translate("CaseTables", text)


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
        return format_when(e.timestamp.gen_time) if e.timestamp else _t("not yet")

    return RecordsModel(
        [
            (lambda: _t("Kind"), lambda e: evidence_kind_name(e.kind)),
            (lambda: _t("File"), lambda e: e.filename),
            (lambda: _t("Collected"), lambda e: format_when(e.created_at)),
            (lambda: _t("Added by"), lambda e: e.added_by_name),
            (lambda: _t("Trusted time stamp"), stamp),
            (lambda: _t("SHA-256"), lambda e: e.sha256),
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
        return _t("your photo (not copied into the case)")

    def suspect(self, m: MatchRecord) -> str:
        return self.by_evidence.get(m.suspect_evidence_id, "")


def match_model(parent: QObject, names: MatchNames) -> RecordsModel:
    decision = {
        "accepted": lambda: _t("accepted as your photo"),
        "rejected": lambda: _t("not your photo"),
    }
    return RecordsModel(
        [
            (lambda: _t("Your photo"), names.photo),
            (lambda: _t("Found in"), names.suspect),
            (lambda: _t("How sure"), lambda m: short_level(m.level)),
            (lambda: _t("Score"), lambda m: round(m.score * 100)),
            (
                lambda: _t("Your decision"),
                lambda m: decision[m.decision]() if m.decision in decision else _t("not reviewed"),
            ),
            (lambda: _t("Saved"), lambda m: format_when(m.created_at)),
        ],
        parent,
        tooltip=lambda m: _t("SHA-256 of your photo: {hash}").format(hash=m.photo_sha256),
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
            (lambda: _t("#"), lambda c: c.seq),
            (lambda: _t("When"), lambda c: format_when(c.at)),
            (lambda: _t("What happened"), lambda c: event_name(c.event)),
            (lambda: _t("Details"), _what),
            (lambda: _t("By"), _who),
            (lambda: _t("Entry fingerprint"), lambda c: c.hash[:16] + "…"),
        ],
        parent,
        tooltip=lambda c: f"{c.event}\n{c.hash}",
    )


def deadline_model(parent: QObject) -> RecordsModel:
    def done(d: Deadline) -> str:
        return _t("done") if d.done else _t("open")

    return RecordsModel(
        [
            (lambda: _t("Due"), lambda d: format_date(d.due)),
            (lambda: _t("What"), lambda d: deadline_name(d.kind)),
            (lambda: _t("Status"), done),
        ],
        parent,
        tooltip=lambda d: d.description or deadline_name(d.kind),
    )
