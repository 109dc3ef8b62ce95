"""The guard every PDF face wears: a character a face has no glyph for raises (naming the text)
instead of vanishing, and ToUnicode maps that let a reader copy any character back out.

Used by pdf/fonts.py (the primary face) and pdf/scripts.py (the fallback faces); it imports
neither, so they do not import each other.
"""

from __future__ import annotations

from typing import Any

from picproof.core.errors import UnrenderableText


def is_ignorable(ch: str) -> bool:
    """Invisible format characters (variation selectors, joiners, bidi marks, BOM, tags)."""
    cp = ord(ch)
    return (
        0x200B <= cp <= 0x200F
        or 0x202A <= cp <= 0x202E
        or 0x2060 <= cp <= 0x2069
        or 0xFE00 <= cp <= 0xFE0F
        or cp == 0xFEFF
        or 0xE0000 <= cp <= 0xE007F
        or 0xE0100 <= cp <= 0xE01EF
    )


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with code points beyond U+FFFF written as UTF-16 surrogate
    pairs: reportlab writes them as 5 hex digits, so copying an emoji out of the PDF gave a Greek
    letter (U+1F600 read as U+1F60)."""

    def utf16(cp: int) -> str:
        return chr(cp).encode("utf-16-be", "surrogatepass").hex().upper()

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


def guarded(name: str, path: str, subfont: int = 0) -> Any:
    """A TrueType face that raises on a character it has no glyph for (instead of an empty box)."""
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfbase.ttfonts import TTFont

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap

    class _GuardedTTFont(TTFont):  # type: ignore[misc]
        """A face that raises instead of drawing an empty glyph for a character it lacks."""

        def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> Any:
            glyphs = self.face.charToGlyph
            missing = [c for c in dict.fromkeys(text) if ord(c) not in glyphs]
            missing = [c for c in missing if not is_ignorable(c) and c not in "\r\n\t"]
            if missing:
                raise UnrenderableText(
                    field=f"“{str(text)[:40]}”",
                    characters="".join(missing),
                    codepoints=", ".join(f"U+{ord(c):04X}" for c in missing),
                    font=self.fontName,
                )
            return super().splitString(text, doc, encoding)

    return _GuardedTTFont(name, path, subfontIndex=subfont)
