"""The custody log's hash chain: each entry includes the hash of the one before it.

An entry's hash is the SHA-256 of its canonical JSON (sorted keys, no spaces, UTF-8) without the
``hash`` field. Editing an entry changes its hash; deleting, inserting or reordering entries breaks
the ``prev`` link of the entry that follows; truncation is caught by comparing the last entry with a
head recorded elsewhere (the bundle manifest, a timestamp token).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from picproof.core.cases import ChainProblem, CustodyEntry

GENESIS = "0" * 64


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def entry_hash(
    seq: int, case_uid: str, at: str, event: str, data: dict[str, Any], prev: str
) -> str:
    body = {"seq": seq, "case": case_uid, "at": at, "event": event, "data": data, "prev": prev}
    return hashlib.sha256(canonical_json(body)).hexdigest()


def make_entry(
    previous: CustodyEntry | None, case_uid: str, at: str, event: str, data: dict[str, Any]
) -> CustodyEntry:
    seq = 1 if previous is None else previous.seq + 1
    prev = GENESIS if previous is None else previous.hash
    # Round-trip through JSON so what we hash is exactly what a reader will parse back.
    clean = json.loads(canonical_json(data))
    return CustodyEntry(
        seq=seq,
        case_uid=case_uid,
        at=at,
        event=event,
        data=clean,
        prev=prev,
        hash=entry_hash(seq, case_uid, at, event, clean, prev),
    )


def entry_from_json(obj: Any) -> CustodyEntry:
    if not isinstance(obj, dict):
        raise TypeError("entry is not an object")
    seq, case_uid, at, event = obj["seq"], obj["case"], obj["at"], obj["event"]
    data, prev, digest = obj["data"], obj["prev"], obj["hash"]
    if not (
        isinstance(seq, int)
        and isinstance(case_uid, str)
        and isinstance(at, str)
        and isinstance(event, str)
        and isinstance(data, dict)
        and isinstance(prev, str)
        and isinstance(digest, str)
    ):
        raise TypeError("entry field of the wrong type")
    return CustodyEntry(
        seq=seq, case_uid=case_uid, at=at, event=event, data=data, prev=prev, hash=digest
    )


def to_jsonl(entries: Iterable[CustodyEntry]) -> bytes:
    return b"".join(canonical_json(e.to_json()) + b"\n" for e in entries)


def parse_jsonl(raw: bytes) -> tuple[list[CustodyEntry], list[ChainProblem]]:
    """Parse a log file; unreadable lines become ``unparsable`` problems naming the line number."""
    entries: list[CustodyEntry] = []
    problems: list[ChainProblem] = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return [], [ChainProblem("unparsable", None, "not UTF-8")]
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    else:
        problems.append(ChainProblem("unparsable", None, "missing final newline"))
    for number, line in enumerate(lines, start=1):
        try:
            entry = entry_from_json(json.loads(line))
        except (ValueError, KeyError, TypeError):
            problems.append(ChainProblem("unparsable", number, f"line {number}"))
            continue
        # A byte-exact canonical form: any re-spacing or key reordering is an edit too.
        if canonical_json(entry.to_json()).decode("utf-8") != line:
            problems.append(ChainProblem("not-canonical", entry.seq, f"line {number}"))
        entries.append(entry)
    return entries, problems


def verify_chain(
    entries: Sequence[CustodyEntry],
    *,
    case_uid: str | None = None,
    expected_head: tuple[int, str] | None = None,
) -> list[ChainProblem]:
    """Every defect in ``entries``; empty when the chain is intact (and ends at the head)."""
    problems: list[ChainProblem] = []
    prev_hash = GENESIS
    for index, entry in enumerate(entries):
        expected_seq = index + 1
        if entry.seq != expected_seq:
            problems.append(ChainProblem("bad-seq", entry.seq, f"position {expected_seq}"))
        if case_uid is not None and entry.case_uid != case_uid:
            problems.append(ChainProblem("wrong-case", entry.seq, entry.case_uid))
        recomputed = entry_hash(
            entry.seq, entry.case_uid, entry.at, entry.event, entry.data, entry.prev
        )
        if recomputed != entry.hash:
            problems.append(ChainProblem("bad-hash", entry.seq, "entry content was changed"))
        if entry.prev != prev_hash:
            problems.append(
                ChainProblem(
                    "broken-link",
                    entry.seq,
                    "an entry before this one was removed, inserted or moved",
                )
            )
        prev_hash = entry.hash
    if expected_head is not None:
        head_seq, head_hash = expected_head
        last = entries[-1] if entries else None
        if last is None or last.seq < head_seq:
            problems.append(
                ChainProblem("truncated", head_seq, f"log ends at {last.seq if last else 0}")
            )
        elif last.seq > head_seq or last.hash != head_hash:
            problems.append(
                ChainProblem(
                    "head-mismatch", last.seq, f"expected head {head_seq}:{head_hash[:12]}"
                )
            )
    return problems
