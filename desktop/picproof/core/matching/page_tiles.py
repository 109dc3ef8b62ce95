"""Tiles of a grid, found by the page between them: an image-search result page, a gallery, a
shop's product grid shows dozens of thumbnails separated by gutters of the page's own colour.

framed_regions.py finds a thumbnail by the closed edge around it. In a dense grid the gutters are
a few pixels wide (8 px on a 1440 px desktop page: 3.5 px on the 0.25 MP copy the searches read),
and the edges of two neighbouring tiles, dilated to close them, run into each other: the whole
row becomes one contour, too large to be a frame. On the probe sets the tiles an image-search
grid lost were never proposed (or, found by the whole-suspect pass, boxed across their
neighbours). What separates them is still there: the page colour itself. Pixels within
``PAGE_LEVELS`` grey levels of the page (the most common level among the copy's plain pixels)
are page; every connected part of the rest whose outline fills its box (``MIN_FILL``) is a tile.
A page of 40 tiles is 40 more dense descriptions, lookups and verifications (+0.35 s CPU per
grid screenshot when every tile was looked up), and the whole-suspect pass finds most tiles by
itself. So a tile is only proposed here; it is described and looked up (like a framed region,
settled only by the close look: engine.examine_region) where the whole-suspect pass left a
finding it could not settle, most of whose inliers lie in that tile (``tiles_holding``): a tile
whose fit found the photo but whose agreement box ran across the gutters into the neighbours.
"""

from __future__ import annotations

import numpy as np

from picproof.core.matching.query import shrink_to
from picproof.core.matching.round_regions import SEARCH_PIXELS, photo_like

#: Pixels whose 3 x 3 grey-level range is at most this are plain: the page is the most common
#: grey level among them.
PLAIN_RANGE = 6
#: A pixel within this many grey levels of the page's level is page (JPEG's ringing in a gutter
#: next to a dark tile stays within it; a plain range test there would close the gutter).
PAGE_LEVELS = 8
#: A tile: its outline fills at least this share of its box (a rectangle; text, icons and
#: tilted prints do not), sides between these shares of the copy's shorter and longer side
#: (framed_regions.MIN_SIDE_SHARE, MAX_SIDE_SHARE) and an aspect of at most MAX_ASPECT.
MIN_FILL = 0.9
#: At most this many tiles per suspect, the most textured first (each costs a dense
#: description and a lookup; an image-search page shows up to ~40).
MAX_TILES = 40
#: A tile holds a finding when at least this share of the finding's inliers lie inside it.
HOLDS = 0.5

Box = tuple[int, int, int, int]


def page_tiles(gray: np.ndarray, sides: tuple[float, float], max_aspect: float) -> list[Box]:
    """``page_tiles_in`` on the suspect ``gray`` (read on the copy the other searches read)."""
    return page_tiles_in(*shrink_to(gray, SEARCH_PIXELS), sides, max_aspect)


def page_tiles_in(
    work: np.ndarray, factor: float, sides: tuple[float, float], max_aspect: float
) -> list[Box]:
    """Boxes in suspect pixels of the photo-like tiles of ``work`` (the suspect shrunk by
    ``factor``), sides between ``sides`` (shares of the copy's shorter and longer side), the
    most textured first."""
    import cv2

    kernel = np.ones((3, 3), np.uint8)
    plain = (cv2.dilate(work, kernel) - cv2.erode(work, kernel)) <= PLAIN_RANGE
    levels = np.bincount(work[plain], minlength=256)
    if not levels.any():
        return []
    page = int(levels.argmax())
    other = (np.abs(work.astype(np.int16) - page) > PAGE_LEVELS).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(other, connectivity=4)
    short, long_ = min(work.shape), max(work.shape)
    out: list[tuple[float, Box]] = []
    for i in range(1, n):
        x, y, w, h, _ = (int(v) for v in stats[i])
        if min(w, h) < sides[0] * short or max(w, h) > sides[1] * long_:
            continue
        if max(w, h) > max_aspect * min(w, h):
            continue
        part = (labels[y : y + h, x : x + w] == i).astype(np.uint8)
        outline, _ = cv2.findContours(part, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        if max(cv2.contourArea(c) for c in outline) < MIN_FILL * w * h:
            continue
        # the middle two thirds, as for a frame: a flat card or a block of text is no photo
        inside = work[y + h // 6 : y + h - h // 6, x + w // 6 : x + w - w // 6]
        if photo_like(inside):
            box = (round(x / factor), round(y / factor), round(w / factor), round(h / factor))
            out.append((float(inside.std()), box))
    out.sort(key=lambda t: -t[0])
    return [box for _, box in out[:MAX_TILES]]


def tiles_holding(tiles: list[Box], inliers: list[np.ndarray]) -> list[Box]:
    """The ``tiles`` holding at least HOLDS of one of the point sets ``inliers`` (suspect
    pixels, the inliers of findings not yet settled), in the order of ``tiles``."""
    held = []
    for x, y, w, h in tiles:
        for pts in inliers:
            inside = (pts[:, 0] >= x) & (pts[:, 0] < x + w) & (pts[:, 1] >= y) & (pts[:, 1] < y + h)
            if len(pts) and inside.mean() >= HOLDS:
                held.append((x, y, w, h))
                break
    return held
