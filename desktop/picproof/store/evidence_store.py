"""The evidence database (``synchronous=FULL``) and its content-addressed file folder.

Rows are append-only (enforced by triggers in the schema); the only mutable things are the case's
descriptive fields and deadlines, and every change to them is also written to the custody log by the
service layer in the same transaction.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypedDict, Unpack

from picproof.core.cases import (
    AcquisitionFacts,
    Case,
    CustodyEntry,
    Deadline,
    Decision,
    EvidenceItem,
    MatchRecord,
    TimestampRecord,
)
from picproof.core.custody import canonical_json, entry_from_json, make_entry
from picproof.core.errors import NotFound, StoreError
from picproof.store import evidence_rows as rows_to
from picproof.store.blobs import BlobStore
from picproof.store.db import ThreadConnections
from picproof.store.evidence_rows import (
    EVIDENCE_SELECT,
    MATCH_SELECT,
    acquisition_from_json,
)

__all__ = ["CaseFields", "EvidenceStore", "acquisition_from_json"]


def _json(value: Any) -> str:
    return canonical_json(value).decode("utf-8")


class CaseFields(TypedDict):
    """A case's own fields, the ones an update may change, as the store takes them."""

    title: str
    kind: str
    status: str
    details: dict[str, Any]
    operator: str


def _case_columns(fields: CaseFields) -> dict[str, Any]:
    """The cases table's columns for ``fields`` (details as canonical JSON)."""
    return {**fields, "details": _json(fields["details"])}


class EvidenceStore:
    """The evidence database and files. Threading: store/__init__.py (one connection a thread)."""

    def __init__(self, db_path: Path, evidence_dir: Path) -> None:
        self._conns = ThreadConnections(db_path, "evidence", synchronous="FULL")
        self.blobs = BlobStore(evidence_dir)
        self._depth = threading.local()

    @property
    def conn(self) -> sqlite3.Connection:
        """The calling thread's connection."""
        return self._conns.get()

    def close(self) -> None:
        self._conns.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (re-entrant: nested uses on this thread join the outer one)."""
        conn = self.conn
        depth = getattr(self._depth, "value", 0)
        if depth:
            self._depth.value = depth + 1
            try:
                yield conn
            finally:
                self._depth.value = depth
            return
        conn.execute("BEGIN IMMEDIATE")
        self._depth.value = 1
        try:
            yield conn
        except BaseException:
            self._depth.value = 0
            conn.execute("ROLLBACK")
            raise
        self._depth.value = 0
        try:
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            conn.execute("ROLLBACK")
            raise StoreError("write-failed", detail=str(exc)) from exc

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def _insert(self, table: str, **columns: Any) -> int:
        """Insert one row (in the current transaction, or its own); return its id."""
        names = ", ".join(columns)
        marks = ",".join("?" * len(columns))
        with self.transaction() as conn:
            cur = conn.execute(
                f"INSERT INTO {table}({names}) VALUES ({marks})", tuple(columns.values())
            )
            return int(cur.lastrowid or 0)

    def _one(self, sql: str, params: tuple[Any, ...]) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(sql, params).fetchone()
        return row

    # -- cases ---------------------------------------------------------------------------------
    def insert_case(
        self, *, uid: str, now: str, imported_from: str | None = None, **fields: Unpack[CaseFields]
    ) -> int:
        return self._insert(
            "cases",
            uid=uid,
            **_case_columns(fields),
            created_at=now,
            updated_at=now,
            imported_from=imported_from,
        )

    def update_case(self, case_id: int, *, now: str, **fields: Unpack[CaseFields]) -> None:
        columns = {**_case_columns(fields), "updated_at": now}
        assignments = ", ".join(f"{name}=?" for name in columns)
        with self.transaction() as conn:
            conn.execute(f"UPDATE cases SET {assignments} WHERE id=?", (*columns.values(), case_id))

    def get_case(self, case_id: int) -> Case:
        row = self._one("SELECT * FROM cases WHERE id=?", (case_id,))
        if row is None:
            raise NotFound(what=f"case {case_id}")
        return rows_to.case(row)

    def find_case_uid(self, uid: str) -> int | None:
        row = self._one("SELECT id FROM cases WHERE uid=?", (uid,))
        return None if row is None else int(row["id"])

    def list_cases(self) -> list[Case]:
        return [rows_to.case(r) for r in self._query("SELECT * FROM cases ORDER BY id")]

    # -- evidence ------------------------------------------------------------------------------
    def insert_evidence(
        self,
        *,
        case_id: int,
        kind: str,
        sha256: str,
        size: int,
        filename: str,
        media_type: str,
        acquisition: AcquisitionFacts,
        description: str,
        note: str,
        now: str,
        supersedes: int | None = None,
    ) -> int:
        if not self.blobs.has(sha256):
            raise StoreError("evidence-file-missing", sha256=sha256)
        return self._insert(
            "evidence",
            case_id=case_id,
            kind=kind,
            sha256=sha256,
            size=size,
            filename=filename,
            media_type=media_type,
            acquisition=_json(acquisition.to_json()),
            description=description,
            note=note,
            supersedes=supersedes,
            created_at=now,
        )

    def insert_tombstone(self, evidence_id: int, reason: str, now: str) -> None:
        self._insert("tombstones", evidence_id=evidence_id, reason=reason, created_at=now)

    def evidence_rows(self, case_id: int) -> list[EvidenceItem]:
        """Every row, oldest first, including superseded and tombstoned ones."""
        sql = EVIDENCE_SELECT + " WHERE e.case_id=? ORDER BY e.id"
        return [rows_to.evidence_item(r) for r in self._query(sql, (case_id,))]

    def get_evidence(self, evidence_id: int) -> EvidenceItem:
        row = self._one(EVIDENCE_SELECT + " WHERE e.id=?", (evidence_id,))
        if row is None:
            raise NotFound(what=f"evidence {evidence_id}")
        return rows_to.evidence_item(row)

    # -- matches -------------------------------------------------------------------------------
    def insert_match(
        self,
        *,
        case_id: int,
        suspect_id: int,
        original_id: int | None,
        explanation_id: int | None,
        photo_id: int,
        photo_sha256: str,
        level: str,
        score: float,
        bbox: list[int] | None,
        transform: dict[str, Any] | None,
        now: str,
    ) -> int:
        return self._insert(
            "matches",
            case_id=case_id,
            suspect_evidence_id=suspect_id,
            original_evidence_id=original_id,
            explanation_evidence_id=explanation_id,
            photo_id=photo_id,
            photo_sha256=photo_sha256,
            level=level,
            score=score,
            bbox=None if bbox is None else _json(bbox),
            transform=None if transform is None else _json(transform),
            created_at=now,
        )

    def insert_decision(
        self, match_id: int, decision: str, now: str, reverses: int | None = None
    ) -> int:
        return self._insert(
            "match_decisions",
            match_id=match_id,
            decision=decision,
            reverses=reverses,
            created_at=now,
        )

    def decisions(self, match_id: int) -> list[Decision]:
        """A match's decision history, oldest first."""
        sql = "SELECT * FROM match_decisions WHERE match_id=? ORDER BY id"
        return [rows_to.decision(r) for r in self._query(sql, (match_id,))]

    def matches(self, case_id: int) -> list[MatchRecord]:
        sql = MATCH_SELECT + " WHERE m.case_id=? ORDER BY m.id"
        return [rows_to.match_record(r) for r in self._query(sql, (case_id,))]

    def match(self, match_id: int) -> MatchRecord | None:
        row = self._one(MATCH_SELECT + " WHERE m.id=?", (match_id,))
        return None if row is None else rows_to.match_record(row)

    # -- timestamps ----------------------------------------------------------------------------
    def insert_timestamp(
        self,
        *,
        case_id: int,
        evidence_id: int | None,
        subject: str,
        digest: str,
        tsa_url: str,
        tsa_name: str,
        gen_time: str,
        serial: str,
        policy: str,
        response: bytes,
        now: str,
        roots: bytes = b"",
    ) -> int:
        return self._insert(
            "timestamps",
            case_id=case_id,
            evidence_id=evidence_id,
            subject=subject,
            digest=digest,
            tsa_url=tsa_url,
            tsa_name=tsa_name,
            gen_time=gen_time,
            serial=serial,
            policy=policy,
            response=response,
            roots=roots,
            created_at=now,
        )

    def timestamps(self, case_id: int) -> list[TimestampRecord]:
        sql = "SELECT * FROM timestamps WHERE case_id=? ORDER BY id"
        return [rows_to.timestamp_record(r) for r in self._query(sql, (case_id,))]

    def timestamp(self, timestamp_id: int) -> TimestampRecord:
        row = self._one("SELECT * FROM timestamps WHERE id=?", (timestamp_id,))
        if row is None:
            raise NotFound(what=f"timestamp {timestamp_id}")
        return rows_to.timestamp_record(row)

    # -- custody -------------------------------------------------------------------------------
    def append_custody(
        self, case_id: int, case_uid: str, event: str, data: dict[str, Any], now: str
    ) -> CustodyEntry:
        with self.transaction() as conn:
            last = conn.execute(
                "SELECT entry FROM custody WHERE case_id=? ORDER BY seq DESC LIMIT 1", (case_id,)
            ).fetchone()
            previous = entry_from_json(json.loads(last["entry"])) if last else None
            entry = make_entry(previous, case_uid, now, event, data)
            self.insert_custody_entry(case_id, entry)
            return entry

    def insert_custody_entry(self, case_id: int, entry: CustodyEntry) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO custody(case_id, seq, entry, hash) VALUES (?,?,?,?)",
                (case_id, entry.seq, _json(entry.to_json()), entry.hash),
            )

    def custody(self, case_id: int) -> list[CustodyEntry]:
        return [
            entry_from_json(json.loads(r["entry"]))
            for r in self._query(
                "SELECT entry FROM custody WHERE case_id=? ORDER BY seq", (case_id,)
            )
        ]

    # -- deadlines -----------------------------------------------------------------------------
    def insert_deadline(
        self, case_id: int, kind: str, due: str, description: str, remind_days_before: int, now: str
    ) -> int:
        return self._insert(
            "deadlines",
            case_id=case_id,
            kind=kind,
            due=due,
            description=description,
            remind_days_before=remind_days_before,
            created_at=now,
        )

    def set_deadline_done(self, deadline_id: int, done: bool) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE deadlines SET done=? WHERE id=?", (int(done), deadline_id))

    def deadlines(self, case_id: int | None = None) -> list[Deadline]:
        sql = "SELECT * FROM deadlines ORDER BY due, id"
        params: tuple[Any, ...] = ()
        if case_id is not None:
            sql, params = "SELECT * FROM deadlines WHERE case_id=? ORDER BY due, id", (case_id,)
        return [rows_to.deadline(r) for r in self._query(sql, params)]

    def deadline(self, deadline_id: int) -> Deadline | None:
        row = self._one("SELECT * FROM deadlines WHERE id=?", (deadline_id,))
        return None if row is None else rows_to.deadline(row)
