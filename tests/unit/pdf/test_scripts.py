"""Every script renders or the letter refuses (#21 item 4): a sender name in each of ten scripts and
emoji goes through the letter service into a PDF and a Word file, and is read back from both."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest

from picproof.core.errors import UnrenderableText
from picproof.services.letters import LetterService
from picproof.services.paths import resolve_paths
from picproof.services.settings import Settings

#: script -> a real-looking name in it. Extraction: "exact" (the text comes back as typed),
#: "rtl-words" (each word comes back, in presentation forms and visual order), "glyphs" (shaped
#: glyphs map to private-use code points, so we check the faces instead).
CORPUS = {
    "latin": ("José Müller-Łukasiewicz Nguyễn", "exact"),
    "han": ("张伟 陈静怡", "exact"),
    "kana": ("やまだ はなこ カタカナ", "exact"),
    "hangul": ("김민준 이서연", "exact"),
    "cyrillic": ("Дмитрий Иванович Ёлкин", "exact"),
    "greek": ("Αλέξανδρος Παπαδόπουλος", "exact"),
    "arabic": ("محمد علي الحسن", "rtl-words"),
    "hebrew": ("דוד כהן לוי", "rtl-words"),
    "thai": ("สมชาย ใจดี", "glyphs"),
    "devanagari": ("राहुल शर्मा", "glyphs"),
    "emoji": ("Anna 😀👍🌸 ❤️", "exact"),
}
RTL_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069"))


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> LetterService:
    return LetterService(resolve_paths(tmp_path_factory.mktemp("data")), Settings())


def _render(letters: LetterService, name: str, tmp_path: Path) -> tuple[Path, bytes]:
    tpl = letters.template("eu-notice", "en")
    ctx = letters.example_context("eu-notice", "en")
    ctx.values["sender_name"] = name
    _, pdf, word = letters.render(tpl, ctx, docx=True)
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    assert word is not None
    return path, word


def _pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(RTL_MARKS))


def _docx_xml(word: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(word)) as z:
        return z.read("word/document.xml").decode("utf-8")


def _docx_text(xml: str) -> str:
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
@pytest.mark.parametrize("script", sorted(CORPUS))
def test_name_in_every_script_reaches_pdf_and_word(letters, tmp_path, script):
    from reportlab.pdfbase import pdfmetrics

    from picproof.pdf.scripts import face_for, is_ignorable

    name, how = CORPUS[script]
    pdf, word = _render(letters, name, tmp_path)
    text = _pdftotext(pdf)
    visible = "".join(c for c in name if not is_ignorable(c))
    if how == "exact":
        assert _squash(visible) in _squash(text)
    elif how == "rtl-words":
        squashed = _squash(text)
        for part in name.split():
            # poppler gives each right-to-left word back in logical order.
            assert _squash(part) in squashed, part
    else:
        # Every character has a glyph in a bundled face, and that face is embedded in the PDF.
        faces = {face_for(c) for c in visible if not c.isspace()}
        assert None not in faces
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        for face in faces:
            postscript = pdfmetrics.getFont(face).face.name.decode()
            assert re.search(rf"\+{re.escape(postscript)}\s.*\byes\b", fonts), (face, fonts)
        # The base letters (those not rearranged by shaping) are still extractable.
        base = [c for c in visible if unicodedata.category(c) == "Lo"]
        assert sum(c in text for c in base) >= len(base) // 2
    xml = _docx_xml(word)
    assert _squash(visible) in _squash(_docx_text(xml))
    if script in ("arabic", "hebrew"):
        assert re.search(r"<w:rtl/>.*?<w:t[^>]*>" + re.escape(name.split()[0]), xml, re.S)
        assert 'w:cs="Arial"' in xml
    if script in ("thai", "devanagari"):
        assert 'w:cs="' + ("Tahoma" if script == "thai" else "Nirmala UI") + '"' in xml


def test_right_to_left_words_are_laid_out_in_visual_order():
    from picproof.pdf.bidi import visual_order, word_class

    words = ["Name:", "محمد", "علي", "2025", "and", "more"]
    classes = [word_class(w) for w in words]
    assert classes == ["L", "AL", "AL", "EN", "L", "L"]
    # The Arabic run (with the number inside it) is reversed; the English around it is not.
    assert visual_order(classes, rtl_base=False) == [0, 3, 2, 1, 4, 5]
    # A right-to-left paragraph: the first word stands at the right.
    assert visual_order(["AL", "AL", "AL"], rtl_base=True) == [2, 1, 0]


def test_uncovered_script_is_refused_naming_field_and_characters(letters, tmp_path):
    with pytest.raises(UnrenderableText) as caught:
        _render(letters, "রবীন্দ্রনাথ ঠাকুর", tmp_path)
    fields = caught.value.fields
    assert "sender_name" in fields["field"]
    assert "র" in fields["characters"] and "U+09B0" in fields["codepoints"]


def test_guard_raises_instead_of_drawing_an_empty_glyph():
    from reportlab.pdfgen.canvas import Canvas

    from picproof.pdf.fonts import register_fonts

    canvas = Canvas(io.BytesIO())
    canvas.setFont(register_fonts(), 10)
    canvas.drawString(10, 10, "Дмитрий 张伟 ok")
    with pytest.raises(UnrenderableText) as caught:
        canvas.drawString(10, 10, "Name: محمد")  # the main face has no Arabic: never a blank
    assert "م" in caught.value.fields["characters"]


def test_cli_letter_refuses_with_exit_3_and_names_the_field(tmp_path, data_dir, capsys):
    from picproof.cli import main
    from picproof.core.cases import RightsHolder
    from picproof.services.context import open_services

    svc = open_services(data_dir)
    case = svc.cases.create_case(
        "Fake profile", "impersonation", rights_holder=RightsHolder(name="ተስፋዬ ገብረ")
    )
    example = svc.letters.example_context("eu-notice", "en").values
    svc.close()
    given = [
        f"{k}={' | '.join(v) if isinstance(v, list) else v}"
        for k, v in example.items()
        if k != "sender_name"
    ]
    argv = ["letter", str(case.id), "--type", "eu-notice", "-o", str(tmp_path / "x.pdf")]
    code = main(argv + [a for g in given for a in ("--set", g)])
    err = capsys.readouterr().err
    assert code == 3
    assert "sender_name" in err and "ተ" in err and "U+1270" in err
    assert not (tmp_path / "x.pdf").exists()


def test_arabic_indic_digits_run_left_to_right_and_brackets_mirror():
    from reportlab.pdfbase.ttfonts import shapeStr

    from picproof.pdf.bidi import (
        _left_to_right,
        _mirror,
        levels_and_order,
        resolve_brackets,
        word_class,
    )
    from picproof.pdf.scripts import register_fallbacks

    register_fallbacks()
    shaped = shapeStr("٢٠٢٥", "PicProofArabic", 10)
    assert str(_left_to_right(shaped)) == "٢٠٢٥"  # HarfBuzz had them right to left
    texts = ["Name:", " ", "יוסף", " ", "(", "יוסי", ")"]
    units = [word_class(u) if u != " " else " " for u in texts]
    levels, order = levels_and_order(resolve_brackets(texts, units, rtl_base=False), rtl_base=False)
    # The bracket pair goes with the Hebrew it encloses (UAX #9 N0), at a right-to-left level.
    assert order[:2] == [0, 1] and order[2:] == [6, 5, 4, 3, 2] and levels[4] % 2 == 1
    assert _mirror("(") == ")"


def test_evidence_report_shows_every_title_visibly(tmp_path, data_dir, capsys):
    from picproof.cli import main

    assert main(["case", "new", "Fake shop محمد রবি", "--kind", "product"]) == 0
    bundle = tmp_path / "b.zip"
    assert main(["case", "export", "1", "-o", str(bundle)]) == 0
    with zipfile.ZipFile(bundle) as z:
        (tmp_path / "report.pdf").write_bytes(z.read("report.pdf"))
    text = _squash(_pdftotext(tmp_path / "report.pdf"))
    # Arabic is drawn; Bengali, which no bundled font has, is written out, never dropped.
    # (poppler's reading order moves the "[" next to the Arabic word; the page shows it in place)
    assert all(c in text for c in "محمد") and "U+09B0][U+09AC][U+09BF]" in text
