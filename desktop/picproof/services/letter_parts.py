"""Plain values and helpers of the letter service: results, suggestions, evidence selection,
contact parsing. Kept apart so services/letters.py holds the service itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from picproof.core.atomic import atomic_write_bytes
from picproof.core.errors import LetterError
from picproof.core.letters.forum import ForumChoice, ForumWarning
from picproof.core.letters.model import EvidenceEntry, public_language


def select_evidence(
    every: list[EvidenceEntry], labels: list[str] | None, platform: str
) -> list[EvidenceEntry]:
    """The items a letter uses: the ``labels`` asked for; by default the accepted matches
    captured on ``platform`` (or, when none is accepted, every capture from there)."""
    if labels is not None:
        wanted = {_chosen(label.strip(), every) for label in labels if label.strip()}
        return [e for e in every if e.label in wanted]
    name = platform.strip().lower()
    # Items captured elsewhere stay out (a Taobao capture in a notice to Instagram); an item that
    # does not say where it was captured stays in.
    here = [e for e in every if not name or not e.platform or e.platform.strip().lower() == name]
    # The accepted matches by default: what the user confirmed shows their photo. A case with
    # no accepted match (a chat export, a profile page) keeps the platform's captures.
    confirmed = [e for e in here if e.match_level]
    return confirmed or here


def _chosen(given: str, every: list[EvidenceEntry]) -> str:
    """The letter label ``given`` names: a label as ``letter --check`` lists it (``E2``), or the
    evidence number ``case add`` and ``case show`` print (``5``). Letters number their own
    exhibits from E1, so the two differ; the refusal names both."""
    for e in every:
        if e.label == given.upper() or (given.isdigit() and e.evidence_id == int(given)):
            return e.label
    known = ", ".join(
        e.label + (f" (evidence {e.evidence_id})" if e.evidence_id is not None else "")
        for e in every
    )
    raise LetterError("unknown-evidence", label=given, known=known or "none")


#: Evidence kinds a letter lists; originals appear beside the suspect item they match.
LETTER_EVIDENCE_KINDS = ("suspect", "page-image", "page", "chat", "other")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\s().\-]{7,}$")


@dataclass
class LetterResult:
    type_id: str
    language: str
    pdf_path: Path | None
    pdf_sha256: str | None
    docx_path: Path | None = None
    docx_sha256: str | None = None
    recorded_evidence_ids: list[int] = field(default_factory=list)
    checklist: tuple[str, ...] = ()
    pages: int | None = None
    warnings: list[ForumWarning] = field(default_factory=list)
    forum: ForumChoice | None = None
    evidence_labels: list[str] = field(default_factory=list)
    signed: bool = False
    """PDF/A-2b with a PAdES signature and a document timestamp (services/signing.py)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "signed": self.signed,
            "warnings": [w.to_json() for w in self.warnings],
            "forum": self.forum.forum if self.forum else "",
            "forum_reason": self.forum.reason if self.forum else "",
            "evidence": self.evidence_labels,
            "type": self.type_id,
            "language": public_language(self.language),
            "pdf": str(self.pdf_path) if self.pdf_path else None,
            "pdf_sha256": self.pdf_sha256,
            "docx": str(self.docx_path) if self.docx_path else None,
            "docx_sha256": self.docx_sha256,
            "recorded_evidence_ids": self.recorded_evidence_ids,
            "checklist": list(self.checklist),
            "pages": self.pages,
        }


def write_file(path: Path, data: bytes) -> None:
    path = Path(path)
    atomic_write_bytes(path, data, prefix=f".{path.name}.")


def sha256_of(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def split_contact(contact: str) -> dict[str, str]:
    """A rights holder's free-text contact -> e-mail / phone / address parts."""
    out: dict[str, str] = {}
    rest: list[str] = []
    for part in re.split(r"[;\n,，；]+", contact or ""):
        part = part.strip()
        if not part:
            continue
        if _EMAIL.match(part) and "sender_email" not in out:
            out["sender_email"] = part
        elif _PHONE.match(part) and "sender_phone" not in out:
            out["sender_phone"] = part
        else:
            rest.append(part)
    if rest:
        out["sender_address"] = ", ".join(rest)
    return out


@dataclass(frozen=True)
class Suggestion:
    """What the wizard proposes for a case, and why (the reasons are shown to the user)."""

    type_id: str
    language: str
    forum: str
    platform: str
    kind: str
    forum_known: bool
    """True when the forum comes from a platform PicProof knows; False = the user must say."""


#: Letter type for a product case, by where the platform is.
PRODUCT_TYPES = {"cn": "cn-takedown", "us": "dmca", "eu": "eu-notice"}
