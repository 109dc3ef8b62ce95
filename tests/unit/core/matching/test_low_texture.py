"""Photos the plain SIFT set describes badly: a zoom-in on the plain part of a busy photo, and a
soft low-contrast photo; plus the guards that keep those changes from accusing strangers."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from picproof.core.matching import features as F
from picproof.core.matching.engine import examine
from picproof.core.matching.query import query_features

sys.path.insert(0, str(Path(__file__).parent))
import synth  # noqa: E402


@pytest.fixture(scope="module")
def half_busy() -> Image.Image:
    return synth.half_busy_photo(8)


@pytest.fixture(scope="module")
def soft() -> Image.Image:
    return synth.soft_photo(7, spread=160.0)


def test_keypoints_spread_over_the_photo(half_busy: Image.Image) -> None:
    f = synth.library_features(half_busy)
    right = f.keypoints[:, 0] > 0.6 * f.size[0]
    assert len(f.keypoints) == F.MAX_PHOTO_FEATURES
    assert right.sum() >= 30  # the plain part keeps a share (the strongest-only set had none)


def test_spread_select_quota_then_strongest() -> None:
    rng = np.random.default_rng(0)
    pts = np.concatenate([rng.uniform(0, 50, (300, 2)), rng.uniform(50, 100, (40, 2))])
    resp = np.concatenate([rng.uniform(1.0, 2.0, 300), rng.uniform(0.0, 0.5, 40)])
    keep = F.spread_select(pts.astype(np.float32), resp.astype(np.float32), (100, 100), 100)
    assert len(keep) == 100 and len(set(keep.tolist())) == 100
    assert (keep >= 300).sum() >= 20  # the weak corner got its share of the quota (50 over 8 cells)
    assert np.all(np.diff(resp[keep]) <= 0)  # strongest first
    few = F.spread_select(
        pts[:10].astype(np.float32), resp[:10].astype(np.float32), (100, 100), 100
    )
    assert sorted(few.tolist()) == list(range(10))


def test_zoom_in_six_times_on_the_plain_part(half_busy: Image.Image) -> None:
    s = synth.Screen((1080, 2340))
    s.paste(synth.slot(half_busy, (0.62, 0.0, 0.95, 1.0), 1000), (40, 120))
    s.boxes[-1] = (40, 120, 1000, 2340 - 120)  # the bottom is off screen
    f = examine(query_features(s.final()), 0, synth.library_features(half_busy))
    assert f is not None and f.level == "same-photo"
    assert f.fit.scale > 5.0
    assert synth.iou(f.bbox, s.boxes[0]) >= 0.85


def test_soft_low_contrast_photo(soft: Image.Image) -> None:
    feats = synth.library_features(soft)
    assert len(feats.keypoints) >= F.LOW_TEXTURE_FEATURES  # re-detected at a lower threshold
    s = synth.Screen((1080, 2340))
    s.paste(synth.slot(soft, (0.1, 0.1, 0.7, 0.9), 400), (300, 700))
    f = examine(query_features(s.final()), 0, feats)
    assert f is not None and f.level == "same-photo"
    assert synth.iou(f.bbox, s.boxes[0]) >= 0.85


def test_other_soft_photos_are_not_accused(soft: Image.Image) -> None:
    feats = synth.library_features(soft)
    s = synth.Screen((1080, 2340), seed=3)
    s.paste(synth.slot(synth.soft_photo(71, spread=160.0), (0.0, 0.0, 1.0, 1.0), 1000), (40, 200))
    s.paste(synth.slot(synth.soft_photo(72, spread=60.0), (0.0, 0.0, 1.0, 1.0), 500), (40, 1100))
    s.paste(synth.slot(synth.half_busy_photo(9), (0.0, 0.0, 1.0, 1.0), 500), (560, 1100))
    q = query_features(s.final())
    for feats_ in (feats, synth.library_features(synth.half_busy_photo(8))):
        f = examine(q, 0, feats_)
        assert f is None or f.level == "possible"


def test_soft_photo_inside_a_busy_screen(soft: Image.Image) -> None:
    """The screen is busy (thousands of keypoints at the default threshold), so the whole-suspect
    low-contrast selection does not apply; the soft region around the photo keeps its
    low-threshold keypoints instead."""
    from picproof.core.matching import query as Q

    feats = synth.library_features(soft)
    s = synth.Screen((1080, 2340), seed=4)
    for i, y in enumerate((120, 500, 1400, 1780) * 2):  # a busy grid of strangers' photos
        tile = synth.slot(synth.photo(400 + i), (0.0, 0.0, 1.0, 1.0), 520)
        s.paste(tile, (10 + (i // 4) * 540, y))
    s.boxes.clear()
    s.paste(synth.slot(soft, (0.1, 0.1, 0.7, 0.9), 420), (330, 890))
    screen = s.final()
    factor = (Q.QUERY_MAX_PIXELS / (1080 * 2340)) ** 0.5
    work = np.asarray(screen.convert("L").resize((round(1080 * factor), round(2340 * factor))))
    pts, _ = F.sift_features(work, Q.QUERY_MAX_FEATURES, Q.QUERY_CONTRAST)
    assert len(pts) >= Q.LOW_CONTRAST_BUDGET  # the premise: a busy suspect
    regions = Q.soft_regions(work, pts)
    x, y, w, h = s.boxes[-1]
    cx, cy = (x + w / 2) * factor, (y + h / 2) * factor
    assert any(rx <= cx <= rx + rw and ry <= cy <= ry + rh for rx, ry, rw, rh in regions)
    f = examine(query_features(screen), 0, feats)
    assert f is not None and f.level == "same-photo"
    assert synth.iou(f.bbox, s.boxes[-1]) >= 0.85
