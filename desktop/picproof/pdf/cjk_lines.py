"""Line breaking for Chinese text in the PDF, with the rules a Chinese reader expects.

reportlab's CJK wrap breaks between any two characters and only sometimes keeps a closing mark
on the line before, so lines began with 「，」 or 「》」 and ended with 「（」. Here the lines are
chosen before reportlab sees the text (joined with explicit breaks):

- no line starts with closing punctuation (，。、：；！？）》」』】 …) and none ends with opening
  punctuation (（《「『【 …): the break moves back one character until both hold;
- a run of Latin letters or digits (a name, a number, an article number) is not split, unless it is
  longer than a line (a URL or a SHA-256 hash), which then breaks where the line is full;
- spaces at the start of a line are dropped.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

CANNOT_START = frozenset(
    "，。、：；！？）》」』】〕〉’”…—·％‰℃,.:;!?)]}%"
    "\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\uff09\u300b\u300d\u300f\u3011\u3015\u3009"
)
CANNOT_END = frozenset("（《「『【〔〈‘“([{\uff08\u300a\u300c\u300e\u3010\u3014\u3008")


def _is_word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "-_./:%#@&=?+'")


def break_lines(
    text: str, font: str, size: float, width: float, first_indent: float = 0
) -> list[str]:
    """``text`` split into lines no wider than ``width`` points (the first one ``first_indent``
    narrower)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _break_one(paragraph, font, size, width, first_indent if not lines else 0)
    return lines


def _break_one(text: str, font: str, size: float, width: float, first_indent: float) -> list[str]:
    out: list[str] = []
    start, room = 0, width - first_indent
    while start < len(text):
        used, i = 0.0, start
        while i < len(text):
            used += stringWidth(text[i], font, size)
            if used > room:
                break
            i += 1
        if i >= len(text):
            out.append(text[start:])
            break
        cut = _good_break(text, start, i)
        out.append(text[start:cut].rstrip())
        start = cut
        while start < len(text) and text[start] == " ":
            start += 1
        room = width
    return out or [""]


def _good_break(text: str, start: int, limit: int) -> int:
    """The last position at or before ``limit`` where the line may end (always > ``start``)."""
    cut = limit
    # keep a Latin word or number whole when it fits on a line of its own
    if _is_word_char(text[cut]) and _is_word_char(text[cut - 1]):
        back = cut
        while back > start and _is_word_char(text[back - 1]):
            back -= 1
        if back > start:
            cut = back
    # closing marks stay with what they close; opening marks with what they open
    while cut - 1 > start and (text[cut] in CANNOT_START or text[cut - 1] in CANNOT_END):
        cut -= 1
    if cut <= start:
        return limit
    return cut
