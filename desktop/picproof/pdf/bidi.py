"""Right-to-left layout for reportlab paragraphs: the Unicode bidirectional algorithm per line.

reportlab 4/5 orders words right to left only through its optional ``rlbidi`` extension (not on
PyPI), and only in paragraphs set in one font; ours mix faces (Latin/CJK plus Noto Arabic or
Hebrew). So after reportlab has broken a paragraph into lines in logical order (UAX #9 rule L1
happens per line), :func:`reorder_lines` puts the words of each line in visual order. HarfBuzz has
already shaped each word (an Arabic or Hebrew word comes out of it in visual glyph order), so only
the order of the words is left to do.

The levels come from python-bidi's reference implementation (``bidi.algorithm``, UAX #9 rules W, N,
I and L2). Each word is fed to it as one character of the word's bidi class, so a shaped word (whose
glyphs may have been mapped to private-use code points) is classed by the letters it still shows.
"""

from __future__ import annotations

import unicodedata
from typing import Any

_FK_TEXT = 0
_FK_BREAK = 3
#: One stand-in character per bidi class of a word.
_PROXY = {"L": "a", "R": "\u05d0", "AL": "\u0627", "EN": "1", "AN": "\u0661", "ON": "!"}


def word_class(text: str) -> str:
    """A whole word's bidi class: its first strong letter, else a number class, else neutral."""
    numbers = ""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("L", "R", "AL") and unicodedata.category(ch) != "Co":
            return kind
        if kind in ("EN", "AN") and not numbers:
            numbers = kind
    return numbers or "ON"


def visual_order(classes: list[str], *, rtl_base: bool) -> list[int]:
    """Indices of words (given by their bidi classes) in left-to-right display order."""
    from bidi import algorithm as uba

    if not classes:
        return []
    proxy = " ".join(_PROXY.get(c, "!") for c in classes)
    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl_base else 0
    storage["base_dir"] = "R" if rtl_base else "L"
    uba.get_embedding_levels(proxy, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    return [c["index"] // 2 for c in storage["chars"] if c["index"] % 2 == 0]


def _split_words(frags: list[Any]) -> list[list[tuple[Any, str]]] | None:
    """A line's text frags as words, each a list of (frag, piece); None when the line holds
    something other than text (an image, a link anchor), which we leave as it is."""
    words: list[list[tuple[Any, str]]] = []
    current: list[tuple[Any, str]] = []
    for frag in frags:
        kind = getattr(frag, "_fkind", _FK_TEXT)
        if kind == _FK_BREAK:
            continue
        if kind != _FK_TEXT or hasattr(frag, "cbDefn"):
            return None
        text = frag.text
        start = 0
        for i, ch in enumerate(text):
            if ch == " ":
                if i > start:
                    current.append((frag, text[start:i]))  # slicing keeps HarfBuzz's shape data
                if current:
                    words.append(current)
                    current = []
                start = i + 1
        if start < len(text):
            current.append((frag, text[start:]))
    if current:
        words.append(current)
    return words


def reorder_line(frags: list[Any], *, rtl_base: bool) -> list[Any]:
    """The frags of one laid-out line, re-cut so that its words run in display order."""
    words = _split_words(frags)
    if words is None or len(words) < 2:
        return frags
    classes = [word_class("".join(str(p) for _, p in w)) for w in words]
    order = visual_order(classes, rtl_base=rtl_base)
    if order == list(range(len(words))):
        return frags
    out: list[Any] = []
    for n, index in enumerate(order):
        for frag, piece in words[index]:
            out.append(frag.clone(text=piece))
        if n < len(order) - 1:
            out[-1].text = out[-1].text + " "
    out += [f for f in frags if getattr(f, "_fkind", _FK_TEXT) == _FK_BREAK]
    return out


def reorder_lines(bl_para: Any, *, rtl_base: bool) -> Any:
    """A copy of a kind-1 ``blPara`` (reportlab's laid-out lines) in display order."""
    lines = [
        line.clone(words=reorder_line(list(line.words), rtl_base=rtl_base))
        for line in bl_para.lines
    ]
    return bl_para.clone(lines=lines)
