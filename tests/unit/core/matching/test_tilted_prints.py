"""Tilted prints of a collage found by their white border and placed by their pixels
(tilted_prints.py, engine.examine_print): a smooth real photo (an evening sky over a horizon,
cropped) laid on a beige page as a print turned by 21 degrees, a sticker over its corner, and
a textured print beside it. The keypoint pass does not settle it; the border gives the picture,
the pixels place it, and only the photo it was cut from passes; with that photo left out of the
library, nothing is reported.

Real photos (resources/sample/photos), real features and pixel search.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageOps

from picproof.core.matching import engine
from picproof.core.matching.features import (
    PhotoFeatures,
    decode_features,
    extract_photo_features,
    to_gray,
)
from picproof.core.matching.small_look import Thumbnail
from picproof.core.matching.tilted_prints import Picture, find_prints, place_print

SAMPLES = Path(__file__).resolve().parents[4] / "resources" / "sample" / "photos"
NAMES = ["chameleon", "dahlia", "mountains", "pagoda", "panda", "portrait", "sunset"]


@pytest.fixture(scope="module")
def photos() -> dict[str, PhotoFeatures]:
    out = {}
    for name in NAMES:
        image = Image.open(SAMPLES / f"{name}.jpg").convert("RGB")
        image.thumbnail((400, 400), Image.Resampling.BILINEAR)
        out[name] = decode_features(extract_photo_features(image))
    return out


def _print(name: str, crop: tuple[float, float, float, float], side: int) -> Image.Image:
    """A crop of the photo (shares of its width and height) as a print ``side`` px wide, with
    a white border."""
    im = Image.open(SAMPLES / f"{name}.jpg").convert("RGB")
    w, h = im.size
    x0, y0, x1, y1 = crop
    pic = im.crop((round(x0 * w), round(y0 * h), round(x1 * w), round(y1 * h)))
    pic = pic.resize((side, round(side * pic.height / pic.width)), Image.Resampling.LANCZOS)
    return ImageOps.expand(pic, border=side // 18, fill="#fbfbf8")


def _collage() -> tuple[np.ndarray, np.ndarray]:
    """(rgb, gray): the page, JPEG quality 70."""
    page = Image.new("RGB", (1440, 900), "#e9e4da")
    for name, crop, side, angle, at in (
        ("sunset", (0.05, 0.0, 0.95, 0.75), 420, -21.0, (120, 140)),
        ("panda", (0.1, 0.1, 0.9, 0.9), 360, 12.0, (860, 260)),
    ):
        framed = _print(name, crop, side)
        turned = framed.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
        mask = Image.new("L", framed.size, 255).rotate(angle, expand=True)
        page.paste(turned, at, mask)
    ImageDraw.Draw(page).ellipse([520, 170, 560, 210], fill="#f4c20d")  # a sticker on a corner
    buf = io.BytesIO()
    page.save(buf, "JPEG", quality=70)
    rgb = np.asarray(Image.open(buf).convert("RGB"))
    return rgb, to_gray(Image.fromarray(rgb))


def _placed(
    rgb: np.ndarray, gray: np.ndarray, photos: dict[str, PhotoFeatures]
) -> list[tuple[str, engine.Finding]]:
    keys = list(photos)
    candidates = [(i, Thumbnail(photos[k].thumbnail, photos[k].size)) for i, k in enumerate(keys)]
    out = []
    for pr in find_prints(rgb):
        for i, placed in place_print(Picture(gray, pr), candidates)[:1]:
            found = engine.examine_print(gray, i, photos[keys[i]], placed, pr)
            if found is not None:
                out.append((keys[i], found))
    return out


def test_both_prints_are_found_by_their_border() -> None:
    rgb, _ = _collage()
    prints = find_prints(rgb)
    assert len(prints) == 2
    assert sorted(round(abs(p.angle)) for p in prints) == [12, 21]


def test_the_smooth_print_is_placed_and_settled(photos: dict[str, PhotoFeatures]) -> None:
    rgb, gray = _collage()
    found = dict(_placed(rgb, gray, photos))
    assert found["sunset"].level == "same-photo"
    assert found["panda"].level == "same-photo"
    # the box: the picture inside the border (424 x 267 px) turned by 21 degrees
    x, y, w, h = found["sunset"].bbox or (0, 0, 0, 0)
    assert 120 < x < 200 and 140 < y < 220 and 450 < w < 520 and 360 < h < 440


def test_without_its_photo_nothing_is_reported(photos: dict[str, PhotoFeatures]) -> None:
    rgb, gray = _collage()
    others = {k: v for k, v in photos.items() if k not in ("sunset", "panda")}
    assert _placed(rgb, gray, others) == []
