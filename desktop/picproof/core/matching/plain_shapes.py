"""Does a smooth avatar's placement explain more than a plain shape would?

A smooth avatar (a soft wallpaper, a sky, a dune) gives the close look few or no points, so the
pixels must speak for it (engine.examine_placed). But the pixel search chose the placement for
its correlation, and a smooth disc is explained almost as well by any photo that has a gradient,
an edge or a few bands at that place: wrong photos placed in real avatars reach correlations of
0.98-0.99 (core/matching/README.md, "Tiny images"). What such a wrong photo cannot do is explain
the disc much *better* than a plain shape does. So the disc is compared with the best of two
plain models fitted to the suspect's own pixels:

* a smooth surface (a quadratic in x and y: any gradient, vignette or soft blob);
* a profile across one direction (the mean grey level along each of ``PROFILE_ANGLES``
  directions, in bins: any straight edge, stripe or set of parallel bands).

``beyond_plain`` is the share of the disc's variance the best plain model leaves unexplained,
over the share the placed photo leaves unexplained (1 - r^2). A photo that only shares a
gradient or an edge with the avatar explains about what the plain model explains (wrong
placements of real photos: at most 3.2, at most 2.3 among those that pass the other pixel
tests); the photo the avatar was cut from explains its curved edges and their crossings too
(true avatars of wallpapers: 5-180).
"""

from __future__ import annotations

import numpy as np

from picproof.core.matching.small_look import (
    Circle,
    Placement,
    Thumbnail,
    correlation,
    placed_patch,
)

#: The disc compared: within this share of the radius (the rim's anti-aliasing stays out), at
#: the coarser of the suspect's and the thumbnail's resolutions, WORK_MIN..WORK_MAX px across.
REACH = 0.92
WORK_MIN = 12
WORK_MAX = 32
PROFILE_ANGLES = 24
#: Fewer compared pixels than this say nothing.
MIN_PIXELS = 30
#: The photo's unexplained share is read as at least this (a perfect copy leaves nothing), and
#: the ratio is capped.
LEAST_LEFT = 1e-4
MAX_RATIO = 1000.0


def _sampled(
    gray: np.ndarray, circle: Circle, photo: Thumbnail, placed: Placement
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """(suspect, photo, x, y, n): the disc's grey levels on both sides, resampled to n px across,
    and the pixels' coordinates (-1..1 across the disc)."""
    import cv2

    patch, warped, (x0, y0), scale = placed_patch(gray, circle, photo, placed)
    across = 2.0 * REACH * circle.radius  # suspect px
    n = int(np.clip(round(min(across, across / max(scale, 1e-6))), WORK_MIN, WORK_MAX))
    k = n / across
    m = np.array([[k, 0, n / 2 - k * (circle.cx - x0)], [0, k, n / 2 - k * (circle.cy - y0)]])
    valid = [(img >= 0).astype(np.float32) for img in (patch, warped)]
    if k < 1.0:  # blur before shrinking, or the warp aliases
        patch, warped = (cv2.GaussianBlur(img, (0, 0), 0.5 / k) for img in (patch, warped))
    a, b = (
        cv2.warpAffine(img, m, (n, n), flags=cv2.INTER_LINEAR, borderValue=-1.0)
        for img in (patch, warped)
    )
    ok = [cv2.warpAffine(v, m, (n, n), flags=cv2.INTER_LINEAR) > 0.99 for v in valid]
    yy, xx = (np.mgrid[0:n, 0:n] + 0.5 - n / 2) / (n / 2)
    mask = (np.hypot(xx, yy) <= 1.0) & ok[0] & ok[1]
    return (
        a[mask].astype(np.float64),
        b[mask].astype(np.float64),
        xx[mask],
        yy[mask],
        n,
    )


def _explained(values: np.ndarray, residual: np.ndarray) -> float:
    total = float(((values - values.mean()) ** 2).sum())
    return 1.0 - float((residual**2).sum()) / total if total > 1e-9 else 1.0


def plain_share(values: np.ndarray, x: np.ndarray, y: np.ndarray, n: int) -> float:
    """The share of the variance of ``values`` (at ``x``, ``y``, -1..1) that the better of the
    two plain models explains: a quadratic surface, or the best profile across one direction
    (``n // 2`` bins, at least 6)."""
    basis = np.stack([np.ones_like(x), x, y, x * x, x * y, y * y], axis=1)
    coef, *_ = np.linalg.lstsq(basis, values, rcond=None)
    best = _explained(values, values - basis @ coef)
    bins = max(6, n // 2)
    for angle in np.linspace(0.0, np.pi, PROFILE_ANGLES, endpoint=False):
        t = x * np.cos(angle) + y * np.sin(angle)
        idx = np.clip(((t + 1.0) / 2.0 * bins).astype(np.int64), 0, bins - 1)
        count = np.bincount(idx, minlength=bins)
        mean = np.bincount(idx, weights=values, minlength=bins) / np.maximum(count, 1)
        best = max(best, _explained(values, values - mean[idx]))
    return best


def beyond_plain(gray: np.ndarray, circle: Circle, photo: Thumbnail, placed: Placement) -> float:
    """How many times less of the disc's variance the placed photo leaves unexplained than the
    best plain shape does (0 when the photo does not correlate at all; ``Placement.beyond``)."""
    suspect, shown, x, y, n = _sampled(gray, circle, photo, placed)
    if suspect.size < MIN_PIXELS:
        return 0.0
    r = correlation(suspect, shown)
    if r <= 0.0:
        return 0.0
    left_by_photo = max(1.0 - r * r, LEAST_LEFT)
    return float(min(MAX_RATIO, (1.0 - plain_share(suspect, x, y, n)) / left_by_photo))
