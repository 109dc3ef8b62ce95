"""Generated photos and phone-screen compositions for the matching tests (no binary fixtures)."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageOps

from picproof.core.matching.features import to_gray


def _colour_noise(rng: np.random.Generator, size: tuple[int, int], slope: float) -> np.ndarray:
    """(h, w, 3) float colour noise in [0, 1] per channel with a 1/f^slope amplitude spectrum (that
    of natural photos)."""
    sw, sh = size
    fy = np.fft.fftfreq(sh)[:, None]
    fx = np.fft.rfftfreq(sw)[None, :]
    f = np.sqrt(fx * fx + fy * fy)
    f[0, 0] = 1.0
    amp = 1.0 / f**slope
    chans = []
    for _ in range(3):
        c = np.fft.irfft2(amp * np.exp(2j * np.pi * rng.random((sh, sw // 2 + 1))), s=(sh, sw))
        chans.append((c - c.min()) / (np.ptp(c) + 1e-9))
    return np.stack(chans, 2)


def photo(seed: int, size: tuple[int, int] = (900, 640)) -> Image.Image:
    """A photo-like picture: 1/f colour noise (natural-image spectrum) with shapes and text."""
    rng = np.random.default_rng(seed)
    w, h = size
    noise = _colour_noise(rng, (w // 4, h // 4), 1.3)
    img = cv2.resize((noise * 255).astype(np.uint8), (w, h), interpolation=cv2.INTER_CUBIC)
    img = np.ascontiguousarray(img)
    for _ in range(40):
        color = tuple(int(v) for v in rng.integers(0, 256, 3))
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        kind = int(rng.integers(0, 4))
        if kind == 0:
            cv2.ellipse(
                img,
                (x, y),
                (int(rng.integers(8, 90)), int(rng.integers(8, 90))),
                float(rng.uniform(0, 180)),
                0,
                360,
                color,
                -1,
            )
        elif kind == 1:
            cv2.rectangle(
                img,
                (x, y),
                (x + int(rng.integers(8, 120)), y + int(rng.integers(8, 120))),
                color,
                -1,
            )
        elif kind == 2:
            cv2.line(img, (x, y), (int(rng.integers(0, w)), int(rng.integers(0, h))), color, 3)
        else:
            cv2.putText(
                img,
                str(int(rng.integers(0, 10**5))),
                (x, y),
                cv2.FONT_HERSHEY_SIMPLEX,
                1.2,
                color,
                2,
            )
    return Image.fromarray(img)


def jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


class Screen:
    """A white phone screen with UI bars, onto which photos are pasted; records true boxes."""

    def __init__(self, size: tuple[int, int] = (720, 1280), seed: int = 0) -> None:
        self.img = Image.new("RGB", size, (250, 250, 250))
        d = ImageDraw.Draw(self.img)
        d.rectangle([0, 0, size[0], 60], fill=(40, 40, 60))
        rng = np.random.default_rng(seed)
        for y in range(70, size[1], 90):  # rows of "text" (dark bars) like a feed
            d.rectangle(
                [20, y, 20 + int(rng.integers(100, size[0] - 60)), y + 14], fill=(90, 90, 90)
            )
        self.boxes: list[tuple[int, int, int, int]] = []

    def paste(
        self, pic: Image.Image, xy: tuple[int, int], *, mask: Image.Image | None = None
    ) -> None:
        self.img.paste(pic, xy, mask)
        self.boxes.append((xy[0], xy[1], pic.width, pic.height))

    def final(self, quality: int = 85) -> Image.Image:
        return jpeg(self.img, quality)


def shown_copy(path: Path, width: int, *, overlay: bool = False) -> np.ndarray:
    """The photo at ``path`` shown ``width`` px wide and recompressed (JPEG 75), as grey levels;
    with a caption box and a round sticker over it (placed by the width) when ``overlay``."""
    pic = Image.open(path).convert("RGB")
    pic = pic.resize((width, round(pic.height * width / pic.width)), Image.Resampling.LANCZOS)
    if overlay:
        draw = ImageDraw.Draw(pic)
        draw.rectangle((width // 20, width // 20, width * 2 // 5, width // 8), fill=(250, 250, 250))
        draw.text((width // 20 + 6, width // 20 + 6), "@someone 2 min ago", fill=(20, 20, 20))
        r, cx, cy = width // 12, width * 3 // 4, width // 2
        sticker = (cx - r, cy - r, cx + r, cy + r)
        draw.ellipse(sticker, fill=(255, 200, 0), outline=(0, 0, 0), width=3)
    return to_gray(jpeg(pic, 75).convert("RGB"))


def slot(
    pic: Image.Image, crop: tuple[float, float, float, float], width: int, *, mirror: bool = False
) -> Image.Image:
    """Crop (fractions x0, y0, x1, y1), optionally mirror, scale to ``width``."""
    w, h = pic.size
    c = pic.crop((int(crop[0] * w), int(crop[1] * h), int(crop[2] * w), int(crop[3] * h)))
    if mirror:
        c = ImageOps.mirror(c)
    return c.resize((width, max(1, round(c.height * width / c.width))), Image.Resampling.LANCZOS)


def feed_shot(pic: Image.Image, out: Path, width: int) -> Path:
    """A feed screenshot saved to ``out``: ``pic`` cropped a little, scaled to ``width`` and
    placed under UI bars at (80, 240)."""
    s = Screen(seed=5)
    s.paste(slot(pic, (0.04, 0.02, 0.97, 0.98), width), (80, 240))
    s.final(quality=82).save(out, quality=90)
    return out


def warm_filter(pic: Image.Image) -> Image.Image:
    pic = ImageEnhance.Contrast(ImageEnhance.Brightness(pic).enhance(1.15)).enhance(0.8)
    r, g, b = pic.split()
    return Image.merge(
        "RGB", (r.point(lambda v: min(255, v + 20)), g, b.point(lambda v: max(0, v - 15)))
    )


def iou(a: tuple[int, int, int, int] | None, b: tuple[int, int, int, int]) -> float:
    if a is None:
        return 0.0
    ax1, ay1, bx1, by1 = a[0] + a[2], a[1] + a[3], b[0] + b[2], b[1] + b[3]
    iw = max(0, min(ax1, bx1) - max(a[0], b[0]))
    ih = max(0, min(ay1, by1) - max(a[1], b[1]))
    inter = iw * ih
    return inter / float(a[2] * a[3] + b[2] * b[3] - inter)


def soft_photo(
    seed: int, size: tuple[int, int] = (900, 640), spread: float = 40.0, slope: float = 1.6
) -> Image.Image:
    """A low-contrast, low-texture photo (haze, sky, a plain wall): smooth 1/f colour noise with
    grey levels squeezed into ``spread`` around mid-grey and no hard shapes."""
    rng = np.random.default_rng(seed)
    w, h = size
    noise = 128.0 - spread / 2 + spread * _colour_noise(rng, (w // 2, h // 2), slope)
    img = cv2.resize(noise.astype(np.uint8), (w, h), interpolation=cv2.INTER_CUBIC)
    return Image.fromarray(np.ascontiguousarray(img))


def ribbons(seed: int, size: tuple[int, int] = (900, 560)) -> Image.Image:
    """A smooth graphic, as wallpapers are: soft-edged colour ribbons waving over a gradient.
    Its structure lies along curves, with almost no corners or blobs for SIFT."""
    rng = np.random.default_rng(seed)
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.zeros((h, w, 3), np.float32) + rng.uniform(40, 200, 3)
    img += (xx / w)[..., None] * rng.uniform(-60, 60, 3)
    for _ in range(6):
        amp, freq, phase = rng.uniform(40, 160), rng.uniform(0.5, 2.5), rng.uniform(0, 6.3)
        centre = rng.uniform(0, h) + amp * np.sin(2 * np.pi * freq * xx / w + phase)
        band = np.clip(1.0 - np.abs(yy - centre) / rng.uniform(15, 70), 0, 1) ** 0.5
        img = img * (1 - 0.8 * band[..., None]) + 0.8 * band[..., None] * rng.uniform(0, 255, 3)
    img = cv2.GaussianBlur(img, (0, 0), 1.5)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))


def tilted_print(
    pic: Image.Image, angle: float, side: int = 460, quality: int = 80
) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """``pic`` as a white-bordered print turned by ``angle`` degrees on a 1440 x 900 mood board
    (JPEG ``quality``), and the box of the photo's own pixels."""
    canvas = Image.new("RGB", (1440, 900), "#e9e4da")
    shown = pic.copy()
    shown.thumbnail((side, side))
    framed = ImageOps.expand(shown, border=20, fill="#fbfbf8")
    inner = ImageOps.expand(Image.new("L", shown.size, 255), border=20, fill=0)
    turn = Image.Resampling.BICUBIC
    rot = framed.rotate(angle, resample=turn, expand=True)
    outline = Image.new("L", framed.size, 255).rotate(angle, resample=turn, expand=True)
    canvas.paste(rot, (300, 120), outline)
    ys, xs = np.nonzero(np.asarray(inner.rotate(angle, resample=turn, expand=True)) > 127)
    box = (300 + int(xs.min()), 120 + int(ys.min()), int(np.ptp(xs)) + 1, int(np.ptp(ys)) + 1)
    return jpeg(canvas, quality), box


def half_busy_photo(seed: int, size: tuple[int, int] = (900, 640)) -> Image.Image:
    """Left part busy (shapes and digits, tiled small), right part plain natural texture: all the
    strongest keypoints sit on the left."""
    w, h = size
    cut = int(w * 0.55)
    out = np.asarray(soft_photo(seed + 1000, size, spread=255.0, slope=1.2)).copy()
    tile = np.asarray(photo(seed, (cut // 2, h // 2)))
    out[: 2 * tile.shape[0], : 2 * tile.shape[1]] = np.tile(tile, (2, 2, 1))
    return Image.fromarray(out)


def round_cut(pic: Image.Image, side: int | None = None) -> tuple[Image.Image, Image.Image]:
    """The top-left square of ``pic`` (resized to ``side`` if given) and a circular paste mask:
    a profile picture."""
    square = min(pic.size)
    pic = pic.crop((0, 0, square, square))
    if side is not None:
        pic = pic.resize((side, side), Image.LANCZOS)
    n = pic.width
    mask = Image.new("L", (n, n), 0)
    ImageDraw.Draw(mask).ellipse([0, 0, n - 1, n - 1], fill=255)
    return pic, mask


def library(
    root: Path,
    seeds: list[int],
    size: tuple[int, int] = (900, 640),
    copies: tuple[Path, ...] | list[Path] = (),
) -> Path:
    """A folder ``root/library`` of synthetic photos ``P<seed>.jpg`` (JPEG quality 92), and a
    copy of each of ``copies`` (real photos) under its own name."""
    import shutil

    lib = root / "library"
    lib.mkdir()
    for seed in seeds:
        photo(seed, size).save(lib / f"P{seed}.jpg", quality=92)
    for source in copies:
        shutil.copy(source, lib / source.name)
    return lib


def indexed(lib: Path, data: Path) -> Any:
    """Real services at ``data`` with ``lib`` registered, scanned and indexed for matching."""
    from picproof.services.context import open_services

    services = open_services(data)
    services.library.add_folder(lib)
    services.scan_library()
    services.matching.refresh_index()
    return services


def library_features(pic: Image.Image) -> Any:
    """The features a scan stores for ``pic`` (analysed at INDEX_MAX_SIDE), decoded."""
    from picproof.core.matching import features as F

    small = pic.copy()
    small.thumbnail((F.INDEX_MAX_SIDE, F.INDEX_MAX_SIDE))
    return F.decode_features(F.extract_photo_features(small))


def camera_corners(w: int, h: int, ax: float, ay: float) -> np.ndarray:
    """Corners of a w x h screen seen by a camera turned ``ax``, ``ay`` degrees about the
    screen's horizontal and vertical axes."""
    a, b = math.radians(ax), math.radians(ay)
    rx = np.array([[1, 0, 0], [0, math.cos(a), -math.sin(a)], [0, math.sin(a), math.cos(a)]])
    ry = np.array([[math.cos(b), 0, math.sin(b)], [0, 1, 0], [-math.sin(b), 0, math.cos(b)]])
    f = 1.3 * max(w, h)
    hw, hh = w / 2, h / 2
    flat = np.array([[-hw, -hh, 0], [hw, -hh, 0], [hw, hh, 0], [-hw, hh, 0]])
    cam = flat @ (ry @ rx).T + np.array([0.0, 0.0, 1.6 * f])
    corners: np.ndarray = f * cam[:, :2] / cam[:, 2:3]
    return corners


def phone_photo(
    screen: np.ndarray, ax: float, ay: float, desk: int, size: tuple[int, int], blur: float
) -> tuple[Image.Image, np.ndarray]:
    """``screen`` (RGB) photographed at an angle on a flat ``desk`` grey: moiré, glare, sensor
    noise and defocus; and the screen -> picture homography."""
    h, w = screen.shape[:2]
    corners = camera_corners(w, h, ax, ay)
    W, H = size
    span = np.ptp(corners, axis=0)
    quad = (corners - corners.min(axis=0) - span / 2) * 0.85 * min(W / span[0], H / span[1])
    quad += np.array([W / 2, H / 2])
    m = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), np.float32(quad))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    moire = 1.0 + 0.08 * np.sin(2 * np.pi * (0.8 * xx + 0.6 * yy) / 4.0)
    shown = np.clip(screen.astype(np.float32) * moire[..., None], 0, 255).astype(np.uint8)
    out = cv2.warpPerspective(shown, m, (W, H), borderValue=(desk, desk, desk)).astype(np.float32)
    Y, X = np.mgrid[0:H, 0:W].astype(np.float32)
    glare = np.exp(-((X - 0.35 * W) ** 2 + (Y - 0.4 * H) ** 2) / (2 * (0.25 * W) ** 2))
    out += 50.0 * glare[..., None]
    out += np.random.default_rng(5).normal(0.0, 5.0, out.shape)
    out = cv2.GaussianBlur(np.clip(out, 0, 255).astype(np.uint8), (0, 0), blur)
    return Image.fromarray(out), m


def warped_box(m: np.ndarray, rect: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """Bounding box in the picture of the screen rectangle ``rect`` (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = rect
    pts = cv2.perspectiveTransform(np.float32([[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]]), m)[0]
    lo = pts.min(axis=0)
    return int(lo[0]), int(lo[1]), int(np.ptp(pts[:, 0])), int(np.ptp(pts[:, 1]))
