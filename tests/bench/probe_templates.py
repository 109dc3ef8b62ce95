"""The probe set's screenshot kinds: each lays out library photos and distractors on a screen
(probe_set.py).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps
from probe_photos import alter, both, cover
from probe_screens import (
    Screen,
    circle_mask,
    font,
    rounded_mask,
    status_bar,
    sticker,
    text_lines,
)

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


def tilted_print(
    s: Screen,
    rng: random.Random,
    pid: int,
    photo: tuple[Image.Image, Image.Image],
    meta: dict,
    *,
    side: int,
    angle: float,
    cell: tuple[int, int, int, int],
) -> None:
    """Paste ``photo`` (picture, visible mask) as a print with a white border, turned by
    ``angle``, near the middle of grid cell ``cell`` = (index, columns, cell width, height)."""
    im, m = photo
    i, cols, cw, ch = cell
    border = max(6, side // 18)
    framed = ImageOps.expand(im, border=border, fill="#fbfbf8")
    meta["rotation"] = round(angle, 1)
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
    s.photo(pid, rot, x, y, inner, meta=meta)


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
        tilted_print(
            s, rng, pid, (im, m), t, side=side, angle=rng.uniform(-12, 12), cell=(i, cols, cw, ch)
        )
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
