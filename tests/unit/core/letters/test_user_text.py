"""User text is text: a field value never acts as a template directive, whatever it holds."""

from __future__ import annotations

from collections import Counter

import pytest

from picproof.core.letters.catalog import LetterCatalog
from picproof.core.letters.context import apply_values
from picproof.core.letters.model import EvidenceEntry, LetterContext
from picproof.core.letters.render import render_letter
from picproof.core.letters.template_file import BODY_DIRECTIVES
from picproof.core.resources import resource_dir

#: Every construct of the block markup (README "Body markup"), as a line a user might type.
INJECTIONS = [f"@{word} Injected" for word in sorted(BODY_DIRECTIVES)] + [
    "@evidence-index full",
    "@pagebreak",
    "@signature",
    "# H",
    "- item",
    "1. numbered",
    "2) numbered",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "{% if true %}x{% endif %}",
]


@pytest.fixture(scope="module")
def catalog() -> LetterCatalog:
    return LetterCatalog(resource_dir() / "letters")


def _context(catalog: LetterCatalog, type_id: str, lang: str, **overrides: str) -> LetterContext:
    tpl = catalog.get(type_id, lang)
    ctx = LetterContext(
        language=lang,
        date="2026-11-26",
        evidence=[EvidenceEntry("E1", "capture", "ab" * 32, source_url="https://e.example/1")],
    )
    values = [(f.name, f.example) for f in tpl.fields if f.example]
    return apply_values(tpl, ctx, values + list(overrides.items()))


def _shape(letter) -> Counter:
    return Counter(b.kind for b in letter.blocks)


@pytest.mark.parametrize(
    ("type_id", "lang", "multiline", "single", "listed"),
    [
        ("dmca", "en", "work_description", "sender_name", "accounts"),
        ("cn-takedown", "zh_CN", "work_description", "sender_address", "accounts"),
        ("police-report", "en", "incident_summary", "sender_name", "timeline"),
    ],
)
def test_every_directive_in_a_value_prints_literally(
    catalog, type_id, lang, multiline, single, listed
):
    tpl, pack = catalog.get(type_id, lang), catalog.pack(lang)
    base = render_letter(tpl, _context(catalog, type_id, lang), pack)
    payload = "\n".join(["Before", *INJECTIONS, "After"])
    for field in (multiline, single, listed):
        # a list gets one entry per directive, each starting with it
        value = payload if field != listed else " | ".join(INJECTIONS)
        letter = render_letter(tpl, _context(catalog, type_id, lang, **{field: value}), pack)
        assert letter.subject == base.subject, (field, letter.subject)
        assert len(letter.signature) == len(base.signature), field
        shape, before = _shape(letter), _shape(base)
        for kind in ("heading", "pagebreak", "evidence-index", "statement", "numbered"):
            assert shape[kind] == before[kind], (field, kind)
        text = letter.plain_text() + "\n".join(letter.confidential)
        for line in INJECTIONS:
            assert line in text, (field, line)
        assert "49" not in text.replace("2026", "")


def test_a_value_in_the_sender_block_cannot_end_it(catalog):
    tpl, pack = catalog.get("dmca", "en"), catalog.pack("en")
    ctx = _context(catalog, "dmca", "en", sender_name="Mei\n\n@subject Injected\n# H")
    letter = render_letter(tpl, ctx, pack)
    assert "Injected" not in letter.subject
    assert any("@subject Injected" in line for line in letter.sender)
    assert not any(b.kind == "heading" and b.text == "H" for b in letter.blocks)
