"""The screen in a phone photo of a screen, found and seen straight on again
(core/matching/screen_plane.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from picproof.core.matching.features import to_gray
from picproof.core.matching.perspective import apply
from picproof.core.matching.screen_plane import Screen, find_screen, straighten

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
