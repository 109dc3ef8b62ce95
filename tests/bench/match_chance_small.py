"""Chance level of the pixel search for small round regions (core/matching/small_look.py).

    .venv/bin/python tests/bench/match_chance_small.py [--bench DIR] [--set dev] [--data-dir D]
        [--kind avatars]

Every library photo is placed by pixels in every round region (round_regions.py) of every
screenshot, as the small-region pass would if each photo were among a region's candidates and
were refined (the pass refines only the best correlated two), then settled or not by the close
look at that placement (engine.examine_placed: run when the textured agreement reaches
STRONG_TEXTURE or the correlation PLACED_CORRELATION), or by the plain-shapes test of a smooth
avatar (plain_shapes.beyond_plain). Printed: for photos that are *not* in the screenshot, the
distribution of the placement's correlation, its textured agreement, the close look's distinct
inliers and the plain-shapes ratio, and every level the engine gives; the same for the true
photos of the regions that show one. A photo listed under a screenshot's ``near_duplicates``
(another shot of the scene, probe_neardup.py) is counted apart. core/matching/README.md ("Tiny
images") argues the rule from these figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from match_chance import DEFAULT_BENCH, _load  # noqa: E402


def _overlap(a: list[int] | tuple[int, ...], b: tuple[int, int, int, int]) -> float:
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    return ix * iy / max(1, min(a[2] * a[3], b[2] * b[3]))


def _plain_discs(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The round regions proposed only as plain discs (round_regions.PLAIN_DISC_FLAT): those
    the search proposes with them and not without."""
    from picproof.core.matching import round_regions as rr

    every = rr.round_regions(gray)
    keep = rr.PLAIN_DISC_FLAT
    rr.PLAIN_DISC_FLAT = 0.0  # no disc is that flat-free: plain discs off
    try:
        photo_like = set(rr.round_regions(gray))
    finally:
        rr.PLAIN_DISC_FLAT = keep
    return [b for b in every if b not in photo_like]


def _study(
    bench: Path, feats: dict[str, Any], kind: str | None, plain_only: bool = False
) -> list[dict[str, Any]]:
    from picproof.core.imaging import load_image
    from picproof.core.matching import engine
    from picproof.core.matching.close_look import close_look
    from picproof.core.matching.features import to_gray
    from picproof.core.matching.plain_shapes import beyond_plain
    from picproof.core.matching.query import QueryFeatures
    from picproof.core.matching.region import visible_region
    from picproof.core.matching.round_regions import round_regions
    from picproof.core.matching.small_look import (
        Circle,
        Thumbnail,
        coarse_search,
        outside_square,
        refine,
    )
    from picproof.core.matching.verify import Fit

    truth = json.loads((bench / "truth.json").read_text())
    thumbs = {name: Thumbnail(f.thumbnail, f.size) for name, f in feats.items()}
    none = np.zeros((0, 2), np.float32)
    rows: list[dict[str, Any]] = []
    for shot in truth["screenshots"]:
        if kind and shot.get("template") != kind:
            continue
        gray = to_gray(load_image((bench / "screenshots" / shot["file"]).read_bytes()).image)
        h, w = gray.shape
        query = QueryFeatures((w, h), gray, none, none, none, none, none)
        shown = {m["original"]: m["bbox"] for m in shot["matches"]}
        present = set(shown) | set(shot.get("ignore", []))
        near = set(shot.get("near_duplicates", []))
        for box in _plain_discs(gray) if plain_only else round_regions(gray):
            circle = Circle(gray, box)
            if not circle.usable:
                continue
            truly = {n for n, b in shown.items() if _overlap(b, box) > 0.5}
            for name, photo in feats.items():
                if name in present and name not in truly:
                    continue  # shown elsewhere in the screenshot: neither right nor wrong here
                placed = refine(circle, thumbs[name], coarse_search(circle, thumbs[name]))
                if placed is None:
                    continue
                fit = Fit(placed.matrix, placed.mirrored, 0, none, none, 0)
                region = visible_region(gray, photo.thumbnail, photo.size, fit.warp)
                tex = region.textured_agreement if region is not None else 0.0
                looked = (
                    tex >= engine.STRONG_TEXTURE or placed.correlation >= engine.PLACED_CORRELATION
                )
                close = close_look(query, photo, fit) if looked else None
                outside = outside_square(gray, circle, thumbs[name], placed)
                beyond = beyond_plain(gray, circle, thumbs[name], placed)
                # the engine's verdict with the margin over other candidates waived (runner-up
                # 0): each wrong photo is judged as if it were the only candidate
                judged = replace(placed, runner_up=0.0, outside=outside)
                found = engine.examine_placed(query, 0, photo, judged, box)
                rows.append(
                    {
                        "shot": shot["file"],
                        "photo": name,
                        "side": box[2],
                        "what": "true" if name in truly else "near" if name in near else "wrong",
                        "box": list(box),
                        "corr": round(placed.correlation, 3),
                        "outside": round(outside, 3),
                        "beyond": round(beyond, 2),
                        "tex": round(tex, 3),
                        "close": close,
                        "level": found.level if found is not None else None,
                    }
                )
    return rows


def _report(rows: list[dict[str, Any]]) -> None:
    from picproof.core.matching import engine

    for what in ("wrong", "near", "true"):
        sel = [r for r in rows if r["what"] == what]
        if not sel:
            continue
        corr = np.array([r["corr"] for r in sel])
        tex = np.array([r["tex"] for r in sel])
        closes = sorted((r["close"] for r in sel if r["close"] is not None), reverse=True)
        levels = [r for r in sel if r["level"] is not None]
        ran = len(closes) + sum(
            1 for r in sel if (r["tex"] >= 0.3 or r["corr"] >= 0.9) and r["close"] is None
        )
        print(f"{what}: {len(sel)} placements")
        print(
            f"  correlation: median {np.median(corr):.3f}, "
            f"99% {np.quantile(corr, 0.99):.3f}, max {corr.max():.3f}"
        )
        print(
            f"  textured agreement: median {np.median(tex):.3f}, "
            f"99% {np.quantile(tex, 0.99):.3f}, max {tex.max():.3f}; "
            f">= 0.3: {int((tex >= 0.3).sum())}"
        )
        print(f"  close looks run {ran}, distinct inliers (highest first) {closes[:12]}")
        # the plain-shapes test (engine.BEYOND_PLAIN) among placements passing the other pixel
        # tests of that route (correlation, held-out ring), and over all of them
        smooth = [
            r["beyond"]
            for r in sel
            if r["corr"] >= engine.PLAIN_CORRELATION and r["outside"] >= engine.SMOOTH_OUTSIDE
        ]
        print(
            f"  beyond plain shapes: max {max(r['beyond'] for r in sel):.2f} over all; "
            f"{len(smooth)} with correlation and held-out ring passing, max "
            f"{max(smooth, default=0.0):.2f}; >= {engine.BEYOND_PLAIN}: "
            f"{sum(1 for b in smooth if b >= engine.BEYOND_PLAIN)}"
        )
        shown = ", ".join(
            f"{r['shot']} {r['photo']} {r['level']} close {r['close']}" for r in levels[:12]
        )
        print(f"  reported: {len(levels)} {shown}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--set", default="dev")
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--kind", default=None, help="only screenshots of this template")
    ap.add_argument("--json", type=Path, default=None, help="write every placement here")
    ap.add_argument(
        "--plain-discs", action="store_true", help="only the regions proposed as plain discs"
    )
    args = ap.parse_args()
    import subprocess

    data = args.bench / args.set
    tmp = tempfile.TemporaryDirectory()
    data_dir = args.data_dir or Path(tmp.name) / "data"
    cli = [sys.executable, "-m", "picproof", "--data-dir", str(data_dir)]
    subprocess.run(
        cli + ["library", "add", str(data / "library"), "--scan", "--json"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    t0 = time.perf_counter()
    rows = _study(data, _load(data_dir), args.kind, args.plain_discs)
    print(f"{args.set}: {len(rows)} placements in {time.perf_counter() - t0:.0f} s")
    _report(rows)
    if args.json:
        args.json.write_text("\n".join(json.dumps(r) for r in rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
