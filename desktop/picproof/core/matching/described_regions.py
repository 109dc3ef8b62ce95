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
from picproof.core.matching.framed_regions import (
    MAX_ASPECT,
    MAX_SIDE_SHARE,
    MIN_SIDE_SHARE,
    SAME_REGION_IOU,
    Box,
    overlap,
    round_and_framed_regions,
)
from picproof.core.matching.page_tiles import page_tiles
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
    tile: bool = False
    """A tile of a grid (page_tiles.py): proposed only, not described (no keypoints); the caller
    describes it (``describe_tile``) where the whole-suspect pass left a finding unsettled."""

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
    or textured first); then the tiles of a grid that are neither, undescribed
    (``DescribedRegion.tile``)."""
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
    known = rounds + frames
    out.extend(
        DescribedRegion(box, *_NO_KEYPOINTS, tile=True)
        for box in page_tiles(gray, (MIN_SIDE_SHARE, MAX_SIDE_SHARE), MAX_ASPECT)
        if all(overlap(box, other) <= SAME_REGION_IOU for other in known)
    )
    return out


def describe_tile(gray: np.ndarray, box: Box) -> QueryFeatures | None:
    """A tile's dense keypoints (as a framed region's), None when it has too few."""
    return region_features(gray, box)


_NO_KEYPOINTS = (
    np.zeros((0, 2), np.float32),
    np.zeros((0, 128), np.float32),
    np.zeros(0, np.float32),
    np.zeros(0, np.float32),
)
