"""One spacing rule for Chinese letters, applied to what the template wrote (never inside a value).

A Latin word or code (``SHA-256``, ``RFC 3161``, ``DMCA``, a URL) stands apart from the Chinese
around it by one space; a bare number joins the Chinese unit it counts (``2025年10月15日``,
``第3条``, ``7日内``), as dates and numbers are written in Chinese legal documents. Before this,
the same letter wrote 「自 2025 年 10 月 15 日起」 and 「2025年11月2日」.
"""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TOKEN = re.compile(r"[A-Za-z0-9§.\-_/:%+#@&=?~]")
_LETTER = re.compile(r"[A-Za-z§]")

Marked = list[tuple[str, bool]]
"""Characters with a flag: True for a character of a field value (left as typed)."""


def _token_bounds(seq: Marked, i: int) -> tuple[int, int]:
    start = end = i
    while start > 0 and _TOKEN.match(seq[start - 1][0]):
        start -= 1
    while end + 1 < len(seq) and _TOKEN.match(seq[end + 1][0]):
        end += 1
    return start, end


def _is_word(seq: Marked, i: int) -> bool:
    """The token holding position ``i`` has a Latin letter (a word or code, not a bare number)."""
    start, end = _token_bounds(seq, i)
    return any(_LETTER.match(seq[k][0]) for k in range(start, end + 1))


def _is_number(seq: Marked, i: int) -> bool:
    """A bare number: digits only (``2025``), not a code (``SHA-256``) nor markup (``#``)."""
    if not seq[i][0].isdigit():
        return False
    start, end = _token_bounds(seq, i)
    return all(seq[k][0].isdigit() for k in range(start, end + 1))


def _line_start(seq: Marked, i: int) -> bool:
    """The token holding ``i`` begins a line (``1. item``: the number is the list's, keep it)."""
    start, _ = _token_bounds(seq, i)
    return start == 0 or seq[start - 1][0] == "\n"


def space_marked(seq: Marked) -> Marked:
    out: Marked = []
    n = len(seq)
    for i, (char, user) in enumerate(seq):
        if char == " " and not user and 0 < i < n - 1:
            before, after = seq[i - 1][0], seq[i + 1][0]
            # "自 2025 年" -> "自2025年": a number joins its Chinese unit
            if (_HAN.match(before) and _is_number(seq, i + 1)) or (
                _HAN.match(after) and _is_number(seq, i - 1) and not _line_start(seq, i - 1)
            ):
                continue
        if out and not (user and out[-1][1]):
            prev = out[-1][0]
            word_after_han = _HAN.match(prev) and _TOKEN.match(char) and _is_word(seq, i)
            word_before_han = (
                _HAN.match(char) and _TOKEN.match(prev) and i > 0 and _is_word(seq, i - 1)
            )
            if word_after_han or word_before_han:
                out.append((" ", False))
        out.append((char, user))
    return out
