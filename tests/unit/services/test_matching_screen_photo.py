"""A photo on a phone screen photographed at a strong angle (issue 17): a soft, low-texture
photo filling the screen's width is found once the screen is seen straight on again
(core/matching/screen_plane.py), and boxed where the photo of the screen shows it; a photo that
is not in the library, shown the same way, is not reported."""

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
SOFT = "soft.jpg"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    root = tmp_path_factory.mktemp("screen")
    (root / "own").mkdir()
    synth.soft_photo(7).save(root / "own" / SOFT, quality=92)  # haze: few keypoints
    lib = synth.library(root, [31, 32], (900, 640), copies=[root / "own" / SOFT])
    services = synth.indexed(lib, root / "data")
    yield services, root
    services.close()


def _photographed(
    pic: Image.Image, out: Path, angles: tuple[int, int]
) -> tuple[Path, tuple[int, int, int, int], np.ndarray]:
    """A phone screen showing ``pic`` across its width, photographed at ``angles``; the photo's
    true box in the picture, and its four corners there."""
    s = synth.Screen(size=(720, 1280), seed=3)
    shown = synth.slot(pic, (0.0, 0.0, 1.0, 1.0), 720)
    s.paste(shown, (0, 420))
    img, m = synth.phone_photo(np.asarray(s.final()), *angles, desk=70, size=(1600, 2000), blur=1.2)
    img.save(out, quality=88)
    rect = np.float32([[[0, 420], [720, 420], [720, 420 + shown.height], [0, 420 + shown.height]]])
    quad = cv2.perspectiveTransform(rect, m)[0]
    return out, synth.warped_box(m, (0, 420, 720, 420 + shown.height)), quad


@pytest.mark.parametrize("angles", [(10, 32), (30, 10)])
def test_a_soft_photo_on_a_screen_at_an_angle_is_found(
    served: tuple[Any, Path], angles: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    services, root = served
    pic = Image.open(root / "own" / SOFT).convert("RGB")
    shot, truth, quad = _photographed(pic, root / f"shown_{angles[0]}.jpg", angles)
    found = {Path(m.photo_path).name: m for m in services.matching.match_image(shot).matches}
    assert SOFT in found and found[SOFT].level == "same-photo"
    assert synth.iou(found[SOFT].bbox, truth) >= 0.85
    # the quad: the photo's corners in the photographed suspect, in perspective
    assert np.abs(np.array(found[SOFT].corners) - quad).max() <= 0.02 * np.hypot(1600, 2000)
    # the first look, at the photographed screen as it is, does not find it
    monkeypatch.setattr(screen_look, "find_screen", lambda gray: None)
    again = services.matching.match_image(shot).matches
    assert SOFT not in {Path(m.photo_path).name for m in again if m.level == "same-photo"}


def test_a_photo_not_in_the_library_is_not_reported(served: tuple[Any, Path]) -> None:
    services, root = served
    pic = Image.open(DATA / "taj_mahal_clear.jpg").convert("RGB")  # a real photo (data/README.md)
    shot, _, _ = _photographed(pic, root / "other.jpg", (10, 32))
    assert services.matching.match_image(shot).matches == ()
