"""From verified fits to reported findings: box, level, score.

Levels (README of this package gives the reasoning):

* ``same-photo``: a geometric fit that chance rarely produces (``STRONG_INLIERS``; verifying every
  dev library photo against every dev screenshot, the best wrong fit had 13 inliers with the
  suspect at 1.0 MP and 15, at agreement 0.0, at 0.65 MP) *and* photometric agreement of the
  warped photo with the suspect's textured pixels (no wrong fit of 9+ inliers above 0.27); or a
  smaller fit whose textured pixels agree almost everywhere over a sizeable area (two independent
  tests both passing).
* ``possible``: some geometric and photometric evidence, not enough to accuse; shown apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from picproof.core.matching.close_look import close_look
from picproof.core.matching.far_moves import far_around
from picproof.core.matching.features import PhotoFeatures
from picproof.core.matching.framed_regions import intersection
from picproof.core.matching.perspective import departure
from picproof.core.matching.plain_shapes import beyond_plain
from picproof.core.matching.query import QueryFeatures
from picproof.core.matching.region import Region, project_corners, visible_region
from picproof.core.matching.same_shot import (
    SEARCH,
    SameShot,
    another_shot,
    moved_around,
    not_this_photo,
    same_shot,
)
from picproof.core.matching.small_look import Circle, Placement, Thumbnail
from picproof.core.matching.tilted_prints import Print, PrintPlacement
from picproof.core.matching.verify import Fit, verify
from picproof.core.models import Match, MatchLevel, Photo, Transform

STRONG_INLIERS = 15
STRONG_TEXTURE = 0.3
MODERATE_INLIERS = 9
MODERATE_TEXTURE = 0.65
POSSIBLE_INLIERS = 8
POSSIBLE_TEXTURE = 0.4
#: A close look (close_look.py) that finds this many distinct inliers settles a fit the first
#: look left undecided (any verified fit, i.e. >= verify.MIN_INLIERS, with >= STRONG_TEXTURE
#: agreement: the first fit only proposes where and at which scale). True copies reach up to
#: 900 there, small or soft ones 10-19. Chance level (tests/bench/match_chance.py): wrong photos
#: placed at random (scale 0.1-3.0 of the analysed photo, some mirrored or rotated) reach at most
#: 3 distinct inliers with the location check, on the dev set (3,690 placements) and on the
#: probe set of other photos and kinds of screenshot (probe_set.py, 3,405 placements); 5 and 4
#: without it; the close looks of all-pairs chance fits reach 4 (dev) and 3 (probe). The
#: threshold is three times the highest chance count seen (it was 20 until the probe set showed
#: true thumbnails of 12-17 left unreported).
CLOSE_INLIERS = 12
#: Point pairs kept for the explain view.
MAX_POINT_PAIRS = 60


@dataclass(frozen=True)
class Finding:
    """One library photo found in the suspect (photo coordinates: analysed-photo pixels)."""

    key: int
    level: MatchLevel
    score: float
    bbox: tuple[int, int, int, int] | None
    fit: Fit
    region: Region | None
    photo_size: tuple[int, int]
    photo_region: tuple[float, float, float, float] | None
    """(x, y, w, h) of the visible part in analysed-photo pixels."""
    evidence: SameShot | None = None
    """Whether the suspect shows this very photograph (same_shot.py); None: not examined."""

    @property
    def corners(self) -> tuple[tuple[float, float], ...]:
        return tuple(
            (float(x), float(y)) for x, y in project_corners(self.fit.warp, self.photo_size)
        )

    def point_pairs(self) -> tuple[tuple[float, float, float, float], ...]:
        sp, pp = self.fit.suspect_points, self.fit.photo_points
        step = max(1, len(sp) // MAX_POINT_PAIRS)
        return tuple(
            (float(a[0]), float(a[1]), float(b[0]), float(b[1]))
            for a, b in zip(sp[::step], pp[::step], strict=True)
        )


#: Smallest box side (suspect pixels) we would call a photo; and the share of inliers that must
#: fall inside the visible box (a fit whose evidence lies outside the region it claims is wrong).
MIN_BOX_SIDE = 16
MIN_INSIDE = 0.5


def decide(inliers: int, region: Region | None) -> MatchLevel | None:
    tex = region.textured_agreement if region is not None else 0.0
    if inliers >= STRONG_INLIERS and tex >= STRONG_TEXTURE:
        return "same-photo"
    if inliers >= MODERATE_INLIERS and tex >= MODERATE_TEXTURE:
        return "same-photo"
    if inliers >= POSSIBLE_INLIERS and tex >= POSSIBLE_TEXTURE:
        return "possible"
    return None


def confidence(inliers: int, region: Region | None) -> float:
    tex = region.textured_agreement if region is not None else 0.0
    geo = 1.0 - float(np.exp(-inliers / 15.0))
    return round(min(0.999, 0.5 * geo + 0.5 * max(0.0, tex)), 4)


def _photo_region(
    fit: Fit, bbox: tuple[int, int, int, int], size: tuple[int, int]
) -> tuple[float, float, float, float]:
    x, y, w, h = bbox
    inv = np.linalg.inv(fit.warp)
    pts = np.array([[x, y, 1], [x + w, y, 1], [x + w, y + h, 1], [x, y + h, 1]], np.float64) @ inv.T
    pts = pts[:, :2] / pts[:, 2:3]
    x0, y0 = np.clip(pts.min(axis=0), 0, size)
    x1, y1 = np.clip(pts.max(axis=0), 0, size)
    return float(x0), float(y0), float(x1 - x0), float(y1 - y0)


def _region_consistent(fit: Fit, region: Region) -> bool:
    x, y, w, h = region.bbox
    if min(w, h) < MIN_BOX_SIDE:
        return False
    mx, my = 0.05 * w + 4, 0.05 * h + 4
    pts = fit.suspect_points
    inside = (
        (pts[:, 0] >= x - mx)
        & (pts[:, 0] <= x + w + mx)
        & (pts[:, 1] >= y - my)
        & (pts[:, 1] <= y + h + my)
    )
    return bool(inside.mean() >= MIN_INSIDE)


def _settled_by_close_look(
    query: QueryFeatures, photo: PhotoFeatures, fit: Fit, region: Region | None
) -> bool:
    if region is None:
        return False
    if region.textured_agreement < STRONG_TEXTURE:
        return False
    found = close_look(query, photo, fit)
    return found is not None and found >= CLOSE_INLIERS


def _same_shot(
    gray: np.ndarray, photo: PhotoFeatures, fit: Fit, box: tuple[int, int, int, int]
) -> SameShot | None:
    evidence = same_shot(gray, photo.thumbnail, photo.size, fit.warp, box)
    if not another_shot(evidence):
        # around the box too: a strip that agreed inside a picture that shows the scene moved
        around = moved_around(gray, photo.thumbnail, photo.size, fit.warp, box)
        # and the suspect's blocks found far off their place in the photo there (far_moves.py)
        far = far_around(gray, photo.thumbnail, photo.size, fit.warp, box)
        blocks, moved, far = *(around or (0, 0)), far or 0
        if evidence is not None:
            evidence = replace(evidence, around_blocks=blocks, around_moved=moved, around_far=far)
        elif around is not None or far:  # the box alone is too small to read
            alone = SameShot(0, 0, 0, 0.0, around_blocks=blocks, around_moved=moved, around_far=far)
            evidence = alone if another_shot(alone) else None  # only a verdict counts
    if fit.homography is None or another_shot(evidence):
        return evidence
    # A homography can bend to the parallax of another shot of the scene (a stereo twin of the
    # probe set gained 30 % more points that way and passed); the blocks read under the
    # similarity, whose small errors the blocks' own homography absorbs, must pass too. Only
    # where the similarity stays within the blocks' search of the homography: a screen seen at
    # a strong angle puts most blocks beyond it under the similarity, which then tells nothing.
    per_thumb = photo.size[0] / photo.thumbnail.shape[1]
    if departure(fit.warp, fit.matrix, box, per_thumb) > SEARCH:
        return evidence
    flat = same_shot(gray, photo.thumbnail, photo.size, fit.matrix, box)
    return flat if another_shot(flat) else evidence


def examine(
    query: QueryFeatures,
    key: int,
    photo: PhotoFeatures,
    orientations: tuple[bool, ...] = (False, True),
) -> Finding | None:
    """Verify one candidate; None when it is not even a possible match."""
    fit = verify(query, photo, orientations)
    if fit is None:
        return None
    region = None
    if min(photo.thumbnail.shape) >= 8:
        region = visible_region(query.gray, photo.thumbnail, photo.size, fit.warp)
    level = decide(fit.inliers, region)
    if level != "same-photo" and _settled_by_close_look(query, photo, fit, region):
        level = "same-photo"
    if level == "same-photo" and region is not None and not _region_consistent(fit, region):
        level = "possible"
    if region is not None and min(region.bbox[2:]) < MIN_BOX_SIDE:
        # Not a photo at all (a 42 x 4 px "box"): chance fits on UI lines end like this, and a
        # sliver that thin could not be checked by anyone looking at it either.
        return None
    if level is None:
        return None
    bbox = region.bbox if region is not None else None
    evidence = None
    if level == "same-photo" and bbox is not None:
        evidence = _same_shot(query.gray, photo, fit, bbox)
        if not_this_photo(evidence):
            level = "possible"  # the scene, not this photograph: see same_shot.py
    preg = _photo_region(fit, bbox, photo.size) if bbox is not None else None
    score = confidence(fit.inliers, region)
    return Finding(key, level, score, bbox, fit, region, photo.size, preg, evidence)


def _frame_box(
    fit: Fit, photo_size: tuple[int, int], frame: tuple[int, int, int, int]
) -> tuple[int, int, int, int] | None:
    """The visible part of a photo shown in a frame: the frame, as far as the photo reaches into
    it. Trimming by agreement would cut a round frame's corners, which show the background, not
    the photo, and the top and bottom rows of the circle, where the photo is a short chord."""
    corners = project_corners(fit.warp, photo_size)
    x, y, w, h = frame
    x0, y0 = max(x, float(corners[:, 0].min())), max(y, float(corners[:, 1].min()))
    x1, y1 = min(x + w, float(corners[:, 0].max())), min(y + h, float(corners[:, 1].max()))
    if min(x1 - x0, y1 - y0) < MIN_BOX_SIDE:
        return None
    return (round(x0), round(y0), round(x1 - x0), round(y1 - y0))


def _area(box: tuple[int, int, int, int]) -> int:
    return box[2] * box[3]


#: A finding lies in a round frame when at least this share of its box is inside the frame, and
#: its box covers at least this share of the frame (else it is a photo of its own beside or
#: around a round detail).
IN_FRAME = 0.9
FILLS_FRAME = 0.3


def in_round_frame(finding: Finding, frame: tuple[int, int, int, int]) -> Finding | None:
    """``finding`` with the box of the round frame it is shown in (``_frame_box``), when its
    box lies in that frame; None when it does not."""
    if finding.bbox is None or finding.region is None:
        return None
    inside = intersection(finding.bbox, frame)
    if inside < IN_FRAME * _area(finding.bbox) or _area(finding.bbox) < FILLS_FRAME * _area(frame):
        return None
    bbox = _frame_box(finding.fit, finding.photo_size, frame)
    if bbox is None or bbox == finding.bbox:
        return None
    region = replace(finding.region, bbox=bbox)
    if not _region_consistent(finding.fit, region):
        return None
    preg = _photo_region(finding.fit, bbox, finding.photo_size)
    return replace(finding, bbox=bbox, region=region, photo_region=preg)


#: A region's frame is taken as the photo's box unless the photo agrees with the suspect over
#: more than this many times the frame's area (then the frame was a detail inside the photo).
DETAIL_RATIO = 2.0


def examine_region(
    query: QueryFeatures,
    key: int,
    photo: PhotoFeatures,
    orientations: tuple[bool, ...],
    shown: tuple[int, int, int, int],
) -> Finding | None:
    """Verify one candidate against the dense keypoints of one small region (round_regions.py,
    framed_regions.py); ``shown`` is the region's box, the round or rectangular frame the photo
    is shown in.

    Only the close look can settle such a fit. A region's keypoints are dense (low contrast
    threshold) and the region is small, so a wrong photo's similarity to ratio-test survivors
    can reach as many inliers there as a true copy shown small (12 in the dev set, 72 photos x
    every small region; 36 when regions were enlarged 3x; tests/bench/match_chance.py): the
    inlier rules of ``decide`` do not hold for them. The close look's chance level was measured
    the same way (3 at most; CLOSE_INLIERS needed), so only it may decide, and nothing is
    reported as merely ``possible`` on the strength of the fit: only a settled fit whose blocks
    show another shot of the scene (same_shot.py) is demoted to it.
    """
    fit = verify(query, photo, orientations)
    if fit is None or min(photo.thumbnail.shape) < 8:
        return None
    region = visible_region(query.gray, photo.thumbnail, photo.size, fit.warp)
    if region is None or not _settled_by_close_look(query, photo, fit, region):
        return None
    return _in_frame(query, key, photo, fit, region, shown)


#: The photometric test of a placement: textured agreement (STRONG_TEXTURE), or, for a fine
#: texture shown at 50-60 px whose pixels agree with no 5 px window of the thumbnail shrunk to
#: a fifth, a correlation of the circle's square with the placed photo at least this high
#: (small_look.py). Either way the close look must find CLOSE_INLIERS (README "Tiny images").
PLACED_CORRELATION = 0.9


def examine_placed(
    query: QueryFeatures,
    key: int,
    photo: PhotoFeatures,
    placement: Placement,
    shown: tuple[int, int, int, int],
) -> Finding | None:
    """A round region's photo placed by the pixel search (small_look.py) instead of a fit: an
    avatar too small for verification to fit. Settled exactly as ``examine_region`` settles a
    fit, by the close look at that placement (CLOSE_INLIERS distinct inliers, landing where the
    placement says, and STRONG_TEXTURE agreement); its chance level for placements found this
    way is in core/matching/README.md ("Tiny images"). The fit then carries the close look's
    count as its inliers, and no keypoints of its own."""
    none = np.zeros((0, 2), np.float32)
    fit = Fit(placement.matrix, placement.mirrored, 0, none, none, 0)
    if min(photo.thumbnail.shape) < 8:
        return None
    region = visible_region(query.gray, photo.thumbnail, photo.size, fit.warp)
    agrees = region is not None and region.textured_agreement >= STRONG_TEXTURE
    if not agrees and placement.correlation < PLACED_CORRELATION:
        return None
    if region is None:  # no pixel agrees by the textured test: the frame is all there is
        corners = tuple((float(x), float(y)) for x, y in project_corners(fit.warp, photo.size))
        region = Region(shown, 0.0, 0.0, corners)
    found = close_look(query, photo, fit) or 0  # None: no fit at all, as smooth avatars give
    if found < CLOSE_INLIERS and not _smooth_and_sure(query, photo, placement, shown, found):
        return None
    return _in_frame(query, key, photo, replace(fit, inliers=found), region, shown, detail=False)


#: A smooth avatar (a sky, a soft wallpaper) gives the close look few points to find. Tests
#: together settle it instead, each one measured against wrong photos placed in real avatars
#: (tests/bench/match_chance_small.py; README "Tiny images"): the part of the disc the search
#: did not read correlates SMOOTH_OUTSIDE, no other candidate comes within SMOOTH_MARGIN of the
#: placement's correlation, and either the close look finds at least SMOOTH_CLOSE points
#: landing where the placement says and the searched square correlates SMOOTH_CORRELATION, or
#: the square correlates PLAIN_CORRELATION and the placed photo explains the disc BEYOND_PLAIN
#: times better than any plain shape (a gradient, an edge, parallel bands: plain_shapes.py)
#: does. Wrong placements that pass the other tests reach at most 2.3 there.
SMOOTH_CLOSE = 6
SMOOTH_CORRELATION = 0.98
SMOOTH_OUTSIDE = 0.9
SMOOTH_MARGIN = 0.02
PLAIN_CORRELATION = 0.95
BEYOND_PLAIN = 6.0


def _smooth_and_sure(
    query: QueryFeatures,
    photo: PhotoFeatures,
    placement: Placement,
    shown: tuple[int, int, int, int],
    close: int,
) -> bool:
    if (
        placement.outside < SMOOTH_OUTSIDE
        or placement.correlation - placement.runner_up < SMOOTH_MARGIN
    ):
        return False
    if close >= SMOOTH_CLOSE and placement.correlation >= SMOOTH_CORRELATION:
        return True
    if placement.correlation < PLAIN_CORRELATION:
        return False
    circle = Circle(query.gray, shown)
    thumb = Thumbnail(photo.thumbnail, photo.size)
    return beyond_plain(query.gray, circle, thumb, placement) >= BEYOND_PLAIN


def _in_frame(
    query: QueryFeatures,
    key: int,
    photo: PhotoFeatures,
    fit: Fit,
    region: Region,
    shown: tuple[int, int, int, int],
    *,
    detail: bool = True,
) -> Finding | None:
    """A settled region's finding, boxed by the frame it is shown in (``examine_region``).
    ``detail``: whether the frame may be a detail of a larger photo; not for a placement by
    pixels (``examine_placed``), which explains the circle alone: around it, its agreement
    reads the page (a dark photo agrees with a dark page), not more of the photo."""
    bbox = _frame_box(fit, photo.size, shown)
    if bbox is None:
        return None
    # Where the photo agrees over far more than the frame, the frame was a detail inside it (a
    # window of a building, a sign), not its frame: the agreement box stands.
    if not detail or _area(region.bbox) < DETAIL_RATIO * _area(bbox):
        region = replace(region, bbox=bbox)
    # a placement has no keypoints to check; its close look landed where it said
    if len(fit.suspect_points) and not _region_consistent(fit, region):
        return None
    box = region.bbox
    preg = _photo_region(fit, box, photo.size)
    evidence = _same_shot(query.gray, photo, fit, box)
    level: MatchLevel = "possible" if not_this_photo(evidence) else "same-photo"
    score = confidence(fit.inliers, region)
    return Finding(key, level, score, box, fit, region, photo.size, preg, evidence)


def to_match(f: Finding, photo: Photo) -> Match:
    """The finding as the app reports it: boxes and the transform in the original photo's
    pixels; ``another_shot`` when its own blocks made it ``possible`` (same_shot.py)."""
    sf = photo.width / max(1, f.photo_size[0])  # analysed-photo pixel -> original pixel
    region = None
    cropped = False
    if f.photo_region is not None:
        x, y, w, h = f.photo_region
        region = (round(x * sf), round(y * sf), round(w * sf), round(h * sf))
        cropped = w * h < 0.95 * f.photo_size[0] * f.photo_size[1]
    pairs = tuple((sx, sy, px * sf, py * sf) for sx, sy, px, py in f.point_pairs())
    transform = Transform(
        round(f.fit.scale / sf, 4), round(f.fit.rotation_deg, 2), f.fit.mirrored, cropped
    )
    return Match(
        photo.id,
        photo.path,
        photo.sha256,
        f.level,
        f.score,
        f.bbox,
        transform,
        f.fit.inliers,
        f.corners,
        region,
        pairs,
        another_shot=f.level == "possible" and not_this_photo(f.evidence),
    )


#: A print's placement is settled when the whole visible picture correlates with the placed photo
#: at least PRINT_CORRELATION in its grey levels and PRINT_EDGES in its gradient magnitudes, and
#: the photo explains it PRINT_BEYOND times better than any plain shape (plain_shapes.py). Wrong
#: photos placed in every print of the study set (4,583 placements): at most 0.877, 0.524 and
#: 1.73, never two of them near their threshold at once (README "Tilted prints by their border").
PRINT_CORRELATION = 0.9
PRINT_EDGES = 0.7
PRINT_BEYOND = 3.0


def print_settled(placed: PrintPlacement) -> bool:
    return (
        placed.correlation >= PRINT_CORRELATION
        and placed.edges >= PRINT_EDGES
        and placed.beyond >= PRINT_BEYOND
    )


def examine_print(
    gray: np.ndarray, key: int, photo: PhotoFeatures, placed: PrintPlacement, pr: Print
) -> Finding | None:
    """A print's picture placed by its pixels (tilted_prints.py): ``same-photo`` when the
    placement passes ``print_settled`` and the blocks do not show another shot of the scene
    (then ``possible``); None otherwise. The box is the picture's visible part, the inside of
    its border, clipped to the suspect."""
    if not print_settled(placed) or min(photo.thumbnail.shape) < 8:
        return None
    none = np.zeros((0, 2), np.float32)
    fit = Fit(placed.matrix, placed.mirrored, 0, none, none, 0)
    h, w = gray.shape
    x0, y0 = np.clip(pr.contour.min(axis=0), 0, [w, h])
    x1, y1 = np.clip(pr.contour.max(axis=0), 0, [w, h])
    box = (round(float(x0)), round(float(y0)), round(float(x1 - x0)), round(float(y1 - y0)))
    if min(box[2:]) < MIN_BOX_SIDE:
        return None
    found = visible_region(gray, photo.thumbnail, photo.size, fit.warp)
    tex = found.textured_agreement if found is not None else 0.0
    corners = tuple((float(x), float(y)) for x, y in project_corners(fit.warp, photo.size))
    region = Region(box, placed.correlation, tex, corners)
    evidence = _same_shot(gray, photo, fit, box)
    level: MatchLevel = "possible" if not_this_photo(evidence) else "same-photo"
    score = round(min(0.999, 0.5 * placed.correlation + 0.5 * max(0.0, tex)), 4)
    preg = _photo_region(fit, box, photo.size)
    return Finding(key, level, score, box, fit, region, photo.size, preg, evidence)
