"""Probe sets of the three kinds of screenshot issue 17 names, one kind per set, in the dev
benchmark's format: phone photos of a screen at a strong angle (perspective up to +-35 degrees,
moiré, glare, defocus), collages of prints tilted up to +-30 degrees, and round avatars of
48-120 px in comment threads and match lists.

    .venv/bin/python tests/bench/probe_kinds.py OUT [--part tune|held] [--seed 21]
    .venv/bin/python tests/bench/match_accuracy.py --bench OUT --set kinds

``--part tune`` draws on probe_set.py's photos (none of them a dev photo); ``--part held`` on
other photos of the same packages that neither the dev set nor probe_set.py uses, with another
seed: it is kept back and run once, at the end (issue 17). ``template`` in truth.json is the
kind, so ``score.py --by-template`` gives the per-kind table.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import probe_photos  # noqa: E402
import probe_screens  # noqa: E402
import probe_templates  # noqa: E402

_KDE = "usr/share/wallpapers/"
_UKUI = "usr/share/backgrounds/"
_SKI = "skimage/data/"
#: Held back: photos of the same packages that neither the dev set (its manifest.csv) nor
#: probe_set.py uses. (Looked at once, at the end.)
HELD = [
    ("plasma-workspace-wallpapers", _KDE + "Canopee"),
    ("plasma-workspace-wallpapers", _KDE + "Cascade"),
    ("plasma-workspace-wallpapers", _KDE + "Elarun"),
    ("plasma-workspace-wallpapers", _KDE + "Honeywave"),
    ("plasma-workspace-wallpapers", _KDE + "IceCold"),
    ("plasma-workspace-wallpapers", _KDE + "Kokkini"),
    ("plasma-workspace-wallpapers", _KDE + "MilkyWay"),
    ("plasma-workspace-wallpapers", _KDE + "Patak"),
    ("plasma-workspace-wallpapers", _KDE + "SafeLanding"),
    ("ukui-wallpapers", _UKUI + "city.png"),
    ("ukui-wallpapers", _UKUI + "desert.png"),
    ("ukui-wallpapers", _UKUI + "firstgeneration.jpg"),
    ("ukui-wallpapers", _UKUI + "rhythm.jpg"),
    ("ukui-wallpapers", _UKUI + "string.jpg"),
    ("pypi:scikit-image", _SKI + "cell.png"),
    ("pypi:scikit-image", _SKI + "ihc.png"),
]


def _held_file(cache: Path, source: str, path: str) -> Path:
    """A KDE wallpaper folder stands for its largest image."""
    root = cache / source.replace(":", "_") / path
    if root.is_dir():
        images = [p for p in (root / "contents" / "images").iterdir() if p.is_file()]
        return max(images, key=lambda p: p.stat().st_size)
    return root


# ----------------------------------------------------------------------------------------------
# the kinds


def _camera_warp(w: int, h: int, rng: random.Random) -> np.ndarray:
    """Homography of a w x h screen seen by a camera turned up to 35 degrees about both axes."""
    ax, ay = math.radians(rng.uniform(-35, 35)), math.radians(rng.uniform(-35, 35))
    if max(abs(ax), abs(ay)) < math.radians(15):  # at least one strong tilt
        ax = math.copysign(math.radians(rng.uniform(15, 35)), ax)
    az = math.radians(rng.uniform(-10, 10))
    rx = np.array([[1, 0, 0], [0, math.cos(ax), -math.sin(ax)], [0, math.sin(ax), math.cos(ax)]])
    ry = np.array([[math.cos(ay), 0, math.sin(ay)], [0, 1, 0], [-math.sin(ay), 0, math.cos(ay)]])
    rz = np.array([[math.cos(az), -math.sin(az), 0], [math.sin(az), math.cos(az), 0], [0, 0, 1]])
    rot = rz @ ry @ rx
    f = 1.3 * max(w, h)
    corners = np.array(
        [[-w / 2, -h / 2, 0], [w / 2, -h / 2, 0], [w / 2, h / 2, 0], [-w / 2, h / 2, 0]]
    )
    cam = corners @ rot.T + np.array([0, 0, 1.6 * f])
    proj = f * cam[:, :2] / cam[:, 2:3]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    import cv2

    return cv2.getPerspectiveTransform(src, proj.astype(np.float32))


def screen_at_angle(
    rng: random.Random, get: probe_templates.Photo, lib: list[int], dis: list[int]
) -> probe_screens.Screen:
    """A phone's screen photographed by another camera at a strong angle: perspective, moiré,
    glare, defocus and sensor noise."""
    inner = rng.choice(
        [probe_templates.short_video, probe_templates.market_listing, probe_templates.dark_chat]
    )(rng, get, lib, dis)
    return photograph_screen(rng, inner)


def photograph_screen(rng: random.Random, inner: probe_screens.Screen) -> probe_screens.Screen:
    """``inner`` (a drawn screen) as another camera sees it at a strong angle (screen_at_angle)."""
    import cv2

    W, H = rng.choice([(1600, 2000), (2000, 1600), (1800, 2400)])
    warp = _camera_warp(inner.w, inner.h, rng)
    pts = cv2.perspectiveTransform(
        np.array([[[0, 0], [inner.w, 0], [inner.w, inner.h], [0, inner.h]]], np.float32), warp
    )[0]
    span = pts.max(axis=0) - pts.min(axis=0)
    k = min(W / span[0], H / span[1]) * rng.uniform(0.7, 0.92)
    place = np.array(
        [
            [k, 0, W / 2 - k * (pts[:, 0].min() + span[0] / 2)],
            [0, k, H / 2 - k * (pts[:, 1].min() + span[1] / 2)],
            [0, 0, 1],
        ]
    )
    m = place @ warp
    desk = np.full((H, W, 3), rng.choice([(70, 60, 50), (40, 40, 45), (150, 140, 125)]), np.uint8)
    screen = np.asarray(inner.img).astype(np.float32)
    # moiré: the camera's pixel grid beating with the screen's
    yy, xx = np.mgrid[0 : inner.h, 0 : inner.w].astype(np.float32)
    period, turn = rng.uniform(2.5, 6.0), rng.uniform(0, math.pi)
    wave = np.sin(2 * math.pi * (xx * math.cos(turn) + yy * math.sin(turn)) / period)
    screen *= (1.0 + rng.uniform(0.05, 0.14) * wave)[..., None]
    warped = cv2.warpPerspective(np.clip(screen, 0, 255).astype(np.uint8), m, (W, H))
    cover_m = cv2.warpPerspective(np.full((inner.h, inner.w), 255, np.uint8), m, (W, H)) > 127
    out = np.where(cover_m[..., None], warped, desk).astype(np.float32)
    # glare: a soft bright patch of the room's light on the glass
    gx, gy = rng.uniform(0.2, 0.8) * W, rng.uniform(0.2, 0.8) * H
    r = rng.uniform(0.15, 0.35) * min(W, H)
    Y, X = np.mgrid[0:H, 0:W].astype(np.float32)
    out += rng.uniform(40, 110) * np.exp(-((X - gx) ** 2 + (Y - gy) ** 2) / (2 * r * r))[..., None]
    out += np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(4, 10), out.shape)
    s = probe_screens.Screen(W, H)
    s.img = Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(rng.uniform(0.7, 2.0))  # defocus
    )
    s.label = cv2.warpPerspective(inner.label, m, (W, H), flags=cv2.INTER_NEAREST)
    # the visible share is what the inner screen showed of each photo (the camera adds none)
    s.shown = {}
    for pid, e in inner.shown.items():
        seen = max(1, int((inner.label == pid).sum()))
        area = int((s.label == pid).sum() * e["area"] / seen)
        s.shown[pid] = {"area": max(1, area), "meta": dict(e["meta"], perspective=True)}
    return s


def collage_tilted(
    rng: random.Random, get: probe_templates.Photo, lib: list[int], dis: list[int]
) -> probe_screens.Screen:
    """A mood board of prints tilted by up to +-30 degrees, overlapping, with stickers."""

    w, h = rng.choice([(1920, 1080), (1440, 900), (1170, 2532)])
    s = probe_screens.Screen(w, h, rng.choice(["#e9e4da", "#2d3142", "#d8e2dc"]))
    ids = lib + dis
    rng.shuffle(ids)
    cols = 3 if w > h else 2
    rows = max(1, math.ceil(len(ids) / cols))
    cw, ch = w // cols, h // rows
    for i, pid in enumerate(ids):
        im, t = probe_photos.alter(get(pid), rng)
        side = int(min(cw, ch) * rng.uniform(0.7, 0.95))
        im, m, box = probe_photos.cover(
            im, side, int(side * rng.uniform(0.7, 1.3)), rng, 1.15, "#fbfbf8"
        )
        t["crop_box"] = box
        angle = rng.choice([-1, 1]) * rng.uniform(8, 30)
        probe_templates.tilted_print(
            s, rng, pid, (im, m), t, side=side, angle=angle, cell=(i, cols, cw, ch)
        )
    for _ in range(rng.randint(0, 3)):
        probe_screens.sticker(
            s, rng, rng.randint(0, w), rng.randint(0, h), min(w, h) // rng.randint(12, 20)
        )
    return s


def avatar_list(
    rng: random.Random, get: probe_templates.Photo, lib: list[int], dis: list[int]
) -> probe_screens.Screen:
    """A comment thread or match list: rows of round avatars of 48-120 px, names and text."""
    dark = rng.random() < 0.4
    w, h = rng.choice([(1080, 2340), (1170, 2532), (828, 1792), (1440, 900)])
    s = probe_screens.Screen(w, h, "#111114" if dark else "#ffffff")
    y = probe_screens.status_bar(s, dark) + w // 20
    ids = lib + dis
    rng.shuffle(ids)
    fg = "#eeeeee" if dark else "#222222"
    zh = rng.random() < 0.5
    for pid in ids:
        d = rng.randint(48, 120)
        if y + d + 20 > h:
            break
        x = rng.randint(w // 40, w // 15)
        im, t = probe_photos.alter(get(pid), rng, mirror_p=0.2)
        im, m, box = probe_photos.cover(im, d, d, rng, 1.8)
        t["crop_box"], t["shape"] = box, "circle"
        if rng.random() < 0.4:  # a story ring around it
            s.draw.ellipse([x - 5, y - 5, x + d + 5, y + d + 5], outline="#dd2a7b", width=3)
        s.photo(pid, im, x, y, probe_photos.both(probe_screens.circle_mask(d), m), meta=t)
        tx = x + d + w // 30
        s.draw.text(
            (tx, y),
            rng.choice(["Ann", "小王", "Jo", "李雷", "mika_", "Leo"]),
            fill=fg,
            font=probe_screens.font(max(14, w // 36)),
        )
        probe_screens.text_lines(
            s, rng, tx, y + max(18, w // 28), w, rng.randint(1, 2), max(12, w // 42), zh, fg
        )
        y += d + rng.randint(w // 30, w // 12)
    return s


KINDS = {
    # name: (function, library photos, distractors)
    "screen_at_angle": (screen_at_angle, 1, 2),
    "collage_tilted": (collage_tilted, 2, 3),
    "avatars": (avatar_list, 3, 6),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--part", choices=["tune", "held"], default="tune")
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--shots", type=int, default=90)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/picproof-probe-photos"))
    ap.add_argument("--kind", choices=list(KINDS), help="only this kind (a set to study one)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    files = probe_photos.fetch_photos(args.cache)
    if args.part == "tune":
        sources = [files[k] for k in probe_photos.LIBRARY]
    else:
        sources = [_held_file(args.cache, *k) for k in HELD]
    twins = set(probe_photos.TWINS)
    dis_sources = [files[k] for k in probe_photos.DISTRACTORS if k not in twins]
    out = args.out / "kinds"
    (out / "library").mkdir(parents=True, exist_ok=True)
    (out / "screenshots").mkdir(parents=True, exist_ok=True)
    images: dict[int, Image.Image] = {}
    names: dict[int, str] = {}
    for i, path in enumerate(sources, start=1):
        names[i] = f"P{1000 + 53 * i}.jpg"
        probe_photos._open(path, 1600).save(out / "library" / names[i], "JPEG", quality=92)  # noqa: SLF001
        images[i] = Image.open(out / "library" / names[i]).convert("RGB")
    for j, path in enumerate(dis_sources, start=1):
        images[-j] = probe_photos._open(path, 1600)  # noqa: SLF001
    lib_ids = sorted(i for i in images if i > 0)
    dis_ids = sorted(i for i in images if i < 0)
    use = dict.fromkeys(lib_ids, 0)
    shots: list[dict[str, Any]] = []
    kinds = [args.kind] if args.kind else list(KINDS)
    for n in range(args.shots):
        kind = kinds[n % len(kinds)]
        fn, n_lib, n_dis = KINDS[kind]
        negative = rng.random() < 0.15
        pool = sorted(lib_ids, key=lambda p: (use[p], rng.random()))
        lib = [] if negative else pool[: rng.randint(1, n_lib)]
        for p in lib:
            use[p] += 1
        dis = rng.sample(dis_ids, max(n_dis, 1 if negative else 0))
        s = fn(rng, images.__getitem__, lib, dis)
        name = f"shot_{n:04d}.jpg"
        q = rng.randint(70, 92)
        s.img.convert("RGB").save(out / "screenshots" / name, "JPEG", quality=q)
        matches, ignore = [], []
        for pid in lib:
            ys, xs = np.nonzero(s.label == pid)
            entry = s.shown.get(pid)
            if xs.size == 0 or entry is None:
                continue
            bbox = [int(xs.min()), int(ys.min()), int(np.ptp(xs) + 1), int(np.ptp(ys) + 1)]
            visible = xs.size / max(1, entry["area"])
            if (
                min(bbox[2], bbox[3]) < probe_photos.IGNORE_SIDE
                or visible < probe_photos.IGNORE_VISIBLE
            ):
                ignore.append(names[pid])
                continue
            matches.append({"original": names[pid], "bbox": bbox, "transforms": entry["meta"]})
        shots.append(
            {
                "file": name,
                "template": kind,
                "size": [s.w, s.h],
                "negative": not matches and not ignore,
                "matches": matches,
                "ignore": ignore,
                "n_distractors": len(dis),
            }
        )
    truth = {
        "version": 1,
        "set": f"kinds-{args.part}",
        "library": [names[i] for i in lib_ids],
        "screenshots": shots,
    }
    (out / "truth.json").write_text(json.dumps(truth, indent=1))
    print(f"{len(shots)} screenshots, {sum(len(s['matches']) for s in shots)} pairs -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
