"""Find / not find and box overlap for each kind of alteration, on generated photos and screens."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from picproof.core.matching.engine import examine
from picproof.core.matching.features import (
    INDEX_MAX_SIDE,
    decode_features,
    extract_photo_features,
    mirror_descriptors,
    sift_features,
    to_gray,
)
from picproof.core.matching.query import query_features

sys.path.insert(0, str(Path(__file__).parent))
import synth  # noqa: E402


@pytest.fixture(scope="module")
def originals() -> dict[int, Image.Image]:
    return {seed: synth.photo(seed) for seed in (1, 2, 3, 4)}


@pytest.fixture(scope="module")
def features(originals: dict[int, Image.Image]):  # type: ignore[no-untyped-def]
    out = {}
    for seed, pic in originals.items():
        small = pic.copy()
        small.thumbnail((INDEX_MAX_SIDE, INDEX_MAX_SIDE))
        out[seed] = decode_features(extract_photo_features(small))
    return out


def _find(screen_img: Image.Image, feats):  # type: ignore[no-untyped-def]
    return examine(query_features(screen_img), 0, feats)


def _assert_found(screen: synth.Screen, feats, *, min_iou: float = 0.85, mirrored: bool = False):  # type: ignore[no-untyped-def]
    found = _find(screen.final(), feats)
    assert found is not None and found.level == "same-photo"
    assert max(synth.iou(found.bbox, b) for b in screen.boxes) >= min_iou
    assert found.fit.mirrored is mirrored
    return found


def test_crop_and_scale(originals, features) -> None:  # type: ignore[no-untyped-def]
    s = synth.Screen()
    s.paste(synth.slot(originals[1], (0.15, 0.1, 0.75, 0.9), 520), (100, 200))
    f = _assert_found(s, features[1])
    assert 0.5 < f.fit.scale < 2.5


def test_small_thumbnail(originals, features) -> None:  # type: ignore[no-untyped-def]
    s = synth.Screen()
    s.paste(synth.slot(originals[2], (0.0, 0.0, 1.0, 1.0), 240), (400, 700))
    _assert_found(s, features[2])


def test_mirror(originals, features) -> None:  # type: ignore[no-untyped-def]
    s = synth.Screen()
    s.paste(synth.slot(originals[3], (0.1, 0.0, 0.9, 1.0), 600, mirror=True), (60, 300))
    _assert_found(s, features[3], mirrored=True)


def test_small_rotation(originals, features) -> None:  # type: ignore[no-untyped-def]
    pic = synth.slot(originals[1], (0.1, 0.1, 0.9, 0.9), 500).rotate(
        6, expand=True, fillcolor=(250, 250, 250)
    )
    s = synth.Screen()
    s.paste(pic, (100, 300))
    f = _assert_found(s, features[1], min_iou=0.8)
    assert 3 < f.fit.rotation_deg < 9 or -9 < f.fit.rotation_deg < -3


def test_colour_filters_and_grey(originals, features) -> None:  # type: ignore[no-untyped-def]
    s = synth.Screen()
    s.paste(synth.warm_filter(synth.slot(originals[4], (0.0, 0.1, 1.0, 0.9), 560)), (80, 150))
    s.paste(
        synth.slot(originals[2], (0.2, 0.0, 0.8, 1.0), 300).convert("L").convert("RGB"), (200, 850)
    )
    _assert_found(s, features[4])
    _assert_found(s, features[2])


def test_circle_mask_avatar(originals, features) -> None:  # type: ignore[no-untyped-def]
    pic = synth.slot(originals[3], (0.2, 0.0, 0.9, 1.0), 300)
    pic = pic.crop((0, 0, 300, 300))
    mask = Image.new("L", (300, 300), 0)
    ImageDraw.Draw(mask).ellipse([0, 0, 299, 299], fill=255)
    s = synth.Screen()
    s.paste(pic, (200, 400), mask=mask)
    _assert_found(s, features[3], min_iou=0.8)


def test_overlay_text_and_sticker(originals, features) -> None:  # type: ignore[no-untyped-def]
    pic = synth.slot(originals[1], (0.0, 0.0, 1.0, 1.0), 640).copy()
    d = ImageDraw.Draw(pic)
    d.rectangle([0, pic.height - 90, pic.width, pic.height - 30], fill=(0, 0, 0))
    d.text((20, pic.height - 80), "Anna, 29  3 km away", fill=(255, 255, 255))
    d.ellipse([480, 40, 600, 160], fill=(255, 210, 0))
    s = synth.Screen()
    s.paste(pic, (40, 200))
    _assert_found(s, features[1])


def test_double_jpeg_and_scrolled_off(originals, features) -> None:  # type: ignore[no-untyped-def]
    pic = synth.jpeg(synth.jpeg(synth.slot(originals[2], (0.0, 0.0, 1.0, 1.0), 600), 60), 55)
    s = synth.Screen()
    s.paste(pic, (60, 1280 - 250))  # most of it below the bottom of the screen
    x, y, w, _ = s.boxes[-1]
    s.boxes[-1] = (x, y, w, 250)  # truth is clipped to the screen
    _assert_found(s, features[2], min_iou=0.8)


def test_several_photos_and_not_in_library(originals, features) -> None:  # type: ignore[no-untyped-def]
    s = synth.Screen()
    s.paste(synth.slot(originals[1], (0.0, 0.0, 0.6, 1.0), 330), (20, 200))
    s.paste(synth.slot(originals[2], (0.3, 0.0, 0.9, 1.0), 330), (370, 200))
    s.paste(synth.slot(synth.photo(99), (0.0, 0.0, 1.0, 1.0), 680), (20, 700))  # a stranger's photo
    q = query_features(s.final())
    for seed, box in ((1, s.boxes[0]), (2, s.boxes[1])):
        f = examine(q, seed, features[seed])
        assert f is not None and f.level == "same-photo" and synth.iou(f.bbox, box) >= 0.85
    assert examine(q, 3, features[3]) is None
    assert examine(q, 4, features[4]) is None


def test_negative_screen_of_other_photos(features) -> None:  # type: ignore[no-untyped-def]
    s = synth.Screen(seed=5)
    s.paste(synth.slot(synth.photo(50), (0.0, 0.0, 1.0, 1.0), 680), (20, 100))
    s.paste(synth.slot(synth.photo(51), (0.0, 0.0, 1.0, 1.0), 330), (20, 700))
    s.paste(synth.slot(synth.photo(52), (0.0, 0.0, 1.0, 1.0), 330), (370, 700))
    q = query_features(s.final())
    for seed, feats in features.items():
        f = examine(q, seed, feats)
        assert f is None or f.level == "possible"


def test_mirror_descriptor_permutation_matches_mirrored_image(originals) -> None:  # type: ignore[no-untyped-def]
    gray = to_gray(originals[4].resize((450, 320)))
    pts, desc = sift_features(gray, 300)
    mpts, mdesc = sift_features(np.ascontiguousarray(gray[:, ::-1]), 300)
    flipped = mirror_descriptors(desc).astype(np.float32)
    d = ((flipped[:, None, :] - mdesc[None, :, :].astype(np.float32)) ** 2).sum(axis=2)
    nearest = d.argmin(axis=1)
    same_place = np.abs((gray.shape[1] - 1 - pts[:, 0]) - mpts[nearest, 0]) < 2
    assert same_place.mean() > 0.6


def test_features_blob_round_trip(originals) -> None:  # type: ignore[no-untyped-def]
    small = originals[1].copy()
    small.thumbnail((INDEX_MAX_SIDE, INDEX_MAX_SIDE))
    f = decode_features(extract_photo_features(small))
    assert f.size == small.size and 50 < len(f.keypoints) <= 400
    assert f.descriptors.shape == (len(f.keypoints), 128) and max(f.thumbnail.shape) == 256
    with pytest.raises(ValueError):
        decode_features(b"XXXX" + bytes(40))


def test_a_damaged_thumbnail_leaves_the_keypoints_usable(originals) -> None:  # type: ignore[no-untyped-def]
    small = originals[1].copy()
    small.thumbnail((INDEX_MAX_SIDE, INDEX_MAX_SIDE))
    blob = extract_photo_features(small)
    whole = decode_features(blob)
    # the thumbnail JPEG is the blob's tail: cut most of it off
    cut = decode_features(blob[: len(blob) - len(whole.thumbnail_jpeg) + 20])
    assert np.array_equal(cut.keypoints, whole.keypoints)
    assert np.array_equal(cut.descriptors, whole.descriptors)
    assert cut.thumbnail.shape == (1, 1)  # too small for any region check: never a box from it
    assert decode_features(blob, thumbnail=False).thumbnail.shape == (1, 1)


def test_a_gap_of_disagreement_cuts_off_a_neighbouring_tile() -> None:
    from picproof.core.matching.region import _split_at_gaps

    h, w = 60, 100
    valid = np.ones((h, w), bool)
    mask = np.zeros((h, w), bool)
    mask[:, :60] = True  # the photo agrees
    good = mask.copy()
    mask[:20, 70:] = True  # across a 10-column gutter, a third of each column "agrees" (flat UI)
    assert _split_at_gaps(mask, good, valid, (0, h, 0, w)) == (0, h, 0, 60)


def test_a_bar_drawn_across_the_photo_does_not_cut_it() -> None:
    from picproof.core.matching.region import _split_at_gaps

    h, w = 60, 100
    valid = np.ones((h, w), bool)
    mask = np.ones((h, w), bool)
    mask[:, 40:50] = False  # a UI bar on top: the photo agrees on both sides of it
    assert _split_at_gaps(mask, mask.copy(), valid, (0, h, 0, w)) == (0, h, 0, w)
