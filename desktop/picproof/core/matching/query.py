"""Features of a suspect image: SIFT at a bounded resolution, plus the mirrored descriptor set."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from picproof.core.matching.features import (
    mirror_descriptors,
    root_sift,
    sift_with_response,
    to_gray,
)

#: The suspect is analysed at most at this many pixels (SIFT upsamples 2x internally, so fine
#: detail down to thumbnails of ~100 px survives; the close look re-reads small regions at full
#: resolution, and small framed or round photos are also described on their own at full
#: resolution, round_regions.py). Bounds the dominant cost of a query. Measured on the dev set
#: against 10,000 photos: 1.0, 0.8 and 0.65 MP find the very same 163 of 167 pairs (0.65 MP
#: costs ~70 % of 1.0 MP's SIFT time; its all-pairs chance study gives 60 wrong fits of at most
#: 15 inliers, 1.0 MP 138 of at most 13); 0.5 MP loses two squares of 357 and 513 px.
QUERY_MAX_PIXELS = 650_000

#: Cap on query keypoints; a busy desktop screenshot can yield 20,000.
QUERY_MAX_FEATURES = 9000

#: SIFT contrast threshold on the suspect, and the lower one whose keypoints are kept (the
#: LOW_CONTRAST_BUDGET strongest) when the first passes fewer than LOW_CONTRAST_BUDGET. A sparse
#: suspect is mostly flat UI or mostly a soft, low-contrast photo (haze, sky, skin), which the
#: default threshold leaves with a dozen keypoints; the library side is re-detected the same way
#: (features.PHOTO_CONTRAST_STEPS). Not on busy suspects: there the weak keypoints, dense and
#: with generic descriptors, raised the chance level of the verifier (a 19-inlier chance fit
#: across four grid tiles of a dev screenshot, where 0.03 gives at most 11).
#: The lower threshold was 0.01 until smooth graphics shown as tilted prints (kinds probe set,
#: held-back style: wallpapers of soft ribbons and gradients) showed their few keypoints only
#: at 0.004 in the suspect, as the library side finds them (features.SOFT_PHOTO_EDGE); the
#: selections above are unchanged, and so is the chance level (core/matching/README.md,
#: "Perspective and tilted prints").
QUERY_CONTRAST = 0.03
QUERY_LOW_CONTRAST = 0.004
LOW_CONTRAST_BUDGET = 4000

#: A busy suspect keeps its low-threshold keypoints only in its soft regions: cells (of
#: 1/SOFT_CELLS_ACROSS of the shorter side) with grey-level texture (std >= SOFT_MIN_STD; flat UI
#: has none) but at most SOFT_MAX_KEYPOINTS keypoints, in groups of >= SOFT_MIN_CELLS.
SOFT_CELLS_ACROSS = 16
SOFT_MIN_STD = 4.0
SOFT_MAX_KEYPOINTS = 1
SOFT_MIN_CELLS = 6
SOFT_REGION_FEATURES = 6000
#: One SIFT pass at the low threshold serves all three selections above (a keypoint's response
#: says whether the high threshold would have kept it); its cap bounds descriptor work on the
#: busiest screens, where the strongest come first.
DETECTION_CAP = 20000
#: SIFT's layers per octave: OpenCV keeps a keypoint when response x layers >= threshold.
_OCTAVE_LAYERS = 3


@dataclass(frozen=True)
class QueryFeatures:
    """Suspect keypoints in *suspect* pixels and both RootSIFT descriptor sets."""

    size: tuple[int, int]
    gray: np.ndarray
    """Full-resolution greyscale suspect (for box refinement)."""
    points: np.ndarray
    """float32 (n, 2) keypoint positions in full-resolution suspect pixels."""
    desc: np.ndarray
    """float32 (n, 128) RootSIFT."""
    desc_mirror: np.ndarray
    """float32 (n, 128) RootSIFT of the same keypoints as seen in the mirrored suspect."""
    angles: np.ndarray
    """float32 (n,) keypoint orientation in degrees (the mirrored one is 180 - angle)."""
    scales: np.ndarray
    """float32 (n,) keypoint size (SIFT diameter) in full-resolution suspect pixels."""


def soft_regions(work: np.ndarray, pts: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of the suspect that carry texture but (almost) no keypoints: where a
    soft, low-contrast photo sits in an otherwise busy screen. Flat UI has no texture at all."""
    import cv2

    h, w = work.shape
    side = max(16, min(h, w) // SOFT_CELLS_ACROSS)
    ny, nx = h // side, w // side
    if nx < 2 or ny < 2:
        return []
    cells = work[: ny * side, : nx * side].astype(np.float32).reshape(ny, side, nx, side)
    spread = cells.std(axis=(1, 3))
    cx = np.clip((pts[:, 0] // side).astype(np.int64), 0, nx - 1)
    cy = np.clip((pts[:, 1] // side).astype(np.int64), 0, ny - 1)
    count = np.bincount(cy * nx + cx, minlength=nx * ny).reshape(ny, nx)
    soft = ((spread >= SOFT_MIN_STD) & (count <= SOFT_MAX_KEYPOINTS)).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(soft, connectivity=4)
    boxes = []
    for x, y, bw, bh, area in stats[1:n]:
        if area < SOFT_MIN_CELLS or min(bw, bh) < 2:
            continue
        x0, y0 = max(0, (x - 1) * side), max(0, (y - 1) * side)
        x1, y1 = min(w, (x + bw + 1) * side), min(h, (y + bh + 1) * side)
        boxes.append((int(x0), int(y0), int(x1 - x0), int(y1 - y0)))
    return boxes


def _select(work: np.ndarray, pts: np.ndarray, response: np.ndarray) -> np.ndarray:
    """Indices of the keypoints a suspect keeps: those above QUERY_CONTRAST (capped), or on a
    sparse suspect the LOW_CONTRAST_BUDGET strongest of all; plus, on a busy one, the weaker
    keypoints of its soft regions."""
    order = np.argsort(-response, kind="stable")
    strong = order[response[order] * _OCTAVE_LAYERS >= QUERY_CONTRAST]
    if strong.size < LOW_CONTRAST_BUDGET:
        return order[:LOW_CONTRAST_BUDGET]
    strong = strong[:QUERY_MAX_FEATURES]
    weak = order[response[order] * _OCTAVE_LAYERS < QUERY_CONTRAST]
    extra = [strong]
    for x, y, bw, bh in soft_regions(work, pts[strong]):
        inside = weak[
            (pts[weak, 0] >= x)
            & (pts[weak, 0] < x + bw)
            & (pts[weak, 1] >= y)
            & (pts[weak, 1] < y + bh)
        ]
        extra.append(inside[:SOFT_REGION_FEATURES])
    return np.unique(np.concatenate(extra))


def shrink_to(gray: np.ndarray, max_pixels: int) -> tuple[np.ndarray, float]:
    """``gray`` shrunk (never enlarged) to at most ``max_pixels``, and the factor applied."""
    import cv2

    h, w = gray.shape
    factor = min(1.0, float(np.sqrt(max_pixels / float(w * h))))
    if factor >= 1.0:
        return gray, 1.0
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA), factor


def in_suspect(
    gray: np.ndarray,
    pts: np.ndarray,
    desc: np.ndarray,
    factor: float,
    offset: tuple[float, float] = (0.0, 0.0),
) -> QueryFeatures:
    """QueryFeatures of SIFT keypoints ``pts`` (x, y, size, angle) and descriptors found on a copy
    of (part of) the suspect ``gray``, scaled by ``factor``, whose origin is ``offset``."""
    h, w = gray.shape
    points = pts[:, :2] / np.float32(factor) + np.asarray(offset, np.float32)
    rooted = root_sift(desc)
    return QueryFeatures(
        (w, h),
        gray,
        points.astype(np.float32),
        rooted,
        mirror_descriptors(rooted),  # RootSIFT is per bin: mirroring commutes with it
        pts[:, 3].copy(),
        (pts[:, 2] / np.float32(factor)).astype(np.float32),
    )


def query_features(image: Image.Image | np.ndarray) -> QueryFeatures:
    gray = to_gray(image)
    work, factor = shrink_to(gray, QUERY_MAX_PIXELS)
    pts, desc, response = sift_with_response(work, DETECTION_CAP, QUERY_LOW_CONTRAST)
    keep = _select(work, pts, response)
    return in_suspect(gray, pts[keep], desc[keep], factor)
