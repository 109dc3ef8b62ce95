"""The evidence appendix of a letter: an index table first, then one block per item.

Each item shows the suspect image (with the match box outlined when there is one) beside the user's
original when one is linked, then the facts of ``evidence_facts`` (shared with the Word file).
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from picproof.core.letters.model import EvidenceEntry, RenderedLetter
from picproof.pdf.evidence_facts import fact_rows, index_rows, suspect_caption
from picproof.pdf.evidence_images import PreparedImage, prepare_pair
from picproof.pdf.fonts import register_fonts
from picproof.pdf.scripts import paragraph

HEADER_BG = colors.HexColor("#1F3A5F")
GRID = colors.HexColor("#9AA7B8")
ZEBRA = colors.HexColor("#F3F6FA")
IMAGE_BOX_HEIGHT = 78 * mm


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return paragraph(text or "", style)  # every script, or UnrenderableText (pdf.scripts)


def evidence_table(
    letter: RenderedLetter, st: dict[str, ParagraphStyle], *, compact: bool = False
) -> Table:
    header, values = index_rows(letter, compact=compact)
    if compact:
        widths = [12 * mm, 58 * mm, 54 * mm, 42 * mm]
    else:
        widths = [10 * mm, 34 * mm, 34 * mm, 24 * mm, 34 * mm, 30 * mm]
    rows: list[list[Any]] = [[_p(text, st["cell_head"]) for text in header]]
    rows += [[_p(text, st["cell"]) for text in row] for row in values]
    scale = sum(widths)
    total = 166 * mm
    table = Table(rows, colWidths=[w * total / scale for w in widths], repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2, len(rows), 2)]
    table.setStyle(TableStyle(style))
    return table


def _picture(
    prepared: PreparedImage | None,
    caption: str,
    width: float,
    st: dict[str, ParagraphStyle],
    missing: str,
) -> list[Any]:
    if prepared is None:
        return [
            Spacer(1, 20 * mm),
            _p(missing, st["caption"]),
            Spacer(1, 4 * mm),
            _p(caption, st["caption"]),
        ]
    w = width
    h = w * prepared.aspect
    if h > IMAGE_BOX_HEIGHT:
        h = IMAGE_BOX_HEIGHT
        w = h / prepared.aspect
    image = Image(io.BytesIO(prepared.jpeg), width=w, height=h)
    return [image, Spacer(1, 2 * mm), _p(caption, st["caption"])]


def _facts(
    entry: EvidenceEntry, letter: RenderedLetter, st: dict[str, ParagraphStyle], width: float
) -> Table:
    data = [[_p(key, st["cell"]), _p(value, st["cell"])] for key, value in fact_rows(entry, letter)]
    table = Table(data, colWidths=[42 * mm, width - 42 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (0, -1), ZEBRA),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def item_flowables(
    entry: EvidenceEntry, letter: RenderedLetter, st: dict[str, ParagraphStyle], width: float
) -> list[Any]:
    pack = letter.pack
    suspect, original = prepare_pair(entry)
    half = (width - 6 * mm) / 2
    missing = pack.text("no_image")
    pictures = Table(
        [
            [
                _picture(suspect, suspect_caption(entry, letter), half, st, missing),
                _picture(
                    original,
                    pack.text("original_caption"),
                    half,
                    st,
                    missing if entry.original_image is not None else pack.text("no_original"),
                ),
            ]
        ],
        colWidths=[half + 3 * mm, half + 3 * mm],
    )
    pictures.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    title = pack.text("item_title").replace("{label}", entry.label)
    heading = _p(f"{title}: {entry.description}", st["heading"])
    body: list[Any] = [heading]
    # A captured HTML page or a chat export has no picture: its facts are what identify it.
    if entry.suspect_image is not None or entry.original_image is not None:
        body += [pictures, Spacer(1, 3 * mm)]
    body.append(_facts(entry, letter, st, width))
    return [CondPageBreak(60 * mm), KeepTogether(body), Spacer(1, 8 * mm)]


def appendix_flowables(
    letter: RenderedLetter, st: dict[str, ParagraphStyle], width: float
) -> list[Any]:
    pack = letter.pack
    story: list[Any] = [
        PageBreak(),
        _p(pack.text("appendix_title"), st["appendix_title"]),
        _p(pack.text("index_title"), st["heading"]),
        evidence_table(letter, st),
        Spacer(1, 3 * mm),
        _p(pack.text("hash_note"), st["small"]),
        Spacer(1, 6 * mm),
    ]
    for entry in letter.evidence:
        story += item_flowables(entry, letter, st, width)
    return story
