"""SQL of the evidence store's reads and the conversion of their rows into core dataclasses.

Every read is one query: an item with its tombstone and its latest timestamp by joins and
subqueries, a match with its latest decision by subquery.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from picproof.core.cases import (
    AcquisitionFacts,
    Case,
    Deadline,
    Decision,
    EvidenceItem,
    InfringingAccount,
    MatchRecord,
    RightsHolder,
    TimestampRecord,
)

_TIMESTAMP_COLUMNS = (
    "id",
    "case_id",
    "evidence_id",
    "subject",
    "digest",
    "tsa_url",
    "tsa_name",
    "gen_time",
    "serial",
    "policy",
    "response",
    "roots",
    "created_at",
)

#: An evidence row with the reason of its latest tombstone and the latest timestamp of its file
#: in the same case (a correction keeps the file, so it keeps the timestamp).
EVIDENCE_SELECT = (
    "SELECT e.*,"
    " (SELECT t.reason FROM tombstones t WHERE t.evidence_id = e.id"
    "  ORDER BY t.id DESC LIMIT 1) AS tombstone_reason,"
    + ",".join(f" ts.{c} AS ts_{c}" for c in _TIMESTAMP_COLUMNS)
    + " FROM evidence e LEFT JOIN timestamps ts ON ts.id = ("
    "  SELECT MAX(s.id) FROM timestamps s"
    "  WHERE s.case_id = e.case_id AND s.subject = 'evidence' AND s.digest = e.sha256)"
)

#: A match with its latest decision ("undecided" when none was recorded).
MATCH_SELECT = (
    "SELECT m.*, COALESCE((SELECT d.decision FROM match_decisions d WHERE d.match_id = m.id"
    " ORDER BY d.id DESC LIMIT 1), 'undecided') AS decision FROM matches m"
)


def timestamp_record(r: sqlite3.Row, prefix: str = "") -> TimestampRecord:
    return TimestampRecord(
        id=int(r[prefix + "id"]),
        case_id=int(r[prefix + "case_id"]),
        subject=str(r[prefix + "subject"]),
        digest_sha256=str(r[prefix + "digest"]),
        tsa_url=str(r[prefix + "tsa_url"]),
        gen_time=str(r[prefix + "gen_time"]),
        serial=str(r[prefix + "serial"]),
        policy=str(r[prefix + "policy"]),
        tsa_name=str(r[prefix + "tsa_name"]),
        evidence_id=r[prefix + "evidence_id"],
        response_der=bytes(r[prefix + "response"]),
        roots_pem=bytes(r[prefix + "roots"]),
        created_at=str(r[prefix + "created_at"]),
    )


def acquisition_from_json(d: dict[str, Any]) -> AcquisitionFacts:
    known = AcquisitionFacts.__dataclass_fields__
    values = {k: v for k, v in d.items() if k in known}
    values.setdefault("acquired_at_utc", "")
    values.setdefault("acquired_at_local", "")
    values.setdefault("source", "file")
    return AcquisitionFacts(**values)


def evidence_item(r: sqlite3.Row) -> EvidenceItem:
    """An EVIDENCE_SELECT row as an item."""
    tombstone = r["tombstone_reason"]
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
        tombstone_reason=None if tombstone is None else str(tombstone),
        timestamp=None if r["ts_id"] is None else timestamp_record(r, "ts_"),
        # Clinic rows carry the database login that added them (set by the server).
        added_by=str(r["added_by"]) if "added_by" in r.keys() else "",  # noqa: SIM118 (a Row)
    )


def match_record(r: sqlite3.Row) -> MatchRecord:
    """A MATCH_SELECT row as a record."""
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
        decision=str(r["decision"]),
        created_at=str(r["created_at"]),
    )


def decision(r: sqlite3.Row) -> Decision:
    return Decision(
        id=int(r["id"]),
        match_id=int(r["match_id"]),
        decision=str(r["decision"]),
        reverses=None if r["reverses"] is None else int(r["reverses"]),
        created_at=str(r["created_at"]),
    )


def deadline(r: sqlite3.Row) -> Deadline:
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


def case(r: sqlite3.Row) -> Case:
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
