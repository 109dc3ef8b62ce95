"""This very photograph, or another shot of the same scene?

A geometric fit and the agreement of textured pixels say that the suspect shows *this scene*.
Another photograph of it, taken a moment or a step apart (a burst, a stereo pair, the next frame
of a video), passes both: most of the scene is where the fit puts it. What such a photograph
cannot do is agree *everywhere*: whatever moved, or lies at another depth, sits a few pixels off
where a single transform puts it (parallax, pose change), while a copy of the photo itself,
however scaled, filtered, blurred or recompressed, agrees in place wherever it is not covered.

So the stored thumbnail is warped into the suspect by the fit, and every distinctive block of
the photo (textured, and unlike itself a few pixels away, so that soft skies and repeated
patterns cannot match "anywhere") is looked for within a few pixels of its place. The fit is
only accurate to a pixel or two (RANSAC tolerance), so "its place" is where one homography
fitted to all the blocks' best shifts puts it: the fit's own error moves every block the same
smooth way, parallax and motion do not. A block found clearly better *off* that place than in
it has moved; it counts when a neighbouring block moved alike (chance matches stand alone). A
copy has (almost) none of those; another shot of the scene has them in clusters. Blocks found
nowhere (text, a sticker, a UI bar drawn over the photo) say nothing either way. (Refining the
fit by ECC first was tried: on a round avatar the frame's ring pulled it off, and the block
homography already absorbs the fit's error.)

Chance study and thresholds: core/matching/README.md ("Same photo or another shot").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Block side and step, in working pixels (the photo at the scale it is shown, at most 1:1 with
#: the stored thumbnail).
BLOCK = 16
STEP = 8
#: Search radius around the place the fit gives, working pixels.
SEARCH = 6
#: A block is distinctive when its grey levels vary (std) at least this much and it matches
#: itself shifted by >= 2 px at most SELF_NCC (flat or periodic blocks match anywhere).
MIN_STD = 6.0
SELF_NCC = 0.85
#: A block "moved" when its best match lies >= MOVED_PX off its place, correlates >= GOOD_NCC
#: there, and beats its place by >= MOVED_GAIN.
MOVED_PX = 2.0
GOOD_NCC = 0.7
MOVED_GAIN = 0.15
#: A moved block counts when a neighbouring block (8-neighbourhood of the grid) moved alike
#: (residual shifts within this many pixels of each other).
COHERENT_PX = 1.5
#: Another shot of the scene: at least this many blocks moved (coherently), and this share of
#: the blocks. True copies: at most 4 moved (a share of 0.02) and a share of at most 0.039 (2
#: moved) over the dev set, the probe set and the near-duplicate probe set (325 copies;
#: tests/bench/match_same_shot.py, core/matching/README.md).
ANOTHER_MOVED = 3
ANOTHER_SHARE = 0.03
#: Fewer distinctive blocks than this: no opinion (a tiny or textureless view).
MIN_BLOCKS = 12
#: Working images smaller than this on a side are not examined.
MIN_SIDE = 40


@dataclass(frozen=True)
class SameShot:
    """Evidence that the suspect shows this very photograph (see the module docstring)."""

    blocks: int
    """Distinctive blocks examined."""
    in_place: int
    """Blocks whose best match is at their place (within MOVED_PX) with NCC >= GOOD_NCC."""
    moved: int
    """Blocks found clearly better off their place than in it."""
    agreement: float
    """Mean NCC at the place, over the distinctive blocks (the dense agreement of the overlap)."""

    @property
    def moved_share(self) -> float:
        return self.moved / self.blocks if self.blocks else 0.0

    @property
    def in_place_share(self) -> float:
        return self.in_place / self.blocks if self.blocks else 0.0


def _working_pair(
    gray: np.ndarray,
    thumb: np.ndarray,
    photo_size: tuple[int, int],
    matrix: np.ndarray,
    box: tuple[int, int, int, int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(suspect crop, warped thumbnail, valid mask) over ``box`` at the working scale."""
    import cv2

    x, y, w, h = box
    sh, sw = gray.shape
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(sw, x + w), min(sh, y + h)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    th, tw = thumb.shape
    to_photo = np.array([[photo_size[0] / tw, 0, 0], [0, photo_size[1] / th, 0], [0, 0, 1.0]])
    m3 = np.vstack([matrix[:2], [0, 0, 1.0]]) if matrix.shape[0] == 2 else matrix.copy()
    m3 = m3 @ to_photo  # thumbnail -> suspect
    scale = float(np.sqrt(abs(np.linalg.det(m3[:2, :2]))))
    f = min(1.0, 1.0 / max(scale, 1e-6))  # 1:1 with the thumbnail at most
    if scale < 1.0:  # shown smaller than the thumbnail: shrink the thumbnail first (no aliasing)
        size = (max(2, round(tw * scale)), max(2, round(th * scale)))
        small = cv2.resize(thumb, size, interpolation=cv2.INTER_AREA)
        m3 = m3 @ np.diag([tw / small.shape[1], th / small.shape[0], 1.0])
        thumb = small
    ww, wh = max(4, round((x1 - x0) * f)), max(4, round((y1 - y0) * f))
    if min(ww, wh) < MIN_SIDE:
        return None
    crop = gray[y0:y1, x0:x1]
    work = crop if f >= 1.0 else cv2.resize(crop, (ww, wh), interpolation=cv2.INTER_AREA)
    wh, ww = work.shape
    to_work = np.array(
        [
            [ww / (x1 - x0), 0, -x0 * ww / (x1 - x0)],
            [0, wh / (y1 - y0), -y0 * wh / (y1 - y0)],
            [0, 0, 1],
        ]
    )
    t = to_work @ m3
    warped = cv2.warpPerspective(thumb, t, (ww, wh), flags=cv2.INTER_LINEAR, borderValue=0)
    valid = (
        cv2.warpPerspective(
            np.full(thumb.shape, 255, np.uint8), t, (ww, wh), flags=cv2.INTER_NEAREST
        )
        > 0
    )
    valid = cv2.erode(valid.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    return work, warped, valid


def _block_means(img: np.ndarray, r: int, ny: int, nx: int) -> np.ndarray:
    """(ny, nx) means of the BLOCK x BLOCK blocks of ``img`` whose top-left corners are
    (r + STEP * i, r + STEP * j): a block is 2 x 2 cells of STEP x STEP pixels, whose means one
    area resize gives."""
    import cv2

    cells = img[r : r + STEP * (ny + 1), r : r + STEP * (nx + 1)]
    c = cv2.resize(cells, (nx + 1, ny + 1), interpolation=cv2.INTER_AREA)
    return 0.25 * (c[:-1, :-1] + c[1:, :-1] + c[:-1, 1:] + c[1:, 1:])


def _ncc_shifts(
    a: np.ndarray, b: np.ndarray, r: int, ny: int, nx: int, shifts: list[tuple[int, int]]
) -> np.ndarray:
    """(len(shifts), ny, nx): normalised cross-correlation of every block of ``a`` (the grid of
    ``_block_means``) with the block of ``b`` shifted by each (dy, dx), |dy|, |dx| <= r."""
    import cv2

    ma = _block_means(a, r, ny, nx)
    va = _block_means(a * a, r, ny, nx) - ma * ma
    h, w = a.shape
    padded = cv2.copyMakeBorder(b, r, r, r, r, cv2.BORDER_REFLECT)
    out = np.empty((len(shifts), ny, nx), np.float32)
    for i, (dy, dx) in enumerate(shifts):
        shifted = padded[r + dy : r + dy + h, r + dx : r + dx + w]
        mb = _block_means(shifted, r, ny, nx)
        vb = _block_means(shifted * shifted, r, ny, nx) - mb * mb
        cov = _block_means(a * shifted, r, ny, nx) - ma * mb
        den = np.sqrt(np.maximum(va, 0.0) * np.maximum(vb, 0.0))
        out[i] = np.where(den > 1e-4, cov / np.maximum(den, 1e-4), 0.0)
    return out


#: Every shift searched, row by row (index = (dy + SEARCH) * (2 * SEARCH + 1) + dx + SEARCH).
_SHIFTS = [(dy, dx) for dy in range(-SEARCH, SEARCH + 1) for dx in range(-SEARCH, SEARCH + 1)]
#: The shifts a distinctive block must not resemble itself at: 2, 4 and 6 px in 8 directions.
_RING = [(k * dy, k * dx) for k in (2, 4, 6) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx]


def same_shot(
    gray: np.ndarray,
    thumb: np.ndarray,
    photo_size: tuple[int, int],
    matrix: np.ndarray,
    box: tuple[int, int, int, int],
) -> SameShot | None:
    """Block evidence over the visible ``box``; None when the view is too small or plain to say.

    ``matrix`` maps analysed-photo pixels to suspect pixels (2 x 3 similarity or 3 x 3
    homography, mirror included)."""
    import cv2

    pair = _working_pair(gray, thumb, photo_size, matrix, box)
    if pair is None:
        return None
    work, warped, valid = pair
    h, w = work.shape
    wf = warped.astype(np.float32)
    sf = work.astype(np.float32)
    r = SEARCH
    ny, nx = (h - 2 * r - BLOCK) // STEP + 1, (w - 2 * r - BLOCK) // STEP + 1
    if ny < 1 or nx < 1:
        return None
    # a block lies wholly on the photo (no invalid pixel) and has texture
    holes = _block_means((~valid).astype(np.float32), r, ny, nx)
    ma = _block_means(wf, r, ny, nx)
    var = _block_means(wf * wf, r, ny, nx) - ma * ma
    keep = (holes == 0) & (var >= MIN_STD * MIN_STD)
    if int(keep.sum()) < MIN_BLOCKS:
        return None
    keep &= _ncc_shifts(wf, wf, r, ny, nx, _RING).max(axis=0) <= SELF_NCC
    iy, ix = np.nonzero(keep)
    blocks = int(iy.size)
    if blocks < MIN_BLOCKS:
        return None
    side = 2 * r + 1
    flat = _ncc_shifts(wf, sf, r, ny, nx, _SHIFTS)[:, iy, ix]
    arg = np.argmax(flat, axis=0)
    centres = [
        (float(r + STEP * x) + BLOCK / 2, float(r + STEP * y) + BLOCK / 2)
        for x, y in zip(ix, iy, strict=True)
    ]
    offsets = [(float(k % side - r), float(k // side - r)) for k in arg]
    maps = [flat[:, k].reshape(side, side) for k in range(blocks)]
    best = np.array([float(m.max()) for m in maps])
    src = np.array(centres, np.float32)
    dst = src + np.array(offsets, np.float32)
    good = best >= GOOD_NCC
    # What one transform explains: the fit's own small errors (a pixel or two of scale, turn or
    # perspective) move every block the same smooth way; parallax and motion do not.
    model = None
    if good.sum() >= 8:
        model, _ = cv2.findHomography(src[good], dst[good], cv2.RANSAC, 1.0)
    if model is None:
        model = np.eye(3)
    pred = cv2.perspectiveTransform(src[None], model)[0] - src
    in_place = 0
    agree = 0.0
    shifted: dict[tuple[int, int], np.ndarray] = {}  # grid cell -> residual shift of a moved block
    for k in range(blocks):
        px, py = int(round(pred[k, 0])) + r, int(round(pred[k, 1])) + r
        res = maps[k]
        inside = 0 <= px < res.shape[1] and 0 <= py < res.shape[0]
        at_model = float(res[py, px]) if inside else -1.0
        agree += max(at_model, 0.0)
        residual = np.array(offsets[k]) - pred[k]
        off = float(np.hypot(*residual))
        if off < MOVED_PX and best[k] >= GOOD_NCC:
            in_place += 1
        elif off >= MOVED_PX and best[k] >= GOOD_NCC and best[k] - at_model >= MOVED_GAIN:
            shifted[(int(iy[k]), int(ix[k]))] = residual
    # Parallax and motion move neighbouring blocks alike; a block that chance (a frame's edge,
    # an overlay) matched off its place stands alone.
    moved = sum(
        1
        for (y, x), v in shifted.items()
        if any(
            (y + dy, x + dx) in shifted
            and float(np.hypot(*(shifted[(y + dy, x + dx)] - v))) <= COHERENT_PX
            for dy in (-1, 0, 1)
            for dx in (-1, 0, 1)
            if dy or dx
        )
    )
    return SameShot(blocks, in_place, moved, agree / blocks)


def another_shot(evidence: SameShot | None) -> bool:
    """Whether the blocks show another photograph of the scene (parallax or motion)."""
    if evidence is None:
        return False
    return evidence.moved >= ANOTHER_MOVED and evidence.moved_share >= ANOTHER_SHARE
