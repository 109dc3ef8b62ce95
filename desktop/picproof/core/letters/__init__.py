"""Letters and legal notices: template files, the filled context, the element check."""

from __future__ import annotations

from picproof.core.letters.model import (
    LANGUAGES,
    Block,
    ElementSpec,
    EvidenceEntry,
    FieldSpec,
    LanguagePack,
    LetterContext,
    Letterhead,
    LetterTemplate,
    MissingElement,
    RenderedLetter,
    normalize_language,
    public_language,
)

__all__ = [
    "LANGUAGES",
    "Block",
    "ElementSpec",
    "EvidenceEntry",
    "FieldSpec",
    "LanguagePack",
    "LetterContext",
    "LetterTemplate",
    "Letterhead",
    "MissingElement",
    "RenderedLetter",
    "normalize_language",
    "public_language",
]
