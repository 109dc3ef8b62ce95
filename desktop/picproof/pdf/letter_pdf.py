"""A filled letter as a PDF: letter layout, page numbers, then the evidence appendix.

Every glyph comes from the one embedded face of ``pdf.fonts`` (WenQuanYi Micro Hei, subset), Latin
included, so the file renders the same in a viewer without Chinese fonts. Chinese text wraps with
reportlab's CJK rule; long URLs and hashes are broken inside the word rather than overflowing.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from picproof.core.letters.model import Block, RenderedLetter
from picproof.pdf.appendix import appendix_flowables, evidence_table
from picproof.pdf.cjk_lines import break_lines
from picproof.pdf.fonts import register_fonts
from picproof.pdf.scripts import ScriptParagraph, paragraph
from picproof.pdf.scripts import markup as script_markup

MARGIN_X = 22 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
TEXT_WIDTH = A4[0] - 2 * MARGIN_X
#: What a paragraph gets inside the page frame (reportlab's Frame pads 6 pt on each side).
FRAME_WIDTH = TEXT_WIDTH - 12
ACCENT = colors.HexColor("#1F3A5F")


def styles(language: str) -> dict[str, ParagraphStyle]:
    font = register_fonts()
    cjk = language.startswith("zh")
    size = 10.5 if cjk else 10
    leading = size * (1.65 if cjk else 1.45)
    base = ParagraphStyle(
        "base",
        fontName=font,
        bulletFontName=font,
        fontSize=size,
        leading=leading,
        wordWrap="CJK" if cjk else None,
        splitLongWords=1,
        spaceBefore=2,
        spaceAfter=size * 0.6,
    )
    if cjk:
        base.firstLineIndent = size * 2
    plain = ParagraphStyle("plain", parent=base, firstLineIndent=0, spaceAfter=0)
    return {
        "body": base,
        "plain": plain,
        "small": ParagraphStyle("small", parent=plain, fontSize=8, leading=10.5),
        "tiny": ParagraphStyle("tiny", parent=plain, fontSize=7, leading=9),
        **_title_styles(plain, size, leading),
        "lead": ParagraphStyle("lead", parent=base, firstLineIndent=0),
        "bullet": ParagraphStyle(
            "bullet", parent=plain, leftIndent=14, bulletIndent=4, spaceAfter=2
        ),
        "statement": ParagraphStyle(
            "statement",
            parent=base,
            leftIndent=8,
            borderPadding=(4, 6, 4, 6),
            borderColor=colors.HexColor("#B8C4D6"),
            borderWidth=0.6,
            backColor=colors.HexColor("#F3F6FA"),
            spaceBefore=4,
            spaceAfter=10,
            firstLineIndent=0,
        ),
        "right": ParagraphStyle("right", parent=plain, alignment=TA_RIGHT),
        **_table_styles(plain),
    }


def _title_styles(plain: ParagraphStyle, size: float, leading: float) -> dict[str, ParagraphStyle]:
    """Title, subject, headings, letterhead and appendix title: in the accent colour."""

    def accent(name: str, **look: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=plain, textColor=ACCENT, **look)

    return {
        "title": accent("title", fontSize=17, leading=24, alignment=TA_CENTER, spaceAfter=10),
        "subject": accent(
            "subject", fontSize=size + 1, leading=leading + 1, spaceBefore=6, spaceAfter=8
        ),
        "heading": accent(
            "heading",
            fontSize=size + 1,
            leading=leading + 1,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "letterhead": accent("letterhead", fontSize=14, leading=18),
        "appendix_title": accent("appendix_title", fontSize=14, leading=20, spaceAfter=8),
    }


def _table_styles(plain: ParagraphStyle) -> dict[str, ParagraphStyle]:
    """Evidence-table cells, their header row and picture captions."""
    return {
        "cell": ParagraphStyle("cell", parent=plain, fontSize=7.5, leading=9.5),
        "cell_head": ParagraphStyle(
            "cell_head", parent=plain, fontSize=7.5, leading=9.5, textColor=colors.white
        ),
        "caption": ParagraphStyle(
            "caption",
            parent=plain,
            fontSize=7.5,
            leading=9.5,
            alignment=TA_CENTER,
            textColor=colors.HexColor("#444444"),
        ),
    }


def para(
    text: str, style: ParagraphStyle, *, width: float = FRAME_WIDTH, bullet: str | None = None
) -> Paragraph:
    """Every script the text holds, or UnrenderableText naming the characters (pdf.scripts);
    Chinese text gets its lines from :mod:`pdf.cjk_lines` (line-breaking rules)."""
    extra: dict[str, Any] = {"bulletText": bullet} if bullet else {}
    if style.wordWrap == "CJK" and style.alignment != TA_RIGHT:
        room = width - style.leftIndent - style.rightIndent - 0.5
        lines = break_lines(text, style.fontName, style.fontSize, room, style.firstLineIndent)
        return ScriptParagraph("<br/>".join(script_markup(line) for line in lines), style, **extra)
    return paragraph(text, style, **extra)


def _canvas_maker(page_label: str, font: str) -> type[rl_canvas.Canvas]:
    class NumberedCanvas(rl_canvas.Canvas):
        """Defers each page so the footer can say "page N of M" once M is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Without this reportlab starts every page in Helvetica, which is never embedded.
            kwargs["initialFontName"] = font
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, 8)
                self.setFillColor(colors.HexColor("#555555"))
                self.drawCentredString(
                    A4[0] / 2, 11 * mm, page_label.format(page=self._pageNumber, pages=total)
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def _letterhead(letter: RenderedLetter, st: dict[str, ParagraphStyle]) -> list[Any]:
    head = letter.letterhead
    if head is None or not (head.name or head.lines or head.logo):
        return []
    text = [para(head.name, st["letterhead"])] if head.name else []
    text += [para(line, st["small"]) for line in head.lines]
    cells: list[Any] = [text]
    widths = [TEXT_WIDTH]
    if head.logo is not None:
        from picproof.pdf.evidence_images import prepare

        logo = prepare(head.logo)
        if logo is not None:
            height = 16 * mm
            cells = [Image(io.BytesIO(logo.jpeg), width=height / logo.aspect, height=height), text]
            widths = [height / logo.aspect + 4 * mm, TEXT_WIDTH - height / logo.aspect - 4 * mm]
    table = Table([cells], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table, Spacer(1, 6 * mm)]


def _block(block: Block, letter: RenderedLetter, st: dict[str, ParagraphStyle]) -> list[Any]:
    if block.kind == "heading":
        return [para(block.text, st["heading"])]
    if block.kind == "bullet":
        return [para(block.text, st["bullet"], bullet="•")]
    if block.kind == "numbered":
        return [para(block.text, st["bullet"], bullet=f"{block.tag}.")]
    if block.kind == "statement":
        return [para(block.text, st["statement"])]
    if block.kind == "evidence-index":
        if not letter.evidence:
            return []
        return [evidence_table(letter, st, compact=block.tag != "full"), Spacer(1, 4 * mm)]
    if block.kind == "pagebreak":
        return [PageBreak()]
    if _is_lead_in(block.text, letter.language):
        return [para(block.text, st["lead"])]
    return [para(block.text, st["body"])]


def _is_lead_in(text: str, language: str) -> bool:
    """A Chinese salutation or lead-in line ("某某：") starts at the margin, not indented."""
    return language.startswith("zh") and len(text) <= 40 and text.endswith(("：", ":"))


def letter_flowables(letter: RenderedLetter, st: dict[str, ParagraphStyle]) -> list[Any]:
    chinese = letter.language.startswith("zh")
    story: list[Any] = _letterhead(letter, st)
    if chinese:
        story.append(para(letter.title, st["title"]))
    if letter.sender and not chinese:
        story += [para("\n".join(letter.sender), st["plain"]), Spacer(1, 5 * mm)]
        story += [para(letter.date_text, st["plain"]), Spacer(1, 5 * mm)]
    if letter.recipient:
        story += [para("\n".join(letter.recipient), st["plain"]), Spacer(1, 4 * mm)]
    if letter.subject:
        story.append(para(f"{letter.pack.text('subject')} {letter.subject}", st["subject"]))
    blocks = list(letter.blocks)
    # The closing line ("Yours faithfully", "特此通知。") stays on the page of the signature.
    tail: list[Any] = []
    if blocks and blocks[-1].kind == "paragraph" and len(blocks[-1].text) < 60:
        tail = _block(blocks.pop(), letter, st)
        # What the sender swears to (the DMCA perjury statement, a truthfulness statement)
        # stays on the page of the signature that makes it.
        while blocks and blocks[-1].kind == "statement" and len(tail) < 6:
            tail = _block(blocks.pop(), letter, st) + tail
        if len(tail) > 1 and blocks and blocks[-1].kind == "heading":
            tail = _block(blocks.pop(), letter, st) + tail  # the statements' heading too
    for block in blocks:
        story += _block(block, letter, st)
    signature: list[Any] = [*tail, Spacer(1, 4 * mm)]
    if chinese:
        signature += [para(line, st["right"]) for line in letter.signature]
        signature += [para(letter.date_text, st["right"])]
        if letter.sender:
            signature += [Spacer(1, 3 * mm), para("\n".join(letter.sender), st["right"])]
    else:
        signature += [para(line, st["plain"]) for line in letter.signature]
    story.append(KeepTogether(signature))
    lines = letter.enclosure_lines()
    if lines:
        story += [Spacer(1, 6 * mm), para(lines[0], st["heading"])]
        story += [para(line, st["plain"]) for line in lines[1:]]
    return story


def confidential_flowables(letter: RenderedLetter, st: dict[str, ParagraphStyle]) -> list[Any]:
    """The enclosure for the recipient only: identifiers the forwarded letter must not carry."""
    if not letter.confidential:
        return []
    pack = letter.pack
    return [
        PageBreak(),
        para(pack.text("confidential_title"), st["appendix_title"]),
        para(pack.text("confidential_note"), st["small"]),
        Spacer(1, 4 * mm),
        *[para(line, st["plain"]) for line in letter.confidential],
    ]


def checklist_flowables(letter: RenderedLetter, st: dict[str, ParagraphStyle]) -> list[Any]:
    if not letter.checklist:
        return []
    out: list[Any] = [PageBreak(), para(letter.pack.text("checklist_title"), st["appendix_title"])]
    out += [paragraph(item, st["bullet"], bulletText="□") for item in letter.checklist]
    return out


def render_pdf(letter: RenderedLetter, *, include_checklist: bool = False) -> bytes:
    """The letter, then (when there is evidence) the appendix; returns the PDF bytes."""
    font = register_fonts()
    st = styles(letter.language)
    buffer = io.BytesIO()
    author = letter.author  # the sender's name: never a contact line (no e-mail in Author)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=letter.subject or letter.title,
        author=author,
        subject=letter.title,
        creator="PicProof",
        lang=letter.language.replace("_", "-"),
        initialFontName=font,
    )
    story = letter_flowables(letter, st)
    story += confidential_flowables(letter, st)
    if letter.evidence:
        story += appendix_flowables(letter, st, TEXT_WIDTH)
    if include_checklist:
        story += checklist_flowables(letter, st)
    doc.build(story, canvasmaker=_canvas_maker(letter.pack.text("page"), font))
    return buffer.getvalue()
