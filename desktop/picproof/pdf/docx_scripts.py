"""Word files that show every script: complex-script fonts, right-to-left runs and paragraphs.

Word picks a run's font by the characters' script: Arabic, Hebrew, Thai and Devanagari are "complex
script" text, drawn with the run's ``w:rFonts/@w:cs`` font and, for right-to-left text, laid out
only when the run carries ``w:rtl``. python-docx sets none of these, so :func:`apply_scripts` walks
a finished document and splits each run that holds such text into runs per script, each with the
complex-script font, language and direction Word needs; a paragraph whose text is right-to-left from
its first letter becomes a right-to-left paragraph (``w:bidi``). Emoji runs name an emoji font.
Fonts are not embedded in Word files, so we name faces Windows and macOS ship.
"""

from __future__ import annotations

import copy
import unicodedata
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

#: script -> (complex-script font, Word language tag, right-to-left)
SCRIPT_FONTS: dict[str, tuple[str, str, bool]] = {
    "arabic": ("Arial", "ar-SA", True),
    "hebrew": ("Arial", "he-IL", True),
    "thai": ("Tahoma", "th-TH", False),
    "devanagari": ("Nirmala UI", "hi-IN", False),
}
EMOJI_FONT = "Segoe UI Emoji"


def script_of(ch: str) -> str | None:
    cp = ord(ch)
    if 0x0590 <= cp <= 0x05FF or 0xFB1D <= cp <= 0xFB4F:
        return "hebrew"
    if 0x0600 <= cp <= 0x08FF or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
        return "arabic"
    if 0x0E00 <= cp <= 0x0E7F:
        return "thai"
    if 0x0900 <= cp <= 0x097F or 0xA8E0 <= cp <= 0xA8FF:
        return "devanagari"
    if cp >= 0x1F000 or 0x2600 <= cp <= 0x27BF:
        return "emoji"
    return None


def _segments(text: str) -> list[tuple[str | None, str]]:
    """Runs of one script; neutral characters (spaces, digits, punctuation) join the run before."""
    out: list[tuple[str | None, str]] = []
    for ch in text:
        script = script_of(ch)
        neutral = script is None and not unicodedata.category(ch).startswith("L")
        if out and (out[-1][0] == script or (neutral and out[-1][0] in SCRIPT_FONTS)):
            out[-1] = (out[-1][0], out[-1][1] + ch)
        else:
            out.append((script, ch))
    return out


def _rpr(run: Any) -> Any:
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run.insert(0, rpr)
    return rpr


# Word rejects a file whose property children are out of the schema's order.
_RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]


def _child(parent: Any, tag: str) -> Any:
    """``parent``'s ``w:tag`` child, created at its place in the schema order when missing."""
    element = parent.find(qn(tag))
    if element is not None:
        return element
    order = _PPR_ORDER if parent.tag == qn("w:pPr") else _RPR_ORDER
    name = tag.split(":")[1]
    element = OxmlElement(tag)
    later = set(order[order.index(name) + 1 :])
    for n, sibling in enumerate(parent):
        if sibling.tag.rsplit("}", 1)[-1] in later:
            parent.insert(n, element)
            return element
    parent.append(element)
    return element


def _mark(run: Any, script: str) -> None:
    rpr = _rpr(run)
    fonts = _child(rpr, "w:rFonts")
    if script == "emoji":
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), EMOJI_FONT)
        return
    font, lang, rtl = SCRIPT_FONTS[script]
    fonts.set(qn("w:cs"), font)
    _child(rpr, "w:cs")
    if rtl:
        _child(rpr, "w:rtl")
    _child(rpr, "w:lang").set(qn("w:bidi"), lang)
    # Word sizes complex-script text by w:szCs; keep it equal to the run's w:sz.
    size = rpr.find(qn("w:sz"))
    if size is not None:
        _child(rpr, "w:szCs").set(qn("w:val"), size.get(qn("w:val")))


def _split_run(run: Any) -> None:
    """Replace ``run`` by runs of one script each (breaks and tabs keep their own runs)."""
    rpr = run.find(qn("w:rPr"))
    pieces: list[Any] = []
    for child in run:
        if child is rpr:
            continue
        if child.tag != qn("w:t"):
            pieces.append((None, child))
            continue
        for script, text in _segments(child.text or ""):
            node = OxmlElement("w:t")
            node.text = text
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            pieces.append((script, node))
    parent = run.getparent()
    at = parent.index(run)
    for n, (script, node) in enumerate(pieces):
        piece = OxmlElement("w:r")
        if rpr is not None:
            piece.append(copy.deepcopy(rpr))
        piece.append(node)
        if script is not None:
            _mark(piece, script)
        parent.insert(at + n, piece)
    parent.remove(run)


def _paragraph_is_rtl(paragraph: Any) -> bool:
    """Right to left as a whole only when nothing in it is written left to right (as in the PDF)."""
    kinds = {unicodedata.bidirectional(c) for t in paragraph.iter(qn("w:t")) for c in t.text or ""}
    return "L" not in kinds and bool(kinds & {"R", "AL"})


def apply_scripts(doc: Any) -> None:
    """Give each run of Arabic, Hebrew, Thai, Devanagari or emoji text what Word needs to show."""
    parts = [doc.element.body]
    for section in doc.sections:
        parts += [section.header._element, section.footer._element]
    for part in parts:
        for run in list(part.iter(qn("w:r"))):
            if any(script_of(c) for t in run.iter(qn("w:t")) for c in (t.text or "")):
                _split_run(run)
        for paragraph in part.iter(qn("w:p")):
            if _paragraph_is_rtl(paragraph):
                ppr = paragraph.find(qn("w:pPr"))
                if ppr is None:
                    ppr = OxmlElement("w:pPr")
                    paragraph.insert(0, ppr)
                _child(ppr, "w:bidi")
