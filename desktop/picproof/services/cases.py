"""Cases and their evidence: the one door the GUI, the CLI and the letters use.

Every change is written together with its custody-log entry in one transaction, after the evidence
file itself is durably in the content-addressed store.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Any

from picproof.core.cases import (
    CASE_KINDS,
    CASE_STATUSES,
    EVIDENCE_KINDS,
    CaptureResult,
    Case,
    ChainProblem,
    CustodyEntry,
    Deadline,
    DueReminder,
    EvidenceItem,
    InfringingAccount,
    MatchRecord,
    RightsHolder,
)
from picproof.core.custody import verify_chain
from picproof.core.deadlines import due_date, parse_date
from picproof.core.errors import BadInput, NotFound
from picproof.core.models import Match
from picproof.core.progress import NULL_PROGRESS, Progress
from picproof.services import acquisition as acq
from picproof.services.clinic import open_case_store
from picproof.services.paths import AppPaths
from picproof.services.settings import Settings
from picproof.store.evidence_store import EvidenceStore

#: Evidence files larger than this are refused (a case is photos, pages and chat exports).
MAX_EVIDENCE_BYTES = 512 * 1024 * 1024


class CaseService:
    def __init__(self, paths: AppPaths, settings: Settings) -> None:
        self.paths = paths
        self.settings = settings
        self._store: EvidenceStore | None = None
        self._open_lock = threading.Lock()

    @property
    def store(self) -> EvidenceStore:
        with self._open_lock:  # GUI jobs may touch the service from two threads at once
            if self._store is None:
                self._store = open_case_store(self.paths, self.settings)  # local or clinic
            return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- cases ---------------------------------------------------------------------------------
    def create_case(
        self,
        title: str,
        kind: str = "other",
        *,
        rights_holder: RightsHolder | None = None,
        platforms: Sequence[str] = (),
        accounts: Sequence[InfringingAccount] = (),
        notes: str = "",
        language: str = "en",
        operator: str | None = None,
    ) -> Case:
        title = title.strip()
        if not title:
            raise BadInput("case-title-empty")
        if kind not in CASE_KINDS:
            raise BadInput("case-kind-unknown", kind=kind, allowed=", ".join(CASE_KINDS))
        details = {
            "rights_holder": asdict(rights_holder or RightsHolder()),
            "platforms": list(platforms),
            "accounts": [asdict(a) for a in accounts],
            "notes": notes,
            "language": language,
        }
        now = acq.utc_now()
        uid = str(uuid.uuid4())
        who = self.settings.operator_name if operator is None else operator
        with self.store.transaction():
            case_id = self.store.insert_case(
                uid=uid,
                title=title,
                kind=kind,
                status="open",
                details=details,
                operator=who,
                now=now,
            )
            self.store.append_custody(
                case_id, uid, "case-created", {"title": title, "kind": kind, "operator": who}, now
            )
        return self.get_case(case_id)

    def update_case(self, case_id: int, **changes: Any) -> Case:
        case = self.get_case(case_id)
        allowed = {
            "title",
            "kind",
            "status",
            "rights_holder",
            "platforms",
            "accounts",
            "notes",
            "language",
            "operator",
        }
        unknown = set(changes) - allowed
        if unknown:
            raise BadInput("case-field-unknown", fields=", ".join(sorted(unknown)))
        if "kind" in changes and changes["kind"] not in CASE_KINDS:
            raise BadInput("case-kind-unknown", kind=changes["kind"], allowed=", ".join(CASE_KINDS))
        if "status" in changes and changes["status"] not in CASE_STATUSES:
            raise BadInput("case-status-unknown", status=changes["status"])
        if "platforms" in changes:
            changes["platforms"] = tuple(changes["platforms"])
        if "accounts" in changes:
            changes["accounts"] = tuple(changes["accounts"])
        new = replace(case, **changes)
        if not new.title.strip():
            raise BadInput("case-title-empty")
        logged = {k: _jsonable(v) for k, v in changes.items() if getattr(case, k) != v}
        if not logged:
            return case
        details = {
            "rights_holder": asdict(new.rights_holder),
            "platforms": list(new.platforms),
            "accounts": [asdict(a) for a in new.accounts],
            "notes": new.notes,
            "language": new.language,
        }
        now = acq.utc_now()
        with self.store.transaction():
            self.store.update_case(
                case_id,
                title=new.title,
                kind=new.kind,
                status=new.status,
                details=details,
                operator=new.operator,
                now=now,
            )
            self.store.append_custody(case_id, case.uid, "case-updated", logged, now)
        return self.get_case(case_id)

    def get_case(self, case_id: int) -> Case:
        return self.store.get_case(int(case_id))

    def list_cases(self) -> list[Case]:
        return self.store.list_cases()

    def _operator(self, case: Case) -> str:
        return case.operator or self.settings.operator_name

    # -- evidence ------------------------------------------------------------------------------
    def add_evidence(
        self,
        case_id: int,
        files: Iterable[str | Path],
        *,
        kind: str = "suspect",
        source: str = "file",
        url: str | None = None,
        platform: str | None = None,
        account: str | None = None,
        note: str = "",
        progress: Progress = NULL_PROGRESS,
    ) -> list[EvidenceItem]:
        """Copy each file into the store (never touching the original) and record it."""
        case = self.get_case(case_id)
        paths = [Path(f) for f in files]
        items = []
        for done, path in enumerate(paths):
            progress.update(done, len(paths), path.name)
            sha, size = self.store.blobs.put_file(path, max_size=MAX_EVIDENCE_BYTES)
            image, sniffed = acq.image_facts(self.store.blobs.path_for(sha))
            facts = acq.facts(
                source=source,
                operator=self._operator(case),
                source_path=str(path.resolve()),
                url=url,
                platform_name=platform,
                account=account,
                original_filename=path.name,
                image=image,
                dates=acq.file_dates(path),
            )
            items.append(
                self._record(
                    case,
                    kind,
                    sha,
                    size,
                    path.name,
                    acq.media_type_for(path.name, sniffed),
                    facts,
                    note,
                )
            )
        progress.update(len(paths), len(paths), "")
        return items

    def add_evidence_bytes(
        self,
        case_id: int,
        data: bytes,
        filename: str,
        *,
        kind: str = "suspect",
        source: str = "clipboard",
        url: str | None = None,
        platform: str | None = None,
        account: str | None = None,
        note: str = "",
        description: str = "",
        media_type: str | None = None,
        http: dict[str, Any] | None = None,
    ) -> EvidenceItem:
        case = self.get_case(case_id)
        if len(data) > MAX_EVIDENCE_BYTES:
            raise BadInput("file-too-large", limit=MAX_EVIDENCE_BYTES)
        sha, size = self.store.blobs.put_bytes(data)
        image, sniffed = (
            acq.image_facts(data)
            if media_type is None or media_type.startswith("image/")
            else (None, None)
        )
        facts = acq.facts(
            source=source,
            operator=self._operator(case),
            url=url,
            platform_name=platform,
            account=account,
            original_filename=filename,
            image=image,
            http=http,
        )
        return self._record(
            case,
            kind,
            sha,
            size,
            filename,
            media_type or acq.media_type_for(filename, sniffed),
            facts,
            note,
            description,
        )

    def _record(
        self,
        case: Case,
        kind: str,
        sha: str,
        size: int,
        filename: str,
        media_type: str,
        facts: Any,
        note: str,
        description: str = "",
    ) -> EvidenceItem:
        if kind not in EVIDENCE_KINDS:
            raise BadInput("evidence-kind-unknown", kind=kind)
        now = acq.utc_now()
        with self.store.transaction():
            eid = self.store.insert_evidence(
                case_id=case.id,
                kind=kind,
                sha256=sha,
                size=size,
                filename=filename,
                media_type=media_type,
                acquisition=facts,
                description=description,
                note=note,
                now=now,
            )
            self.store.append_custody(
                case.id,
                case.uid,
                "evidence-added",
                {
                    "evidence_id": eid,
                    "kind": kind,
                    "sha256": sha,
                    "size": size,
                    "filename": filename,
                    "source": facts.source,
                    "url": facts.url,
                    "operator": facts.operator,
                },
                now,
            )
        return self.store.get_evidence(eid)

    def correct_evidence(
        self,
        evidence_id: int,
        *,
        description: str | None = None,
        note: str | None = None,
        platform: str | None = None,
        account: str | None = None,
        url: str | None = None,
    ) -> EvidenceItem:
        """Correct an item's metadata: a new row superseding the old one (the file is the same)."""
        old = self.store.get_evidence(evidence_id)
        case = self.get_case(old.case_id)
        changes: dict[str, Any] = {
            k: v
            for k, v in (("platform", platform), ("account", account), ("url", url))
            if v is not None
        }
        facts = replace(old.acquisition, **changes)
        now = acq.utc_now()
        with self.store.transaction():
            eid = self.store.insert_evidence(
                case_id=case.id,
                kind=old.kind,
                sha256=old.sha256,
                size=old.size,
                filename=old.filename,
                media_type=old.media_type,
                acquisition=facts,
                description=old.description if description is None else description,
                note=old.note if note is None else note,
                now=now,
                supersedes=old.id,
            )
            self.store.append_custody(
                case.id,
                case.uid,
                "evidence-corrected",
                {"evidence_id": eid, "supersedes": old.id, "sha256": old.sha256},
                now,
            )
        return self.store.get_evidence(eid)

    def tombstone(self, evidence_id: int, reason: str) -> None:
        """Remove an item from the case view; the row, the file and the log entry stay."""
        item = self.store.get_evidence(evidence_id)
        if item.tombstoned:
            return
        case = self.get_case(item.case_id)
        now = acq.utc_now()
        with self.store.transaction():
            self.store.insert_tombstone(evidence_id, reason, now)
            self.store.append_custody(
                case.id,
                case.uid,
                "evidence-removed",
                {"evidence_id": evidence_id, "sha256": item.sha256, "reason": reason},
                now,
            )

    def list_evidence(self, case_id: int, *, include_removed: bool = False) -> list[EvidenceItem]:
        """The current view: corrections replace what they supersede; removed items are hidden."""
        rows = self.store.evidence_rows(int(case_id))
        superseded = {r.supersedes for r in rows if r.supersedes is not None}
        current = [r for r in rows if r.id not in superseded]
        # A tombstone on any row of a correction chain removes the item.
        by_id = {r.id: r for r in rows}
        out = []
        for row in current:
            chain, removed = row, row.tombstoned
            while chain.supersedes is not None and not removed:
                chain = by_id[chain.supersedes]
                removed = chain.tombstoned
            if include_removed or not removed:
                out.append(replace(row, tombstoned=removed))
        return out

    def capture_url(self, case_id: int, url: str, **options: Any) -> CaptureResult:
        """Fetch ``url`` and keep the page and its images (see services/capture.py)."""
        from picproof.services.capture import capture_url

        return capture_url(self, case_id, url, **options)

    def get_evidence(self, evidence_id: int) -> EvidenceItem:
        return self.store.get_evidence(int(evidence_id))

    def evidence_path(self, item: EvidenceItem) -> Path:
        """The stored (read-only) file; never write to it."""
        return self.store.blobs.path_for(item.sha256)

    def evidence_bytes(self, item: EvidenceItem) -> bytes:
        return self.store.blobs.read_bytes(item.sha256)

    def record_generated_document(
        self,
        case_id: int,
        kind: str,
        language: str,
        data: bytes,
        filename: str,
        *,
        sent: bool = False,
    ) -> EvidenceItem:
        """Keep a letter (with its SHA-256) and log "letter generated/sent, type, language"."""
        case = self.get_case(case_id)
        media = acq.media_type_for(filename, None)
        facts = acq.facts(
            source="generated", operator=self._operator(case), original_filename=filename
        )
        sha, size = self.store.blobs.put_bytes(data)
        with self.store.transaction():
            item = self._record(
                case, "letter", sha, size, filename, media, facts, "", f"{kind} ({language})"
            )
            self.store.append_custody(
                case.id,
                case.uid,
                "letter-sent" if sent else "letter-generated",
                {
                    "evidence_id": item.id,
                    "letter_type": kind,
                    "language": language,
                    "sha256": item.sha256,
                    "filename": filename,
                },
                acq.utc_now(),
            )
        return item

    # -- matches -------------------------------------------------------------------------------
    def add_match(
        self,
        case_id: int,
        suspect_evidence_id: int,
        match: Match,
        *,
        explanation_png: bytes | None = None,
        decision: str = "accepted",
    ) -> MatchRecord:
        _check_decision(decision)
        case = self.get_case(case_id)
        suspect = self.get_evidence(suspect_evidence_id)
        if suspect.case_id != case.id:
            raise NotFound(what=f"evidence {suspect_evidence_id} in case {case_id}")
        original_id = self._link_original(case, match)
        explanation_id = None
        if explanation_png:
            explanation_id = self.add_evidence_bytes(
                case.id,
                explanation_png,
                f"match-{suspect.id}-{match.photo_id}.png",
                kind="explanation",
                source="generated",
                media_type="image/png",
                description=f"side-by-side: evidence {suspect.id} / photo {match.photo_id}",
            ).id
        transform = asdict(match.transform) if match.transform else None
        now = acq.utc_now()
        with self.store.transaction():
            mid = self.store.insert_match(
                case_id=case.id,
                suspect_id=suspect.id,
                original_id=original_id,
                explanation_id=explanation_id,
                photo_id=match.photo_id,
                photo_sha256=match.photo_sha256,
                level=match.level,
                score=match.score,
                bbox=list(match.bbox) if match.bbox else None,
                transform=transform,
                now=now,
            )
            self.store.insert_decision(mid, decision, now)
            self.store.append_custody(
                case.id,
                case.uid,
                f"match-{decision}",
                {
                    "match_id": mid,
                    "suspect_evidence_id": suspect.id,
                    "suspect_sha256": suspect.sha256,
                    "original_evidence_id": original_id,
                    "photo_sha256": match.photo_sha256,
                    "level": match.level,
                    "score": round(float(match.score), 4),
                    "bbox": list(match.bbox) if match.bbox else None,
                    "transform": transform,
                },
                now,
            )
        return self._match(mid)

    def _link_original(self, case: Case, match: Match) -> int | None:
        for item in self.list_evidence(case.id):
            if item.kind == "original" and item.sha256 == match.photo_sha256:
                return item.id
        path = Path(match.photo_path)
        try:
            data = path.read_bytes()
        except OSError:
            return None  # the photo moved or was deleted since the scan; the match keeps its hash
        import hashlib

        if hashlib.sha256(data).hexdigest() != match.photo_sha256:
            return None  # edited since indexing: not the file the match was made with
        item = self.add_evidence(
            case.id,
            [path],
            kind="original",
            source="file",
            note="matched original (proof of authorship)",
        )[0]
        return item.id

    def record_decision(self, match_id: int, decision: str) -> MatchRecord:
        _check_decision(decision)
        return self._decide(match_id, decision, reverses=None)

    def undo_decision(self, match_id: int) -> MatchRecord:
        """Append an entry reversing the latest decision (nothing is deleted)."""
        rows = self.store.decisions(match_id)
        if not rows:
            raise NotFound(what=f"decision for match {match_id}")
        previous = rows[-2].decision if len(rows) > 1 else "undecided"
        return self._decide(match_id, previous, reverses=rows[-1].id)

    def _decide(self, match_id: int, decision: str, reverses: int | None) -> MatchRecord:
        case = self.get_case(self._match(match_id).case_id)
        now = acq.utc_now()
        with self.store.transaction():
            did = self.store.insert_decision(match_id, decision, now, reverses=reverses)
            self.store.append_custody(
                case.id,
                case.uid,
                "match-decision-undone" if reverses else f"match-{decision}",
                {
                    "match_id": match_id,
                    "decision": decision,
                    "decision_id": did,
                    "reverses": reverses,
                },
                now,
            )
        return self._match(match_id)

    def _match(self, match_id: int) -> MatchRecord:
        record = self.store.match(match_id)
        if record is None:
            raise NotFound(what=f"match {match_id}")
        return record

    def matches(self, case_id: int) -> list[MatchRecord]:
        return self.store.matches(int(case_id))

    # -- custody -------------------------------------------------------------------------------
    def log_event(self, case_id: int, event: str, data: dict[str, Any]) -> CustodyEntry:
        case = self.get_case(case_id)
        return self.store.append_custody(case.id, case.uid, event, data, acq.utc_now())

    def custody_log(self, case_id: int) -> list[CustodyEntry]:
        return self.store.custody(int(case_id))

    def verify_log(self, case_id: int) -> list[ChainProblem]:
        case = self.get_case(case_id)
        return verify_chain(self.store.custody(case.id), case_uid=case.uid)

    # -- deadlines -----------------------------------------------------------------------------
    def add_deadline(
        self,
        case_id: int,
        kind: str,
        *,
        due: str | None = None,
        start: str | None = None,
        description: str = "",
        remind_days_before: int = 3,
    ) -> Deadline:
        """A deadline with a reminder. Known kinds compute ``due`` from ``start`` (ISO date)."""
        case = self.get_case(case_id)
        due = due_date(kind, due=due, start=start)
        now = acq.utc_now()
        with self.store.transaction():
            did = self.store.insert_deadline(
                case.id, kind, due, description, remind_days_before, now
            )
            self.store.append_custody(
                case.id,
                case.uid,
                "deadline-added",
                {"deadline_id": did, "kind": kind, "due": due},
                now,
            )
        return self._deadline(did)

    def complete_deadline(self, deadline_id: int, done: bool = True) -> None:
        case = self.get_case(self._deadline(deadline_id).case_id)
        with self.store.transaction():
            self.store.set_deadline_done(deadline_id, done)
            self.store.append_custody(
                case.id,
                case.uid,
                "deadline-done" if done else "deadline-reopened",
                {"deadline_id": deadline_id},
                acq.utc_now(),
            )

    def _deadline(self, deadline_id: int) -> Deadline:
        found = self.store.deadline(deadline_id)
        if found is None:
            raise NotFound(what=f"deadline {deadline_id}")
        return found

    def deadlines(self, case_id: int | None = None) -> list[Deadline]:
        return self.store.deadlines(case_id)

    def due_soon(self, today: date | None = None) -> list[DueReminder]:
        """Open deadlines inside their reminder window (or overdue), soonest first."""
        today = today or date.today()
        titles = {c.id: c.title for c in self.list_cases()}
        out = []
        for d in self.store.deadlines():
            left = (parse_date(d.due) - today).days
            if not d.done and left <= d.remind_days_before:
                out.append(DueReminder(d.case_id, titles.get(d.case_id, ""), d, left))
        return sorted(out, key=lambda r: r.days_left)


def _check_decision(decision: str) -> None:
    if decision not in ("accepted", "rejected"):
        raise BadInput("decision-unknown", decision=decision)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (RightsHolder, InfringingAccount)):
        return asdict(value)
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value
