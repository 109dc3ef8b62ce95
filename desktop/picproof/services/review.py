"""The review session: check results and the user's decisions, kept on disk between runs.

A check of twenty screenshots and the matches accepted in it are work the user must never lose,
even when the app is killed before "Add to case". The whole session is one small JSON file
(``review-session.json`` in the data folder), replaced atomically after every change. Saves may
come from several worker threads: each snapshot carries a sequence number and an older snapshot
never overwrites a newer one.

Recording a checked match as evidence goes through :func:`save_checked_match`, which refuses a
file whose SHA-256 is no longer the one that was checked (the user, or another program, replaced
or edited the screenshot after the check).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from picproof.core.atomic import atomic_write_bytes
from picproof.core.errors import BadInput
from picproof.core.models import Match, SuspectResult, Transform

if TYPE_CHECKING:
    from picproof.core.cases import EvidenceItem, MatchRecord
    from picproof.services.cases import CaseService

SESSION_VERSION = 1
SESSION_FILE = "review-session.json"
#: Pasted and captured pictures are kept here (evidence is copied from them into cases).
INBOX_FOLDER = "checks"

Key = tuple[int, int]
"""(result index, match index)."""


@dataclass
class ReviewSession:
    """Everything the Results page shows, in a form that survives a restart."""

    results: list[SuspectResult] = field(default_factory=list)
    decisions: dict[Key, str] = field(default_factory=dict)
    """``accepted`` or ``rejected``; a match without an entry is not reviewed yet."""
    case_links: dict[Key, tuple[int, int]] = field(default_factory=dict)
    """(case id, match record id) once the match is saved in a case."""

    def unsaved_accepted(self) -> list[Key]:
        """Accepted matches that are not in any case yet (asked about at quit)."""
        return [
            k for k, d in self.decisions.items() if d == "accepted" and k not in self.case_links
        ]


# ---- (de)serialising ---------------------------------------------------------------------------


def _match_to_json(m: Match) -> dict[str, Any]:
    return {
        "photo_id": m.photo_id,
        "photo_path": m.photo_path,
        "photo_sha256": m.photo_sha256,
        "level": m.level,
        "score": m.score,
        "bbox": list(m.bbox) if m.bbox else None,
        "transform": None if m.transform is None else m.transform.to_json(),
        "inliers": m.inliers,
        # Tenths of a pixel are plenty for drawing; the file stays small and quick to write.
        "corners": [[round(x, 1), round(y, 1)] for x, y in m.corners],
        "original_region": list(m.original_region) if m.original_region else None,
        "point_pairs": [[round(v, 1) for v in p] for p in m.point_pairs],
        "another_shot": m.another_shot,
    }


def _match_from_json(d: dict[str, Any]) -> Match:
    t = d.get("transform")
    bbox = d.get("bbox")
    region = d.get("original_region")
    return Match(
        photo_id=int(d["photo_id"]),
        photo_path=str(d["photo_path"]),
        photo_sha256=str(d["photo_sha256"]),
        level=d["level"],
        score=float(d["score"]),
        bbox=(int(bbox[0]), int(bbox[1]), int(bbox[2]), int(bbox[3])) if bbox else None,
        transform=None
        if t is None
        else Transform(
            scale=float(t["scale"]),
            rotation_deg=float(t.get("rotation_deg", 0.0)),
            mirrored=bool(t.get("mirrored", False)),
            cropped=bool(t.get("cropped", False)),
        ),
        inliers=int(d.get("inliers", 0)),
        corners=tuple((float(x), float(y)) for x, y in d.get("corners", [])),
        original_region=(int(region[0]), int(region[1]), int(region[2]), int(region[3]))
        if region
        else None,
        point_pairs=tuple(
            (float(a), float(b), float(c), float(e)) for a, b, c, e in d.get("point_pairs", [])
        ),
        another_shot=bool(d.get("another_shot", False)),
    )


def _result_to_json(r: SuspectResult) -> dict[str, Any]:
    return {
        "path": r.path,
        "sha256": r.sha256,
        "width": r.width,
        "height": r.height,
        "error": r.error,
        "seconds": r.seconds,
        "matches": [_match_to_json(m) for m in r.matches],
    }


def session_to_json(session: ReviewSession) -> dict[str, Any]:
    return {
        "version": SESSION_VERSION,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "results": [_result_to_json(r) for r in session.results],
        "decisions": [[r, m, d] for (r, m), d in sorted(session.decisions.items())],
        "case_links": [[r, m, c, i] for (r, m), (c, i) in sorted(session.case_links.items())],
    }


def session_from_json(data: dict[str, Any]) -> ReviewSession:
    results = [
        SuspectResult(
            path=str(r["path"]),
            sha256=str(r["sha256"]),
            width=int(r["width"]),
            height=int(r["height"]),
            matches=tuple(_match_from_json(m) for m in r.get("matches", [])),
            error=r.get("error"),
            seconds=float(r.get("seconds", 0.0)),
        )
        for r in data.get("results", [])
    ]

    def valid(r: int, m: int) -> bool:
        return 0 <= r < len(results) and 0 <= m < len(results[r].matches)

    decisions = {
        (int(r), int(m)): str(d)
        for r, m, d in data.get("decisions", [])
        if d in ("accepted", "rejected") and valid(int(r), int(m))
    }
    links = {
        (int(r), int(m)): (int(c), int(i))
        for r, m, c, i in data.get("case_links", [])
        if valid(int(r), int(m))
    }
    return ReviewSession(results, decisions, links)


class ReviewStore:
    """The session file. ``save`` is safe to call from several threads at once."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / SESSION_FILE
        self.inbox = data_dir / INBOX_FOLDER
        self._lock = threading.Lock()
        self._written = 0
        # id(result) -> (result, its JSON text): results never change, so a decision re-encodes
        # only the small parts. Encoding one result at a time also keeps each stretch without a
        # GIL switch short (json's C encoder holds the GIL for a whole call; the GUI waits on it).
        self._encoded: dict[int, tuple[SuspectResult, str]] = {}

    def load(self) -> ReviewSession:
        """The last saved session; an unreadable file is kept aside, an empty session returned."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or int(data.get("version", 0)) > SESSION_VERSION:
                raise ValueError("unknown session format")
            return session_from_json(data)
        except FileNotFoundError:
            return ReviewSession()
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            try:
                self.path.replace(self.path.with_suffix(".unreadable.json"))
            except OSError:
                pass
            return ReviewSession()

    def save(self, session: ReviewSession, seq: int) -> bool:
        """Write ``session`` unless a newer one (higher ``seq``) was written already."""
        with self._lock:
            if seq <= self._written:
                return False
            atomic_write_bytes(self.path, self._encode(session).encode("utf-8"))
            self._written = seq
            return True

    def _encode(self, session: ReviewSession) -> str:
        """The same JSON as ``session_to_json``, built from cached per-result texts."""
        chunks = []
        for r in session.results:
            cached = self._encoded.get(id(r))
            if cached is None or cached[0] is not r:
                cached = (r, json.dumps(_result_to_json(r), ensure_ascii=False))
                self._encoded[id(r)] = cached
            chunks.append(cached[1])
        live = {id(r) for r in session.results}
        for key in [k for k in self._encoded if k not in live]:
            del self._encoded[key]
        head = session_to_json(ReviewSession([], session.decisions, session.case_links))
        head.pop("results")
        return (
            json.dumps(head, ensure_ascii=False)[:-1] + ', "results": [' + ",".join(chunks) + "]}"
        )

    def save_picture(self, png: bytes, source: str) -> Path:
        """Keep a pasted or captured picture under a name no other paste can take."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.inbox / f"{source}-{stamp}-{uuid.uuid4().hex[:8]}.png"
        atomic_write_bytes(target, png)
        return target

    def is_inbox_picture(self, path: str) -> bool:
        return Path(path).parent == self.inbox


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_checked_match(
    cases: CaseService,
    case_id: int,
    result: SuspectResult,
    match: Match,
    *,
    source: str = "file",
    explain: Callable[[SuspectResult, Match], bytes | None] | None = None,
) -> MatchRecord:
    """Record the checked picture (once per case) and the accepted match in ``case_id``.

    The file must still be the one that was checked: its SHA-256 is compared before it is copied
    and the copy's hash after, so a changed or replaced file is never recorded as the checked one.
    """
    evidence = next(
        (
            e
            for e in cases.list_evidence(case_id)
            if e.kind in ("suspect", "page-image") and e.sha256 == result.sha256
        ),
        None,
    )
    if evidence is None:
        evidence = _add_unchanged(cases, case_id, result, source)
    png = explain(result, match) if explain is not None else None
    return cases.add_match(case_id, evidence.id, match, explanation_png=png, decision="accepted")


def ensure_unchanged(result: SuspectResult) -> None:
    """BadInput unless the checked file is still there with the SHA-256 that was checked."""
    name = os.path.basename(result.path)
    try:
        now = file_sha256(result.path)
    except OSError:
        raise BadInput("checked-file-missing", path=name) from None
    if now != result.sha256:
        raise BadInput("checked-file-changed", path=name)


def _add_unchanged(
    cases: CaseService, case_id: int, result: SuspectResult, source: str
) -> EvidenceItem:
    name = os.path.basename(result.path)
    ensure_unchanged(result)
    item = cases.add_evidence(case_id, [result.path], source=source)[0]
    if item.sha256 != result.sha256:  # replaced while it was being copied
        cases.tombstone(item.id, "the file changed while it was being saved; not the checked one")
        raise BadInput("checked-file-changed", path=name)
    return item
