"""Several library photos found at one place: which one is shown?

A user's library holds series: a burst, several shots of one outfit, the same product photographed
twice. A screenshot of one of them fits the others too, often well enough for ``same-photo``
(other shots of the scene agree over most of it). Only one photograph is shown at one place, so
the one that agrees best with the suspect, block by block (same_shot.py: the mean correlation of
its distinctive blocks where one transform puts them), is reported; the others are demoted to
``possible`` and named as its near duplicates, so that the review shows them side by side.
"""

from __future__ import annotations

import numpy as np

from picproof.core.matching.engine import Finding
from picproof.core.matching.framed_regions import intersection

#: Two findings are at one place when their visible boxes overlap by this share of the smaller
#: box, and the photos they fit land about where each other's do (centres within this share of
#: the larger outline's diagonal, scales within a factor of two): two different prints lying
#: across each other in a collage do not.
SAME_PLACE = 0.6
CENTRE_SHARE = 0.25


def _outline(f: Finding) -> tuple[np.ndarray, float]:
    corners = np.array(f.corners, np.float64)
    diag = float(np.hypot(*(corners.max(axis=0) - corners.min(axis=0))))
    return corners.mean(axis=0), diag


def at_one_place(a: Finding, b: Finding) -> bool:
    if a.bbox is None or b.bbox is None:
        return False
    smaller = min(a.bbox[2] * a.bbox[3], b.bbox[2] * b.bbox[3])
    if intersection(a.bbox, b.bbox) < SAME_PLACE * smaller:
        return False
    (ca, da), (cb, db) = _outline(a), _outline(b)
    if max(da, db) > 2.0 * max(1e-6, min(da, db)):
        return False
    return float(np.hypot(*(ca - cb))) <= CENTRE_SHARE * max(da, db)


def fit_quality(f: Finding) -> tuple[float, float]:
    """How well the finding agrees with the suspect: block agreement first, then pixels."""
    block = f.evidence.agreement if f.evidence is not None else -1.0
    tex = f.region.textured_agreement if f.region is not None else 0.0
    return (block, tex)


def near_duplicates(found: dict[int, Finding]) -> dict[int, int]:
    """Photo id -> the id of the photo that fits its place better, for every finding that shares
    its place with a better ``same-photo`` finding (those are at most ``possible``)."""
    ranked = sorted(
        found.values(),
        key=lambda f: (f.level != "same-photo", tuple(-v for v in fit_quality(f)), f.key),
    )
    out: dict[int, int] = {}
    for i, best in enumerate(ranked):
        if best.level != "same-photo" or best.key in out:
            continue
        for other in ranked[i + 1 :]:
            if other.key not in out and at_one_place(best, other):
                out[other.key] = best.key
    return out
