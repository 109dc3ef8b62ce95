"""A second, like-for-like look at a photo the first verification could not settle.

The stored keypoints describe the photo at 400 px (``features.INDEX_MAX_SIDE``). When it is
shown small (an 80-160 px avatar or thumbnail), only the few coarse ones can have a counterpart
in the suspect, so a true copy stops at 9-13 inliers, where chance fits also reach
(core/matching/README.md); when it is soft or blurred, few keypoints exist at all. Here the
photo's stored thumbnail and the suspect region the first fit points to are brought to the same
scale (the coarser of the two) and described again, densely (all keypoints, low contrast
threshold): fine detail now meets fine detail. The new fit is found independently (ratio test,
RANSAC) and must land where the first one said the photo is; its inliers are counted once per
distinct location, as everywhere else.
"""

from __future__ import annotations

import numpy as np

from picproof.core.matching.features import PhotoFeatures, root_sift, sift_features
from picproof.core.matching.query import QueryFeatures
from picproof.core.matching.verify import Fit, distinct_inliers, fit_similarity, ratio_matches

#: Fits claiming the thumbnail is shown more enlarged than this are not looked at (a 256 px
#: thumbnail filling 4000 px).
MAX_SHOWN = 16.0
#: Both images are enlarged until the suspect region's shorter side reaches this (at most 3x):
#: SIFT finds few keypoints on a 90 px patch.
MIN_WORK_SIDE = 240
MAX_UPSCALE = 3.0
CONTRAST = 0.01
#: The second fit must put the matched photo points (median) within this share of the suspect
#: region's diagonal of where the first fit puts them.
AGREE = 0.08


def _resize(img: np.ndarray, factor: float) -> np.ndarray:
    import cv2

    h, w = img.shape
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    inter = cv2.INTER_AREA if factor < 1.0 else cv2.INTER_CUBIC
    return cv2.resize(img, size, interpolation=inter)


def close_look(query: QueryFeatures, photo: PhotoFeatures, fit: Fit) -> int | None:
    """Distinct inliers of the like-for-like match, or None when it does not apply."""
    thumb = photo.thumbnail
    th, tw = thumb.shape
    if min(th, tw) < 16:
        return None
    per_thumb = photo.size[0] / float(tw)  # analysed-photo pixels per thumbnail pixel
    shown = fit.scale * per_thumb  # suspect pixels per thumbnail pixel
    if not 0.0 < shown < MAX_SHOWN:
        return None
    # Like for like at the coarser of the two resolutions: a photo shown small is compared with
    # its thumbnail shrunk to the suspect's scale, a photo shown large with the suspect region
    # shrunk to the thumbnail's scale.
    thumb_factor, crop_factor = (shown, 1.0) if shown <= 1.0 else (1.0, 1.0 / shown)
    # thumbnail pixel -> suspect pixel, mirror included
    to_suspect = fit.matrix @ np.diag([per_thumb, per_thumb, 1.0])
    corners = np.array([[0, 0, 1], [tw, 0, 1], [tw, th, 1], [0, th, 1]], np.float64)
    where = corners @ to_suspect.T
    sw, sh = query.size
    x0, y0 = np.floor(np.clip(where.min(axis=0) - 8, 0, [sw, sh])).astype(int)
    x1, y1 = np.ceil(np.clip(where.max(axis=0) + 8, 0, [sw, sh])).astype(int)
    side = min(x1 - x0, y1 - y0) * crop_factor
    if side < 24:
        return None
    up = float(np.clip(MIN_WORK_SIDE / side, 1.0, MAX_UPSCALE))
    crop = _resize(query.gray[y0:y1, x0:x1], crop_factor * up)
    small = _resize(thumb[:, ::-1] if fit.mirrored else thumb, thumb_factor * up)
    qpts, qdesc = sift_features(crop, 0, CONTRAST)
    ppts, pdesc = sift_features(small, 0, CONTRAST)
    if qdesc.shape[0] < 8 or pdesc.shape[0] < 8:
        return None
    qi, pi = ratio_matches(root_sift(qdesc) @ root_sift(pdesc).T)
    fitted = fit_similarity(ppts[pi, :2], qpts[qi, :2])
    if fitted is None:
        return None
    matrix, mask = fitted
    # Both fits must put the matched photo points at the same places of the suspect.
    k = thumb_factor * up
    matched = ppts[pi[mask], :2].astype(np.float64)
    in_thumb = matched / k
    if fit.mirrored:
        in_thumb[:, 0] = tw - in_thumb[:, 0]
    first = in_thumb @ to_suspect[:, :2].T + to_suspect[:, 2]
    second = (matched @ matrix[:, :2].T + matrix[:, 2]) / (crop_factor * up) + np.array(
        [x0, y0], np.float64
    )
    window = float(np.hypot(x1 - x0, y1 - y0))
    if float(np.median(np.hypot(*(first - second).T))) > AGREE * window:
        return None
    return distinct_inliers(ppts[pi[mask], :2], qpts[qi[mask], :2])
