"""A photo seen at an angle (a phone photo of a screen) and a print tilted in a collage: the fit,
its sanity checks, and boxes that follow the photo's own edges (issue 17)."""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from picproof.core.matching.engine import examine
from picproof.core.matching.perspective import plausible
from picproof.core.matching.query import query_features

sys.path.insert(0, str(Path(__file__).parent))
import synth  # noqa: E402


@pytest.fixture(scope="module")
def photo() -> Image.Image:
    return synth.photo(21, (900, 640))


@pytest.fixture(scope="module")
def features(photo: Image.Image):  # type: ignore[no-untyped-def]
    return synth.library_features(photo)


def _box_of(mask: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(mask)
    return int(xs.min()), int(ys.min()), int(np.ptp(xs) + 1), int(np.ptp(ys) + 1)


def _seen_at_angle(pic: Image.Image, quad: list[tuple[float, float]]) -> tuple[Image.Image, tuple]:
    """``pic`` warped onto ``quad`` of a grey 1400 x 1100 'desk', slightly blurred."""
    w, h = pic.size
    m = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), np.float32(quad))
    size = (1400, 1100)
    out = cv2.warpPerspective(np.asarray(pic), m, size, borderValue=(90, 80, 70))
    cover = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, size) > 127
    out = cv2.GaussianBlur(out, (0, 0), 0.8)
    return Image.fromarray(out), _box_of(cover)


def test_a_screen_photographed_at_an_angle_is_found_with_its_quad(photo, features) -> None:  # type: ignore[no-untyped-def]
    # the far edge about 60 % of the near one: a camera turned ~30 degrees
    quad = [(300, 260), (1050, 160), (1120, 960), (260, 820)]
    img, truth = _seen_at_angle(photo, quad)
    found = examine(query_features(img), 0, features)
    assert found is not None and found.level == "same-photo"
    assert found.fit.homography is not None
    assert synth.iou(found.bbox, truth) >= 0.85
    # the corners follow the photo's outline within a few pixels
    scale = 900 / features.size[0]
    corners = np.array(found.corners)
    assert np.abs(corners - np.array(quad)).max() < 12 * scale


def test_a_flat_repost_keeps_its_similarity(photo, features) -> None:  # type: ignore[no-untyped-def]
    s = synth.Screen()
    s.paste(synth.slot(photo, (0.1, 0.1, 0.9, 0.9), 520), (100, 200))
    found = examine(query_features(s.final()), 0, features)
    assert found is not None and found.level == "same-photo"
    assert found.fit.homography is None


def test_a_print_tilted_25_degrees_gets_the_box_of_its_visible_shape(photo, features) -> None:  # type: ignore[no-untyped-def]
    crop = synth.slot(photo, (0.2, 0.15, 0.8, 0.85), 460)  # cropped, as a print in a collage
    rgba = crop.convert("RGBA").rotate(25, expand=True, resample=Image.Resampling.BICUBIC)
    canvas = Image.new("RGB", (1200, 1000), (233, 228, 218))
    canvas.paste(rgba, (300, 200), rgba)
    truth = _box_of(np.asarray(rgba)[..., 3] > 127)
    truth = (truth[0] + 300, truth[1] + 200, truth[2], truth[3])
    found = examine(query_features(synth.jpeg(canvas, 88)), 0, features)
    assert found is not None and found.level == "same-photo"
    assert synth.iou(found.bbox, truth) >= 0.9


def test_implausible_warps_are_refused() -> None:
    size = (400, 300)
    angle = np.array([[1.0, 0, 0], [0, 1.0, 0], [0.0008, 0, 1.0]])  # far side ~3/4 of the near
    assert plausible(angle, size, mirrored=False)
    assert not plausible(angle @ np.diag([-1.0, 1, 1]), size, mirrored=False)  # turned over
    folded = np.array([[1.0, 0, 0], [0, 1.0, 0], [-0.004, 0, 1.0]])  # a corner behind the camera
    assert not plausible(folded, size, mirrored=False)
    squashed = np.diag([4.0, 1.0, 1.0])  # four times wider than tall: no camera does that
    assert not plausible(squashed, size, mirrored=False)
    steep = np.array([[1.0, 0, 0], [0, 1.0, 0], [0.003, 0, 1.0]])  # far side 1/2.2 of the near
    assert not plausible(steep, size, mirrored=False)
