"""Cases and their evidence: the one door the GUI, the CLI, the letters and the other services use.

``CaseService`` is put together from the parts that own each kind of record: evidence
(services/evidence.py), matches and decisions (services/case_matches.py) and deadlines
(services/deadlines.py); this module holds the cases themselves, their custody log, their
timestamps and the write of an imported case. Every change is written together with its
custody-log entry in one transaction (``CaseBase._logged``), after the evidence file itself is
durably in the content-addressed store. Other services write through these methods, never
through ``.store``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from picproof.core.cases import (
    CASE_KINDS,
    CASE_STATUSES,
    Case,
    ChainProblem,
    CustodyEntry,
    Deadline,
    EvidenceItem,
    InfringingAccount,
    MatchRecord,
    RightsHolder,
    TimestampRecord,
)
from picproof.core.custody import verify_chain
from picproof.core.errors import BadInput
from picproof.services import acquisition as acq
from picproof.services.case_matches import MatchMixin
from picproof.services.deadlines import DeadlineMixin
from picproof.services.evidence import MAX_EVIDENCE_BYTES, StoredFile
from picproof.store.evidence_store import CaseFields

__all__ = [
    "MAX_EVIDENCE_BYTES",
    "CaseOverview",
    "CaseService",
    "ImportedCase",
    "ImportedItem",
    "TokenFacts",
]

_CASE_FIELDS = frozenset(
    {
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
)


@dataclass(frozen=True)
class TokenFacts:
    """An RFC 3161 token already verified, as the store keeps it."""

    digest_sha256: str
    tsa_url: str
    tsa_name: str
    gen_time: str
    serial: str
    policy: str
    response_der: bytes
    roots_pem: bytes = b""


@dataclass(frozen=True)
class ImportedItem:
    """An evidence item of a received bundle whose file is already in the store."""

    kind: str
    file: StoredFile
    description: str = ""
    note: str = ""
    token: TokenFacts | None = None


class ImportedCase(CaseFields):
    """A received case's own fields, as the store writes them, and its uid."""

    uid: str


@dataclass(frozen=True)
class CaseOverview:
    """One case as its page shows it (``CaseService.overview``)."""

    case: Case
    evidence: list[EvidenceItem]
    matches: list[MatchRecord]
    custody: list[CustodyEntry]
    deadlines: list[Deadline]
    problems: list[ChainProblem]


class CaseService(MatchMixin, DeadlineMixin):
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
        details = _details(rights_holder or RightsHolder(), platforms, accounts, notes, language)
        now = acq.utc_now()
        uid = str(uuid.uuid4())
        who = self.settings.operator_name if operator is None else operator
        with self.store.transaction():  # the case has no id before this: no _logged
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
        unknown = set(changes) - _CASE_FIELDS
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
        details = _details(new.rights_holder, new.platforms, new.accounts, new.notes, new.language)
        with self._logged(case, "case-updated") as log:
            self.store.update_case(
                case_id,
                title=new.title,
                kind=new.kind,
                status=new.status,
                details=details,
                operator=new.operator,
                now=log.now,
            )
            log.data = logged
        return self.get_case(case_id)

    def list_cases(self) -> list[Case]:
        return self.store.list_cases()

    def has_case_uid(self, uid: str) -> bool:
        """True when a case with this uid (cases keep it across bundles) is already here."""
        return self.store.find_case_uid(uid) is not None

    # -- custody -------------------------------------------------------------------------------
    def log_event(self, case_id: int, event: str, data: dict[str, Any]) -> CustodyEntry:
        case = self.get_case(case_id)
        return self.store.append_custody(case.id, case.uid, event, data, acq.utc_now())

    def custody_log(self, case_id: int) -> list[CustodyEntry]:
        return self.store.custody(int(case_id))

    def verify_log(self, case_id: int) -> list[ChainProblem]:
        case = self.get_case(case_id)
        return verify_chain(self.store.custody(case.id), case_uid=case.uid)

    def overview(self, case_id: int) -> CaseOverview:
        """Everything a case's page shows, read in one go (the GUI reads it off its thread: on a
        clinic server each read is a round trip, and checking a long custody log takes time)."""
        case = self.get_case(case_id)
        custody = self.store.custody(case.id)
        return CaseOverview(
            case=case,
            evidence=self.list_evidence(case.id),
            matches=self.matches(case.id),
            custody=custody,
            deadlines=self.deadlines(case.id),
            problems=verify_chain(custody, case_uid=case.uid),
        )

    # -- timestamps ----------------------------------------------------------------------------
    def timestamps(self, case_id: int) -> list[TimestampRecord]:
        return self.store.timestamps(int(case_id))

    def record_timestamp(
        self, case_id: int, evidence_id: int | None, subject: str, token: TokenFacts
    ) -> TimestampRecord:
        """Keep a verified token for an item (``subject="evidence"``) or the log head."""
        case = self.get_case(case_id)
        with self._logged(case, "timestamp-obtained") as log:
            tid = self._insert_token(case.id, evidence_id, subject, token, log.now)
            log.data = {
                "timestamp_id": tid,
                "subject": subject,
                "evidence_id": evidence_id,
                "sha256": token.digest_sha256,
                "tsa": token.tsa_url,
                "gen_time": token.gen_time,
                "serial": token.serial,
            }
        return self.store.timestamp(tid)

    def _insert_token(
        self, case_id: int, evidence_id: int | None, subject: str, token: TokenFacts, now: str
    ) -> int:
        return self.store.insert_timestamp(
            case_id=case_id,
            evidence_id=evidence_id,
            subject=subject,
            digest=token.digest_sha256,
            tsa_url=token.tsa_url,
            tsa_name=token.tsa_name,
            gen_time=token.gen_time,
            serial=token.serial,
            policy=token.policy,
            response=token.response_der,
            now=now,
            roots=token.roots_pem,
        )

    # -- a received case ------------------------------------------------------------------------
    def add_imported_case(
        self,
        case: ImportedCase,
        *,
        source_name: str,
        log: Sequence[CustodyEntry],
        items: Sequence[ImportedItem],
        note: dict[str, Any],
    ) -> Case:
        """Write a received case in one transaction: the case, its custody log kept verbatim,
        its items (files already in the store) and tokens, then one ``bundle-imported`` entry
        with ``note``. Killed at any point, it leaves either no case or the whole case."""
        now = acq.utc_now()
        with self.store.transaction():
            case_id = self.store.insert_case(**case, now=now, imported_from=source_name)
            for entry in log:
                self.store.insert_custody_entry(case_id, entry)
            for item in items:
                stored = item.file
                eid = self.store.insert_evidence(
                    case_id=case_id,
                    kind=item.kind,
                    sha256=stored.sha256,
                    size=stored.size,
                    filename=stored.filename,
                    media_type=stored.media_type,
                    acquisition=stored.facts,
                    description=item.description,
                    note=item.note,
                    now=now,
                )
                if item.token is not None:
                    self._insert_token(case_id, eid, "evidence", item.token, now)
            self.store.append_custody(case_id, case["uid"], "bundle-imported", note, now)
        return self.get_case(case_id)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (RightsHolder, InfringingAccount)):
        return asdict(value)
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def _details(
    rights_holder: RightsHolder,
    platforms: Sequence[str],
    accounts: Sequence[InfringingAccount],
    notes: str,
    language: str,
) -> dict[str, Any]:
    """A case's ``details`` column: the fields the cases table keeps as one JSON object."""
    return {
        "rights_holder": asdict(rights_holder),
        "platforms": list(platforms),
        "accounts": [asdict(a) for a in accounts],
        "notes": notes,
        "language": language,
    }
