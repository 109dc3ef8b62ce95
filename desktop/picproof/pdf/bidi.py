"""Right-to-left layout for reportlab paragraphs: the Unicode bidirectional algorithm per line.

reportlab 4/5 orders words right to left only through its optional ``rlbidi`` extension (not on
PyPI), and only in paragraphs set in one font; ours mix faces (Latin/CJK plus Noto Arabic or
Hebrew). So after reportlab has broken a paragraph into lines in logical order (UAX #9 reorders per
line), :func:`reorder_line` puts the pieces of each line in visual order: every run of one face
inside a word, and the spaces between words. HarfBuzz has already shaped each run (an Arabic or
Hebrew run comes out of it in visual glyph order), so only the order of the runs is left, plus
mirroring brackets in right-to-left runs and putting numbers back left to right.

The levels come from python-bidi's reference implementation (``bidi.algorithm``, UAX #9 rules W, N,
I and L2). Each run is fed to it as one character of the run's bidi class, so a shaped run (whose
glyphs may map to private-use code points) is classed by the letters it still shows.

:func:`shape_by_face` fixes reportlab's shaping of a word set in several faces: it shaped the whole
word with the font of its first character, so "(דוד)" (brackets from the main face, letters from
Noto Hebrew) came out as empty glyphs. Each run of one face is now shaped with its own face.
"""

from __future__ import annotations

import unicodedata
from typing import Any

_FK_TEXT = 0
_FK_BREAK = 3
#: One stand-in character per bidi class of a run.
_PROXY = {"L": "a", "R": "\u05d0", "AL": "\u0627", "EN": "1", "AN": "\u0661", "ON": "!"}


def word_class(text: str) -> str:
    """A run's bidi class: its first strong letter, else a number class, else neutral."""
    numbers = ""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("L", "R", "AL") and unicodedata.category(ch) != "Co":
            return kind
        if kind in ("EN", "AN") and not numbers:
            numbers = kind
    return numbers or "ON"


def levels_and_order(units: list[str], *, rtl_base: bool) -> tuple[list[int], list[int]]:
    """For units given as bidi classes (``" "`` for a space): each unit's embedding level, and the
    unit indices in left-to-right display order."""
    from bidi import algorithm as uba

    if not units:
        return [], []
    proxy = "".join(" " if u == " " else _PROXY.get(u, "!") for u in units)
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
    levels = [0] * len(units)
    for char in storage["chars"]:
        levels[char["index"]] = char["level"]
    return levels, [c["index"] for c in storage["chars"]]


def visual_order(classes: list[str], *, rtl_base: bool) -> list[int]:
    """Indices of space-separated words (given by their classes) in display order."""
    units: list[str] = []
    for n, kind in enumerate(classes):
        units += [" ", kind] if n else [kind]
    _, order = levels_and_order(units, rtl_base=rtl_base)
    return [i // 2 for i in order if i % 2 == 0]


_OPENING = {"(": ")", "[": "]", "{": "}", "（": "）", "［": "］", "｛": "｝", "【": "】", "«": "»"}


def resolve_brackets(texts: list[str], classes: list[str], *, rtl_base: bool) -> list[str]:
    """UAX #9 rule N0 (bracket pairs), which python-bidi's reference implementation predates: a
    bracket pair takes the direction of what it encloses, so "דוד (כהן)" keeps its closing bracket
    with the Hebrew instead of at the far end of the line."""
    base = "R" if rtl_base else "L"
    out = list(classes)
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, text in enumerate(texts):
        if text in _OPENING:
            stack.append(i)
        elif stack and texts[stack[-1]] in _OPENING and _OPENING[texts[stack[-1]]] == text:
            pairs.append((stack.pop(), i))

    def strong(kind: str) -> str | None:
        return "L" if kind == "L" else "R" if kind in ("R", "AL", "EN", "AN") else None

    for start, end in sorted(pairs):
        inside = {strong(k) for k in out[start + 1 : end]} - {None}
        if base in inside:
            direction = base
        elif inside:
            # N0 c: the direction of the strong text before the pair, else the base direction
            direction = next((d for k in reversed(out[:start]) if (d := strong(k))), base)
        else:
            continue
        out[start] = out[end] = direction
    return out


def _units(frags: list[Any]) -> list[tuple[Any, str]] | None:
    """A line's text as (frag, piece) units, spaces as units of their own; None when the line
    holds something other than text (an image, a link anchor), which we leave as it is."""
    units: list[tuple[Any, str]] = []
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
                    units.append((frag, text[start:i]))  # slicing keeps HarfBuzz's shape data
                units.append((frag, " "))
                start = i + 1
        if start < len(text):
            units.append((frag, text[start:]))
    return units


def _mirror(piece: Any) -> Any:
    """A neutral run at a right-to-left level shows mirrored brackets (UAX #9 rule L4)."""
    from bidi.mirror import MIRRORED

    if hasattr(piece, "__shapeData__"):
        return piece  # HarfBuzz mirrors inside the runs it shaped right to left
    return "".join(MIRRORED.get(c, c) for c in piece)


def _left_to_right(piece: Any) -> Any:
    """A number HarfBuzz shaped right to left (Arabic-Indic digits carry the Arabic script) back
    in reading order: digits run left to right at any level."""
    data = getattr(piece, "__shapeData__", None)
    if not data or len(data) < 2 or data[0].cluster <= data[-1].cluster:
        return piece
    from reportlab.pdfbase.ttfonts import ShapedStr

    return ShapedStr(str(piece)[::-1], shapeData=list(data)[::-1])


def reorder_line(frags: list[Any], *, rtl_base: bool) -> list[Any]:
    """The frags of one laid-out line, re-cut so that they run in display order."""
    units = _units(frags)
    if not units or len(units) < 2:
        return frags
    texts = [str(p) for _, p in units]
    neutral = [t != " " and word_class(t) == "ON" for t in texts]
    classes = [" " if t == " " else word_class(t) for t in texts]
    classes = resolve_brackets(texts, classes, rtl_base=rtl_base)
    levels, order = levels_and_order(classes, rtl_base=rtl_base)
    out: list[Any] = []
    for index in order:
        frag, piece = units[index]
        if piece == " ":
            if out:
                out[-1].text = out[-1].text + " "
            else:
                out.append(frag.clone(text=" "))
            continue
        if classes[index] in ("EN", "AN"):
            piece = _left_to_right(piece)
        elif neutral[index] and levels[index] % 2:
            piece = _mirror(piece)
        out.append(frag.clone(text=piece))
    out += [f for f in frags if getattr(f, "_fkind", _FK_TEXT) == _FK_BREAK]
    return out


def reorder_lines(bl_para: Any, *, rtl_base: bool) -> Any:
    """A copy of a kind-1 ``blPara`` (reportlab's laid-out lines) in display order."""
    lines = [
        line.clone(words=reorder_line(list(line.words), rtl_base=rtl_base))
        for line in bl_para.lines
    ]
    return bl_para.clone(lines=lines)


def shape_by_face(original: Any) -> Any:
    """Wrap reportlab's ``shapeFragWord`` so each run of one face in a word is shaped alone."""
    if getattr(original, "_picproof_by_face", False):
        return original
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfbase.ttfonts import makeShapedFragWord

    def shape(word: Any, *args: Any, **kwargs: Any) -> Any:
        groups: list[list[Any]] = []
        for item in word[1:]:
            frag = item[0]
            special = hasattr(frag, "cbDefn")
            last = groups[-1][-1][0] if groups else None
            if (
                last is not None
                and not special
                and not hasattr(last, "cbDefn")
                and last.fontName == frag.fontName
            ):
                groups[-1].append(item)
            else:
                groups.append([item])
        if len(groups) < 2:
            return original(word, *args, **kwargs)
        width = 0.0
        items: list[Any] = []
        for group in groups:
            if hasattr(group[0][0], "cbDefn"):
                items += group
                width += sum(getattr(f, "width", 0) for f, _ in group)
                continue
            sub = [sum(stringWidth(t, f.fontName, f.fontSize) for f, t in group), *group]
            shaped = original(word.__class__(sub), *args, **kwargs)
            width += shaped[0]
            items += list(shaped[1:])
        return makeShapedFragWord(word)([width, *items])

    shape._picproof_by_face = True  # type: ignore[attr-defined]
    return shape
