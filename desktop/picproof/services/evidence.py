"""Evidence items of a case: files copied into the store unchanged, corrected by new rows,
removed by tombstones; never modified.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from picproof.core.cases import EVIDENCE_KINDS, AcquisitionFacts, Case, EvidenceItem
from picproof.core.errors import BadInput
from picproof.core.progress import NULL_PROGRESS, Progress
from picproof.services import acquisition as acq
from picproof.services.case_base import CaseBase

#: Evidence files larger than this are refused (a case is photos, pages and chat exports).
MAX_EVIDENCE_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    """A file durably in the content-addressed store, not yet recorded in a case."""

    sha256: str
    size: int
    filename: str
    media_type: str
    facts: AcquisitionFacts


class EvidenceMixin(CaseBase):
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
            stored = self._store_path(
                case, path, source=source, url=url, platform=platform, account=account
            )
            items.append(self._insert_item(case, kind, stored, note=note))
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
        stored = self._store_bytes(
            case,
            data,
            filename,
            source=source,
            url=url,
            platform=platform,
            account=account,
            media_type=media_type,
            http=http,
        )
        return self._insert_item(case, kind, stored, note=note, description=description)

    def put_evidence_stream(self, stream: Any) -> tuple[str, int]:
        """Copy a readable binary stream into the store; its (SHA-256, size). Recorded later
        by the caller (bundle import) in one transaction with its case."""
        return self.store.blobs.put_stream(stream)

    # -- the two halves of adding: the file first, then the row --------------------------------
    def _store_path(
        self,
        case: Case,
        path: Path,
        *,
        source: str,
        url: str | None = None,
        platform: str | None = None,
        account: str | None = None,
    ) -> StoredFile:
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
        return StoredFile(sha, size, path.name, acq.media_type_for(path.name, sniffed), facts)

    def _store_bytes(
        self,
        case: Case,
        data: bytes,
        filename: str,
        *,
        source: str,
        url: str | None = None,
        platform: str | None = None,
        account: str | None = None,
        media_type: str | None = None,
        http: dict[str, Any] | None = None,
    ) -> StoredFile:
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
        media = media_type or acq.media_type_for(filename, sniffed)
        return StoredFile(sha, size, filename, media, facts)

    def _insert_item(
        self, case: Case, kind: str, stored: StoredFile, *, note: str = "", description: str = ""
    ) -> EvidenceItem:
        if kind not in EVIDENCE_KINDS:
            raise BadInput("evidence-kind-unknown", kind=kind)
        with self._logged(case, "evidence-added") as log:
            eid = self.store.insert_evidence(
                case_id=case.id,
                kind=kind,
                sha256=stored.sha256,
                size=stored.size,
                filename=stored.filename,
                media_type=stored.media_type,
                acquisition=stored.facts,
                description=description,
                note=note,
                now=log.now,
            )
            log.data = {
                "evidence_id": eid,
                "kind": kind,
                "sha256": stored.sha256,
                "size": stored.size,
                "filename": stored.filename,
                "source": stored.facts.source,
                "url": stored.facts.url,
                "operator": stored.facts.operator,
            }
        return self.store.get_evidence(eid)

    # -- corrections and removals ---------------------------------------------------------------
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
        with self._logged(case, "evidence-corrected") as log:
            eid = self.store.insert_evidence(
                case_id=case.id,
                kind=old.kind,
                sha256=old.sha256,
                size=old.size,
                filename=old.filename,
                media_type=old.media_type,
                acquisition=replace(old.acquisition, **changes),
                description=old.description if description is None else description,
                note=old.note if note is None else note,
                now=log.now,
                supersedes=old.id,
            )
            log.data = {"evidence_id": eid, "supersedes": old.id, "sha256": old.sha256}
        return self.store.get_evidence(eid)

    def tombstone(self, evidence_id: int, reason: str) -> None:
        """Remove an item from the case view; the row, the file and the log entry stay."""
        item = self.store.get_evidence(evidence_id)
        if item.tombstoned:
            return
        case = self.get_case(item.case_id)
        with self._logged(case, "evidence-removed") as log:
            self.store.insert_tombstone(evidence_id, reason, log.now)
            log.data = {"evidence_id": evidence_id, "sha256": item.sha256, "reason": reason}

    # -- reads ------------------------------------------------------------------------------------
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
        sha, size = self.store.blobs.put_bytes(data)
        facts = acq.facts(
            source="generated", operator=self._operator(case), original_filename=filename
        )
        stored = StoredFile(sha, size, filename, acq.media_type_for(filename, None), facts)
        with self.store.transaction():
            item = self._insert_item(case, "letter", stored, description=f"{kind} ({language})")
            with self._logged(case, "letter-sent" if sent else "letter-generated") as log:
                log.data = {
                    "evidence_id": item.id,
                    "letter_type": kind,
                    "language": language,
                    "sha256": item.sha256,
                    "filename": filename,
                }
        return item


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file, streamed; None when it cannot be read."""
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None
