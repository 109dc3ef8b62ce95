"""Document facts of letters: PDF and Word metadata from the letter, the sworn statement kept
with the signature."""

from __future__ import annotations

import io

import docx
from pypdf import PdfReader
from reportlab.platypus import KeepTogether

from picproof.core.letters.catalog import LetterCatalog
from picproof.core.letters.context import apply_values
from picproof.core.letters.model import LetterContext
from picproof.core.letters.render import render_letter
from picproof.core.resources import resource_dir
from picproof.pdf.letter_docx import render_docx
from picproof.pdf.letter_pdf import letter_flowables, render_pdf, styles


def _letter(type_id: str, lang: str, **values: str):
    catalog = LetterCatalog(resource_dir() / "letters")
    tpl = catalog.get(type_id, lang)
    ctx = LetterContext(language=lang, date="2026-11-26")
    pairs = [(f.name, f.example) for f in tpl.fields if f.example] + list(values.items())
    apply_values(tpl, ctx, pairs)
    return render_letter(tpl, ctx, catalog.pack(lang))


def test_metadata_names_the_sender_never_a_contact_line():
    letter = _letter("impersonation", "zh_CN")
    info = PdfReader(io.BytesIO(render_pdf(letter))).metadata
    assert info.author == "林美" and "@" not in info.author
    props = docx.Document(io.BytesIO(render_docx(letter))).core_properties
    assert props.author == "林美" and props.last_modified_by == "林美"
    assert props.created.year == 2026 and props.created.month == 11
    assert "python-docx" not in (props.author + props.comments + props.last_modified_by)
    import zipfile

    app = zipfile.ZipFile(io.BytesIO(render_docx(letter))).read("docProps/app.xml")
    assert b"<Application>PicProof</Application>" in app and b"Macintosh" not in app


def test_the_perjury_statement_stays_with_the_signature():
    letter = _letter("dmca", "en")
    story = letter_flowables(letter, styles("en"))
    kept = [f for f in story if isinstance(f, KeepTogether)]
    texts = [" ".join(getattr(x, "text", "") for x in k._content) for k in kept]
    assert any("penalty of perjury" in t and "/Mei Lin/" in t for t in texts), texts
