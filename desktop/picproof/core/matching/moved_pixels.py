"""This very photograph, or a moment apart? The pixels the photo's own pixels moved to.

The block tests (same_shot.py, far_moves.py) look for 16 px blocks that moved. A burst shown
small (a person throwing a ball, an animated animal a quarter of a second later, shown at
140-500 px) moves a limb, a ball or an ear by a few pixels: too thin for a block, which also
holds the background that stayed, and too smooth for a block to be found clearly elsewhere.

So the suspect is compared with the photo pixel by pixel, at the size the suspect shows it (the
stored thumbnail or the original file brought down to that size, warped by the fit and aligned
by the homography its blocks agree on: same_shot.aligned). The photo's grey levels are first
mapped onto the suspect's by the curve of the suspect's median level at each photo level (a
colour filter, a brightness or contrast change), and each suspect pixel is compared with the
range of the photo's levels within a pixel of its place (resampling and what is left of the
fit's error move an edge by a pixel). A copy then differs only by recompression noise, and
where it is covered (text, stickers, UI); another moment differs where something moved.

What tells the two apart is whether the difference is *motion*: a suspect pixel "moved" where
  * its 5 x 5 neighbourhood differs from the photo's at its place (mean difference >= HOT),
  * the suspect is textured there (std >= TEXTURE) and not next to a flat patch the photo lacks
    (an overlay's flat fill, its outline and its text: a caption box, a sticker, an emoji), and
  * the photo's neighbourhood a few pixels away (up to SHIFT) explains it: the difference there
    is below RATIO of the difference at its place. An overlay's text, a sticker's outline, an
    emoji are not in the photo next to where they are drawn; a moved limb is.
A finding with >= ANOTHER_MOTION such pixels, making >= ANOTHER_MOTION_SHARE of the pixels
compared, is another shot of the scene. Read only where the photo is shown at most
MAX_SHOWN px (original_look.py; the thumbnail's scale in same_shot.py): the chance study of
core/matching/README.md ("Moved pixels") covered those.
"""

from __future__ import annotations

import numpy as np

#: Mean absolute difference (grey levels, 5 x 5 neighbourhood) from which a pixel differs.
HOT = 10.0
#: Suspect texture (std of the 5 x 5 neighbourhood) a moved pixel needs; below FLAT the suspect
#: is flat, and a flat suspect patch where the photo is textured (>= 4) is an overlay, which
#: with a margin of OVERLAY_MARGIN px (its outline, its text) says nothing.
TEXTURE = 6.0
FLAT = 2.5
OVERLAY_MARGIN = 4
#: The photo's neighbourhood is looked for up to this many pixels off the place, and explains
#: the difference when it differs by less than RATIO of the difference at the place.
SHIFT = 4
RATIO = 0.4
#: Another shot of the scene: at least this many moved pixels, and this share of those
#: compared. True copies read (dev, probe, near-duplicate sets): at most 330 pixels (2.4 per
#: mille) and 5.9 per mille (117 pixels, a dark chat picture); the share is 1.5x that. Bursts
#: and animation frames shown small: 8-28 per mille (core/matching/README.md, "Moved pixels").
ANOTHER_MOTION = 100
ANOTHER_MOTION_SHARE = 0.009
#: Read only where the photo is shown at most this large (its longer side, suspect pixels).
MAX_SHOWN = 512
#: Fewer pixels compared than this: no opinion.
MIN_AREA = 2000


def _tone(photo: np.ndarray, suspect: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """``photo`` mapped onto ``suspect``'s grey levels: the suspect's median level over the
    valid pixels of each photo level (32 bins, interpolated)."""
    bins = np.clip((photo / 8).astype(np.int64), 0, 31)
    levels, values = bins[valid], suspect[valid]
    curve, have = np.zeros(32, np.float32), np.zeros(32, bool)
    order = np.argsort(levels, kind="stable")
    levels, values = levels[order], values[order]
    edges = np.searchsorted(levels, np.arange(33))
    for b in range(32):
        lo, hi = edges[b], edges[b + 1]
        if hi - lo >= 20:
            curve[b], have[b] = np.median(values[lo:hi]), True
    if have.sum() < 2:
        return photo
    full = np.interp(np.arange(32), np.nonzero(have)[0], curve[have])
    return np.interp(photo / 8 - 0.5, np.arange(32), full).astype(np.float32)


def _local_std(img: np.ndarray) -> np.ndarray:
    import cv2

    m = cv2.blur(img, (5, 5))
    sd: np.ndarray = np.sqrt(np.maximum(cv2.blur(img * img, (5, 5)) - m * m, 0.0))
    return sd


def moved_pixels(work: np.ndarray, photo: np.ndarray, inside: np.ndarray) -> tuple[int, int] | None:
    """(pixels compared, pixels moved) of the suspect ``work`` against the aligned ``photo``
    (same_shot.aligned; ``inside``: where the photo lies); None when too few are compared."""
    import cv2

    area = int(inside.sum())
    if area < MIN_AREA:
        return None
    s = work.astype(np.float32)
    t = _tone(photo.astype(np.float32), s, inside)
    near = np.ones((3, 3), np.uint8)
    off = np.maximum(0.0, np.maximum(s - cv2.dilate(t, near), cv2.erode(t, near) - s))
    off[~inside] = 0.0
    diff = cv2.blur(off, (5, 5))
    sd = _local_std(s)
    flat = ((sd < FLAT) & (_local_std(t) >= 4.0)).astype(np.uint8)
    side = 2 * OVERLAY_MARGIN + 1
    overlay = cv2.dilate(flat, np.ones((side, side), np.uint8)) > 0
    valid = cv2.erode(inside.astype(np.uint8), np.ones((2 * SHIFT + 1,) * 2, np.uint8)) > 0
    candidate = valid & (diff >= HOT) & (sd >= TEXTURE) & ~overlay
    if not candidate.any():
        return area, 0
    ys, xs = np.nonzero(candidate)
    y0, y1 = max(0, ys.min() - SHIFT - 2), min(s.shape[0], ys.max() + SHIFT + 3)
    x0, x1 = max(0, xs.min() - SHIFT - 2), min(s.shape[1], xs.max() + SHIFT + 3)
    sc, tc = s[y0:y1, x0:x1], t[y0:y1, x0:x1]
    h, w = sc.shape
    pad = cv2.copyMakeBorder(tc, SHIFT, SHIFT, SHIFT, SHIFT, cv2.BORDER_REFLECT)
    best = np.full((h, w), np.inf, np.float32)
    for dy in range(-SHIFT, SHIFT + 1):
        for dx in range(-SHIFT, SHIFT + 1):
            shifted = pad[SHIFT + dy : SHIFT + dy + h, SHIFT + dx : SHIFT + dx + w]
            np.minimum(best, cv2.blur(cv2.absdiff(sc, shifted), (5, 5)), out=best)
    moved = candidate[y0:y1, x0:x1] & (best < RATIO * diff[y0:y1, x0:x1])
    return area, int(moved.sum())


def shows_motion(area: int, moved: int) -> bool:
    """Whether ``moved_pixels``' count shows another moment of the scene."""
    return moved >= ANOTHER_MOTION and moved >= ANOTHER_MOTION_SHARE * area
