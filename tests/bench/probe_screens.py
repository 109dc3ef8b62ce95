"""Drawing probe screenshots: the screen with its label map of which photo shows where, masks,
stickers, status bars and text in English or Chinese (probe_set.py).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from probe_photos import ROOT

CJK_FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"


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
