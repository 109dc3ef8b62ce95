"""Features of a suspect image: SIFT at a bounded resolution, plus the mirrored descriptor set."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from picproof.core.matching.features import mirror_descriptors, root_sift, sift_features, to_gray

#: The suspect is analysed at most at this many pixels (SIFT upsamples 2x internally, so fine
#: detail down to thumbnails of ~100 px survives; the close look re-reads small regions at full
#: resolution). Bounds the dominant cost of a query. Measured on the dev set: 1.0 MP finds as
#: many pairs as 1.5 MP (160/167 each, not the same ones at the margin) for 2/3 of the SIFT time.
QUERY_MAX_PIXELS = 1_000_000

#: Cap on query keypoints; a busy desktop screenshot can yield 20,000.
QUERY_MAX_FEATURES = 9000

#: SIFT contrast threshold on the suspect, and the lower one used for a second detection when
#: the first finds fewer than LOW_CONTRAST_BUDGET keypoints. A sparse suspect is mostly flat UI or
#: mostly a soft, low-contrast photo (haze, sky, skin), which the default threshold leaves with a
#: dozen keypoints; the library side is re-detected the same way (features.PHOTO_CONTRAST_STEPS).
#: Not on busy suspects: there the weak keypoints, dense and with generic descriptors, raised the
#: chance level of the verifier (a 19-inlier chance fit across four grid tiles of a dev
#: screenshot, where 0.03 gives at most 11).
QUERY_CONTRAST = 0.03
QUERY_LOW_CONTRAST = 0.01
LOW_CONTRAST_BUDGET = 4000


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


def query_features(image: Image.Image | np.ndarray) -> QueryFeatures:
    import cv2

    gray = to_gray(image)
    h, w = gray.shape
    factor = min(1.0, float(np.sqrt(QUERY_MAX_PIXELS / float(w * h))))
    work = (
        gray
        if factor >= 1.0
        else cv2.resize(
            gray,
            (max(1, round(w * factor)), max(1, round(h * factor))),
            interpolation=cv2.INTER_AREA,
        )
    )
    pts, desc = sift_features(work, QUERY_MAX_FEATURES, QUERY_CONTRAST)
    if pts.shape[0] < LOW_CONTRAST_BUDGET:
        pts, desc = sift_features(work, LOW_CONTRAST_BUDGET, QUERY_LOW_CONTRAST)
    points = pts[:, :2] / np.float32(factor) if factor < 1.0 else pts[:, :2].copy()
    return QueryFeatures(
        (w, h),
        gray,
        points.astype(np.float32),
        root_sift(desc),
        root_sift(mirror_descriptors(desc)),
        pts[:, 3].copy(),
    )
