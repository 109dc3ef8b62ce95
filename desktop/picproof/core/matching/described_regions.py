"""The image work of the small-region pass, as one job: propose the suspect's small round and
framed regions and describe each densely (round_regions.py, framed_regions.py).

It reads nothing but the suspect's grey levels and returns plain arrays, so it can run in a helper
process while the whole-suspect pass runs (services/region_helper.py); the lookups and the
verification, which need the index and what the whole-suspect pass found, stay with the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from picproof.core.matching.features import mirror_descriptors
from picproof.core.matching.framed_regions import Box, round_and_framed_regions
from picproof.core.matching.query import QueryFeatures
from picproof.core.matching.round_regions import region_features


@dataclass(frozen=True)
class DescribedRegion:
    """One proposed region and its dense keypoints, in suspect pixels (``QueryFeatures`` minus
    the suspect itself and the mirrored descriptors, which are cheap to rebuild)."""

    box: Box
    points: np.ndarray
    desc: np.ndarray
    angles: np.ndarray
    scales: np.ndarray
    round: bool = False
    """A round region (an avatar), rather than a rectangular frame."""

    def features(self, gray: np.ndarray) -> QueryFeatures:
        """The region's ``QueryFeatures`` on the suspect ``gray`` it was described on."""
        h, w = gray.shape
        return QueryFeatures(
            (w, h),
            gray,
            self.points,
            self.desc,
            mirror_descriptors(self.desc),
            self.angles,
            self.scales,
        )


def describe_small_regions(gray: np.ndarray) -> list[DescribedRegion]:
    """Every small region of the suspect ``gray`` with enough keypoints to be looked up, and
    every round one (an avatar too smooth for keypoints is still placed by its pixels:
    small_look.py), in the order of ``small_regions`` (round ones first, the most clearly round
    or textured first)."""
    rounds, frames = round_and_framed_regions(gray)
    out = []
    for box in rounds + frames:
        region = region_features(gray, box)
        if region is not None:
            out.append(
                DescribedRegion(
                    box,
                    region.points,
                    region.desc,
                    region.angles,
                    region.scales,
                    round=box in rounds,
                )
            )
        elif box in rounds:  # too smooth for a lookup; the pixel search can still place it
            out.append(DescribedRegion(box, *_NO_KEYPOINTS, round=True))
    return out


_NO_KEYPOINTS = (
    np.zeros((0, 2), np.float32),
    np.zeros((0, 128), np.float32),
    np.zeros(0, np.float32),
    np.zeros(0, np.float32),
)
