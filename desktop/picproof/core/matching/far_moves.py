"""Parts of the scene that moved further than the block test looks.

The block test (same_shot.py) looks for each block of the photo within a few pixels of its
place. A walker a second later, an animated figure, or the near part of a stereo view with a wide
baseline has moved further than that: its blocks are "found nowhere", which is also what text or
a sticker drawn over a true copy gives, so the block test says nothing about them.

Here the question is asked the other way round. The photo is first aligned to the suspect by the
homography the blocks agree on (the fit's own error of a pixel or two is gone then). Every
distinctive block of the *suspect* that does not match the photo at its place is looked for in
the photo up to ``SEARCH_FAR`` pixels away. Text, a sticker or a UI bar is found nowhere in the
photo; a moved person, limb or foreground object is found, clearly (NCC >= ``FOUND_NCC``), a few
blocks' width off, and has left that place: the suspect shows something else where the photo
has it (a chance look-alike, say a sticker's edge matching a pole, is still there). Such a block
counts when a neighbouring block moved alike: a moving thing covers several blocks, a chance
look-alike stands alone.

Thresholds and the chance study: core/matching/README.md ("Same photo or another shot").
"""

from __future__ import annotations

import numpy as np

from picproof.core.matching.same_shot import (
    BLOCK,
    RING,
    SEARCH,
    SELF_NCC,
    STEP,
    block_means,
    cornerness,
    ncc_shifts,
)

#: How far (working pixels, the photo at the scale shown, at most 512 px) a block is looked for.
SEARCH_FAR = 40
#: A suspect block is "not at its place" below this correlation within +-1 px of it, ...
AT_PLACE_NCC = 0.5
#: ... and "found" elsewhere at or above this one, at least MIN_SHIFT pixels off.
FOUND_NCC = 0.8
MIN_SHIFT = 3.0
#: Distinctive suspect blocks: grey-level std at least this (text and flat UI are excluded by
#: not being found in the photo; soft areas by this), unlike themselves a few pixels away.
MIN_STD = 10.0
#: ... and with structure in two directions (the smaller eigenvalue of the block's gradient
#: structure tensor at least this share of the larger): a straight edge (a sticker's side, an
#: avatar's ring) matches any straight edge of the photo along its length.
MIN_CORNERNESS = 0.15
#: Neighbours moved alike: displacements within this share of their length (at least 2 px).
ALIKE_SHARE = 0.2
ALIKE_PX = 2.0
#: At most this many blocks are searched (evenly taken): bounds the cost on large overlays.
MAX_SEARCHED = 400

_NEAR = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]


def _candidates(sf: np.ndarray, wf: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """(k, 2) grid indices (iy, ix) of the distinctive suspect blocks not at their place."""
    h, w = sf.shape
    r = SEARCH
    ny, nx = (h - 2 * r - BLOCK) // STEP + 1, (w - 2 * r - BLOCK) // STEP + 1
    if ny < 1 or nx < 1:
        return np.zeros((0, 2), np.int64)
    holes = block_means((~valid).astype(np.float32), r, ny, nx)
    mean = block_means(sf, r, ny, nx)
    var = block_means(sf * sf, r, ny, nx) - mean * mean
    keep = (holes == 0) & (var >= MIN_STD * MIN_STD)
    if not keep.any():
        return np.zeros((0, 2), np.int64)
    keep &= ncc_shifts(sf, wf, r, ny, nx, _NEAR).max(axis=0) < AT_PLACE_NCC
    if not keep.any():
        return np.zeros((0, 2), np.int64)
    keep &= ncc_shifts(sf, sf, r, ny, nx, RING).max(axis=0) <= SELF_NCC
    keep &= cornerness(sf, r, ny, nx) >= MIN_CORNERNESS
    return np.argwhere(keep)


def _still_there(sf: np.ndarray, wf: np.ndarray, y: int, x: int) -> bool:
    """Whether the photo's block at (x, y) is still at its place in the suspect. What moved has
    left its old place (the suspect shows something else there); a look-alike found by chance
    (a sticker's edge matching a pole of the photo) is still where the photo has it."""
    import cv2

    h, w = sf.shape
    block = wf[y : y + BLOCK, x : x + BLOCK]
    y0, x0 = max(0, y - 1), max(0, x - 1)
    y1, x1 = min(h, y + BLOCK + 1), min(w, x + BLOCK + 1)
    if float(block.std()) < 1e-3:
        return False
    return float(cv2.matchTemplate(sf[y0:y1, x0:x1], block, cv2.TM_CCOEFF_NORMED).max()) >= (
        AT_PLACE_NCC
    )


def _coherent(moves: dict[tuple[int, int], np.ndarray]) -> int:
    count = 0
    for (y, x), v in moves.items():
        tol = max(ALIKE_PX, ALIKE_SHARE * float(np.hypot(*v)))
        if any(
            (y + dy, x + dx) in moves and float(np.hypot(*(moves[(y + dy, x + dx)] - v))) <= tol
            for dy, dx in _NEAR
            if dy or dx
        ):
            count += 1
    return count


def far_moves(work: np.ndarray, photo: np.ndarray, inside: np.ndarray) -> int:
    """Distinctive suspect blocks found only far off their place in the photo, with a neighbour
    moved alike. ``work``: the suspect's working crop (same_shot.working_pair); ``photo``,
    ``inside``: the warped photo and its valid mask, aligned by the blocks' homography
    (``aligned``)."""
    import cv2

    sf = work.astype(np.float32)
    wf = photo.astype(np.float32)
    found = _candidates(sf, wf, inside)
    if len(found) > MAX_SEARCHED:
        found = found[np.linspace(0, len(found) - 1, MAX_SEARCHED).astype(int)]
    h, w = sf.shape
    wf[~inside] = 0.0
    moves: dict[tuple[int, int], np.ndarray] = {}
    for iy, ix in found:
        y, x = SEARCH + STEP * int(iy), SEARCH + STEP * int(ix)
        block = sf[y : y + BLOCK, x : x + BLOCK]
        y0, x0 = max(0, y - SEARCH_FAR), max(0, x - SEARCH_FAR)
        y1, x1 = min(h, y + BLOCK + SEARCH_FAR), min(w, x + BLOCK + SEARCH_FAR)
        scores = cv2.matchTemplate(wf[y0:y1, x0:x1], block, cv2.TM_CCOEFF_NORMED)
        _, best, _, (bx, by) = cv2.minMaxLoc(scores)
        dx, dy = bx + x0 - x, by + y0 - y
        if best < FOUND_NCC or np.hypot(dx, dy) < MIN_SHIFT:
            continue
        if not inside[by + y0 : by + y0 + BLOCK, bx + x0 : bx + x0 + BLOCK].all():
            continue
        if _still_there(sf, wf, by + y0, bx + x0):
            continue
        moves[(int(iy), int(ix))] = np.array([dx, dy], np.float64)
    return _coherent(moves)
