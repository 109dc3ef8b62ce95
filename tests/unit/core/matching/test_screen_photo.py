"""A real photo on a phone screen, photographed by another camera at a strong angle (issue 17):
found by a homography when no similarity places it, and boxed where it is shown, not over the
desk beside the screen."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import picproof.core.matching.region as region_module
import picproof.core.matching.verify as verify_module
from picproof.core.matching.engine import examine
from picproof.core.matching.features import (
    PhotoFeatures,
    root_sift,
)
from picproof.core.matching.query import query_features
from picproof.core.matching.verify import seen_at_an_angle

sys.path.insert(0, str(Path(__file__).parent))
import synth  # noqa: E402

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def photo() -> Image.Image:
    return Image.open(DATA / "basketball1.jpg").convert("RGB")  # a real photo (data/README.md)


@pytest.fixture(scope="module")
def features(photo: Image.Image) -> PhotoFeatures:
    return synth.library_features(photo)


@pytest.mark.parametrize("angles", [(10, 35), (0, 40)])
def test_a_zoomed_screen_at_a_strong_angle_is_found_by_a_homography(
    photo: Image.Image,
    features: PhotoFeatures,
    angles: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the middle 60 % of the photo fills the screen: seen large and at 35-40 degrees, a
    # similarity holds along a thin band only and fails its spread check
    crop = photo.crop((128, 96, 512, 384)).resize((640, 480), Image.Resampling.BICUBIC)
    img, m = synth.phone_photo(np.asarray(crop), *angles, desk=110, size=(2400, 1800), blur=1.5)
    truth = synth.warped_box(m, (0, 0, 640, 480))
    query = query_features(img)
    found = examine(query, 0, features)
    assert found is not None and found.level == "same-photo"
    assert found.fit.homography is not None
    assert synth.iou(found.bbox, truth) >= 0.85
    # without the homography-only fit nothing places the photo
    monkeypatch.setattr(verify_module, "seen_at_an_angle", lambda *a, **k: None)
    assert examine(query, 0, features) is None


def test_another_photo_gets_no_homography(photo: Image.Image) -> None:
    crop = photo.crop((128, 96, 512, 384)).resize((640, 480), Image.Resampling.BICUBIC)
    img, _ = synth.phone_photo(np.asarray(crop), 10, 35, desk=110, size=(2400, 1800), blur=1.5)
    other = synth.library_features(synth.photo(33, (900, 640)))
    query = query_features(img)
    assert seen_at_an_angle(query, other, root_sift(other.descriptors), (False, True)) is None
    assert examine(query, 0, other) is None


def test_no_homography_is_tried_where_no_similarity_proposes_a_place(
    photo: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the homography alone is ~20 ms of RANSAC per wrong candidate: only where a similarity
    # proposed a placement (as along the band of a screen seen at a strong angle, above)
    crop = photo.crop((128, 96, 512, 384)).resize((640, 480), Image.Resampling.BICUBIC)
    img, _ = synth.phone_photo(np.asarray(crop), 10, 35, desk=110, size=(2400, 1800), blur=1.5)
    query = query_features(img)
    fitted: list[int] = []
    real = verify_module.fit_homography
    monkeypatch.setattr(
        verify_module, "fit_homography", lambda *a: fitted.append(len(a[0])) or real(*a)
    )
    for seed in (33, 34, 35):
        other = synth.library_features(synth.photo(seed, (900, 640)))
        assert verify_module.verify(query, other) is None
    assert fitted == []


@pytest.mark.parametrize("angles", [(0, 35), (-10, 25)])
def test_the_box_stops_at_the_screen_not_at_the_desk_beside_it(
    photo: Image.Image,
    features: PhotoFeatures,
    angles: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the photo's left part fills a portrait screen; the part cut off (a flat wall and a man)
    # would lie over a desk of the wall's own grey, which agrees with the wall
    slot_h = 1000
    full = np.asarray(photo.resize((slot_h * 640 // 480, slot_h)))
    screen = np.full((1280, 720, 3), 20, np.uint8)
    top = (1280 - slot_h) // 2
    screen[top : top + slot_h] = full[:, :720]
    wall = int(np.median(np.asarray(photo.convert("L"))[50:300, 250:420]))
    img, m = synth.phone_photo(screen, *angles, desk=wall, size=(1600, 2000), blur=1.2)
    truth = synth.warped_box(m, (0, top, 720, top + slot_h))
    query = query_features(img)
    found = examine(query, 0, features)
    assert found is not None and found.level == "same-photo"
    # 0.82-0.89: the cut edge of the photo lies in dark screen, trimmed within ~30 px
    assert synth.iou(found.bbox, truth) >= 0.8
    # trimmed by agreement alone, the flat wall carried the box over the desk
    monkeypatch.setattr(region_module, "_cut_contradicted", lambda g, x, v, box: box)
    before = examine(query, 0, features)
    assert before is not None and synth.iou(before.bbox, truth) < 0.8
