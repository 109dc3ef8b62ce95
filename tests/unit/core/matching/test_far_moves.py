"""far_moves.py on real photos: a copy under text and a sticker has no far moves; the other
view of a stereo pair and the next frame of two people moving have them
(data/README.md: Middlebury's motorcycle via scikit-image; OpenCV's basketball frames)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import synth
from PIL import Image

from picproof.core.matching.far_moves import far_moves
from picproof.core.matching.features import to_gray
from picproof.core.matching.same_shot import ANOTHER_FAR, aligned, examine_pair, working_pair

DATA = Path(__file__).resolve().parent / "data"
SHOWN = 420


def _gray(name: str) -> np.ndarray:
    return to_gray(Image.open(DATA / name).convert("RGB"))


def _far(suspect: np.ndarray, photo: np.ndarray) -> int:
    h, w = photo.shape
    f = SHOWN / w
    matrix = np.array([[f, 0.0, 0.0], [0.0, f, 0.0]])
    box = (0, 0, suspect.shape[1], suspect.shape[0])
    pair = working_pair(suspect, photo, (w, h), matrix, box)
    assert pair is not None
    examined = examine_pair(*pair)
    assert examined is not None
    work, warped, valid = pair
    return far_moves(work, *aligned(warped, valid, examined[1]))


def test_a_copy_under_text_and_a_sticker_has_no_far_moves() -> None:
    for name in ("motorcycle_left.jpg", "basketball1.jpg"):
        assert _far(synth.shown_copy(DATA / name, SHOWN, overlay=True), _gray(name)) == 0


def test_the_other_view_and_the_next_frame_have_far_moves() -> None:
    for shown, library in (
        ("motorcycle_right.jpg", "motorcycle_left.jpg"),
        ("basketball2.jpg", "basketball1.jpg"),
    ):
        assert _far(synth.shown_copy(DATA / shown, SHOWN), _gray(library)) >= ANOTHER_FAR
