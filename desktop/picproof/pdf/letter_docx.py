"""A filled letter as an editable Word file (python-docx): the PDF's text and appendix images.

Clinics and lawyers edit the .docx before sending, so it uses ordinary Word styles (headings, lists,
tables) rather than imitating the PDF pixel for pixel. Fonts are not embedded in Word files; we name
common faces (Calibri, Microsoft YaHei) that Word substitutes sensibly where missing.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from picproof.core.letters.model import Block, EvidenceEntry, Letterhead, RenderedLetter
from picproof.pdf.docx_scripts import apply_scripts
from picproof.pdf.evidence_facts import fact_rows, index_rows, suspect_caption
from picproof.pdf.evidence_images import prepare_pair

ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
LATIN_FONT = "Calibri"
CJK_FONT = "Microsoft YaHei"


def _set_fonts(style: Any, size: float) -> None:
    style.font.name = LATIN_FONT
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), CJK_FONT)


def _field(run: Any, code: str) -> None:
    """Insert a Word field (PAGE / NUMPAGES) into ``run``."""
    begin, instr, end = (
        OxmlElement("w:fldChar"),
        OxmlElement("w:instrText"),
        OxmlElement("w:fldChar"),
    )
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = code
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(end)


def _footer(doc: Any, label: str) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _, rest = label.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    paragraph.add_run(before)
    _field(paragraph.add_run(), "PAGE")
    paragraph.add_run(middle)
    _field(paragraph.add_run(), "NUMPAGES")
    paragraph.add_run(after)


def _heading(doc: Any, text: str, size: float = 12) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(8)
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(size)
    run.font.color.rgb = ACCENT


def _lines(doc: Any, lines: tuple[str, ...] | list[str], *, right: bool = False) -> None:
    if not lines:
        return
    paragraph = doc.add_paragraph()
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for n, line in enumerate(lines):
        run = paragraph.add_run(line)
        if n < len(lines) - 1:
            run.add_break()


def _shade(cell: Any, colour: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), colour)
    props.append(shading)


def _fixed_widths(table: Any, widths: list[float]) -> None:
    """Word honours cell widths, LibreOffice the grid: set both, and switch autofit off."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)


def _table(doc: Any, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, widths)
    for cell, text, width in zip(table.rows[0].cells, header, widths):
        cell.text = text
        cell.width = Cm(width)
        _shade(cell, "1F3A5F")
        for run in cell.paragraphs[0].runs:
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            run.font.size = Pt(8)
    for values in rows:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, values, widths):
            cell.text = text
            cell.width = Cm(width)
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8)


def _index(doc: Any, letter: RenderedLetter, *, compact: bool) -> None:
    header, rows = index_rows(letter, compact=compact)
    widths = [1.2, 5.5, 5.8, 4.0] if compact else [1.0, 3.2, 3.6, 2.6, 3.2, 3.0]
    _table(doc, header, rows, widths)


def _item(doc: Any, entry: EvidenceEntry, letter: RenderedLetter) -> None:
    pack = letter.pack
    _heading(
        doc, f"{pack.text('item_title').replace('{label}', entry.label)}: {entry.description}", 11
    )
    suspect, original = prepare_pair(entry)
    if entry.suspect_image is not None or entry.original_image is not None:
        pictures = doc.add_table(rows=2, cols=2)
        pictures.alignment = WD_TABLE_ALIGNMENT.CENTER
        missing = (
            pack.text("no_image") if entry.original_image is not None else pack.text("no_original")
        )
        for col, (image, caption, absent) in enumerate(
            (
                (suspect, suspect_caption(entry, letter), pack.text("no_image")),
                (original, pack.text("original_caption"), missing),
            )
        ):
            paragraph = pictures.rows[0].cells[col].paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if image is None:
                paragraph.add_run(absent)
            else:
                height = min(7.5 * image.aspect, 8.5)
                paragraph.add_run().add_picture(
                    io.BytesIO(image.jpeg), width=Cm(height / image.aspect), height=Cm(height)
                )
            caption_cell = pictures.rows[1].cells[col]
            caption_cell.text = caption
            caption_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in caption_cell.paragraphs[0].runs:
                run.font.size = Pt(8)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    _fixed_widths(table, [4.4, 12.2])
    for key, value in fact_rows(entry, letter):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
        cells[0].width, cells[1].width = Cm(4.4), Cm(12.2)
        _shade(cells[0], "F3F6FA")
        for cell in cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8)


def render_docx(letter: RenderedLetter, *, include_checklist: bool = False) -> bytes:
    chinese = letter.language.startswith("zh")
    doc = Document()
    _page_and_properties(doc, letter)
    if letter.letterhead is not None:
        _letterhead(doc, letter.letterhead)

    if chinese:
        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = title.add_run(letter.title)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(16), ACCENT
    else:
        _lines(doc, letter.sender)
        _lines(doc, [letter.date_text])
    _lines(doc, letter.recipient)
    if letter.subject:
        run = doc.add_paragraph().add_run(f"{letter.pack.text('subject')} {letter.subject}")
        run.bold = True
    for block in letter.blocks:
        _block(doc, block, letter, chinese=chinese)
    if chinese:
        _lines(doc, list(letter.signature) + [letter.date_text], right=True)
        _lines(doc, letter.sender, right=True)
    else:
        _lines(doc, letter.signature)

    _after_signature(doc, letter, include_checklist=include_checklist)
    apply_scripts(doc)  # complex-script fonts, right-to-left runs (pdf.docx_scripts)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _own_app_properties(buffer.getvalue())


def _page_and_properties(doc: Any, letter: RenderedLetter) -> None:
    """A4 portrait, the fonts, the letter's own document properties, the page-number footer."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)
    _set_fonts(doc.styles["Normal"], 10.5)
    for name in ("List Bullet", "List Number"):
        _set_fonts(doc.styles[name], 10.5)
    props = doc.core_properties
    props.title = letter.subject or letter.title
    props.subject = letter.title
    props.language = letter.language.replace("_", "-")
    # python-docx's template says author "python-docx", created 2013: the letter's own facts.
    props.author = props.last_modified_by = letter.author
    written = datetime.fromisoformat(letter.date_iso or date.today().isoformat())
    props.created = props.modified = written.replace(tzinfo=UTC)
    props.revision = 1
    props.comments = props.keywords = props.category = ""
    _footer(doc, letter.pack.text("page"))


def _letterhead(doc: Any, head: Letterhead) -> None:
    if head.name or head.lines or head.logo:
        if head.logo is not None:
            from picproof.pdf.evidence_images import prepare

            logo = prepare(head.logo)
            if logo is not None:
                doc.add_paragraph().add_run().add_picture(io.BytesIO(logo.jpeg), height=Cm(1.6))
        if head.name:
            run = doc.add_paragraph().add_run(head.name)
            run.bold, run.font.size, run.font.color.rgb = True, Pt(14), ACCENT
        _lines(doc, head.lines)


def _block(doc: Any, block: Block, letter: RenderedLetter, *, chinese: bool) -> None:
    """One block of the body, in the style its kind asks for."""
    if block.kind == "heading":
        _heading(doc, block.text)
    elif block.kind == "bullet":
        doc.add_paragraph(block.text, style="List Bullet")
    elif block.kind == "numbered":
        doc.add_paragraph(f"{block.tag}. {block.text}")
    elif block.kind == "statement":
        paragraph = doc.add_paragraph(block.text)
        paragraph.paragraph_format.left_indent = Cm(0.5)
        # a sworn statement stays with what follows, down to the signature
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.keep_together = True
        paragraph.runs[0].italic = not chinese
    elif block.kind == "evidence-index":
        if letter.evidence:
            _index(doc, letter, compact=block.tag != "full")
    elif block.kind == "pagebreak":
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    else:
        paragraph = doc.add_paragraph(block.text)
        if chinese and not (len(block.text) <= 40 and block.text.endswith(("：", ":"))):
            paragraph.paragraph_format.first_line_indent = Pt(21)


def _after_signature(doc: Any, letter: RenderedLetter, *, include_checklist: bool) -> None:
    """Enclosures, the confidential page, the evidence appendix, and the checklist if asked."""
    lines = letter.enclosure_lines()
    if lines:
        _heading(doc, lines[0])
        for line in lines[1:]:
            doc.add_paragraph(line)
    if letter.confidential:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _heading(doc, letter.pack.text("confidential_title"), 14)
        doc.add_paragraph(letter.pack.text("confidential_note")).runs[0].font.size = Pt(8)
        _lines(doc, letter.confidential)
    if letter.evidence:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _heading(doc, letter.pack.text("appendix_title"), 14)
        _heading(doc, letter.pack.text("index_title"), 11)
        _index(doc, letter, compact=False)
        doc.add_paragraph(letter.pack.text("hash_note")).runs[0].font.size = Pt(8)
        for entry in letter.evidence:
            _item(doc, entry, letter)
    if include_checklist and letter.checklist:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _heading(doc, letter.pack.text("checklist_title"), 13)
        for item in letter.checklist:
            doc.add_paragraph(f"□ {item}")


_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>PicProof</Application></Properties>"
)


def _own_app_properties(data: bytes) -> bytes:
    """python-docx's template claims "Microsoft Macintosh Word", one page and no words: say
    which program wrote the file and nothing it did not count."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = _APP_XML if info.filename == "docProps/app.xml" else source.read(info)
            target.writestr(info, body)
    return out.getvalue()
