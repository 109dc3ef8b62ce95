"""Silently dropped characters over a corpus of names in many scripts (#21 item 4 target: 0).

    .venv/bin/python tests/bench/scripts_corpus.py

Each name goes into an EU notice as the sender's name through the letter service (the real path:
the service's check, reportlab with the fallback faces, shaping and bidi). A character counts as
- "extracted" when pdftotext gives its whole word back (NFKC, so Arabic presentation forms count
  as letters; poppler puts right-to-left words back in reading order),
- "drawn" when its word is not extracted as typed but the face that has its glyph is embedded in
  the PDF (HarfBuzz maps some shaped Devanagari/Thai glyphs to private-use code points, which copy
  out as nothing; mirrored brackets copy out mirrored),
- "refused" when the letter was refused naming the field (no bundled face has it),
- "DROPPED" otherwise: the failure this target is about.
Two sets are reported separately: "dev" (the names the unit tests use) and "probe" (other names,
never used to tune anything), plus "uncovered" (scripts no bundled face has: must be refused).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "desktop"))

DEV = {
    "latin": ["José Müller-Łukasiewicz Nguyễn"],
    "han": ["张伟 陈静怡"],
    "kana": ["やまだ はなこ カタカナ"],
    "hangul": ["김민준 이서연"],
    "cyrillic": ["Дмитрий Иванович Ёлкин"],
    "greek": ["Αλέξανδρος Παπαδόπουλος"],
    "arabic": ["محمد علي الحسن"],
    "hebrew": ["דוד כהן לוי"],
    "thai": ["สมชาย ใจดี"],
    "devanagari": ["राहुल शर्मा"],
    "emoji": ["Anna 😀👍🌸 ❤️"],
}
PROBE = {
    "latin": ["Zoë Ørsted-Çelik", "Şükrü Ağaoğlu", "Đặng Thị Hương", "Ōtomo Sōsuke"],
    "han": ["欧阳娜娜", "黄志玮（香港）", "林美 @ 深圳"],
    "kana": ["さとう けんじ", "タナカ・ユウキ"],
    "hangul": ["박지성", "최유리 (서울)"],
    "cyrillic": ["Олександр Шевченко", "Љубица Ђорђевић", "Бахтияр Әлиев"],
    "greek": ["Ευάγγελος Βενιζέλος", "Ζωή Κωνσταντοπούλου"],
    "arabic": ["فاطمة الزهراء بن علي", "عبد الله ٢٠٢٥", "شركة النور للتجارة، دبي"],
    "hebrew": ["שרה בת-אברהם", "יוסף (יוסי) מזרחי 2025"],
    "thai": ["ณัฐวุฒิ ศรีสุข", "กรุงเทพมหานคร"],
    "devanagari": ["प्रियंका चोपड़ा", "क्षितिज त्रिपाठी", "श्रीमती ज्ञानेश्वरी"],
    "emoji": ["Shop 🛍️✨", "小美 🌸🐱", "Family 👨‍👩‍👧 🇭🇰"],
}
UNCOVERED = {
    "bengali": ["রবীন্দ্রনাথ ঠাকুর"],
    "ethiopic": ["ተስፋዬ ገብረ"],
    "tamil": ["சுப்பிரமணியன்"],
    "georgian": ["ნინო ბერიძე"],
    "armenian": ["Արամ Խաչատրյան"],
    "khmer": ["សុខ ចាន់"],
}
MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069"))


def _classify(letters, name: str, workdir: Path) -> dict[str, int]:
    from reportlab.pdfbase import pdfmetrics

    from picproof.core.errors import UnrenderableText
    from picproof.pdf.scripts import face_for, is_ignorable

    visible = [c for c in name if not c.isspace() and not is_ignorable(c)]
    tpl = letters.template("eu-notice", "en")
    ctx = letters.example_context("eu-notice", "en")
    ctx.values["sender_name"] = name
    try:
        _, pdf, _ = letters.render(tpl, ctx)
    except UnrenderableText:
        return {"chars": len(visible), "refused": len(visible)}
    path = workdir / "letter.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(MARKS))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    out = {"chars": len(visible), "extracted": 0, "drawn": 0, "DROPPED": 0}
    for word in name.split():
        chars = [c for c in word if not is_ignorable(c)]
        squashed = unicodedata.normalize("NFKC", "".join(chars))
        if squashed in text:
            out["extracted"] += len(chars)
            continue
        for ch in chars:
            face = face_for(ch)
            ps = pdfmetrics.getFont(face).face.name.decode() if face else None
            out["drawn" if ps and f"+{ps}" in fonts else "DROPPED"] += 1
    return out


def main() -> int:
    from picproof.services.letters import LetterService
    from picproof.services.paths import resolve_paths
    from picproof.services.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        letters = LetterService(resolve_paths(Path(tmp) / "data"), Settings())
        total_dropped = 0
        for label, corpus in (("dev", DEV), ("probe", PROBE), ("uncovered", UNCOVERED)):
            print(f"\n== {label} ==")
            print(
                f"{'script':<11}{'names':>6}{'chars':>7}{'extracted':>10}{'drawn':>7}"
                f"{'refused':>8}{'DROPPED':>8}{'ms/letter':>10}"
            )
            sums: dict[str, int] = {}
            for script, names in corpus.items():
                row: dict[str, int] = {}
                start = time.perf_counter()
                for name in names:
                    for k, v in _classify(letters, name, Path(tmp)).items():
                        row[k] = row.get(k, 0) + v
                ms = (time.perf_counter() - start) * 1000 / len(names)
                for k, v in row.items():
                    sums[k] = sums.get(k, 0) + v
                print(
                    f"{script:<11}{len(names):>6}{row.get('chars', 0):>7}"
                    f"{row.get('extracted', 0):>10}{row.get('drawn', 0):>7}"
                    f"{row.get('refused', 0):>8}{row.get('DROPPED', 0):>8}{ms:>10.0f}"
                )
            total_dropped += sums.get("DROPPED", 0)
            print(
                f"{'all':<11}{'':>6}{sums.get('chars', 0):>7}{sums.get('extracted', 0):>10}"
                f"{sums.get('drawn', 0):>7}{sums.get('refused', 0):>8}{sums.get('DROPPED', 0):>8}"
            )
    print(f"\nsilently dropped characters: {total_dropped}")
    return 1 if total_dropped else 0


if __name__ == "__main__":
    sys.exit(main())
