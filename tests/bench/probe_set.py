"""A probe set in the dev benchmark's format, made of photos and screenshot kinds the dev set
does not have: a stand-in for the held-out acceptance set, so that a change can be checked for
over-fitting to the dev set before it lands.

    .venv/bin/python tests/bench/probe_set.py OUT [--seed 7] [--shots 140]
    .venv/bin/python tests/bench/match_accuracy.py --bench OUT --set probe

The photos are real ones from Debian packages and the scikit-image wheel (downloaded on first
use, listed in ``PHOTOS``), none of them a dev library photo. The screenshot kinds are new:
a short-video feed, a second-hand market listing with a watermark, a photo collage with tilted
and overlapping prints, a dark-mode chat with story rings, a desktop image-search grid, and a
phone photo of a screen (mild perspective, blur, noise). Negatives show only distractors, among
them the other half of a stereo pair whose left view is in the library (a different photo of the
same scene: reporting it would be a false accusation).

Truth follows ../shared/bench/README.md: the box of the visible region (not shrunk by UI drawn
on top), photos barely visible listed under ``ignore``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from probe_photos import (  # noqa: E402
    DISTRACTORS,
    IGNORE_SIDE,
    IGNORE_VISIBLE,
    LIBRARY,
    LIBRARY_ONLY,
    TWINS,
    _open,
    fetch_photos,
)
from probe_templates import TEMPLATES  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--shots", type=int, default=140)
    ap.add_argument("--negatives", type=float, default=0.2)
    ap.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "picproof-probe-photos"
    )
    args = ap.parse_args()
    rng = random.Random(args.seed)
    files = fetch_photos(args.cache)
    probe = args.out / "probe"
    (probe / "library").mkdir(parents=True, exist_ok=True)
    (probe / "screenshots").mkdir(parents=True, exist_ok=True)
    names: dict[int, str] = {}
    originals: dict[int, Image.Image] = {}
    for i, key in enumerate(LIBRARY + LIBRARY_ONLY, start=1):
        name = f"IMG_{2000 + 37 * i}.jpg"
        im = _open(files[key], 1600)
        im.save(probe / "library" / name, "JPEG", quality=92)
        names[i] = name
        originals[i] = Image.open(probe / "library" / name).convert("RGB")
    for j, key in enumerate(DISTRACTORS, start=1):
        originals[-j] = _open(files[key], 1600)
    lib_index = {key: i for i, key in enumerate(LIBRARY + LIBRARY_ONLY, start=1)}
    appearing = list(range(1, len(LIBRARY) + 1))
    distractors = [-j for j in range(1, len(DISTRACTORS) + 1)]
    kinds = list(TEMPLATES)
    shots: list[dict[str, Any]] = []
    use = {pid: 0 for pid in appearing}
    for n in range(args.shots):
        kind = kinds[n % len(kinds)]
        fn, n_lib, n_dis = TEMPLATES[kind]
        make_negative = rng.random() < args.negatives
        # the least used library photos first, so that every one appears
        pool = sorted(appearing, key=lambda p: (use[p], rng.random()))
        lib = [] if make_negative else pool[: rng.randint(1, n_lib)]
        for p in lib:
            use[p] += 1
        dis = rng.sample(distractors, max(n_dis, 1 if make_negative else 0))
        s = fn(rng, originals.__getitem__, lib, dis)
        name = f"shot_{n:04d}.jpg"
        q = rng.randint(70, 92)
        s.img.save(probe / "screenshots" / name, "JPEG", quality=q)
        matches, ignore = [], []
        for pid in lib:
            ys, xs = np.nonzero(s.label == pid)
            entry = s.shown.get(pid)
            if xs.size == 0 or entry is None:
                continue  # laid out under something else, or not at all
            bbox = [
                int(xs.min()),
                int(ys.min()),
                int(xs.max() - xs.min() + 1),
                int(ys.max() - ys.min() + 1),
            ]
            visible = xs.size / max(1, entry["area"])
            if min(bbox[2], bbox[3]) < IGNORE_SIDE or visible < IGNORE_VISIBLE:
                ignore.append(names[pid])
                continue
            t = dict(entry["meta"], visible_frac=round(min(1.0, visible), 3), screenshot_jpeg=q)
            matches.append({"original": names[pid], "bbox": bbox, "transforms": t})
        # a library photo laid out under others, or not at all, leaves a negative (as score.py
        # counts it)
        negative = not matches and not ignore
        twins = sorted(
            names[lib_index[TWINS[DISTRACTORS[-d - 1]]]]
            for d in dis
            if DISTRACTORS[-d - 1] in TWINS and np.any(s.label == d)
        )
        shots.append(
            {
                "file": name,
                "template": kind,
                "size": [s.w, s.h],
                "negative": negative,
                "matches": matches,
                "ignore": ignore,
                "n_distractors": len(dis),
                "near_duplicates": twins,
            }
        )
    truth = {
        "version": 1,
        "set": "probe",
        "library": [names[i] for i in sorted(names)],
        "screenshots": shots,
    }
    (probe / "truth.json").write_text(json.dumps(truth, indent=1))
    pairs = sum(len(s["matches"]) for s in shots)
    print(
        f"{len(shots)} screenshots, {pairs} pairs, "
        f"{sum(s['negative'] for s in shots)} negatives -> {probe}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
