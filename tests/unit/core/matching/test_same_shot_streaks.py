"""same_shot.py's moved blocks need structure in two directions: a print of a wallpaper of fine
parallel streaks, turned in a collage, is resampled so that its blocks match themselves best a
little way along their own streaks (the aperture problem); that is no sign of another shot."""

from __future__ import annotations

import numpy as np
import pytest

from picproof.core.matching import same_shot as ss

W, H = 1200, 800


def _streaks() -> np.ndarray:
    """Fine streaks (9 px apart) that wander slowly, under a soft shading."""
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
    a = np.radians(30.0)
    t = xx * np.cos(a) + yy * np.sin(a) + 12 * np.sin(yy / 37.0) + 6 * np.sin(xx / 53.0)
    shade = 0.6 + 0.4 * np.sin(xx / 90.0 + yy / 70.0)
    return np.clip(128 + 70 * np.sin(2 * np.pi * t / 9.0) * shade, 0, 255).astype(np.uint8)


def _printed(photo: np.ndarray, turn: float) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
    """The photo shown at 0.4, turned by ``turn`` degrees, as a JPEG; its map and inner box."""
    import cv2

    f, a = 0.4, np.radians(turn)
    m = np.array([[f * np.cos(a), -f * np.sin(a), 0.0], [f * np.sin(a), f * np.cos(a), 0.0]])
    corners = np.array([[0, 0], [W, 0], [W, H], [0, H]], np.float64) @ m[:, :2].T
    m[:, 2] = 20 - corners.min(axis=0)
    corners += m[:, 2]
    size = (int(np.ptp(corners[:, 0])) + 40, int(np.ptp(corners[:, 1])) + 40)
    shown = cv2.warpAffine(photo, m, size, flags=cv2.INTER_CUBIC, borderValue=230)
    _, buf = cv2.imencode(".jpg", shown, [cv2.IMWRITE_JPEG_QUALITY, 80])
    lo, span = corners.min(axis=0), np.ptp(corners, axis=0)
    box = (int(lo[0] + 60), int(lo[1] + 60), int(span[0] - 120), int(span[1] - 120))
    return cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE), m, box


def test_streaks_have_no_structure_in_two_directions() -> None:
    import cv2

    photo = _streaks().astype(np.float32)
    ny, nx = (
        (H - 2 * ss.SEARCH - ss.BLOCK) // ss.STEP + 1,
        (W - 2 * ss.SEARCH - ss.BLOCK) // ss.STEP + 1,
    )
    streaks = ss.cornerness(photo, ss.SEARCH, ny, nx)
    noise = cv2.GaussianBlur(np.random.default_rng(3).random((H, W), np.float32) * 255, (0, 0), 2)
    texture = ss.cornerness(noise, ss.SEARCH, ny, nx)
    assert float(np.median(streaks)) < ss.MIN_CORNERNESS / 2
    assert float(np.median(texture)) > 2 * ss.MIN_CORNERNESS


def test_a_turned_print_of_streaks_is_this_photograph(monkeypatch: pytest.MonkeyPatch) -> None:
    import cv2

    photo = _streaks()
    thumb = cv2.resize(photo, (256, 171), interpolation=cv2.INTER_AREA)
    shown, matrix, box = _printed(photo, 9.0)
    evidence = ss.same_shot(shown, thumb, (W, H), matrix, box)
    assert evidence is not None and evidence.blocks >= 100
    assert evidence.moved_share < ss.ANOTHER_SHARE, evidence
    assert not ss.another_shot(evidence), evidence
    # counted without the condition, the blocks sliding along their streaks demote the copy
    monkeypatch.setattr(ss, "MIN_CORNERNESS", 0.0)
    unconditioned = ss.same_shot(shown, thumb, (W, H), matrix, box)
    assert unconditioned is not None and unconditioned.moved > 3 * evidence.moved
    assert ss.another_shot(unconditioned)
