"""Plain values for letters: template declarations, the filled context, the rendered document.

Nothing here holds prose of its own: labels and sentences come from the template files under
``resources/letters/<lang>/`` (or the user's custom copies), so lawyers and translators edit text
without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

FieldSource = Literal["case", "rights_holder", "evidence", "user", "auto"]
FieldKind = Literal["text", "multiline", "list", "date", "confirm"]
BlockKind = Literal[
    "heading", "paragraph", "bullet", "numbered", "statement", "evidence-index", "pagebreak"
]

#: Letter languages PicProof ships; the folder names under resources/letters/.
LANGUAGES: tuple[str, ...] = ("en", "zh_CN")


def normalize_language(value: str) -> str:
    """``zh-CN`` / ``zh_cn`` / ``zh`` -> ``zh_CN``; ``en-GB`` -> ``en``.

    Unknown values pass through.
    """
    text = value.strip().replace("-", "_")
    low = text.lower()
    if low in ("zh", "zh_cn", "zh_hans", "zh_hans_cn"):
        return "zh_CN"
    if low.startswith("en"):
        return "en"
    return text


def public_language(lang: str) -> str:
    """The CLI/JSON spelling: ``zh_CN`` -> ``zh-CN``."""
    return lang.replace("_", "-")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    required: bool = False
    source: FieldSource = "user"
    example: str = ""
    kind: FieldKind = "text"
    help: str = ""


@dataclass(frozen=True)
class ElementSpec:
    """One element a letter must contain, and how to tell it is there.

    ``requires``: every condition must hold; ``any_of``: at least one must (when given).
    Conditions: ``field:NAME`` (the field has a value), ``statement:ID`` (the rendered body holds a
    non-empty statement paragraph with that id), ``evidence`` (at least one evidence item with a
    SHA-256), ``urls`` (at least one infringing URL).
    """

    id: str
    label: str
    requires: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    basis: str = ""


@dataclass(frozen=True)
class LetterTemplate:
    type_id: str
    language: str
    title: str
    fields: tuple[FieldSpec, ...]
    elements: tuple[ElementSpec, ...]
    body: str
    path: Path
    body_line: int
    """Line number (1-based) of the first body line in the file, for error messages."""
    checklist: tuple[str, ...] = ()
    """Ids of pre-send checklist items (from the language file) that apply to this letter."""
    custom: bool = False
    description: str = ""
    forums: tuple[str, ...] = ()
    """Forums whose law the letter cites (``cn``, ``hk``, ``us``, ``eu``); empty = any."""
    enclosures: tuple[str, ...] = ()
    """What the letter encloses (``identity``, ``ownership``, ``authorisation``)."""

    def field(self, name: str) -> FieldSpec | None:
        for spec in self.fields:
            if spec.name == name:
                return spec
        return None


@dataclass(frozen=True)
class LanguagePack:
    """Per-language words the layout needs.

    The date format, the page label, the appendix headings and the checklist.
    """

    language: str
    strings: dict[str, str]
    months: tuple[str, ...]
    date_format: str
    checklist: dict[str, str]
    """Checklist item id -> sentence."""

    def text(self, key: str) -> str:
        return self.strings.get(key, key)


@dataclass(frozen=True)
class EvidenceEntry:
    """One evidence item as a letter shows it (plain values, copied from the case)."""

    label: str
    """Short reference used in the letter, e.g. ``E1``."""
    description: str
    sha256: str
    captured_at: str | None = None
    timestamp_time: str | None = None
    tsa: str | None = None
    source_url: str | None = None
    suspect_image: Path | None = None
    original_image: Path | None = None
    original_sha256: str | None = None
    match_box: tuple[int, int, int, int] | None = None
    """(left, top, width, height) in the suspect image's pixels."""
    match_score: float | None = None
    kind: str = "screenshot"
    platform: str = ""
    """Where the item was captured, as recorded when it was added (empty = not said)."""
    evidence_id: int | None = None
    match_level: str = ""
    """``user-linked`` when the user linked the original by hand (no box, no score)."""
    time_kind: str = "imported"
    """What ``captured_at`` is: ``captured`` (PicProof fetched the page at that time) or
    ``imported`` (the file was added to the case then; when it was taken is not known)."""
    authorship: tuple[tuple[str, str], ...] = ()
    """Facts that show the user took the original: (language-pack key, value) pairs."""
    original_name: str = ""
    """The original's file name as the user knows it (never the store's path)."""


@dataclass(frozen=True)
class Enclosure:
    """One entry of a letter's list of enclosures (附件清单)."""

    kind: str
    """``identity``, ``ownership``, ``authorisation`` or ``evidence`` (the appendix)."""
    enclosed: bool
    """True: the file is in the case and goes with the letter; False: to be supplied."""
    files: tuple[str, ...] = ()
    """File names (never paths) of what is enclosed."""


@dataclass(frozen=True)
class Letterhead:
    name: str = ""
    lines: tuple[str, ...] = ()
    logo: Path | None = None


@dataclass
class LetterContext:
    """Everything a template may use. ``values`` maps field names to text or lists of text."""

    language: str
    values: dict[str, str | list[str]] = field(default_factory=dict)
    evidence: list[EvidenceEntry] = field(default_factory=list)
    letterhead: Letterhead | None = None
    date: str = ""
    """ISO date (YYYY-MM-DD) of the letter; empty = today."""
    enclosures: list[Enclosure] = field(default_factory=list)
    """What the case holds for the list of enclosures (the template picks which apply)."""
    case_kind: str = ""
    """``impersonation``, ``product`` or ``other``: a product letter says nothing of portraits."""
    forum_reason: str = ""
    """How ``values["forum"]`` was chosen: ``given``, ``platform`` (a platform PicProof knows)."""
    forum_platform: str = ""

    def value(self, name: str) -> str | list[str]:
        return self.values.get(name, "")

    def has(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, list):
            return any(v.strip() for v in value)
        return bool(value and value.strip())


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""
    tag: str = ""
    """Statement id for ``statement`` blocks; the number for ``numbered`` blocks."""


@dataclass(frozen=True)
class RenderedLetter:
    """The filled document, ready for a PDF or Word writer."""

    template: LetterTemplate
    language: str
    title: str
    subject: str
    date_text: str
    sender: tuple[str, ...]
    recipient: tuple[str, ...]
    blocks: tuple[Block, ...]
    signature: tuple[str, ...]
    evidence: tuple[EvidenceEntry, ...]
    pack: LanguagePack
    letterhead: Letterhead | None = None
    checklist: tuple[str, ...] = ()
    confidential: tuple[str, ...] = ()
    """Identifiers for the recipient only (an enclosure page), not part of the forwarded text."""
    enclosures: tuple[Enclosure, ...] = ()
    author: str = ""
    """Who signs: the sender's (or handling lawyer's) name, for document metadata."""
    date_iso: str = ""

    def plain_text(self) -> str:
        """The letter as text (no appendix, no confidential enclosure), for tests and previews."""
        parts = [*self.sender, self.date_text, *self.recipient, self.subject]
        parts += [b.text for b in self.blocks if b.text]
        parts += list(self.signature)
        parts += self.enclosure_lines()
        return "\n".join(p for p in parts if p)

    def enclosure_lines(self) -> list[str]:
        """The list of enclosures as numbered lines in the letter's language."""
        if not self.enclosures:
            return []
        pack = self.pack
        lines = [pack.text("enclosures_title")]
        for number, item in enumerate(self.enclosures, start=1):
            what = pack.text(f"enclosure_{item.kind}")
            if item.kind == "evidence":
                what = what.replace("{count}", str(len(self.evidence)))
            status = pack.text("enclosed" if item.enclosed else "to_be_supplied")
            files = item.files if item.kind != "evidence" else ()
            if self.language == "en":
                names = f" ({', '.join(files)})" if files else ""
                lines.append(f"{number}. {what}{names}: {status}")
            else:
                names = f"（{'、'.join(files)}）" if files else ""
                lines.append(f"{number}. {what}{names}（{status}）")
        return lines


@dataclass(frozen=True)
class MissingElement:
    id: str
    label: str
    missing_fields: tuple[str, ...] = ()
    """Labels of the fields that would satisfy the element."""
    missing_conditions: tuple[str, ...] = ()
    """Raw conditions not met, e.g. ``statement:good-faith`` or ``evidence``."""

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "missing_fields": list(self.missing_fields),
            "missing_conditions": list(self.missing_conditions),
        }
