"""Copying one local case (SQLite + evidence folder) into the clinic database, exactly.

Every row is copied as it was written (acquisition JSON byte for byte, times, decisions, done
flags); ids are new on the server, so the map from old to new ids goes into the custody entry
that records the move. Custody entries are copied verbatim (the server checks they still form one
chain), then the move itself is appended, so the chain goes on unbroken. Files go first, each in
its own transaction, checked against its name; all rows go in ONE transaction: a failure leaves
no half case on the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from picproof.core.errors import BadInput, StoreError
from picproof.core.progress import NULL_PROGRESS, Progress
from picproof.store.evidence_store import EvidenceStore
from picproof.store.postgres.case_store import PgCaseStore


@dataclass(frozen=True)
class MovedCase:
    local_id: int
    clinic_id: int
    uid: str
    title: str
    items: int
    entries: int
    head: str


def copy_files(
    local: EvidenceStore, target: PgCaseStore, case_id: int, progress: Progress = NULL_PROGRESS
) -> int:
    """Store every file of the case on the server (idempotent); returns how many."""
    digests = sorted(
        {
            str(r["sha256"])
            for r in local._query("SELECT sha256 FROM evidence WHERE case_id=?", (case_id,))
        }
    )
    for n, sha in enumerate(digests):
        progress.update(n, len(digests), sha[:12])
        path = local.blobs.path_for(sha)
        if not local.blobs.check(sha):
            raise StoreError("evidence-file-damaged", sha256=sha, path=str(path))
        got, _ = target.blobs.put_file(path)
        if got != sha:
            raise StoreError("evidence-file-damaged", sha256=sha, path=str(path))
    return len(digests)


def copy_case(
    local: EvidenceStore, target: PgCaseStore, case_id: int, *, operator: str, now: str
) -> MovedCase:
    """All rows of one case into ``target`` in one transaction, plus the move's custody entry."""
    case_rows = local._query("SELECT * FROM cases WHERE id=?", (case_id,))
    if not case_rows:
        raise BadInput("not-found", what=f"case {case_id}")
    case = case_rows[0]
    if target.find_case_uid(str(case["uid"])) is not None:
        raise BadInput("clinic-case-exists", uid=str(case["uid"]), title=str(case["title"]))
    log = local.custody(case_id)
    with target.transaction() as db:
        new_case = _insert(db, "cases", case, skip=("id",))
        ids = _copy_rows(local, db, case_id, new_case)
        for entry in log:
            target.insert_custody_entry(new_case, entry)
        moved = target.append_custody(
            new_case,
            str(case["uid"]),
            "case-moved-to-clinic",
            {
                "from": "local",
                "local_case_id": case_id,
                "server": target.location,
                "operator": operator,
                "items": len(ids["evidence"]),
                "received_head": log[-1].hash if log else None,
                "renumbered": {k: {str(a): b for a, b in v.items()} for k, v in ids.items() if v},
            },
            now,
        )
    return MovedCase(
        case_id,
        new_case,
        str(case["uid"]),
        str(case["title"]),
        len(ids["evidence"]),
        moved.seq,
        moved.hash,
    )


def _copy_rows(
    local: EvidenceStore, db: Any, case_id: int, new_case: int
) -> dict[str, dict[int, int]]:
    """Every row hanging off the case, oldest first, with ids mapped; returns the id maps."""
    ids: dict[str, dict[int, int]] = {"evidence": {}, "matches": {}, "decisions": {}}
    ev = ids["evidence"]

    def rows(table: str) -> list[Any]:
        return local._query(f"SELECT * FROM {table} WHERE case_id=? ORDER BY id", (case_id,))

    for r in rows("evidence"):
        ev[int(r["id"])] = _insert(
            db, "evidence", r, case_id=new_case, supersedes=_mapped(ev, r["supersedes"])
        )
    for r in local._query(
        "SELECT t.* FROM tombstones t JOIN evidence e ON e.id = t.evidence_id"
        " WHERE e.case_id=? ORDER BY t.id",
        (case_id,),
    ):
        _insert(db, "tombstones", r, evidence_id=ev[int(r["evidence_id"])])
    for r in rows("matches"):
        ids["matches"][int(r["id"])] = _insert(
            db,
            "matches",
            r,
            case_id=new_case,
            suspect_evidence_id=ev[int(r["suspect_evidence_id"])],
            original_evidence_id=_mapped(ev, r["original_evidence_id"]),
            explanation_evidence_id=_mapped(ev, r["explanation_evidence_id"]),
        )
    for r in local._query(
        "SELECT d.* FROM match_decisions d JOIN matches m ON m.id = d.match_id"
        " WHERE m.case_id=? ORDER BY d.id",
        (case_id,),
    ):
        ids["decisions"][int(r["id"])] = _insert(
            db,
            "match_decisions",
            r,
            match_id=ids["matches"][int(r["match_id"])],
            reverses=_mapped(ids["decisions"], r["reverses"]),
        )
    for r in rows("timestamps"):
        _insert(db, "timestamps", r, case_id=new_case, evidence_id=_mapped(ev, r["evidence_id"]))
    for r in rows("deadlines"):
        _insert(db, "deadlines", r, case_id=new_case)
    return ids


def _mapped(table: dict[int, int], old: Any) -> int | None:
    return None if old is None else table[int(old)]


def _insert(db: Any, table: str, row: Any, skip: tuple[str, ...] = ("id",), **override: Any) -> int:
    """Copy ``row`` into ``table`` with ``override`` applied; returns the new id."""
    names = [k for k in row.keys() if k not in skip]  # noqa: SIM118 (sqlite3.Row yields values)
    names += [k for k in override if k not in names]
    values = [override[k] if k in override else _value(row[k]) for k in names]
    cur = db.execute(
        f"INSERT INTO {table}({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
        values,
    )
    return int(cur.lastrowid or 0)


def _value(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value
