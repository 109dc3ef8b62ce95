"""A smooth wallpaper shown zoomed in on a phone screen, photographed at an angle under strong
moiré, glare and defocus (issue 17): the straightened screen at the size a look analyses gives
its few soft structures nothing to meet among the library's 400 px keypoints; the coarse look
(core/matching/screen_plane.COARSE_PIXELS) finds it, and boxes it where the picture shows it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image

import picproof.services.screen_look as screen_look

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "matching"))
import synth  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "core" / "matching" / "data"
WALLPAPER = "ribbon_wallpaper.jpg"  # a real wallpaper (data/README.md)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    root = tmp_path_factory.mktemp("coarse")
    copies = [DATA / WALLPAPER, DATA / "taj_mahal_clear.jpg", DATA / "aloe_left.jpg"]
    lib = synth.library(root, [31, 32], (900, 640), copies=copies)
    services = synth.indexed(lib, root / "data")
    yield services, root
    services.close()


def _photographed(screen: np.ndarray, size: tuple[int, int]) -> tuple[Image.Image, np.ndarray]:
    """``screen`` photographed turned 28 and 12 degrees: moiré of a 2.8 px period, a bright
    glare patch, sensor noise and defocus stronger than ``synth.phone_photo``'s (as the kinds
    probe set's screens at an angle have them); and the screen -> picture homography."""
    h, w = screen.shape[:2]
    corners = synth.camera_corners(w, h, 28, 12)
    width, height = size
    span = np.ptp(corners, axis=0)
    quad = (corners - corners.min(axis=0) - span / 2) * 0.85 * min(
        width / span[0], height / span[1]
    ) + np.array([width / 2, height / 2])
    m = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), np.float32(quad))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    wave = 1.0 + 0.14 * np.sin(2 * np.pi * (0.6 * xx + 0.8 * yy) / 2.8)
    shown = np.clip(screen.astype(np.float32) * wave[..., None], 0, 255).astype(np.uint8)
    out = cv2.warpPerspective(shown, m, size, borderValue=(60, 60, 60)).astype(np.float32)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    glare = np.exp(-((x - 0.6 * width) ** 2 + (y - 0.45 * height) ** 2) / (0.125 * width**2))
    out += 100.0 * glare[..., None]
    out += np.random.default_rng(5).normal(0.0, 9.0, out.shape)
    out = cv2.GaussianBlur(np.clip(out, 0, 255).astype(np.uint8), (0, 0), 1.9)
    return Image.fromarray(out), m


def test_a_zoomed_smooth_wallpaper_is_found_by_the_coarse_look(
    served: tuple[Any, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    services, root = served
    pic = Image.open(DATA / WALLPAPER).convert("RGB")
    screen = synth.Screen(size=(720, 1280), seed=3)
    shown = synth.slot(pic, (0.45, 0.1, 0.75, 0.9), 720)  # a crop zoomed to the screen's width
    screen.paste(shown, (0, 120))
    img, m = _photographed(np.asarray(screen.final()), (1600, 2000))
    shot = root / "zoomed.jpg"
    img.save(shot, quality=88)
    truth = synth.warped_box(m, (0, 120, 720, 120 + shown.height))
    found = {Path(x.photo_path).name: x for x in services.matching.match_image(shot).matches}
    assert set(found) == {WALLPAPER}
    assert found[WALLPAPER].level == "same-photo"
    assert synth.iou(found[WALLPAPER].bbox, truth) >= 0.85
    # without the coarse look (the straightened screen looked at again at its own size) the
    # first two looks do not find it
    monkeypatch.setattr(screen_look, "coarser", lambda screen: screen)
    again = services.matching.match_image(shot).matches
    assert WALLPAPER not in {Path(x.photo_path).name for x in again if x.level == "same-photo"}
