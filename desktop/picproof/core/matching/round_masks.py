"""Round photos found by the page around them: a UI shows an avatar as a disc cut out of a photo,
on a plain page (a comment thread, a match list, a chat).

HoughCircles (round_regions.py) looks for a round *edge*. A dark photo on a dark page, a soft one,
or a 48 px avatar that is 14 px across on the 0.25 MP copy the search reads has too little of one:
on the kinds probe set 8 of 50 library avatars were never proposed. What such an avatar still
has is its page: everything around the disc is one plain grey, everything inside it is not. Here
the copy's non-plain pixels (a grey-level range over 3 x 3 px above ``PLAIN_RANGE``) are grouped
into connected parts; a part whose box is about square and whose filled outline covers the
disc inscribed in that box and little of the box's corners is a round mask. Icons pass that
much as well (a ring, a heart, a house drawn in lines), so each one is then read on the suspect
itself (``on_plain_page``): the disc must differ from the page around it over most of its area
and show no dominant grey level there, as a photo does and a line drawing on the page does not.
"""

from __future__ import annotations

import numpy as np

#: Pixels whose 3 x 3 grey-level range is at most this are plain (page, flat fills).
PLAIN_RANGE = 6
#: A part's box: sides within this ratio; its filled outline covers at least ``MIN_DISC`` of the
#: inscribed disc and at most ``MAX_CORNERS`` of the box outside it (a square tile fills both).
MAX_ASPECT = 1.2
MIN_DISC = 0.75
MAX_CORNERS = 0.35
#: Read on the suspect: of the disc's inner 85 %, at least ``MIN_APART`` differs from the page
#: (the median of a ring at 1.1-1.3 radii) by more than ``APART_LEVELS`` grey levels, and at most
#: ``MAX_FLAT`` is one grey level (steps of 4). Kinds probe set, dev and probe seed 7 (tests/bench
#: figures in core/matching/README.md, "Tiny images"): true round photos at least 0.53 apart and
#: at most 0.60 flat; the icons this search proposes on the dev set have a median of 0.26 apart
#: and 0.56 flat.
APART_LEVELS = 12
MIN_APART = 0.5
MAX_FLAT = 0.5


def round_masks(
    work: np.ndarray, factor: float, radii: tuple[int, int]
) -> list[tuple[float, float, float]]:
    """(cx, cy, r) in suspect pixels of disc-shaped parts of the shrunk copy ``work`` (suspect
    shrunk by ``factor``), radii between ``radii`` copy pixels, largest part first."""
    import cv2

    kernel = np.ones((3, 3), np.uint8)
    spread = cv2.dilate(work, kernel) - cv2.erode(work, kernel)
    busy = cv2.morphologyEx((spread > PLAIN_RANGE).astype(np.uint8), cv2.MORPH_CLOSE, kernel)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(busy, connectivity=8)
    found = []
    for i in range(1, n):
        x, y, w, h, _ = (int(v) for v in stats[i])
        if not 2 * radii[0] <= min(w, h) <= max(w, h) <= 2 * radii[1]:
            continue
        if max(w, h) > MAX_ASPECT * min(w, h):
            continue
        if _disc_shaped(labels[y : y + h, x : x + w] == i):
            r = (w + h) / 4.0 - 1.0  # the 3 x 3 range marks a pixel beyond each edge
            found.append((r, (x + w / 2.0) / factor, (y + h / 2.0) / factor, r / factor))
    found.sort(key=lambda t: -t[0])
    return [(cx, cy, r) for _, cx, cy, r in found]


def _disc_shaped(part: np.ndarray) -> bool:
    """Whether a part (boolean, its own box) filled in covers its box's inscribed disc and
    little of the corners."""
    import cv2

    h, w = part.shape
    outside = np.pad(part.astype(np.uint8), 1)
    cv2.floodFill(outside, np.zeros((h + 4, w + 4), np.uint8), (0, 0), 2)
    filled = outside[1:-1, 1:-1] != 2
    yy, xx = np.mgrid[0:h, 0:w]
    r = (w + h) / 4.0
    disc = (xx + 0.5 - w / 2.0) ** 2 + (yy + 0.5 - h / 2.0) ** 2 <= r * r
    if disc.all():
        return False
    return bool(filled[disc].mean() >= MIN_DISC and filled[~disc].mean() <= MAX_CORNERS)


def on_plain_page(
    gray: np.ndarray, cx: float, cy: float, r: float, max_flat: float = MAX_FLAT
) -> bool:
    """Whether the disc (cx, cy, r) of the suspect ``gray`` looks like a photo set on the page
    around it: most of it apart from the page's grey level, at most ``max_flat`` of it one
    flat level."""
    pad = int(1.3 * r) + 2
    x0, y0 = max(0, int(cx) - pad), max(0, int(cy) - pad)
    patch = gray[y0 : int(cy) + pad + 1, x0 : int(cx) + pad + 1].astype(np.float32)
    yy, xx = np.mgrid[y0 : y0 + patch.shape[0], x0 : x0 + patch.shape[1]]
    d = np.hypot(xx + 0.5 - cx, yy + 0.5 - cy)
    inside, ring = patch[d <= 0.85 * r], patch[(d >= 1.1 * r) & (d <= 1.3 * r)]
    if not inside.size or not ring.size:
        return False
    apart = float(np.mean(np.abs(inside - float(np.median(ring))) > APART_LEVELS))
    return apart >= MIN_APART and flat_share(inside) <= max_flat


def flat_share(grey: np.ndarray) -> float:
    """Share of the most common grey level (in steps of 4) among the pixels ``grey``."""
    levels = np.asarray(grey).ravel().astype(np.int64) // 4
    return float(np.bincount(levels, minlength=64).max()) / max(1, levels.size)
