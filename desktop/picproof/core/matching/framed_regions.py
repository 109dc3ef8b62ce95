"""Small photos in rectangular frames (a thumbnail, a product tile, a picture sent in a chat) are
looked up on their own, at their own scale, like round ones (round_regions.py).

In a large library a photo shown at 90-250 px holds too few of a screenshot's keypoints for the
whole-screenshot retrieval to rank it among the few photos verified. Its frame is easy to see,
though: a closed edge around a textured inside, with the flat UI around it. Frames are found on a
small copy of the suspect (edges, closed contours with four to eight corners that fill their
bounding box); each is then described and looked up exactly like a round region, with the same
rule: only the close look may settle its fit (engine.examine_region).

Measured on the dev set (core/matching/README.md): the proposals include 53 of its 106 photos
shown at most 30 % of the screenshot's longer side; most of the others sit in grids whose tiles
touch (no closed edge each) or are round (the round pass proposes those).
"""

from __future__ import annotations

import numpy as np

from picproof.core.matching.query import shrink_to
from picproof.core.matching.round_regions import SEARCH_PIXELS, photo_like, round_regions_in

Box = tuple[int, int, int, int]

# Frames are searched on the same small copy as circles (round_regions.SEARCH_PIXELS), and
# their inside must look like a photo by the same rule (round_regions.photo_like).
#: Canny thresholds for the frame edges (a photo's border against flat UI is a strong edge).
EDGE_LOW, EDGE_HIGH = 50, 150
#: Side limits: at least this share of the copy's shorter side (smaller is an icon), at most this
#: share of its longer side (larger photos hold enough keypoints for the whole-suspect pass).
MIN_SIDE_SHARE = 0.04
MAX_SIDE_SHARE = 0.30
MAX_ASPECT = 3.0
#: A frame's contour encloses at least this share of its bounding box, and simplifies to this
#: many corners (four, more when the corners are rounded).
MIN_FILL = 0.8
CORNERS = (4, 8)
SIMPLIFY = 0.04
#: At most this many frames per suspect, the most textured first.
MAX_REGIONS = 8
#: A frame that overlaps a round region this much (IoU) is that region.
SAME_REGION_IOU = 0.5


def framed_regions(gray: np.ndarray) -> list[Box]:
    """Boxes (x, y, w, h) in suspect pixels of small framed, textured regions."""
    return framed_regions_in(*shrink_to(gray, SEARCH_PIXELS))


def framed_regions_in(work: np.ndarray, factor: float) -> list[Box]:
    """``framed_regions`` on ``work``, the suspect shrunk by ``factor`` to about SEARCH_PIXELS."""
    import cv2

    edges = cv2.dilate(cv2.Canny(work, EDGE_LOW, EDGE_HIGH), np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    short, long_ = min(work.shape), max(work.shape)
    scored: list[tuple[float, Box]] = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if min(w, h) < MIN_SIDE_SHARE * short or max(w, h) > MAX_SIDE_SHARE * long_:
            continue
        if max(w, h) > MAX_ASPECT * min(w, h) or cv2.contourArea(contour) < MIN_FILL * w * h:
            continue
        corners = cv2.approxPolyDP(contour, SIMPLIFY * cv2.arcLength(contour, True), True)
        if not CORNERS[0] <= len(corners) <= CORNERS[1]:
            continue
        # the middle two thirds: a flat button, or a card of text or icons on a plain background,
        # is no photo
        inside = work[y + h // 6 : y + h - h // 6, x + w // 6 : x + w - w // 6]
        if not photo_like(inside):
            continue
        spread = float(inside.std())
        box = (round(x / factor), round(y / factor), round(w / factor), round(h / factor))
        if any(overlap(box, other) > SAME_REGION_IOU for _, other in scored):
            continue  # the inner and outer edge of one frame
        scored.append((spread, box))
    scored.sort(key=lambda s: -s[0])
    return [box for _, box in scored[:MAX_REGIONS]]


def small_regions(gray: np.ndarray) -> list[Box]:
    """Round regions (round_regions.py), then the frames that are not one of them."""
    rounds, frames = round_and_framed_regions(gray)
    return rounds + frames


def round_and_framed_regions(gray: np.ndarray) -> tuple[list[Box], list[Box]]:
    """``small_regions``, the round ones and the framed ones apart."""
    work, factor = shrink_to(gray, SEARCH_PIXELS)  # both searches read the same small copy
    rounds = round_regions_in(work, factor, gray.shape, gray)
    frames = [
        f
        for f in framed_regions_in(work, factor)
        if all(overlap(f, r) <= SAME_REGION_IOU for r in rounds)
    ]
    return rounds, frames


def overlap(a: Box, b: Box) -> float:
    """Intersection over union of two boxes."""
    inter = intersection(a, b)
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def intersection(a: Box, b: Box) -> int:
    """Area shared by two boxes (x, y, w, h)."""
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    return ix * iy
