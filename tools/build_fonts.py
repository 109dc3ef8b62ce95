"""Rebuild the fallback fonts in resources/fonts/ from Debian's font packages.

    apt-get install fonts-noto-core fonts-symbola && .venv/bin/pip install fonttools
    .venv/bin/python tools/build_fonts.py

The four Noto faces (Arabic, Hebrew, Thai, Devanagari; SIL OFL 1.1) are copied unchanged. Symbola
(George Douros, "free for any use; may be modified and redistributed") is 3.2 MB; we keep only its
emoji and pictographic symbols (monochrome outlines, which reportlab can embed; colour emoji fonts
are bitmaps it cannot use), without hinting: 1.2 MB. fontTools is only needed here, not at run
time.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

NOTO = Path("/usr/share/fonts/truetype/noto")
SYMBOLA = Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf")
OUT = Path(__file__).resolve().parents[1] / "resources" / "fonts"
NOTO_FACES = (
    "NotoSansArabic-Regular.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansThai-Regular.ttf",
    "NotoSansDevanagari-Regular.ttf",
)
# Emoji and the symbol blocks emoji are drawn from (WQY Micro Hei lacks nearly all of them).
EMOJI_RANGES = (
    (0x2190, 0x21FF),
    (0x2300, 0x23FF),
    (0x2460, 0x24FF),
    (0x25A0, 0x27BF),
    (0x2900, 0x297F),
    (0x2B00, 0x2BFF),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3299),
    (0x1F000, 0x1FAFF),
)


def main() -> int:
    from fontTools import subset

    for name in NOTO_FACES:
        shutil.copyfile(NOTO / name, OUT / name)
    options = subset.Options()
    options.layout_features = ["*"]
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(SYMBOLA), options)
    cmap = set(font.getBestCmap())
    # The spaces too: reportlab draws the space after a word in that word's face.
    keep = [0x20, 0xA0] + [cp for lo, hi in EMOJI_RANGES for cp in range(lo, hi + 1) if cp in cmap]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    subset.save_font(font, str(OUT / "symbola-emoji.ttf"), options)
    for path in sorted(OUT.glob("*.ttf")):
        print(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
