"""Every script renders or the document refuses: fallback faces, font runs, shaping for reportlab.

reportlab has no per-glyph font fallback: a character the paragraph's face lacks is drawn as an
empty .notdef glyph, i.e. silently dropped. So user text goes through :func:`markup`, which gives
each run of characters the first embedded face that has them (WenQuanYi Micro Hei for Latin, Greek,
Cyrillic, CJK and Hangul; Noto Sans Arabic / Hebrew / Thai / Devanagari; a monochrome Symbola subset
for emoji) and raises :class:`UnrenderableText` naming the characters no face has. Paragraphs with
Arabic, Hebrew, Thai or Devanagari are shaped by HarfBuzz (reportlab's own ``shaping`` support,
which uses uharfbuzz) and, when they hold right-to-left text, laid out by :class:`ScriptParagraph`
with the Unicode bidirectional algorithm (``pdf.bidi``). As a last net the registered faces refuse
to encode a character they have no glyph for (:class:`_GuardedTTFont`), so nothing is ever dropped
unseen.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from picproof.core.errors import PicProofError, UnrenderableText
from picproof.core.letters.model import LetterContext, LetterTemplate
from picproof.core.resources import resource_dir
from picproof.pdf.bidi import reorder_lines
from picproof.pdf.font_guard import guarded, is_ignorable


@dataclass(frozen=True)
class Face:
    name: str
    file: str
    shaped: bool
    """Needs HarfBuzz shaping (joining, reordering, mark positioning)."""
    css_script: str
    """What Word calls the script family (``pdf.docx_scripts`` picks its fonts by it)."""


FALLBACKS = (
    Face("PicProofArabic", "NotoSansArabic-Regular.ttf", True, "arabic"),
    Face("PicProofHebrew", "NotoSansHebrew-Regular.ttf", True, "hebrew"),
    Face("PicProofThai", "NotoSansThai-Regular.ttf", True, "thai"),
    Face("PicProofDevanagari", "NotoSansDevanagari-Regular.ttf", True, "devanagari"),
    Face("PicProofEmoji", "symbola-emoji.ttf", False, "emoji"),
)
_BY_NAME = {f.name: f for f in FALLBACKS}
_RTL_CLASSES = ("R", "AL")
_SPACES = re.compile(r"(\s+)")
_TAGS = re.compile(r"<[^>]*>")


def _font_path(file: str) -> str:
    path = resource_dir() / "fonts" / file
    if not path.is_file():
        raise PicProofError("font-missing", path=str(path))
    return str(path)


@lru_cache(maxsize=1)
def register_fallbacks() -> tuple[str, ...]:
    """Register the fallback faces (once); return their names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.platypus import paragraph as rl_paragraph

    from picproof.pdf.bidi import shape_by_face

    rl_paragraph.shapeFragWord = shape_by_face(rl_paragraph.shapeFragWord)
    for face in FALLBACKS:
        pdfmetrics.registerFont(guarded(face.name, _font_path(face.file)))
    return tuple(f.name for f in FALLBACKS)


@lru_cache(maxsize=1)
def _coverage() -> tuple[tuple[str, frozenset[int]], ...]:
    """(face name, code points) for the primary face, then each fallback, in order of preference."""
    from reportlab.pdfbase import pdfmetrics

    from picproof.pdf.fonts import register_fonts

    names = (register_fonts(), *register_fallbacks())
    return tuple((n, frozenset(pdfmetrics.getFont(n).face.charToGlyph)) for n in names)


def face_for(ch: str) -> str | None:
    """The first face that has a glyph for ``ch`` (None: no bundled face has one)."""
    cp = ord(ch)
    for name, cps in _coverage():
        if cp in cps:
            return name
    return None


def unrenderable(text: str) -> str:
    """The distinct characters of ``text`` that no bundled face can draw (empty when all can)."""
    missing = (
        c
        for c in dict.fromkeys(text)
        if c not in "\r\n\t" and not is_ignorable(c) and face_for(c) is None
    )
    return "".join(missing)


def check_fields(fields: Iterable[tuple[str, str]]) -> None:
    """Raise :class:`UnrenderableText` naming the first field holding characters we cannot draw."""
    for field, value in fields:
        bad = unrenderable(value)
        if bad:
            raise UnrenderableText(
                field=field,
                characters=bad,
                codepoints=", ".join(f"U+{ord(c):04X}" for c in bad),
            )


def check_letter_text(tpl: LetterTemplate, ctx: LetterContext) -> None:
    """Refuse (``UnrenderableText`` naming the field) text no bundled font can draw (#21 item 4)."""
    fields: list[tuple[str, str]] = []
    for name, value in ctx.values.items():
        spec = tpl.field(name)
        label = f"{spec.label} ({name})" if spec is not None and spec.label else name
        for text in value if isinstance(value, list) else [value]:
            fields.append((label, str(text)))
    fields += [(f"evidence {e.label}", e.description) for e in ctx.evidence]
    head = ctx.letterhead
    if head is not None:
        fields += [("letterhead", head.name), *(("letterhead", line) for line in head.lines)]
    check_fields(fields)


def _runs(word: str) -> list[tuple[str | None, str]]:
    """Split one whitespace-free word into (face, text) runs.

    A word that needs a shaped face is kept in that face as far as the face has the characters
    (digits, punctuation), so HarfBuzz shapes it as one run.
    """
    primary = _coverage()[0][0]
    faces: list[str | None] = []
    for ch in word:
        if is_ignorable(ch):
            faces.append(None)
            continue
        face = face_for(ch)
        if face is None:
            bad = unrenderable(word)
            raise UnrenderableText(
                field=f"“{word[:40]}”",
                characters=bad,
                codepoints=", ".join(f"U+{ord(c):04X}" for c in bad),
            )
        faces.append(face)
    shaped = [f for f in faces if f in _BY_NAME and _BY_NAME[f].shaped]
    if shaped:
        main = max(set(shaped), key=shaped.count)
        cps = dict(_coverage())[main]
        for i, ch in enumerate(word):
            letter = unicodedata.category(ch).startswith("L")
            if faces[i] == primary and ord(ch) in cps and not letter:
                faces[i] = main
    runs: list[tuple[str | None, str]] = []
    for ch, face in zip(word, faces):
        if face is None:
            # Joiners matter to shaping: keep them when the run's face has them, else drop them
            # (they are invisible either way).
            if runs and runs[-1][0] is not None and ord(ch) in dict(_coverage())[runs[-1][0]]:
                runs[-1] = (runs[-1][0], runs[-1][1] + ch)
            continue
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + ch)
        else:
            runs.append((face, ch))
    return runs


def show_codepoints(text: str) -> str:
    """``text`` with each character no face has written as ``[U+XXXX]``: for records (the evidence
    report) that must show every file name and note as it is, visibly, rather than refuse."""
    bad = set(unrenderable(text))
    return "".join(f"[U+{ord(c):04X}]" if c in bad else c for c in text) if bad else text


def markup(text: str) -> str:
    """``text`` escaped for a reportlab Paragraph, with ``<font face>`` runs for fallback faces.

    Line breaks become ``<br/>``. Raises :class:`UnrenderableText` for characters no face has.
    """
    primary = _coverage()[0][0]
    out: list[str] = []
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if n:
            out.append("<br/>")
        for token in _SPACES.split(line):
            if token:
                out.append(escape(token) if token.isspace() else _word_markup(token, primary))
    return "".join(out)


def _word_markup(word: str, primary: str) -> str:
    if not word:
        return ""
    runs = _runs(word)
    parts = []
    for face, text in runs:
        if face == primary:
            parts.append(escape(text))
        else:
            parts.append(f'<font face="{face}">{escape(text)}</font>')
    return "".join(parts)  # each run is shaped with its own face (pdf.bidi.shape_by_face)


def needs_shaping(text: str) -> bool:
    return any(_script_face(ch) for ch in text)


@lru_cache(maxsize=4096)
def _script_face(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x0590 <= cp <= 0x08FF  # Hebrew, Arabic, Syriac, Thaana, Arabic supplements
        or 0x0900 <= cp <= 0x097F  # Devanagari
        or 0x0E00 <= cp <= 0x0E7F  # Thai
        or 0xA8E0 <= cp <= 0xA8FF  # Devanagari extended
        or 0xFB1D <= cp <= 0xFDFF  # Hebrew and Arabic presentation forms
        or 0xFE70 <= cp <= 0xFEFF
    )


def has_rtl(text: str) -> bool:
    """Text that needs the bidi pass: right-to-left letters, or Arabic-Indic digits."""
    return any(unicodedata.bidirectional(c) in ("R", "AL", "AN") for c in text)


def paragraph(text: str, style: Any, **kwargs: Any) -> Any:
    """A Paragraph showing ``text`` literally (escaped), in every script it holds."""
    return ScriptParagraph(markup(text), style, **kwargs)


def _shaping_style(style: Any) -> Any:
    # reportlab's CJK line breaker does not shape; such a paragraph breaks at spaces instead.
    word_wrap = None if style.wordWrap == "CJK" else style.wordWrap
    return ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1, wordWrap=word_wrap)


class ScriptParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that shapes complex scripts and lays out right-to-left runs (``pdf.bidi``)."""

    def __init__(self, text: str | None, style: Any, *args: Any, **kwargs: Any) -> None:
        if text is not None:
            plain = html.unescape(_TAGS.sub("", text))
        else:  # a part of a split paragraph: its frags are already laid out
            plain = _frag_text(kwargs.get("frags") or ())
        if plain and needs_shaping(plain) and not getattr(style, "shaping", 0):
            style = _shaping_style(style)
        self._rtl = bool(plain) and has_rtl(plain)
        # Right to left as a whole only when nothing in it is written left to right (a name or an
        # address typed in Arabic); otherwise a left-to-right paragraph with right-to-left runs.
        self._rtl_base = self._rtl and not any(unicodedata.bidirectional(c) == "L" for c in plain)
        if self._rtl_base and style.alignment == TA_LEFT:
            style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
        super().__init__(text, style, *args, **kwargs)

    def drawPara(self, debug: int = 0) -> Any:
        laid_out: Any = getattr(self, "blPara", None)
        if not self._rtl or getattr(laid_out, "kind", 0) != 1:
            return super().drawPara(debug)
        self.blPara = reorder_lines(laid_out, rtl_base=self._rtl_base)
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = laid_out


def _frag_text(frags: Any) -> str:
    return "".join(str(getattr(f, "text", "") or "") for f in frags)
