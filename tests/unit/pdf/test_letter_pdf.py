"""Letter PDF and Word files: embedded fonts, no missing glyphs, nothing past the margin,
appendix."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from tests.conftest import save_photo

from picproof.core.letters.catalog import LetterCatalog
from picproof.core.letters.context import apply_values
from picproof.core.letters.model import EvidenceEntry, LetterContext, Letterhead
from picproof.core.letters.render import render_letter
from picproof.core.resources import resource_dir
from picproof.pdf.letter_docx import render_docx
from picproof.pdf.letter_pdf import render_pdf

LONG_URL = (
    "https://item.shop.example/item.htm?id=682931&spm=a1z10.3-c-s.w4002-2234.9&"
    "scm=1007.12144.81309.9011_8949&pvid=0f5c1e07-7d1a-4c7f-9a0e-b7c0f5f3b0d1"
)


def _text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def images(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("letter-images")
    original = save_photo(root / "original.jpg", 600, 800, seed=7)
    shot = Image.new("RGB", (720, 1560), (246, 246, 246))
    shot.paste(Image.open(original).resize((480, 640)), (120, 300))
    shot.save(root / "shot.png")
    return root / "shot.png", original


def _letter(type_id: str, lang: str, images: tuple[Path, Path], *, with_images: bool = True):
    catalog = LetterCatalog(resource_dir() / "letters")
    tpl = catalog.get(type_id, lang)
    shot, original = images
    evidence = [
        EvidenceEntry(
            f"E{i}",
            "商品详情页截图 listing screenshot" if lang != "en" else "Listing screenshot",
            f"{i:x}" * 64,
            "2026-11-02T10:00:00Z",
            "2026-11-02T10:00:04Z",
            "PicProof Test TSA",
            LONG_URL,
            shot if with_images else None,
            original if with_images else None,
            "ab" * 32,
            (120, 300, 480, 640),
            0.97,
        )
        for i in (1, 2)
    ]
    ctx = LetterContext(
        language=tpl.language,
        date="2026-11-26",
        evidence=evidence,
        letterhead=Letterhead("Harbour Legal Aid Clinic", ("Hong Kong",), original),
    )
    apply_values(tpl, ctx, [(f.name, f.example) for f in tpl.fields if f.example])
    apply_values(tpl, ctx, [("infringing_urls", LONG_URL)])
    return render_letter(tpl, ctx, catalog.pack(tpl.language))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_pdf_text_fonts_images_and_page_numbers(images, lang):
    letter = _letter("cn-takedown", lang, images)
    pdf = render_pdf(letter, include_checklist=True)
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    text = _squash(_text(pdf))
    assert _squash(letter.subject) in text
    for entry in letter.evidence:
        assert entry.sha256 in text and entry.original_sha256 in text
    assert _squash(LONG_URL) in text
    label = "Page1of" if lang == "en" else "第1页，共"
    assert f"{label}{pages}" in text or f"{label}{pages}页" in text
    assert ("2026年11月26日" if lang != "en" else "26November2026") in text
    for item in letter.checklist:
        assert _squash(item) in text
    # Every font is embedded and subset, and it is our one face (never an unembedded Helvetica).
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:  # Type0: the descriptor is on the descendant
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object(), font
    assert fonts and all(re.match(r"/[A-Z]{6}\+WenQuanYiMicroHei", f) for f in fonts), fonts
    # Appendix: two pictures per item plus the logo.
    image_count = sum(len(page.images) for page in reader.pages)
    assert image_count == 1 + 2 * len(letter.evidence)


def test_every_character_has_a_glyph(images):
    """No tofu: each character of both languages' letters exists in the embedded face."""
    from reportlab.pdfbase import pdfmetrics

    from picproof.pdf.fonts import register_fonts

    face = pdfmetrics.getFont(register_fonts()).face
    catalog = LetterCatalog(resource_dir() / "letters")
    seen: set[str] = set()
    for lang in ("en", "zh_CN"):
        pack = catalog.pack(lang)
        seen |= set("".join(pack.strings.values()) + "".join(pack.checklist.values()))
        for tpl in catalog.templates():
            letter = _letter(tpl.type_id, tpl.language, images, with_images=False)
            seen |= set(letter.plain_text() + "".join(e.label for e in tpl.elements))
    missing = {c for c in seen if c.strip() and ord(c) not in face.charToGlyph}
    assert not missing, missing


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_nothing_is_drawn_in_the_margins(images, tmp_path, lang):
    letter = _letter("police-report", lang, images)
    (tmp_path / "x.pdf").write_bytes(render_pdf(letter))
    subprocess.run(
        ["pdftoppm", "-r", "40", "-gray", str(tmp_path / "x.pdf"), str(tmp_path / "p")], check=True
    )
    pages = sorted(tmp_path.glob("p-*.pgm"))
    assert len(pages) >= 3
    for page in pages:
        pixels = np.asarray(Image.open(page))
        per_mm = pixels.shape[1] / 210
        right = pixels[:, int((210 - 18) * per_mm) :]
        left = pixels[:, : int(18 * per_mm)]
        assert right.min() > 200 and left.min() > 200, page.name


def test_missing_pictures_do_not_break_the_appendix(images, tmp_path):
    from dataclasses import replace

    letter = _letter("dmca", "en", images, with_images=False)
    gone = tmp_path / "deleted.png"
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    entries = (
        replace(letter.evidence[0], suspect_image=gone, original_image=broken),
        letter.evidence[1],
    )  # the second has no pictures at all (e.g. a captured page)
    pdf = render_pdf(replace(letter, evidence=entries))
    text = _text(pdf)
    assert text.count("(image not available)") == 2
    assert all(e.sha256 in _squash(text) for e in entries)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_docx_has_the_same_text_and_the_pictures(images, lang):
    import docx

    letter = _letter("cease-desist", lang, images)
    document = docx.Document(io.BytesIO(render_docx(letter, include_checklist=True)))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    everything = _squash(body + cells)
    for block in letter.blocks:
        assert _squash(block.text) in everything, block
    for line in (*letter.recipient, *letter.signature, letter.date_text):
        assert _squash(line) in everything
    for entry in letter.evidence:
        assert entry.sha256 in everything and LONG_URL in cells
    assert len(document.inline_shapes) == 1 + 2 * len(letter.evidence)
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "NUMPAGES" in footer
