"""moved_pixels.py on real frames a moment apart: the second of two frames of people throwing a
ball, shown as a 140 px crop on a page (its lower part), passes every block test (its limbs and
the ball moved a few pixels, too thin for a 16 px block) and was reported as the library's
first frame; compared pixel by pixel at the size shown, the limbs are found a few pixels off
their place, and the finding is ``possible``. Copies of the first frame and of other real
photos, whole or cropped, under a caption box and a sticker, stay ``same-photo`` with (almost)
no pixel moved (data/README.md: OpenCV's basketball frames, Big Buck Bunny, the aloe view)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import synth
from PIL import Image, ImageDraw

from picproof.core.matching.engine import Finding, examine
from picproof.core.matching.features import (
    INDEX_MAX_SIDE,
    PhotoFeatures,
    decode_features,
    extract_photo_features,
    to_gray,
)
from picproof.core.matching.moved_pixels import ANOTHER_MOTION, moved_pixels, shows_motion
from picproof.core.matching.query import query_features

DATA = Path(__file__).resolve().parent / "data"
CROPS = ((0.2, 0.1, 0.8, 0.9), (0.0, 0.3, 0.6, 1.0))


def _features(name: str) -> PhotoFeatures:
    photo = Image.open(DATA / name).convert("RGB")
    photo.thumbnail((INDEX_MAX_SIDE, INDEX_MAX_SIDE))
    return decode_features(extract_photo_features(photo))


def _page(name: str, width: int, crop: tuple[float, float, float, float]) -> Image.Image:
    """A page of text with the picture ``name`` (cropped, ``width`` px wide) on it, as JPEG."""
    pic = synth.slot(Image.open(DATA / name).convert("RGB"), crop, width)
    page = Image.new("RGB", (720, 900), (245, 245, 245))
    draw = ImageDraw.Draw(page)
    for i in range(12):
        draw.text((30, 20 + 70 * i), f"result {i} some words about a photo", fill=(40, 40, 40))
    page.paste(pic, (200, 250))
    return synth.jpeg(page, 85)


def _found(shown: str, library: PhotoFeatures, width: int, crop) -> Finding:  # type: ignore[no-untyped-def]
    found = examine(query_features(_page(shown, width, crop)), 0, library)
    assert found is not None, (shown, width, crop)
    return found


def test_another_moment_shown_small_is_not_the_same_photo() -> None:
    # the lower part of the frame, 140 px wide: 314 moved pixels of 14,933 (the centre crop,
    # 148 of 18,663, stays under the share)
    found = _found("basketball2.jpg", _features("basketball1.jpg"), 140, CROPS[1])
    assert found.evidence is not None
    assert shows_motion(found.evidence.motion_area, found.evidence.motion_moved), found.evidence
    assert found.level == "possible"


@pytest.mark.parametrize("name", ["basketball1.jpg", "bunny_80.jpg", "aloe_left.jpg"])
def test_copies_shown_small_move_no_pixel(name: str) -> None:
    library = _features(name)
    for width in (100, 140, 220):
        for crop in ((0.0, 0.0, 1.0, 1.0), *CROPS):
            found = _found(name, library, width, crop)
            assert found.level == "same-photo", (name, width, crop, found.evidence)
            assert found.evidence is None or found.evidence.motion_moved <= 5, (width, crop)


def _aligned(shown: np.ndarray, library: str) -> np.ndarray:
    """``library`` brought down to the size ``shown`` is (the fit is the identity here)."""
    photo = to_gray(Image.open(DATA / library).convert("RGB"))
    h, w = shown.shape
    return np.asarray(Image.fromarray(photo).resize((w, h), Image.Resampling.BOX))


@pytest.mark.parametrize("width", [200, 300, 450])
def test_overlays_are_not_motion(width: int) -> None:
    # a caption box with text and a round sticker with an outline over a copy, read where the
    # photo is shown larger than its thumbnail (the original file at the size shown)
    for name in ("basketball1.jpg", "bunny_80.jpg", "street_500.jpg", "motorcycle_left.jpg"):
        shown = synth.shown_copy(DATA / name, width, overlay=True)
        read = moved_pixels(shown, _aligned(shown, name), np.ones(shown.shape, bool))
        assert read is not None
        assert read[1] < ANOTHER_MOTION // 2 and not shows_motion(*read), (name, width, read)
    if width < 300:  # the other frame at 200 px: 262 moved of 30,000, under the share
        return
    other = synth.shown_copy(DATA / "basketball2.jpg", width)
    read = moved_pixels(other, _aligned(other, "basketball1.jpg"), np.ones(other.shape, bool))
    assert read is not None and shows_motion(*read), read
