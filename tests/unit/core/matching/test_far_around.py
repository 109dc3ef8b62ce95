"""far_moves.far_around through the engine, on a real stereo pair: the other view of a library
photo shown as a 120 px picture agrees only on a strip of the cloth behind the plant (its near
part lies 10+ px off there), too small a box for the block tests; around the box, read at twice
the size shown, the plant's blocks are found far off their place, and the finding is
``possible``. Copies of the photo shown 100-280 px wide, whole or cropped, stay ``same-photo``
(data/README.md: the aloe pair of OpenCV's samples, Middlebury 2006)."""

from __future__ import annotations

from pathlib import Path

import pytest
import synth
from PIL import Image, ImageDraw

from picproof.core.matching.engine import Finding, examine
from picproof.core.matching.features import (
    INDEX_MAX_SIDE,
    PhotoFeatures,
    decode_features,
    extract_photo_features,
)
from picproof.core.matching.query import query_features
from picproof.core.matching.same_shot import ANOTHER_AROUND_FAR

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def aloe() -> PhotoFeatures:
    photo = Image.open(DATA / "aloe_left.jpg").convert("RGB")
    photo.thumbnail((INDEX_MAX_SIDE, INDEX_MAX_SIDE))
    return decode_features(extract_photo_features(photo))


def _shown(name: str, width: int, crop: tuple[float, float, float, float]) -> Image.Image:
    """A page of text with the picture ``name`` (cropped, ``width`` px wide) on it, as JPEG."""
    pic = synth.slot(Image.open(DATA / name).convert("RGB"), crop, width)
    page = Image.new("RGB", (720, 900), (245, 245, 245))
    draw = ImageDraw.Draw(page)
    for i in range(12):
        draw.text((30, 20 + 70 * i), f"result {i} some words about a photo", fill=(40, 40, 40))
    page.paste(pic, (200, 250))
    return synth.jpeg(page, 85)


def _found(name: str, width: int, crop: tuple[float, float, float, float], aloe) -> Finding:  # type: ignore[no-untyped-def]
    found = examine(query_features(_shown(name, width, crop)), 0, aloe)
    assert found is not None, (name, width, crop)
    return found


def test_the_other_view_shown_small_is_not_the_same_photo(aloe: PhotoFeatures) -> None:
    found = _found("aloe_right.jpg", 120, (0.0, 0.0, 1.0, 1.0), aloe)
    assert found.bbox is not None and found.bbox[3] < 60  # a strip of the cloth agreed
    assert found.evidence is not None and found.evidence.around_far >= ANOTHER_AROUND_FAR
    assert found.level == "possible"


@pytest.mark.parametrize("width", [100, 160, 280])
def test_copies_shown_small_stay_the_same_photo(aloe: PhotoFeatures, width: int) -> None:
    for crop in ((0.0, 0.0, 1.0, 1.0), (0.2, 0.1, 0.8, 0.9), (0.0, 0.3, 0.6, 1.0)):
        found = _found("aloe_left.jpg", width, crop, aloe)
        assert found.level == "same-photo", (width, crop, found.evidence)
        assert found.evidence is None or found.evidence.around_far <= 2, (width, crop)
