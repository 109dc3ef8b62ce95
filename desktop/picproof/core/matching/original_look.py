"""This very photograph? A second look at the blocks, in the library's original file.

The block test (same_shot.py) reads the stored 256 px thumbnail: a stereo twin's parallax or a
burst's motion of under ~2 px at that scale leaves no block off its place. Where the suspect
shows the photo larger than the thumbnail, the user's original file holds the detail the
thumbnail lost. So, for every finding that would otherwise be reported as ``same-photo``, the
original is decoded at the scale the suspect shows it (at most ``MAX_SIDE``; JPEG draft mode makes
that a 1/2-1/8 decode) and aligned by the homography its blocks agree on (same_shot.py). There
the block test runs again (small motions the thumbnail could not show), and blocks of the
suspect that moved further than it looks are searched for (far_moves.py). Either demotes the
finding to ``possible``, as moved blocks do at the thumbnail's scale.

Core reads no files: the caller passes ``load(photo id, longer side) -> grey image or None``
(services/matching.py reads the library's file). An original that cannot be read (moved,
unplugged, unreadable) leaves the thumbnail's verdict standing.

Thresholds and the chance study: core/matching/README.md ("Same photo or another shot").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from picproof.core.matching.engine import Finding
from picproof.core.matching.far_moves import far_moves
from picproof.core.matching.features import THUMB_MAX_SIDE
from picproof.core.matching.moved_pixels import MAX_SHOWN, moved_pixels
from picproof.core.matching.region import TILT_DEG, local_scale
from picproof.core.matching.same_shot import (
    SameShot,
    aligned,
    another_shot,
    examine_pair,
    working_pair,
)

#: Longest side the original is read at: the blocks then cover the photo at up to twice the
#: thumbnail's detail. Larger costs more (the block search is per pixel) and the true copies'
#: tail rises (a screen photographed at an angle, whose moiré and blur move blocks).
MAX_SIDE = 512
#: A finding shown at most this much larger than the thumbnail gains nothing from the original.
MIN_GAIN = 1.0

#: ``load(photo id, longer side)``: the original's grey levels with its longer side at least
#: about that (JPEG draft decode), or None when it cannot be read.
LoadOriginal = Callable[[int, int], "np.ndarray | None"]


def shown_side(finding: Finding) -> float:
    """The photo's longer side as the suspect shows it, in suspect pixels."""
    w, h = finding.photo_size
    return local_scale(finding.fit.warp, w / 2, h / 2) * max(w, h)


def wanted_side(finding: Finding) -> int | None:
    """The side to read the original at, or None when the thumbnail already shows all the
    suspect does (the photo is shown about as small as the thumbnail, or smaller)."""
    side = min(float(MAX_SIDE), shown_side(finding))
    if side < MIN_GAIN * min(THUMB_MAX_SIDE, max(finding.photo_size)):
        return None
    return round(side)


def _tilted(finding: Finding) -> bool:
    """Whether the fit turns the photo by >= TILT_DEG (a quarter turn is upright) or sees it in
    perspective."""
    if finding.fit.homography is not None:
        return True
    angle = abs(finding.fit.rotation_deg) % 90.0
    return min(angle, 90.0 - angle) >= TILT_DEG


def _read(
    gray: np.ndarray, original: np.ndarray, finding: Finding, matrix: np.ndarray
) -> tuple[SameShot, SameShot | None, int] | None:
    """Read from ``original`` under ``matrix`` (photo -> suspect): the blocks' evidence, the
    same once the photo is aligned by the blocks' homography (with the pixels moved at the
    size shown, moved_pixels.py, where that is at most MAX_SHOWN), and the far moves
    (far_moves.py); None when the view is too small or plain to say."""
    assert finding.bbox is not None
    pair = working_pair(gray, original, finding.photo_size, matrix, finding.bbox)
    examined = examine_pair(*pair) if pair is not None else None
    if pair is None or examined is None:
        return None
    evidence, model = examined
    work, warped, valid = pair
    photo, inside = aligned(warped, valid, model)
    fine = examine_pair(work, photo, inside)
    if fine is not None and shown_side(finding) <= MAX_SHOWN:
        motion = moved_pixels(work, photo, inside)
        if motion is not None:
            fine = (replace(fine[0], motion_area=motion[0], motion_moved=motion[1]), fine[1])
    return evidence, fine[0] if fine is not None else None, far_moves(work, photo, inside)


def _evidence(gray: np.ndarray, original: np.ndarray, finding: Finding) -> SameShot | None:
    """The finding's evidence with what the original file shows under the fit's warp.

    The block test is read in the original only once the photo is aligned by the homography
    the blocks agree on: read straight away at up to 512 px, blocks moved off their place in
    two true copies of the dev set where the thumbnail's did not (a photo stretched to fill a
    grid tile: 38 of 206 blocks; a small chat picture: 4 of 37). And unlike the thumbnail's
    test (engine._same_shot), a homography fit is not read again under its similarity: at up
    to 512 px a screen photographed at an angle then leaves the blocks' +-6 px, and five true
    copies of the kinds probe set showed 3-15 far moves that way."""
    read = _read(gray, original, finding, finding.fit.warp)
    if read is None:
        return finding.evidence
    evidence, fine, far = read
    base = finding.evidence or replace(evidence, moved=0)
    if fine is not None:
        base = replace(base, fine_blocks=fine.blocks, fine_moved=fine.moved)
        if fine.motion_area:
            base = replace(base, motion_area=fine.motion_area, motion_moved=fine.motion_moved)
    return replace(base, far_moved=far, tilted=_tilted(finding))


def look_at_originals(
    found: dict[int, Finding], gray: np.ndarray, load: LoadOriginal
) -> dict[int, Finding]:
    """``found`` with every ``same-photo`` finding whose original shows another shot of the
    scene demoted to ``possible``; the evidence of every finding read says what the original
    showed (``far_moved``, ``fine_moved``)."""
    out = dict(found)
    for key, finding in found.items():
        if finding.level != "same-photo" or finding.bbox is None:
            continue
        side = wanted_side(finding)
        if side is None:
            continue
        original = load(key, side)
        if original is None or min(original.shape) < 8:
            continue
        evidence = _evidence(gray, original, finding)
        if another_shot(evidence):
            out[key] = replace(finding, level="possible", evidence=evidence)
        elif finding.evidence is not None and evidence is not None:
            # what the original showed is kept with the finding (benches, the review); the
            # thumbnail's block agreement, which ranks photos at one place, is unchanged
            out[key] = replace(finding, evidence=evidence)
    return out
