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
nowhere (text, a sticker, a UI bar drawn over the photo) say nothing either way. Pixels moved
a little at the size shown: moved_pixels.py.

Chance study and thresholds: core/matching/README.md ("Same photo or another shot").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from picproof.core.matching.moved_pixels import MAX_SHOWN, moved_pixels, shows_motion
from picproof.core.matching.region import as_warp, local_scale, project_corners

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
#: ... and has structure in two directions: the smaller eigenvalue of its gradient structure
#: tensor at least this share of the larger (``cornerness``). A block of one straight edge or
#: of parallel streaks matches itself anywhere along them (the aperture problem): resampling a
#: print of a streaky wallpaper turned by 9-27 degrees "moved" 4-7 such blocks of a true copy
#: along its streaks (core/matching/README.md, "Moved along their own streaks").
MIN_CORNERNESS = 0.15
#: A moved block counts when a neighbouring block (8-neighbourhood of the grid) moved alike
#: (residual shifts within this many pixels of each other).
COHERENT_PX = 1.5
#: Another shot of the scene: at least this many blocks moved (coherently), and this share of
#: the blocks. True copies: at most 4 moved (a share of 0.02) and a share of at most 0.039 (2
#: moved) over the dev set and three probe sets (405 copies; tests/bench/match_same_shot.py,
#: core/matching/README.md), but for one screen photo at a strong angle read under its
#: similarity (engine._same_shot): 4 at 0.067.
ANOTHER_MOVED = 3
ANOTHER_SHARE = 0.03
#: Another shot of the scene, read in the original file: at least this many blocks moved far
#: (further than SEARCH, with a neighbour moved alike; far_moves.py). True copies: none.
ANOTHER_FAR = 3
#: ... or at least this many moved blocks, and this share of them, in the block test read again
#: in the original once aligned (fine_moved). True copies: at most 3 (a share of 0.083) and
#: 4 (0.021); tests/bench/match_same_shot.py, core/matching/README.md.
ANOTHER_FINE = 4
ANOTHER_FINE_SHARE = 0.06
#: ... or at least this many and this share, in a photo shown upright: a static camera's burst
#: in which only people or cars moved shows them in 1-4 % of a large view. True copies shown
#: upright: at most 4 moved, a share of 0.0065; tilted ones (collage prints turned by 11-12
#: degrees, a screen seen at an angle) 6-17 at 0.004-0.018, their resampling moves fine detail
#: (dev, probe seeds 7 and 13, kinds and near-duplicate sets; core/matching/README.md).
ANOTHER_FINE_MANY = 8
ANOTHER_FINE_MANY_SHARE = 0.01
#: Not this photograph at all: of at least FOUND_BLOCKS distinctive blocks, fewer than this
#: share correlate >= FOUND_NCC with the suspect anywhere within the search (another photograph
#: of the same building on another day: its blocks resemble the suspect's, none closely). True
#: copies of that many blocks: at least 0.395 (a 58-inlier copy under a heavy filter; dev,
#: probe seeds 7 and 13, kinds and near-duplicate sets, core/matching/README.md); the other Taj
#: Mahal 0.148 of 81. Fewer blocks say little (an image-search tile's 17: 0.18).
MIN_FOUND_SHARE = 0.25
FOUND_NCC = 0.8
FOUND_BLOCKS = 40
#: Read again once aligned (``aligned``: the photo moved by the homography its blocks agree on,
#: so that what is left of the fit's error is well under a pixel), a block has moved when its
#: best match lies >= ALIGNED_MOVED_PX off its place and beats it by >= ALIGNED_GAIN, with a
#: neighbour moved alike within ALIGNED_COHERENT_PX: the parallax of a stereo twin shown as a
#: 300 px tile is a pixel or two there. Another shot of the scene: at least ANOTHER_ALIGNED such
#: blocks and ANOTHER_ALIGNED_SHARE of them. True copies: at most 4 (0.021, tilted collage
#: prints) and a share of at most 0.05 (2 of 40); dev, probe seeds 7 and 2747, kinds and
#: near-duplicate tuning sets (core/matching/README.md, "Blocks moved by a pixel").
ALIGNED_MOVED_PX = 1.0
ALIGNED_GAIN = 0.05
ALIGNED_COHERENT_PX = 1.0
ANOTHER_ALIGNED = 6
ANOTHER_ALIGNED_SHARE = 0.02
#: Read around the visible box as well (``moved_around``): the box grown by AROUND times its width
#: and height on each side, within the photo's projected outline and the image. Where the photo
#: is shown but its pixels disagree (the rest of a tile showing a stereo twin, of which only a
#: strip agreed well enough to be boxed) the scene is there, moved; where it is covered (the page,
#: other tiles, UI) its blocks are found nowhere and say nothing. Another shot of the scene: at
#: least ANOTHER_AROUND moved blocks and ANOTHER_AROUND_SHARE of them. True copies: at most 4
#: (dev, probe seeds 7 and 2747, kinds and near-duplicate tuning sets; core/matching/README.md,
#: "Blocks moved by a pixel, and around the box").
AROUND = 1.0
ANOTHER_AROUND = 8
ANOTHER_AROUND_SHARE = 0.03
#: Only when growing adds at least this share of the box's area.
MIN_GROWTH = 0.25
#: ... and the far moves (far_moves.far_around) read there at the thumbnail's scale: another
#: shot of the scene moves at least this many suspect blocks further than the block test looks
#: (the near part of a stereo twin shown as a 120-330 px strip, tile or avatar, of which only
#: the far part agreed well enough to be boxed). True copies: at most 4 of 938 (dev, probe seeds
#: 7, 2747, 9174 and 9175, kinds and near-duplicate tuning sets; core/matching/README.md, "Far
#: moves around the box").
ANOTHER_AROUND_FAR = 6
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
    far_moved: int = 0
    """Blocks of the suspect found only far off their place in the photo, with a neighbour moved
    alike (far_moves.py; read from the original file, original_look.py)."""
    fine_blocks: int = 0
    fine_moved: int = 0
    """The block test read again in the original file once aligned by the blocks' homography
    (original_look.py): distinctive blocks examined, and those moved."""
    found: int = -1
    """Blocks that correlate >= FOUND_NCC with the suspect somewhere within the search (-1: not
    counted)."""
    tilted: bool = False
    """The fit turns the photo by >= region.TILT_DEG or sees it in perspective (set by
    original_look.py): resampling then moves fine detail, and many moved blocks prove less."""
    aligned_blocks: int = 0
    aligned_moved: int = 0
    """The thumbnail's block test read again once aligned by the blocks' homography, a block
    counting as moved from a pixel off (ALIGNED_MOVED_PX): blocks examined, and those moved."""
    around_blocks: int = 0
    around_moved: int = 0
    """The block test read over the box grown within the photo's outline (``moved_around``)."""
    around_far: int = 0
    """Blocks of the suspect found only far off their place in the thumbnail, with a neighbour
    moved alike, over the box grown within the photo's outline (far_moves.far_around)."""
    motion_area: int = 0
    motion_moved: int = 0
    """Pixels compared at the size shown, and those moved (moved_pixels.py)."""

    @property
    def moved_share(self) -> float:
        return self.moved / self.blocks if self.blocks else 0.0

    @property
    def in_place_share(self) -> float:
        return self.in_place / self.blocks if self.blocks else 0.0

    @property
    def found_share(self) -> float:
        return self.found / self.blocks if self.blocks and self.found >= 0 else 1.0


def working_pair(
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
    m3 = as_warp(matrix) @ to_photo  # thumbnail -> suspect
    scale = local_scale(m3, tw / 2, th / 2)
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


def block_means(img: np.ndarray, r: int, ny: int, nx: int) -> np.ndarray:
    """(ny, nx) means of the BLOCK x BLOCK blocks of ``img`` whose top-left corners are
    (r + STEP * i, r + STEP * j): a block is 2 x 2 cells of STEP x STEP pixels, whose means one
    area resize gives."""
    import cv2

    cells = img[r : r + STEP * (ny + 1), r : r + STEP * (nx + 1)]
    c = cv2.resize(cells, (nx + 1, ny + 1), interpolation=cv2.INTER_AREA)
    return 0.25 * (c[:-1, :-1] + c[1:, :-1] + c[:-1, 1:] + c[1:, 1:])


def ncc_shifts(
    a: np.ndarray, b: np.ndarray, r: int, ny: int, nx: int, shifts: list[tuple[int, int]]
) -> np.ndarray:
    """(len(shifts), ny, nx): normalised cross-correlation of every block of ``a`` (the grid of
    ``block_means``) with the block of ``b`` shifted by each (dy, dx), |dy|, |dx| <= r."""
    import cv2

    ma = block_means(a, r, ny, nx)
    va = block_means(a * a, r, ny, nx) - ma * ma
    h, w = a.shape
    padded = cv2.copyMakeBorder(b, r, r, r, r, cv2.BORDER_REFLECT)
    # The means of b and b*b over every BLOCK x BLOCK window, once (a window's mean sits at its
    # top-left corner): each shift reads its blocks' means from these at a stride, and only the
    # product a*b is averaged per shift (one area resize instead of three).
    mean_b, mean_bb = (
        cv2.boxFilter(img, cv2.CV_32F, (BLOCK, BLOCK), anchor=(0, 0), borderType=cv2.BORDER_REFLECT)
        for img in (padded, padded * padded)
    )
    out = np.empty((len(shifts), ny, nx), np.float32)
    for i, (dy, dx) in enumerate(shifts):
        shifted = padded[r + dy : r + dy + h, r + dx : r + dx + w]
        at = (
            slice(2 * r + dy, 2 * r + dy + STEP * ny, STEP),
            slice(2 * r + dx, 2 * r + dx + STEP * nx, STEP),
        )
        mb = mean_b[at]
        vb = mean_bb[at] - mb * mb
        cov = block_means(a * shifted, r, ny, nx) - ma * mb
        den = np.sqrt(np.maximum(va, 0.0) * np.maximum(vb, 0.0))
        out[i] = np.where(den > 1e-4, cov / np.maximum(den, 1e-4), 0.0)
    return out


#: Every shift searched, row by row (index = (dy + SEARCH) * (2 * SEARCH + 1) + dx + SEARCH).
_SHIFTS = [(dy, dx) for dy in range(-SEARCH, SEARCH + 1) for dx in range(-SEARCH, SEARCH + 1)]
#: The shifts a distinctive block must not resemble itself at: 2, 4 and 6 px in 8 directions.
RING = [(k * dy, k * dx) for k in (2, 4, 6) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx]


def _distinctive(
    wf: np.ndarray, valid: np.ndarray, ny: int, nx: int
) -> tuple[np.ndarray, np.ndarray]:
    """Grid indices (iy, ix) of the blocks that lie wholly on the photo, have texture and do not
    resemble themselves a few pixels away."""
    r = SEARCH
    holes = block_means((~valid).astype(np.float32), r, ny, nx)
    ma = block_means(wf, r, ny, nx)
    var = block_means(wf * wf, r, ny, nx) - ma * ma
    keep = (holes == 0) & (var >= MIN_STD * MIN_STD)
    if int(keep.sum()) < MIN_BLOCKS:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    keep &= ncc_shifts(wf, wf, r, ny, nx, RING).max(axis=0) <= SELF_NCC
    iy, ix = np.nonzero(keep)
    return iy, ix


def cornerness(img: np.ndarray, r: int, ny: int, nx: int) -> np.ndarray:
    """(ny, nx): smaller over larger eigenvalue of each block's gradient structure tensor (the
    grid of ``block_means``; 0: one straight edge or parallel streaks, 1: structure alike in
    every direction; Shi & Tomasi 1994)."""
    import cv2

    gx = cv2.Sobel(img, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(img, cv2.CV_32F, 0, 1, ksize=3)
    xx, yy, xy = (block_means(g, r, ny, nx) for g in (gx * gx, gy * gy, gx * gy))
    half = np.sqrt(0.25 * (xx - yy) ** 2 + xy * xy)
    large, small = 0.5 * (xx + yy) + half, 0.5 * (xx + yy) - half
    return np.where(large > 1e-6, small / np.maximum(large, 1e-6), 0.0)


def _coherent(shifted: dict[tuple[int, int], np.ndarray], alike: float) -> int:
    """Moved blocks with a neighbour (8-neighbourhood of the grid) that moved alike (within
    ``alike`` pixels): parallax and motion move neighbouring blocks alike; a block that chance (a
    frame's edge, an overlay) matched off its place stands alone."""
    return sum(
        1
        for (y, x), v in shifted.items()
        if any(
            (y + dy, x + dx) in shifted
            and float(np.hypot(*(shifted[(y + dy, x + dx)] - v))) <= alike
            for dy in (-1, 0, 1)
            for dx in (-1, 0, 1)
            if dy or dx
        )
    )


def same_shot(
    gray: np.ndarray,
    thumb: np.ndarray,
    photo_size: tuple[int, int],
    matrix: np.ndarray,
    box: tuple[int, int, int, int],
) -> SameShot | None:
    """Block evidence over the visible ``box``; None when the view is too small or plain to say.

    ``matrix`` maps analysed-photo pixels to suspect pixels (2 x 3 similarity or 3 x 3
    homography, mirror included); ``thumb`` is the photo at any resolution (the stored
    thumbnail, or the original file, original_look.py)."""
    pair = working_pair(gray, thumb, photo_size, matrix, box)
    examined = examine_pair(*pair) if pair is not None else None
    if pair is None or examined is None:
        return None
    evidence, model = examined
    settled = aligned(pair[1], pair[2], model)
    shown = local_scale(as_warp(matrix), photo_size[0] / 2, photo_size[1] / 2) * max(photo_size)
    if shown <= min(MAX_SHOWN, max(thumb.shape)) and (motion := moved_pixels(pair[0], *settled)):
        evidence = replace(evidence, motion_area=motion[0], motion_moved=motion[1])
    again = examine_pair(pair[0], *settled, fine=True)
    if again is None:
        return evidence
    return replace(evidence, aligned_blocks=again[0].blocks, aligned_moved=again[0].moved)


def grown_box(
    shape: tuple[int, ...],
    photo_size: tuple[int, int],
    matrix: np.ndarray,
    box: tuple[int, int, int, int],
) -> tuple[int, int, int, int] | None:
    """``box`` grown by AROUND times its width and height on each side, within the photo's
    projected outline and an image of ``shape``; None when that adds less than MIN_GROWTH of
    the box (the photo is shown whole, or its outline ends at the box)."""
    x, y, w, h = box
    corners = project_corners(matrix, photo_size)
    lo = np.maximum([0.0, 0.0], corners.min(axis=0))
    hi = np.minimum([shape[1], shape[0]], corners.max(axis=0))
    x0, y0 = max(lo[0], x - AROUND * w), max(lo[1], y - AROUND * h)
    x1, y1 = min(hi[0], x + w + AROUND * w), min(hi[1], y + h + AROUND * h)
    grown = (round(x0), round(y0), round(x1 - x0), round(y1 - y0))
    if grown[2] * grown[3] < (1.0 + MIN_GROWTH) * w * h:
        return None
    return grown


def moved_around(
    gray: np.ndarray,
    thumb: np.ndarray,
    photo_size: tuple[int, int],
    matrix: np.ndarray,
    box: tuple[int, int, int, int],
) -> tuple[int, int] | None:
    """(blocks, moved blocks) of the block test read over ``box`` grown by AROUND on each side,
    within the photo's projected outline and the image; None when that adds little (the photo
    is shown whole, or its outline ends at the box) or the view is too small or plain to say."""
    grown = grown_box(gray.shape, photo_size, matrix, box)
    if grown is None:
        return None
    pair = working_pair(gray, thumb, photo_size, matrix, grown)
    examined = examine_pair(*pair) if pair is not None else None
    return None if examined is None else (examined[0].blocks, examined[0].moved)


def aligned(
    warped: np.ndarray, valid: np.ndarray, model: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The warped photo and its valid mask moved by the blocks' homography (``examine_pair``)."""
    import cv2

    h, w = warped.shape
    moved = cv2.warpPerspective(warped, model, (w, h), flags=cv2.INTER_LINEAR)
    inside = cv2.warpPerspective(valid.astype(np.uint8), model, (w, h), flags=cv2.INTER_NEAREST)
    return moved, cv2.erode(inside, np.ones((3, 3), np.uint8)) > 0


def examine_pair(
    work: np.ndarray, warped: np.ndarray, valid: np.ndarray, *, fine: bool = False
) -> tuple[SameShot, np.ndarray] | None:
    """Block evidence of a working pair (``working_pair``) and the homography the blocks' best
    shifts agree on (warped-photo pixels -> suspect working pixels). ``fine``: the pair is
    already aligned (``aligned``), and a block counts as moved from ALIGNED_MOVED_PX off."""
    import cv2

    h, w = work.shape
    wf = warped.astype(np.float32)
    r = SEARCH
    ny, nx = (h - 2 * r - BLOCK) // STEP + 1, (w - 2 * r - BLOCK) // STEP + 1
    if ny < 1 or nx < 1:
        return None
    iy, ix = _distinctive(wf, valid, ny, nx)
    blocks = int(iy.size)
    if blocks < MIN_BLOCKS:
        return None
    side = 2 * r + 1
    # (shifts, blocks): each block's correlation at every shift around its place
    flat = ncc_shifts(wf, work.astype(np.float32), r, ny, nx, _SHIFTS)[:, iy, ix]
    arg = np.argmax(flat, axis=0)
    best = flat[arg, np.arange(blocks)]
    src = np.stack([r + STEP * ix + BLOCK / 2, r + STEP * iy + BLOCK / 2], axis=1).astype(
        np.float32
    )
    offsets = np.stack([arg % side - r, arg // side - r], axis=1).astype(np.float32)
    good = best >= GOOD_NCC
    # What one transform explains: the fit's own small errors (a pixel or two of scale, turn or
    # perspective) move every block the same smooth way; parallax and motion do not.
    model = None
    if good.sum() >= 8:
        model, _ = cv2.findHomography(src[good], src[good] + offsets[good], cv2.RANSAC, 1.0)
    if model is None:
        model = np.eye(3)
    pred = cv2.perspectiveTransform(src[None], model)[0] - src
    px, py = np.rint(pred[:, 0]).astype(int) + r, np.rint(pred[:, 1]).astype(int) + r
    inside = (px >= 0) & (px < side) & (py >= 0) & (py < side)
    at_model = np.full(blocks, -1.0)
    at_model[inside] = flat[(py * side + px)[inside], np.nonzero(inside)[0]]
    residual = offsets - pred
    off = np.hypot(residual[:, 0], residual[:, 1])
    px, gain, alike = (
        (ALIGNED_MOVED_PX, ALIGNED_GAIN, ALIGNED_COHERENT_PX)
        if fine
        else (MOVED_PX, MOVED_GAIN, COHERENT_PX)
    )
    in_place = int(((off < MOVED_PX) & good).sum())
    moved = (off >= px) & good & (best - at_model >= gain)
    if moved.any():  # only blocks with structure in two directions (the aperture problem)
        moved[moved] &= cornerness(wf, r, ny, nx)[iy[moved], ix[moved]] >= MIN_CORNERNESS
    shifted = {(int(iy[k]), int(ix[k])): residual[k] for k in np.nonzero(moved)[0]}
    agree = float(np.maximum(at_model, 0.0).sum())
    found = int((best >= FOUND_NCC).sum())
    evidence = SameShot(blocks, in_place, _coherent(shifted, alike), agree / blocks, found=found)
    return evidence, model


def another_shot(evidence: SameShot | None) -> bool:
    """Whether the blocks show another photograph of the scene (parallax or motion)."""
    if evidence is None:
        return False
    if evidence.far_moved >= ANOTHER_FAR:
        return True
    fine = evidence.fine_moved
    many = fine >= ANOTHER_FINE_MANY and fine >= ANOTHER_FINE_MANY_SHARE * evidence.fine_blocks
    if many and not evidence.tilted:
        return True
    if fine >= ANOTHER_FINE and fine >= ANOTHER_FINE_SHARE * evidence.fine_blocks:
        return True
    if evidence.around_far >= ANOTHER_AROUND_FAR:
        return True
    if shows_motion(evidence.motion_area, evidence.motion_moved):
        return True
    around = evidence.around_moved
    if around >= ANOTHER_AROUND and around >= ANOTHER_AROUND_SHARE * evidence.around_blocks:
        return True
    settled = evidence.aligned_moved
    if settled >= ANOTHER_ALIGNED and settled >= ANOTHER_ALIGNED_SHARE * evidence.aligned_blocks:
        return True
    return evidence.moved >= ANOTHER_MOVED and evidence.moved_share >= ANOTHER_SHARE


def not_this_photo(evidence: SameShot | None) -> bool:
    """Whether the thumbnail's blocks (engine.py) rule out this very photograph: they show
    another shot of the scene, or hardly any of them is found clearly in the suspect.

    The found share is read at the thumbnail's scale only (engine.py): read in the original
    file, the sensor noise of a soft photo (an apple shown in a 228 px avatar) is itself
    "texture" that a true copy shown small no longer has (its mean agreement was 0.19 there)."""
    if another_shot(evidence):
        return True
    if evidence is None or evidence.blocks < FOUND_BLOCKS:
        return False
    return evidence.found_share < MIN_FOUND_SHARE
