"""A photo seen at an angle: a phone photo of a screen that shows it.

Re-posting scales, turns, mirrors and crops a photo: a similarity. Photographing a screen adds
perspective: the far side of the photo is smaller than the near side, by up to ~2x at the +-35
degrees people hold a phone at. A similarity then explains the middle of the photo and loses
the rest, and its warped thumbnail disagrees with the suspect away from the middle (the
photometric test fails a true copy). verify.py fits a homography on top of a similarity fit
when it explains clearly more points; this module fits it and says whether the warp is one a
camera could produce.
"""

from __future__ import annotations

import numpy as np

#: The local scale (suspect pixels per photo pixel) may differ at most this much between the
#: photo's corners: a camera tilted 35 degrees towards a screen gives ~2x.
MAX_SCALE_RATIO = 3.0
#: Opposite sides of the warped outline may differ at most this much in length.
MAX_SIDE_RATIO = 3.0
#: Each corner angle of the warped outline lies within this range (degrees).
MIN_ANGLE, MAX_ANGLE = 30.0, 150.0
#: The warp may stretch one direction at most this much more than the other at the centre.
MAX_ANISOTROPY = 2.5


def apply(warp: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """(n, 2) points mapped by a 3 x 3 ``warp``."""
    h = np.hstack([pts.astype(np.float64), np.ones((pts.shape[0], 1))]) @ warp.T
    out: np.ndarray = h[:, :2] / h[:, 2:3]
    return out


def fit_homography(
    src: np.ndarray, dst: np.ndarray, px: float
) -> tuple[np.ndarray, np.ndarray] | None:
    """RANSAC homography ``src -> dst`` (tolerance ``px``) and its inlier mask, or None."""
    import cv2

    if src.shape[0] < 8:
        return None
    warp, mask = cv2.findHomography(
        np.ascontiguousarray(src, np.float32),
        np.ascontiguousarray(dst, np.float32),
        cv2.RANSAC,
        px,
        maxIters=2000,
        confidence=0.999,
    )
    if warp is None or mask is None or not np.all(np.isfinite(warp)):
        return None
    return warp.astype(np.float64) / warp[2, 2], mask.ravel().astype(bool)


def _jacobian(warp: np.ndarray, x: float, y: float) -> np.ndarray:
    p = warp @ np.array([x, y, 1.0])
    jac: np.ndarray = (warp[:2, :2] * p[2] - np.outer(p[:2], warp[2, :2])) / (p[2] * p[2])
    return jac


def plausible(warp: np.ndarray, size: tuple[int, int], mirrored: bool) -> bool:
    """Whether ``warp`` maps a ``size`` photo the way a camera looking at a flat screen could:
    the whole photo in front of the camera, a convex outline turning the expected way (mirrored
    or not), limited perspective and stretch."""
    w, h = size
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float64)
    depth = np.hstack([corners, np.ones((4, 1))]) @ warp[2]
    if np.any(depth <= 1e-6):
        return False  # a corner behind the camera: the outline folds over
    out = apply(warp, corners)
    edges = np.roll(out, -1, axis=0) - out
    cross = (
        edges[:, 0] * np.roll(edges, -1, axis=0)[:, 1]
        - edges[:, 1] * np.roll(edges, -1, axis=0)[:, 0]
    )
    if mirrored:
        cross = -cross
    if np.any(cross <= 0):
        return False  # not convex, or turned the other way
    lengths = np.hypot(edges[:, 0], edges[:, 1])
    if min(lengths) < 1.0:
        return False
    if max(lengths[0] / lengths[2], lengths[2] / lengths[0]) > MAX_SIDE_RATIO:
        return False
    if max(lengths[1] / lengths[3], lengths[3] / lengths[1]) > MAX_SIDE_RATIO:
        return False
    prev = np.roll(edges, 1, axis=0)
    cos = -(prev * edges).sum(axis=1) / (np.hypot(*prev.T) * lengths)
    angles = np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))
    if np.any(angles < MIN_ANGLE) or np.any(angles > MAX_ANGLE):
        return False
    scales = [float(np.sqrt(abs(np.linalg.det(_jacobian(warp, x, y))))) for x, y in corners]
    if min(scales) <= 0 or max(scales) / min(scales) > MAX_SCALE_RATIO:
        return False
    sv = np.linalg.svd(_jacobian(warp, w / 2, h / 2), compute_uv=False)
    return bool(sv[1] > 0 and sv[0] / sv[1] <= MAX_ANISOTROPY)


def departure(
    warp: np.ndarray,
    matrix: np.ndarray,
    box: tuple[int, int, int, int],
    per_thumb: float,
) -> float:
    """How far (in thumbnail pixels at the scale the photo is shown, at most 1:1, as
    same_shot.py reads the blocks) the similarity ``matrix`` puts the photo points that the
    homography ``warp`` shows inside ``box`` from where the homography puts them.
    ``per_thumb``: analysed-photo pixels per thumbnail pixel."""
    x, y, w, h = box
    gx, gy = np.meshgrid(np.linspace(x, x + w, 7), np.linspace(y, y + h, 7))
    seen = np.stack([gx.ravel(), gy.ravel()], axis=1)
    in_photo = apply(np.linalg.inv(warp), seen)
    flat = in_photo @ matrix[:2, :2].T + matrix[:2, 2]
    off = float(np.hypot(*(flat - seen).T).max())
    centre = in_photo.mean(axis=0)
    shown = float(np.sqrt(abs(np.linalg.det(_jacobian(warp, *centre))))) * per_thumb
    return off / max(1.0, shown)
