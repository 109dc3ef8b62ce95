"""Two members of a series found at one place: is either of them the photo shown?

When a library holds a burst (several frames a moment apart, several shots of one outfit), a
screenshot of one member fits the others too; near_duplicates.py keeps the best fit and demotes
the rest. But the screenshot may show a member the library does *not* hold: then the best fit
is merely the nearest neighbour, and calling it ``same-photo`` accuses the wrong photograph.

The two members answer that themselves. Where they differ from each other (the parts of the
scene that moved between them), the suspect follows the photo it shows, block for block. Shown
itself, the best member wins nearly all of those blocks and its neighbour none; shown another
frame, the suspect follows the neighbour in some blocks and neither in most. So both are
compared with the suspect at the blocks where they differ, within a couple of pixels (the fits'
own error), and when the runner-up wins some of them, or the best too few, no member at that
place is ``same-photo``.

Thresholds and their study: core/matching/README.md ("Series members at one place").
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from picproof.core.matching.engine import Finding
from picproof.core.matching.near_duplicates import fit_quality
from picproof.core.matching.region import as_warp
from picproof.core.matching.same_shot import (
    BLOCK,
    MIN_STD,
    STEP,
    block_means,
    ncc_shifts,
    working_pair,
)

#: Search radius (working pixels) for each comparison: the fits' own error.
RADIUS = 2
#: Blocks where the two members differ: both textured, correlating below this with each other.
DIFFER_NCC = 0.6
#: A member "wins" a block when the suspect correlates >= WIN_NCC with it and beats the other
#: member there by >= WIN_MARGIN.
WIN_NCC = 0.8
WIN_MARGIN = 0.2
#: Neither member is shown when the runner-up wins at least this many blocks, ...
RUNNER_UP_WINS = 2
#: ... or, over at least MIN_DIFFER blocks where they differ, the best wins less than this share.
MIN_DIFFER = 10
BEST_SHARE = 0.35


def _warp(
    thumb: np.ndarray,
    photo_size: tuple[int, int],
    matrix: np.ndarray,
    to_work: np.ndarray,
    shape: tuple[int, int],
) -> tuple[np.ndarray, np.ndarray]:
    """``thumb`` warped into the working frame, and where it is valid."""
    import cv2

    th, tw = thumb.shape
    to_photo = np.array([[photo_size[0] / tw, 0, 0], [0, photo_size[1] / th, 0], [0, 0, 1.0]])
    t = to_work @ as_warp(matrix) @ to_photo
    h, w = shape
    warped = cv2.warpPerspective(thumb, t, (w, h), flags=cv2.INTER_AREA, borderValue=0)
    valid = cv2.warpPerspective(np.full(thumb.shape, 255, np.uint8), t, (w, h)) > 0
    valid = cv2.erode(valid.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    return warped.astype(np.float32), valid


def wins(
    gray: np.ndarray,
    best: Finding,
    other: Finding,
    best_thumb: np.ndarray,
    other_thumb: np.ndarray,
) -> tuple[int, int, int] | None:
    """(blocks where the two differ, blocks the best wins, blocks the other wins), read over the
    best's visible box at the scale the block test reads it (same_shot.working_pair); None when
    there is nothing to read."""
    if best.bbox is None:
        return None
    pair = working_pair(gray, best_thumb, best.photo_size, best.fit.warp, best.bbox)
    if pair is None:
        return None
    work, warped, va = pair
    x, y, w, h = best.bbox
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(gray.shape[1], x + w), min(gray.shape[0], y + h)
    shape = (work.shape[0], work.shape[1])
    fx, fy = shape[1] / (x1 - x0), shape[0] / (y1 - y0)
    to_work = np.array([[fx, 0, -x0 * fx], [0, fy, -y0 * fy], [0, 0, 1.0]])
    a = warped.astype(np.float32)
    b, vb = _warp(other_thumb, other.photo_size, other.fit.warp, to_work, shape)
    r = RADIUS
    ny, nx = (shape[0] - 2 * r - BLOCK) // STEP + 1, (shape[1] - 2 * r - BLOCK) // STEP + 1
    if ny < 1 or nx < 1:
        return None
    holes = block_means((~(va & vb)).astype(np.float32), r, ny, nx)
    textured = holes == 0
    for img in (a, b):
        mean = block_means(img, r, ny, nx)
        textured &= block_means(img * img, r, ny, nx) - mean * mean >= MIN_STD * MIN_STD
    near = [(dy, dx) for dy in range(-r, r + 1) for dx in range(-r, r + 1)]
    s = work.astype(np.float32)
    differ = textured & (ncc_shifts(a, b, r, ny, nx, near).max(axis=0) < DIFFER_NCC)
    sa = ncc_shifts(a, s, r, ny, nx, near).max(axis=0)
    sb = ncc_shifts(b, s, r, ny, nx, near).max(axis=0)
    won_a = differ & (sa >= WIN_NCC) & (sa - sb >= WIN_MARGIN)
    won_b = differ & (sb >= WIN_NCC) & (sb - sa >= WIN_MARGIN)
    return int(differ.sum()), int(won_a.sum()), int(won_b.sum())


def neither_shown(counts: tuple[int, int, int] | None) -> bool:
    """Whether the suspect shows neither member (``wins``)."""
    if counts is None:
        return False
    differ, best, other = counts
    if other >= RUNNER_UP_WINS:
        return True
    return differ >= MIN_DIFFER and best < BEST_SHARE * differ


def demote_unshown(
    found: dict[int, Finding],
    groups: dict[int, int],
    gray: np.ndarray,
    thumbnails: dict[int, np.ndarray],
) -> dict[int, Finding]:
    """``found`` with every best photo of a place (``groups``: near_duplicates.py) demoted to
    ``possible`` when it and its nearest neighbour show that the suspect is neither of them."""
    out = dict(found)
    for key in set(groups.values()):
        best = found[key]
        members = [found[k] for k, b in groups.items() if b == key and k in thumbnails]
        if best.level != "same-photo" or key not in thumbnails or not members:
            continue
        runner = max(members, key=fit_quality)
        counts = wins(gray, best, runner, thumbnails[key], thumbnails[runner.key])
        if neither_shown(counts):
            out[key] = replace(best, level="possible")
    return out
