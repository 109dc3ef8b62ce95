"""The screen in a phone photo of a screen, found and seen straight on again
(core/matching/screen_plane.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from picproof.core.matching.engine import Finding
from picproof.core.matching.features import to_gray
from picproof.core.matching.perspective import apply
from picproof.core.matching.screen_plane import Screen, find_screen, on_suspect, straighten
from picproof.core.matching.verify import Fit

sys.path.insert(0, str(Path(__file__).parent))
import synth  # noqa: E402


def _screen() -> np.ndarray:
    s = synth.Screen(size=(720, 1280), seed=3)
    s.paste(synth.photo(40, (400, 300)), (160, 420))
    return np.asarray(s.final())


@pytest.mark.parametrize("angles", [(10, 30), (-20, 15), (25, -10), (0, 22)])
def test_a_screen_at_an_angle_is_found_and_straightened(angles: tuple[int, int]) -> None:
    img, m = synth.phone_photo(_screen(), *angles, desk=70, size=(1600, 2000), blur=1.2)
    gray = to_gray(img)
    screen = find_screen(gray)
    assert screen is not None
    truth = apply(m, np.array([[0, 0], [720, 0], [720, 1280], [0, 1280]], np.float64))
    assert np.abs(screen.quad - truth).max() <= 0.02 * float(np.hypot(1600, 2000))
    w, h = screen.size
    assert abs((w / h) / (720 / 1280) - 1.0) <= 0.05  # the screen's own shape, not the quad's
    # straightened, the picture on the screen is a rectangle again: its corners where the
    # screen's own rectangle puts them (scaled to the straightened size)
    flat = straighten(gray, screen)
    assert flat.shape == (h, w)
    back = screen.to_screen @ m
    corners = apply(back / back[2, 2], np.array([[160, 420], [560, 420], [560, 720]], float))
    expected = np.array([[160, 420], [560, 420], [560, 720]]) * np.array([w / 720, h / 1280])
    assert np.abs(corners - expected).max() <= 0.03 * w


def test_a_flat_screenshot_or_a_turned_print_is_not_straightened() -> None:
    # a flat screenshot: its frames are upright rectangles
    assert find_screen(to_gray(Image.fromarray(_screen()))) is None
    # a picture turned by 20 degrees on a page, without perspective: a similarity fits it
    page = np.full((1400, 1400, 3), 70, np.uint8)
    turn = cv2.getRotationMatrix2D((360, 640), 20, 0.8)
    turn[:, 2] += [340, 60]
    shown = cv2.warpAffine(_screen(), turn, (1400, 1400), borderValue=(70, 70, 70))
    assert find_screen(to_gray(Image.fromarray(np.where(shown > 0, shown, page)))) is None


def test_a_screen_whose_outline_breaks_is_found_by_the_hull_of_its_edges() -> None:
    # a dark photo across the screen's width on a desk of its grey: the screen's sides vanish
    # where the photo meets the desk, so no single contour goes round the screen. Over 300 of
    # 1280 px the sides still lie on edges along 73 %; an outline that vanishes over more than
    # 30 % of a side is not straightened (screen_plane.MIN_SUPPORT: flat pages pass at 50-67 %)
    s = synth.Screen(size=(720, 1280), seed=3)
    dark = np.asarray(synth.soft_photo(9, (720, 300), spread=12.0)).astype(np.int16) - 70
    s.paste(Image.fromarray(np.clip(dark, 0, 255).astype(np.uint8)), (0, 420))
    img, m = synth.phone_photo(np.asarray(s.final()), 12, 28, desk=58, size=(1600, 2000), blur=1.2)
    screen = find_screen(to_gray(img))
    assert screen is not None
    # the screen below its dark 60 px bar (which does not stand out from the desk either)
    truth = apply(m, np.array([[0, 60], [720, 60], [720, 1280], [0, 1280]], np.float64))
    assert np.abs(screen.quad - truth).max() <= 0.02 * float(np.hypot(1600, 2000))


def test_a_screen_is_shown_by_a_photo_covering_most_of_it() -> None:
    quad = np.array([[100, 100], [500, 120], [500, 380], [100, 400]], np.float64)
    screen = Screen(quad, np.eye(3), (400, 300))  # box (100, 100, 400, 300)
    assert screen.shown_by([(90, 90, 420, 320)])  # the whole screen
    assert screen.shown_by([(0, 0, 10, 10), (100, 100, 400, 220)])  # 73 % of it
    assert not screen.shown_by([(100, 100, 400, 200)])  # 67 %
    assert not screen.shown_by([])


def _finding_at(box: tuple[int, int, int, int]) -> Finding:
    """A photo found on a straightened screen, boxed by ``box`` (its fit: the photo filling
    the box)."""
    x, y, w, h = box
    fit = Fit(np.array([[w / 100, 0, x], [0, h / 100, y]], np.float64), False, 20, _NONE, _NONE, 0)
    return Finding(1, "same-photo", 0.8, box, fit, None, (100, 100), (0.0, 0.0, 100.0, 100.0))


_NONE = np.zeros((0, 2), np.float32)


def test_an_avatar_found_straightened_is_boxed_by_its_circle_seen_at_an_angle() -> None:
    # a straightened 720 x 1280 screen, photographed turned 25 and 20 degrees (and 10 in the
    # picture's plane, as a hand holds a phone): the square round a circle spreads wider than
    # the circle itself, an ellipse, whose box is what the picture shows
    corners = synth.camera_corners(720, 1280, 25, 20)
    turn = np.deg2rad(10.0)
    corners = corners @ np.array([[np.cos(turn), np.sin(turn)], [-np.sin(turn), np.cos(turn)]])
    corners -= corners.min(axis=0) - 100
    src = np.float32([[0, 0], [720, 0], [720, 1280], [0, 1280]])
    to_screen = cv2.getPerspectiveTransform(np.float32(corners), src).astype(np.float64)
    screen = Screen(corners, to_screen, (720, 1280))
    size = (2000, 2400)
    frame = (400, 300, 160, 160)  # an avatar's circle (a round region's square box)
    t = np.linspace(0, 2 * np.pi, 720)
    rim = np.stack([480 + 80 * np.cos(t), 380 + 80 * np.sin(t)], axis=1)
    seen = apply(np.linalg.inv(to_screen), rim)
    x0, y0 = seen.min(axis=0)
    x1, y1 = seen.max(axis=0)
    ellipse = (x0, y0, x1 - x0, y1 - y0)
    round_box = on_suspect(_finding_at(frame), screen, size, [frame]).bbox
    assert round_box is not None
    assert np.abs(np.array(round_box) - np.array(ellipse)).max() <= 2.0
    # the square's corners: a looser box (the photo of a rectangular frame is boxed so)
    square_box = on_suspect(_finding_at(frame), screen, size).bbox
    assert square_box is not None
    assert square_box[2] * square_box[3] > 1.1 * round_box[2] * round_box[3]
    # a rectangular photo beside the circle is not taken for it
    beside = (400, 470, 160, 100)
    assert (
        on_suspect(_finding_at(beside), screen, size, [frame]).bbox
        == on_suspect(_finding_at(beside), screen, size).bbox
    )
