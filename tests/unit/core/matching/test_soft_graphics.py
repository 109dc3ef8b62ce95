"""Smooth graphics (wallpapers: soft ribbons, gradients) shown as tilted prints (issue 17,
kinds probe set): described along their curves at scan time, and met by the suspect's faint
keypoints."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PIL import Image

from picproof.core.matching import engine
from picproof.core.matching import features as F
from picproof.core.matching.query import query_features

sys.path.insert(0, str(Path(__file__).parent))
import synth  # noqa: E402


@pytest.fixture(scope="module")
def ribbons() -> Image.Image:
    return synth.ribbons(3)


def test_a_smooth_graphic_is_described_along_its_curves(ribbons: Image.Image) -> None:
    small = ribbons.copy()
    small.thumbnail((F.INDEX_MAX_SIDE, F.INDEX_MAX_SIDE))
    gray = F.to_gray(small)
    plain, _, _ = F.sift_with_response(gray, 0, F.PHOTO_CONTRAST_STEPS[-1])
    assert len(plain) < F.LOW_TEXTURE_FEATURES  # the premise: sparse at the lowest contrast
    assert len(synth.library_features(ribbons).keypoints) >= 1.5 * len(plain)


@pytest.mark.parametrize("angle", [12.0, -22.0])
def test_a_tilted_print_of_a_smooth_graphic_is_found(ribbons: Image.Image, angle: float) -> None:
    shot, box = synth.tilted_print(ribbons, angle)
    found = engine.examine(query_features(shot), 0, synth.library_features(ribbons))
    assert found is not None and found.level == "same-photo"
    assert synth.iou(found.bbox, box) >= 0.8
