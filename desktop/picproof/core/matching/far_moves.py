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

from picproof.core.matching.region import as_warp, local_scale
from picproof.core.matching.same_shot import (
    BLOCK,
    RING,
    SEARCH,
    SELF_NCC,
    STEP,
    aligned,
    block_means,
    cornerness,
    examine_pair,
    grown_box,
    ncc_shifts,
    working_pair,
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
#: A photo shown smaller than its stored thumbnail is read around its box (``far_around``) with
#: the suspect enlarged up to this many times, the thumbnail shrunk less: finer blocks, the
#: same 40 px search reaching half as far in the picture shown.
MAGNIFY = 2.0
#: ``far_around`` reads only a photo shown at most this many times its thumbnail's size (512 px):
#: a larger view is read again in the original file (original_look.py), and on the tuning sets
#: the reading decided nothing there that the other tests had not (it costs a block reading).
AROUND_MAX = 2.0

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


def _shown_side(photo_size: tuple[int, int], warp: np.ndarray) -> float:
    """The photo's longer side as the suspect shows it (suspect pixels)."""
    w, h = photo_size
    return local_scale(warp, w / 2, h / 2) * max(w, h)


def _magnified(
    gray: np.ndarray,
    thumb_side: int,
    photo_size: tuple[int, int],
    matrix: np.ndarray,
    region: tuple[int, int, int, int],
) -> tuple[np.ndarray, np.ndarray, tuple[int, int, int, int]]:
    """(suspect, photo -> suspect matrix, region) with the suspect's ``region`` enlarged by up
    to MAGNIFY, as far as the thumbnail (``thumb_side`` px across the photo's longer side)
    holds more detail than the suspect shows; unchanged when it does not."""
    import cv2

    warp = as_warp(matrix)
    k = min(MAGNIFY, thumb_side / max(_shown_side(photo_size, warp), 1e-6))
    x, y, rw, rh = region
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(gray.shape[1], x + rw), min(gray.shape[0], y + rh)
    if k <= 1.0 or x1 - x0 < 8 or y1 - y0 < 8:
        return gray, matrix, region
    crop = gray[y0:y1, x0:x1]
    size = (round((x1 - x0) * k), round((y1 - y0) * k))
    big = cv2.resize(crop, size, interpolation=cv2.INTER_CUBIC)
    to_big = np.array([[size[0] / (x1 - x0), 0, 0], [0, size[1] / (y1 - y0), 0], [0, 0, 1.0]])
    shift = np.array([[1.0, 0, -x0], [0, 1.0, -y0], [0, 0, 1.0]])
    return big, to_big @ shift @ warp, (0, 0, size[0], size[1])


def far_around(
    gray: np.ndarray,
    thumb: np.ndarray,
    photo_size: tuple[int, int],
    matrix: np.ndarray,
    box: tuple[int, int, int, int],
) -> int | None:
    """Far moves read at the thumbnail's scale over ``box`` grown within the photo's outline
    (same_shot.grown_box; the box itself when that adds little), the photo aligned by the
    homography its blocks agree on there; None when the view is too small to read, or shown
    larger than AROUND_MAX times the thumbnail.

    The box is where the photo's pixels agree. Where another shot of the scene is shown (a
    stereo twin whose near part lies 10-40 px off at 120-330 px), only the far part may agree
    well enough to be boxed, a strip of the picture; the near part is beside it, found in the
    photo far off its place. The page, other tiles or UI around a true copy are found nowhere
    in the photo and say nothing."""
    if _shown_side(photo_size, as_warp(matrix)) > AROUND_MAX * max(thumb.shape):
        return None
    region = grown_box(gray.shape, photo_size, matrix, box) or box
    # shown smaller than the thumbnail, read at up to MAGNIFY times the size shown: a 16 px
    # block of a 120 px view covers a leaf and the cloth behind it at once
    gray, matrix, region = _magnified(gray, max(thumb.shape), photo_size, matrix, region)
    pair = working_pair(gray, thumb, photo_size, matrix, region)
    if pair is None:
        return None
    work, warped, valid = pair
    examined = examine_pair(work, warped, valid)
    model = examined[1] if examined is not None else np.eye(3)
    photo, inside = aligned(warped, valid, model)
    return far_moves(work, photo, inside)
