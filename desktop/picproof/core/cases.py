"""Frozen value objects for cases, evidence, matches, timestamps and the custody log.

These are what the store returns, the services hand out and the GUI / letters show. They carry no
behaviour beyond small derived properties; persistence lives in ``store/evidence_store.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

CaseKind = Literal["impersonation", "product", "other"]
"""``impersonation``: fake profile / romance fraud; ``product``: copied product photos or a cloned
listing; ``other``."""
CASE_KINDS: tuple[str, ...] = ("impersonation", "product", "other")

CaseStatus = Literal["open", "notice-sent", "counter-notice", "resolved", "closed", "archived"]
CASE_STATUSES: tuple[str, ...] = (
    "open",
    "notice-sent",
    "counter-notice",
    "resolved",
    "closed",
    "archived",  # out of the list, never erased (its log stays whole)
)

EvidenceKind = Literal[
    "suspect",  # screenshot or downloaded image showing the stolen photo
    "original",  # the user's own photo (proof of authorship)
    "page",  # a captured web page (raw response bytes)
    "page-image",  # an image referenced by a captured page
    "chat",  # a chat export
    "explanation",  # the rendered side-by-side picture of a match
    "letter",  # a generated letter / notice
    "identity-document",  # enclosure: the sender's identity document (for the recipient only)
    "ownership-proof",  # enclosure: proof of ownership (registration, contract, raw files)
    "authorisation",  # enclosure: the owner's authorisation of an agent (授权委托书)
    "other",
]
EVIDENCE_KINDS: tuple[str, ...] = (
    "suspect",
    "original",
    "page",
    "page-image",
    "chat",
    "explanation",
    "letter",
    "identity-document",
    "ownership-proof",
    "authorisation",
    "other",
)
#: Evidence kinds that are enclosures of a letter (listed in its list of enclosures).
ENCLOSURE_KINDS: tuple[str, ...] = ("identity-document", "ownership-proof", "authorisation")

EvidenceSource = Literal["file", "url", "clipboard", "screen-capture", "generated", "bundle-import"]
MatchDecision = Literal["accepted", "rejected", "undecided"]
TimestampStatus = Literal["timestamped", "pending"]


@dataclass(frozen=True)
class RightsHolder:
    """The person or shop whose photos were taken."""

    name: str = ""
    kind: Literal["person", "shop"] = "person"
    contact: str = ""
    """Email, phone or postal address, as the user wants it to appear in letters."""
    address: str = ""
    id_document: str = ""
    """Optional identity reference (some Chinese platforms require real identity information)."""


@dataclass(frozen=True)
class InfringingAccount:
    platform: str = ""
    name: str = ""
    account_id: str = ""
    profile_url: str = ""


@dataclass(frozen=True)
class Deadline:
    id: int
    case_id: int
    kind: str
    """e.g. ``ecommerce-43-counter-notice`` (15 days, E-commerce Law art. 43),
    ``dmca-counter-notice``
    (10-14 business days, 17 U.S.C. §512(g)), ``custom``."""
    due: str
    """ISO date (YYYY-MM-DD) in the user's local calendar."""
    description: str = ""
    remind_days_before: int = 3
    done: bool = False
    created_at: str = ""


@dataclass(frozen=True)
class Case:
    id: int
    uid: str
    """Globally unique id (survives export / import to another machine)."""
    title: str
    kind: str = "other"
    status: str = "open"
    rights_holder: RightsHolder = field(default_factory=RightsHolder)
    platforms: tuple[str, ...] = ()
    accounts: tuple[InfringingAccount, ...] = ()
    notes: str = ""
    language: str = "en"
    """Language of the case's letters (``en`` / ``zh_CN``), not the UI locale."""
    operator: str = ""
    """Who captures evidence for this case (recorded in every acquisition)."""
    created_at: str = ""
    updated_at: str = ""
    imported_from: str | None = None
    """Bundle file name when this case was received from elsewhere."""


@dataclass(frozen=True)
class AcquisitionFacts:
    """How, when and by whom an evidence item was acquired."""

    acquired_at_utc: str
    """ISO 8601 with ``Z``."""
    acquired_at_local: str
    """ISO 8601 with the local UTC offset, e.g. ``2026-11-26T17:03:12+08:00``."""
    source: str
    """One of :data:`EvidenceSource`."""
    source_path: str | None = None
    url: str | None = None
    platform: str | None = None
    account: str | None = None
    operator: str = ""
    app_version: str = ""
    os: str = ""
    original_filename: str | None = None
    file_modified_utc: str | None = None
    file_created_utc: str | None = None
    http: dict[str, Any] | None = None
    """For URL captures: final URL, status, headers, request time."""
    image: dict[str, Any] | None = None
    """For images: width, height, format, EXIF camera and capture time (proof of authorship)."""

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass(frozen=True)
class EvidenceItem:
    id: int
    case_id: int
    kind: str
    sha256: str
    size: int
    filename: str
    """A display name (the original file name); the stored file is named by its SHA-256."""
    media_type: str
    acquisition: AcquisitionFacts
    description: str = ""
    note: str = ""
    created_at: str = ""
    supersedes: int | None = None
    """When this row corrects an earlier row's metadata, that row's id."""
    tombstoned: bool = False
    tombstone_reason: str | None = None
    timestamp: TimestampRecord | None = None
    added_by: str = ""
    """In a clinic database, the database login that added the row (set by the server)."""

    @property
    def added_by_name(self) -> str:
        """Who added the item: the clinic login, else the operator recorded when acquired."""
        return self.added_by or self.acquisition.operator

    @property
    def timestamp_status(self) -> str:
        return "timestamped" if self.timestamp is not None else "pending"


@dataclass(frozen=True)
class MatchRecord:
    id: int
    case_id: int
    suspect_evidence_id: int
    original_evidence_id: int | None
    explanation_evidence_id: int | None
    photo_id: int
    photo_sha256: str
    level: str
    score: float
    bbox: tuple[int, int, int, int] | None
    transform: dict[str, Any] | None
    decision: str
    """The current decision after any later changes / undos."""
    created_at: str = ""


@dataclass(frozen=True)
class Decision:
    """One entry of a match's decision history (append-only; an undo is a new entry)."""

    id: int
    match_id: int
    decision: str
    """``accepted``, ``rejected`` or, after undoing the first decision, ``undecided``."""
    reverses: int | None
    """The id of the decision this entry undoes, if it is an undo."""
    created_at: str


@dataclass(frozen=True)
class TimestampRecord:
    id: int
    case_id: int
    subject: str
    """``evidence`` (one item's SHA-256), ``log-head`` or ``manifest``."""
    digest_sha256: str
    tsa_url: str
    gen_time: str
    """UTC ISO 8601 time asserted by the TSA."""
    serial: str
    policy: str
    tsa_name: str = ""
    evidence_id: int | None = None
    response_der: bytes = b""
    """The raw TimeStampResp exactly as received (kept as evidence)."""
    roots_pem: bytes = b""
    """The trust roots (PEM) the token was verified against when it was obtained."""
    created_at: str = ""


@dataclass(frozen=True)
class CustodyEntry:
    seq: int
    case_uid: str
    at: str
    event: str
    data: dict[str, Any]
    prev: str
    hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "case": self.case_uid,
            "at": self.at,
            "event": self.event,
            "data": self.data,
            "prev": self.prev,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class ChainProblem:
    """One defect found in a custody log; ``seq`` names the first broken entry."""

    code: str
    """``bad-hash`` (entry edited), ``broken-link`` (deleted / inserted / reordered),
    ``bad-seq``, ``truncated``, ``unparsable``."""
    seq: int | None
    detail: str = ""


@dataclass(frozen=True)
class DueReminder:
    case_id: int
    case_title: str
    deadline: Deadline
    days_left: int


@dataclass(frozen=True)
class CaptureResult:
    """A web page fetched as evidence, with the images it references."""

    page_evidence_id: int
    final_url: str
    status: int
    image_evidence_ids: tuple[int, ...] = ()
    skipped_images: tuple[tuple[str, str], ...] = ()
    """``(url, reason code)`` of referenced images that were not kept."""


@dataclass(frozen=True)
class TimestampRun:
    timestamped: int
    pending: int
    tsa_url: str | None = None
    errors: tuple[tuple[str, str], ...] = ()
    """``(tsa url, reason code)`` for each TSA that failed."""
