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
from typing import Any

from picproof.core.cases import (
    AcquisitionFacts,
    Case,
    CustodyEntry,
    Deadline,
    EvidenceItem,
    InfringingAccount,
    MatchRecord,
    RightsHolder,
    TimestampRecord,
)
from picproof.core.custody import canonical_json, entry_from_json, make_entry
from picproof.core.errors import NotFound, StoreError
from picproof.store.blobs import BlobStore
from picproof.store.db import open_database


def _json(value: Any) -> str:
    return canonical_json(value).decode("utf-8")


class EvidenceStore:
    def __init__(self, db_path: Path, evidence_dir: Path) -> None:
        self.conn = open_database(db_path, "evidence", synchronous="FULL", check_same_thread=False)
        self.blobs = BlobStore(evidence_dir)
        self._lock = threading.RLock()
        self._depth = 0

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (re-entrant: nested uses join the outer one)."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.conn
            except BaseException:
                self._depth = 0
                self.conn.execute("ROLLBACK")
                raise
            self._depth = 0
            try:
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                self.conn.execute("ROLLBACK")
                raise StoreError("write-failed", detail=str(exc)) from exc

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.conn.execute(sql, params).fetchall()

    # -- cases ---------------------------------------------------------------------------------
    def insert_case(
        self,
        *,
        uid: str,
        title: str,
        kind: str,
        status: str,
        details: dict[str, Any],
        operator: str,
        now: str,
        imported_from: str | None = None,
    ) -> int:
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO cases(uid, title, kind, status, details, operator, created_at,"
                " updated_at,"
                " imported_from) VALUES (?,?,?,?,?,?,?,?,?)",
                (uid, title, kind, status, _json(details), operator, now, now, imported_from),
            )
            return int(cur.lastrowid or 0)

    def update_case(
        self,
        case_id: int,
        *,
        title: str,
        kind: str,
        status: str,
        details: dict[str, Any],
        operator: str,
        now: str,
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE cases SET title=?, kind=?, status=?, details=?, operator=?, "
                "updated_at=? WHERE id=?",
                (title, kind, status, _json(details), operator, now, case_id),
            )

    def get_case(self, case_id: int) -> Case:
        rows = self._query("SELECT * FROM cases WHERE id=?", (case_id,))
        if not rows:
            raise NotFound(what=f"case {case_id}")
        return _case(rows[0])

    def find_case_uid(self, uid: str) -> int | None:
        rows = self._query("SELECT id FROM cases WHERE uid=?", (uid,))
        return int(rows[0]["id"]) if rows else None

    def list_cases(self) -> list[Case]:
        return [_case(r) for r in self._query("SELECT * FROM cases ORDER BY id")]

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
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO evidence(case_id, kind, sha256, size, filename, media_type,"
                " acquisition,"
                " description, note, supersedes, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    case_id,
                    kind,
                    sha256,
                    size,
                    filename,
                    media_type,
                    _json(acquisition.to_json()),
                    description,
                    note,
                    supersedes,
                    now,
                ),
            )
            return int(cur.lastrowid or 0)

    def insert_tombstone(self, evidence_id: int, reason: str, now: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO tombstones(evidence_id, reason, created_at) VALUES (?,?,?)",
                (evidence_id, reason, now),
            )

    def evidence_rows(self, case_id: int) -> list[EvidenceItem]:
        """Every row, oldest first, including superseded and tombstoned ones."""
        stamps = {t.digest_sha256: t for t in self.timestamps(case_id) if t.subject == "evidence"}
        tomb = {
            int(r["evidence_id"]): str(r["reason"])
            for r in self._query(
                "SELECT t.evidence_id, t.reason FROM tombstones t"
                " JOIN evidence e ON e.id=t.evidence_id "
                "WHERE e.case_id=?",
                (case_id,),
            )
        }
        rows = self._query("SELECT * FROM evidence WHERE case_id=? ORDER BY id", (case_id,))
        return [_evidence(r, tomb.get(int(r["id"])), stamps.get(str(r["sha256"]))) for r in rows]

    def get_evidence(self, evidence_id: int) -> EvidenceItem:
        rows = self._query("SELECT case_id FROM evidence WHERE id=?", (evidence_id,))
        if not rows:
            raise NotFound(what=f"evidence {evidence_id}")
        for item in self.evidence_rows(int(rows[0]["case_id"])):
            if item.id == evidence_id:
                return item
        raise NotFound(what=f"evidence {evidence_id}")

    def all_evidence_digests(self) -> list[tuple[int, str]]:
        return [
            (int(r["id"]), str(r["sha256"])) for r in self._query("SELECT id, sha256 FROM evidence")
        ]

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
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO matches(case_id, suspect_evidence_id, original_evidence_id,"
                " explanation_evidence_id, photo_id, photo_sha256, level, score, bbox, transform,"
                " created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    case_id,
                    suspect_id,
                    original_id,
                    explanation_id,
                    photo_id,
                    photo_sha256,
                    level,
                    score,
                    None if bbox is None else _json(bbox),
                    None if transform is None else _json(transform),
                    now,
                ),
            )
            return int(cur.lastrowid or 0)

    def insert_decision(
        self, match_id: int, decision: str, now: str, reverses: int | None = None
    ) -> int:
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO match_decisions(match_id, decision, reverses, created_at)"
                " VALUES (?,?,?,?)",
                (match_id, decision, reverses, now),
            )
            return int(cur.lastrowid or 0)

    def decisions(self, match_id: int) -> list[sqlite3.Row]:
        return self._query(
            "SELECT * FROM match_decisions WHERE match_id=? ORDER BY id", (match_id,)
        )

    def matches(self, case_id: int) -> list[MatchRecord]:
        rows = self._query("SELECT * FROM matches WHERE case_id=? ORDER BY id", (case_id,))
        return [self._match_record(r) for r in rows]

    def match(self, match_id: int) -> MatchRecord | None:
        rows = self._query("SELECT * FROM matches WHERE id=?", (match_id,))
        return self._match_record(rows[0]) if rows else None

    def _match_record(self, r: sqlite3.Row) -> MatchRecord:
        decided = self.decisions(int(r["id"]))
        return MatchRecord(
            id=int(r["id"]),
            case_id=int(r["case_id"]),
            suspect_evidence_id=int(r["suspect_evidence_id"]),
            original_evidence_id=r["original_evidence_id"],
            explanation_evidence_id=r["explanation_evidence_id"],
            photo_id=int(r["photo_id"]),
            photo_sha256=str(r["photo_sha256"]),
            level=str(r["level"]),
            score=float(r["score"]),
            bbox=tuple(json.loads(r["bbox"])) if r["bbox"] else None,
            transform=json.loads(r["transform"]) if r["transform"] else None,
            decision=str(decided[-1]["decision"]) if decided else "undecided",
            created_at=str(r["created_at"]),
        )

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
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO timestamps(case_id, evidence_id, subject, digest, tsa_url, tsa_name,"
                " gen_time, serial, policy, response, roots, created_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    case_id,
                    evidence_id,
                    subject,
                    digest,
                    tsa_url,
                    tsa_name,
                    gen_time,
                    serial,
                    policy,
                    response,
                    roots,
                    now,
                ),
            )
            return int(cur.lastrowid or 0)

    def timestamps(self, case_id: int) -> list[TimestampRecord]:
        return [
            TimestampRecord(
                id=int(r["id"]),
                case_id=case_id,
                subject=str(r["subject"]),
                digest_sha256=str(r["digest"]),
                tsa_url=str(r["tsa_url"]),
                gen_time=str(r["gen_time"]),
                serial=str(r["serial"]),
                policy=str(r["policy"]),
                tsa_name=str(r["tsa_name"]),
                evidence_id=r["evidence_id"],
                response_der=bytes(r["response"]),
                roots_pem=bytes(r["roots"]),
                created_at=str(r["created_at"]),
            )
            for r in self._query("SELECT * FROM timestamps WHERE case_id=? ORDER BY id", (case_id,))
        ]

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
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO deadlines(case_id, kind, due, description, remind_days_before,"
                " created_at)"
                " VALUES (?,?,?,?,?,?)",
                (case_id, kind, due, description, remind_days_before, now),
            )
            return int(cur.lastrowid or 0)

    def set_deadline_done(self, deadline_id: int, done: bool) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE deadlines SET done=? WHERE id=?", (int(done), deadline_id))

    def deadlines(self, case_id: int | None = None) -> list[Deadline]:
        sql = "SELECT * FROM deadlines ORDER BY due, id"
        params: tuple[Any, ...] = ()
        if case_id is not None:
            sql, params = "SELECT * FROM deadlines WHERE case_id=? ORDER BY due, id", (case_id,)
        return [_deadline(r) for r in self._query(sql, params)]

    def deadline(self, deadline_id: int) -> Deadline | None:
        rows = self._query("SELECT * FROM deadlines WHERE id=?", (deadline_id,))
        return _deadline(rows[0]) if rows else None


def _deadline(r: sqlite3.Row) -> Deadline:
    return Deadline(
        id=int(r["id"]),
        case_id=int(r["case_id"]),
        kind=str(r["kind"]),
        due=str(r["due"]),
        description=str(r["description"]),
        remind_days_before=int(r["remind_days_before"]),
        done=bool(r["done"]),
        created_at=str(r["created_at"]),
    )


def _case(r: sqlite3.Row) -> Case:
    d = json.loads(r["details"])
    holder = RightsHolder(
        **{
            k: v
            for k, v in d.get("rights_holder", {}).items()
            if k in RightsHolder.__dataclass_fields__
        }
    )
    accounts = tuple(
        InfringingAccount(
            **{k: v for k, v in a.items() if k in InfringingAccount.__dataclass_fields__}
        )
        for a in d.get("accounts", [])
    )
    return Case(
        id=int(r["id"]),
        uid=str(r["uid"]),
        title=str(r["title"]),
        kind=str(r["kind"]),
        status=str(r["status"]),
        rights_holder=holder,
        platforms=tuple(d.get("platforms", [])),
        accounts=accounts,
        notes=str(d.get("notes", "")),
        language=str(d.get("language", "en")),
        operator=str(r["operator"]),
        created_at=str(r["created_at"]),
        updated_at=str(r["updated_at"]),
        imported_from=r["imported_from"],
    )


def acquisition_from_json(d: dict[str, Any]) -> AcquisitionFacts:
    known = AcquisitionFacts.__dataclass_fields__
    values = {k: v for k, v in d.items() if k in known}
    values.setdefault("acquired_at_utc", "")
    values.setdefault("acquired_at_local", "")
    values.setdefault("source", "file")
    return AcquisitionFacts(**values)


def _evidence(r: sqlite3.Row, tombstone: str | None, stamp: TimestampRecord | None) -> EvidenceItem:
    return EvidenceItem(
        id=int(r["id"]),
        case_id=int(r["case_id"]),
        kind=str(r["kind"]),
        sha256=str(r["sha256"]),
        size=int(r["size"]),
        filename=str(r["filename"]),
        media_type=str(r["media_type"]),
        acquisition=acquisition_from_json(json.loads(r["acquisition"])),
        description=str(r["description"]),
        note=str(r["note"]),
        created_at=str(r["created_at"]),
        supersedes=r["supersedes"],
        tombstoned=tombstone is not None,
        tombstone_reason=tombstone,
        timestamp=stamp,
    )
