"""Chinese typesetting: line-breaking rules and one spacing rule, read back from the PDFs."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from picproof.core.letters.catalog import LetterCatalog
from picproof.core.letters.context import apply_values
from picproof.core.letters.model import LetterContext
from picproof.core.letters.render import render_letter
from picproof.core.resources import resource_dir
from picproof.pdf.cjk_lines import CANNOT_END, CANNOT_START, break_lines
from picproof.pdf.fonts import register_fonts
from picproof.pdf.letter_pdf import render_pdf

TYPES = (
    "impersonation",
    "cn-takedown",
    "dmca",
    "cease-desist",
    "market-supervision",
    "police-report",
    "eu-notice",
    "lawyer-letter",
)


def test_break_lines_keeps_punctuation_with_its_text():
    font = register_fonts()
    text = (
        "依照《中华人民共和国著作权法》第五十六条（诉前责令停止侵权），本人有权申请；"
        "RFC 3161 时间戳、SHA-256 哈希值 "
        "387d596829ccaf915ebcf011457ab9cc7b557846b27d9a438941d5a88b0b326c"
        "与“原图”并列展示。"
    ) * 3
    for width in range(60, 400, 7):
        lines = break_lines(text, font, 10.5, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for line in lines[1:]:
            assert line[:1] not in CANNOT_START, (width, line)
        for line in lines[:-1]:
            assert line[-1:] not in CANNOT_END, (width, line)
        # "RFC" and "3161" are never cut in two
        assert not any(line.endswith(("RF", "R", "316", "31")) for line in lines[:-1])


@pytest.mark.parametrize("type_id", TYPES)
def test_no_pdf_line_starts_with_a_closing_mark(type_id):
    catalog = LetterCatalog(resource_dir() / "letters")
    tpl = catalog.get(type_id, "zh_CN")
    ctx = apply_values(
        tpl,
        LetterContext(language="zh_CN", date="2026-11-26"),
        [(f.name, f.example) for f in tpl.fields if f.example],
    )
    letter = render_letter(tpl, ctx, catalog.pack("zh_CN"))
    reader = PdfReader(io.BytesIO(render_pdf(letter)))
    lines = [
        line.strip() for page in reader.pages for line in (page.extract_text() or "").splitlines()
    ]
    assert len(lines) > 20
    starts = [line for line in lines if line[:1] in "，。、：；！？）》」』】"]
    ends = [line for line in lines if line[-1:] in "（《「『【"]
    assert starts == [] and ends == [], (starts, ends)
    text = letter.plain_text()
    # one spacing rule: Latin codes apart from Chinese, bare numbers joined to their unit
    assert not re.search(r"[\u4e00-\u9fff][A-Za-z]|[A-Za-z][\u4e00-\u9fff]", _template_only(text))
    assert not re.search(r"[\u4e00-\u9fff] \d+ [年月日条]", text)


def _template_only(text: str) -> str:
    """The letter without the example values (a value is printed as the user typed it)."""
    for noise in ("linmei.photo@example.com", "ipr@platform.example", "https://", "example"):
        text = text.replace(noise, " ")
    return text
