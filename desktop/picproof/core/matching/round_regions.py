"""Round photos shown small (profile pictures) are looked up on their own, at their own scale.

A photo shown as a 70-150 px circle (the avatar of a chat, a feed post, a dating card) holds a few
dozen of a screenshot's thousands of keypoints. Retrieval over the whole screenshot can rank it
anywhere, and at the suspect's resolution SIFT finds only its coarse structure, which the photo's
stored keypoints (described at 400 px) barely share. Circles are easy to find, though: each round
region is cut out with a margin, shrunk to ``REGION_SIDE`` if larger (never enlarged: SIFT
doubles it itself), described densely, and looked up in the index by itself; its best few
photos are then verified against the region's keypoints, and only the close look may settle
such a fit (engine.examine_region: dense keypoints of a small region let wrong photos reach many
inliers).

Measured on the dev set (72 photos, 150 screenshots; core/matching/README.md): the proposals
include 9 of its 11 round photos (the two missed are 290 px circles, which the whole-suspect pass
finds); looked up this way, three circles of 76-142 px that the whole-suspect pass missed were
found, and no wrong photo reached any level.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from picproof.core.matching.features import sift_with_response
from picproof.core.matching.query import QueryFeatures, in_suspect, shrink_to
from picproof.core.matching.round_masks import MAX_FLAT, flat_share, on_plain_page, round_masks

#: Circles are searched on a copy of the suspect of about this many pixels (a 76 px avatar of a
#: 1080 px wide phone screenshot is still 24 px across there); radii between these shares of
#: the copy's shorter side: smaller is an icon, larger the whole-suspect pass sees well.
SEARCH_PIXELS = 250_000
MIN_RADIUS_SHARE = 0.012
MAX_RADIUS_SHARE = 0.12
#: HoughCircles (HOUGH_GRADIENT_ALT) settings: edge threshold and how round a circle must be.
CANNY_HIGH = 300
ROUNDNESS = 0.85
#: A photo has texture inside (a circle's or a frame's); a flat button or a one-colour icon has
#: none (grey-level std).
MIN_INSIDE_STD = 8.0
#: ... and few pixels of any one grey level (in steps of 4): an icon, a logo or a glyph on a plain
#: background has most. Dev set: round photos at most 0.12, framed ones at most 0.31; of the other
#: circles 126 of 455 and of the other frames a third are above 0.6. Each region costs a dense
#: SIFT pass and a lookup, so these are dropped before them.
MAX_FLAT_SHARE = 0.6
#: At most this many regions per suspect, the most clearly round first.
MAX_REGIONS = 10
#: Each region is cut out with this margin (share of its diameter) and shrunk to this side if
#: larger (a 300 px circle needs no more detail), never enlarged: SIFT doubles the image itself,
#: and enlarging a 100 px region 3x more only added keypoints at scales finer than its pixels
#: (416 instead of 178 per dev region) at twice the cost. Dev set: no enlargement finds the same
#: pairs as 3x at 72, 10,000 and 100,000 photos; 1.5x lost an 87 px circle at 10,000.
MARGIN = 0.15
REGION_SIDE = 240
CONTRAST = 0.01
#: A region with fewer keypoints than this is not worth a lookup.
MIN_KEYPOINTS = 8


def round_regions(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) in suspect pixels of round, textured regions: candidate avatars."""
    return round_regions_in(*shrink_to(gray, SEARCH_PIXELS), gray.shape, gray)


def round_regions_in(
    work: np.ndarray, factor: float, shape: tuple[int, ...], gray: np.ndarray | None = None
) -> list[tuple[int, int, int, int]]:
    """``round_regions`` on ``work``, the suspect (of ``shape``) shrunk by ``factor`` to about
    SEARCH_PIXELS; given the suspect ``gray`` itself, each circle is placed again on it
    (``sharpen_circle``)."""
    import cv2

    h, w = shape[:2]
    short = min(work.shape)
    min_r, max_r = max(5, round(MIN_RADIUS_SHARE * short)), round(MAX_RADIUS_SHARE * short)
    if max_r <= min_r:
        return []
    found = cv2.HoughCircles(
        work,
        cv2.HOUGH_GRADIENT_ALT,
        dp=1.5,
        minDist=10,
        param1=CANNY_HIGH,
        param2=ROUNDNESS,
        minRadius=min_r,
        maxRadius=max_r,
    )
    circles = []
    plain = []  # discs of a few flat colours: a vector wallpaper's avatar, or an icon
    for cx, cy, r in found[0] if found is not None else ():
        inside = _disc(work, float(cx), float(cy), 0.7 * float(r))
        if photo_like(inside):
            circles.append((float(cx) / factor, float(cy) / factor, float(r) / factor))
        elif plain_disc(inside):
            plain.append((float(cx) / factor, float(cy) / factor, float(r) / factor))

    def on_page(cx: float, cy: float, r: float, max_flat: float = MAX_FLAT) -> bool:
        if gray is not None:
            return on_plain_page(gray, cx, cy, r, max_flat)
        return on_plain_page(work, cx * factor, cy * factor, r * factor, max_flat)

    # discs the edge search missed, found by the plain page around them (round_masks.py)
    for cx, cy, r in round_masks(work, factor, (min_r, max_r)):
        if _new(cx, cy, r, circles):
            if on_page(cx, cy, r):
                circles.append((cx, cy, r))
            else:
                plain.append((cx, cy, r))
    # plain discs last (the most clearly photo-like first), and only on a plain page
    for cx, cy, r in plain:
        if _new(cx, cy, r, circles) and on_page(cx, cy, r, PLAIN_DISC_FLAT):
            circles.append((cx, cy, r))
    boxes: list[tuple[int, int, int, int]] = []
    for cx, cy, r in circles:
        if gray is not None:
            cx, cy, r = sharpen_circle(gray, cx, cy, r)
            cx, cy, r = within_ring(gray, cx, cy, r)
        x0, y0 = max(0, round(cx - r)), max(0, round(cy - r))
        x1, y1 = min(w, round(cx + r)), min(h, round(cy + r))
        if x1 - x0 >= 8 and y1 - y0 >= 8:
            boxes.append((x0, y0, x1 - x0, y1 - y0))
        if len(boxes) >= MAX_REGIONS:
            break
    return boxes


def _new(cx: float, cy: float, r: float, circles: list[tuple[float, float, float]]) -> bool:
    """Whether a circle is not one of ``circles`` (centres within half the larger radius)."""
    return all(np.hypot(cx - c[0], cy - c[1]) > 0.5 * max(r, c[2]) for c in circles)


#: A circle found on the shrunk copy is placed again on the suspect itself: centre and radius
#: within this share of the radius (at least REACH_MIN px) of where the copy put them, where the
#: rim's radial gradient is strongest. On the 0.25 MP copy of a phone
#: screenshot a pixel is 3 suspect px: a 48 px avatar's box was off by up to 4 px (IoU 0.83).
REACH = 0.12
REACH_MIN = 3
RIM_SAMPLES = 64
RIM_KEEP = 0.75


def sharpen_circle(gray: np.ndarray, cx: float, cy: float, r: float) -> tuple[float, float, float]:
    """(cx, cy, r) moved to where the circle's rim is sharpest in ``gray`` (suspect pixels):
    searched in steps of up to a fifth of the reach, then again in 1 px steps around the best."""
    import cv2

    reach = max(REACH_MIN, round(REACH * r))
    pad = int(r + 2 * reach + 3)
    x0, y0 = max(0, int(cx) - pad), max(0, int(cy) - pad)
    patch = gray[y0 : int(cy) + pad + 1, x0 : int(cx) + pad + 1].astype(np.float32)
    if min(patch.shape) < 8:
        return cx, cy, r
    grad = (
        cv2.Sobel(patch, cv2.CV_32F, 1, 0, ksize=3),
        cv2.Sobel(patch, cv2.CV_32F, 0, 1, ksize=3),
    )
    step = -(-reach // 5)
    moves = _moves(np.arange(-reach, reach + 1, step, dtype=np.float32))
    score = _rim(grad, cx - x0, cy - y0, r, moves)
    # the innermost rim nearly as sharp as the sharpest: a story ring around an avatar is
    # sharper than the photo's own edge, and the box is the photo's
    rim = score >= RIM_KEEP * score.max()
    best = moves[:, np.flatnonzero(rim)[np.lexsort((-score[rim], moves[2, rim]))[0]]]
    if step > 1:
        moves = best[:, None] + _moves(np.arange(1 - step, step, dtype=np.float32))
        best = moves[:, int(np.argmax(_rim(grad, cx - x0, cy - y0, r, moves)))]
    return cx + float(best[0]), cy + float(best[1]), r + float(best[2])


#: A story ring: along most rays from the centre (RING_RAYS of RIM_SAMPLES), going inward from
#: RING_REACH beyond the rim found, a run of pixels of one colour RING_LEVELS or more from the
#: page's grey level (the page read at 1.2-1.4 radii), then a gap of the page's own grey level
#: (within GAP_LEVELS), then the avatar, whose rim is where the gap ends, at most GAP_REACH of
#: the radius inside the rim found. The rims of all rays are fitted with one circle.
RING_REACH = 0.15
GAP_REACH = 0.25
RING_LEVELS = 25.0
GAP_LEVELS = 10.0
RING_RAYS = 0.75


def within_ring(gray: np.ndarray, cx: float, cy: float, r: float) -> tuple[float, float, float]:
    """The circle of the avatar inside a story ring that ``sharpen_circle`` took for the
    avatar's rim (the ring's edges and its gap's are all sharp), or (cx, cy, r) when there is
    no ring with a gap of page inside it."""
    angle = np.linspace(0, 2 * np.pi, RIM_SAMPLES, endpoint=False)
    h, w = gray.shape

    def read(radii: np.ndarray) -> np.ndarray:  # (len(radii), RIM_SAMPLES) grey levels
        px = np.clip(np.rint(cx + np.outer(radii, np.cos(angle))).astype(np.int64), 0, w - 1)
        py = np.clip(np.rint(cy + np.outer(radii, np.sin(angle))).astype(np.int64), 0, h - 1)
        return gray[py, px].astype(np.float64)

    page = float(np.median(read(r * np.array([1.2, 1.3, 1.4]))))
    radii = np.arange(r * (1 + RING_REACH), r * (1 - GAP_REACH), -1.0)
    if radii.size < 3:
        return cx, cy, r
    off = np.abs(read(radii) - page)
    rims = []
    for ray in range(RIM_SAMPLES):
        d = off[:, ray]
        ring = np.flatnonzero(d >= RING_LEVELS)
        if not ring.size:
            continue
        i = int(ring[0])
        while i < d.size and d[i] >= RING_LEVELS:
            i += 1
        if i < d.size and d[i] > GAP_LEVELS:
            i += 1  # one pixel between ring and gap, of both
        j = i
        while j < d.size and d[j] <= GAP_LEVELS:
            j += 1
        if i < j < d.size:  # ring, gap, then the avatar
            rims.append((ray, radii[j] + 0.5))
    if len(rims) < RING_RAYS * RIM_SAMPLES:
        return cx, cy, _ring_all_round(read, page, r)
    rays, rad = np.array([a for a, _ in rims]), np.array([b for _, b in rims])
    x, y = cx + rad * np.cos(angle[rays]), cy + rad * np.sin(angle[rays])
    # algebraic circle fit: x^2 + y^2 = 2 a x + 2 b y + c
    a, b, c = np.linalg.lstsq(np.stack([2 * x, 2 * y, np.ones_like(x)], 1), x * x + y * y)[0]
    fitted = float(np.sqrt(max(c + a * a + b * b, 0.0)))
    if not (1 - GAP_REACH) * r <= fitted < r or np.hypot(a - cx, b - cy) > RING_REACH * r:
        return cx, cy, r
    return float(a), float(b), fitted


#: ... or, read all round (a ring of even width, whose rays the JPEG blurs): a band of one colour
#: (angular std <= BAND_STD) RING_LEVELS from the page, then a band of the page's own level.
BAND_STD = 8.0


def _ring_all_round(read: Callable[[np.ndarray], np.ndarray], page: float, r: float) -> float:
    """The radius where the gap of page inside a ring ends (``within_ring``), read as whole
    circles; ``r`` when there is none."""
    ring = gap = None
    for radius in np.arange(r * (1 + RING_REACH), r * (1 - GAP_REACH), -1.0):
        values = read(np.array([radius]))[0]
        level, spread = float(np.median(values)), float(values.std())
        if spread > BAND_STD:
            if gap is not None:
                break  # the avatar begins
            continue
        if abs(level - page) >= RING_LEVELS and gap is None:
            ring = radius
        elif abs(level - page) <= GAP_LEVELS and ring is not None:
            gap = radius
        elif gap is not None:
            break
    return float(gap) - 0.5 if ring is not None and gap is not None and gap < r else r


def _moves(steps: np.ndarray) -> np.ndarray:
    """(3, n): every (dx, dy, dr) with each of ``steps``."""
    return np.stack([a.ravel() for a in np.meshgrid(steps, steps, steps, indexing="ij")])


def _rim(
    grad: tuple[np.ndarray, np.ndarray], cx: float, cy: float, r: float, moves: np.ndarray
) -> np.ndarray:
    """Mean radial gradient magnitude along the circle (cx, cy, r) moved by each of ``moves``."""
    gx, gy = grad
    angle = np.linspace(0, 2 * np.pi, RIM_SAMPLES, endpoint=False, dtype=np.float32)
    cos, sin = np.cos(angle), np.sin(angle)
    radius = (r + moves[2])[:, None]
    px = np.rint(cx + moves[0][:, None] + radius * cos).astype(np.int64)
    py = np.rint(cy + moves[1][:, None] + radius * sin).astype(np.int64)
    h, w = gx.shape
    inside = (px >= 0) & (px < w) & (py >= 0) & (py < h)
    px, py = np.clip(px, 0, w - 1), np.clip(py, 0, h - 1)
    radial = np.abs(gx[py, px] * cos + gy[py, px] * sin) * inside
    score: np.ndarray = radial.mean(axis=1)
    return score


def _disc(work: np.ndarray, cx: float, cy: float, radius: float) -> np.ndarray:
    """Grey levels inside a disc (a square would take in the background at its corners)."""
    x0, y0 = max(0, int(cx - radius)), max(0, int(cy - radius))
    patch = work[y0 : int(cy + radius) + 1, x0 : int(cx + radius) + 1].astype(np.float32)
    if patch.size == 0:
        return patch.ravel()
    yy, xx = np.mgrid[y0 : y0 + patch.shape[0], x0 : x0 + patch.shape[1]]
    inside: np.ndarray = patch[(xx - cx) ** 2 + (yy - cy) ** 2 <= radius * radius]
    return inside


#: A plain disc: a circle flatter than a photo (MAX_FLAT_SHARE) but at most this much one grey
#: level, on a plain page (round_masks.on_plain_page): an avatar cut from a vector wallpaper of
#: a few flat colours (held-style kinds sets: 62-84 % one level), not a one-colour button. It
#: is placed by its pixels and settled as any round region (README "Tiny images": plain discs).
PLAIN_DISC_FLAT = 0.9


def plain_disc(grey: np.ndarray) -> bool:
    """Whether the inside of a circle could be a photo of a few flat colours (a vector
    wallpaper): texture (MIN_INSIDE_STD), but not one grey level (PLAIN_DISC_FLAT)."""
    return (
        bool(grey.size)
        and float(grey.std()) >= MIN_INSIDE_STD
        and flat_share(grey) <= PLAIN_DISC_FLAT
    )


def photo_like(grey: np.ndarray) -> bool:
    """Whether the inside of a region (its grey levels) could be a photo: texture
    (MIN_INSIDE_STD) and no dominant grey level (MAX_FLAT_SHARE). Circles and frames alike."""
    return (
        bool(grey.size)
        and float(grey.std()) >= MIN_INSIDE_STD
        and flat_share(grey) <= MAX_FLAT_SHARE
    )


def region_features(gray: np.ndarray, box: tuple[int, int, int, int]) -> QueryFeatures | None:
    """Dense features of one region of the suspect, in suspect pixels (None if too few)."""
    import cv2

    x, y, bw, bh = box
    margin = round(MARGIN * max(bw, bh))
    h, w = gray.shape
    x0, y0 = max(0, x - margin), max(0, y - margin)
    x1, y1 = min(w, x + bw + margin), min(h, y + bh + margin)
    crop = gray[y0:y1, x0:x1]
    factor = float(min(REGION_SIDE / max(1, min(crop.shape)), 1.0))
    if factor < 1.0:
        crop = cv2.resize(
            crop,
            (max(1, round(crop.shape[1] * factor)), max(1, round(crop.shape[0] * factor))),
            interpolation=cv2.INTER_AREA,
        )
    pts, desc, _ = sift_with_response(crop, 0, CONTRAST)
    if desc.shape[0] < MIN_KEYPOINTS:
        return None
    return in_suspect(gray, pts, desc, factor, (x0, y0))
