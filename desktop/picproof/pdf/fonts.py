"""Font registration for reportlab: one embedded TrueType face for Latin and CJK text.

Every glyph in our PDFs comes from the bundled WenQuanYi Micro Hei, embedded and subset, so a PDF
renders the same in a viewer that has no Chinese fonts (archival PDF needs every font embedded; the
base-14 Helvetica is never embedded, so we do not use it). Scripts it lacks (Arabic, Hebrew, Thai,
Devanagari, emoji) come from the fallback faces of ``pdf.scripts``. ``pdf.font_guard`` guards
every face: a character it has no glyph for raises instead of vanishing.
"""

from __future__ import annotations

from pathlib import Path

from picproof.core.errors import PicProofError
from picproof.core.resources import resource_dir
from picproof.pdf.font_guard import guarded

FONT_NAME = "PicProofSans"
FONT_FILE = "wqy-microhei.ttc"
_SYSTEM_FALLBACKS = (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),)
_registered = False


def font_path() -> Path:
    bundled = resource_dir() / "fonts" / FONT_FILE
    if bundled.is_file():
        return bundled
    for candidate in _SYSTEM_FALLBACKS:
        if candidate.is_file():
            return candidate
    raise PicProofError("font-missing", path=str(bundled))


def register_fonts() -> str:
    """Register the face (and map bold/italic to it: WQY has one weight); return its name."""
    global _registered
    if _registered:
        return FONT_NAME
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFont(guarded(FONT_NAME, str(font_path()), 0))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FONT_NAME, bold, italic, FONT_NAME)
    _registered = True
    return FONT_NAME
