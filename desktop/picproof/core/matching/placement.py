"""The placement stage of retrieval.py: which of the short-listed photos have votes that agree
on one placement of the photo in the suspect (a Hough transform over word pairs, Lowe 2004).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from picproof.core.matching.features import SCALE_CODE_STEPS
from picproof.core.matching.votes import ANGLE_BINS, Hits, Postings, Side, hits

#: Bit layout of a placement bin's key, low to high: y and x position (wrapped: bins 1024 apart
#: alias, which only adds a little chance), scale octave (offset so that 1/65536x..32768x fit),
#: orientation, then the photo's slot. Keypoint ids are appended below the key for de-duplication.
_POS_BITS = 10
_OCTAVE_BITS = 5
_OCTAVE_OFFSET = 16
_ANGLE_BITS = (ANGLE_BINS - 1).bit_length()
_SLOT_SHIFT = 2 * _POS_BITS + _OCTAVE_BITS + _ANGLE_BITS
_ID_BITS = 20


def geometric_scores(
    side: Side, post: Postings, n: int, chosen: np.ndarray, kept: Hits | None, area: float
) -> np.ndarray:
    """For the ``chosen`` photos: how far their largest group of votes that agree on one
    placement of the photo in the suspect stands above chance (a Hough transform over word
    pairs, Lowe 2004), in units of the chance spread; -inf for a photo without votes.

    Each vote pairs a suspect keypoint with a photo keypoint; their orientations, sizes and
    positions predict the photo's rotation, scale and where its centre lies. Votes of the true
    photo agree on all four; chance votes scatter over ~16 x 10 x (suspect / photo size)^2 bins.
    Bins: 1/16 turn, one octave, half the predicted photo side; counted on two grids offset by
    half a bin (a true cluster cut by a bin edge is whole on the other grid). Within a bin a
    keypoint counts once on each side: repeated patterns (text, tiles) pair every copy with
    every copy and would otherwise pile up.
    """
    best = np.full(chosen.size, -np.inf)
    votes = _chosen_votes(side, post, n, chosen, kept)
    if votes is None:
        return best
    pairs = _Placements.of(side, post, chosen, votes)
    for off in (0.0, 0.5):
        owner, z = _bin_surprise(pairs, off, area)
        np.maximum.at(best, owner, z)
    return best


class _ChosenVotes(NamedTuple):
    """The votes for the chosen photos."""

    slot: np.ndarray
    """The voted photo's place in ``chosen``."""
    delta: np.ndarray
    weight: np.ndarray
    posting: np.ndarray
    keypoint: np.ndarray


def _chosen_votes(
    side: Side, post: Postings, n: int, chosen: np.ndarray, kept: Hits | None
) -> _ChosenVotes | None:
    """The votes for the ``chosen`` photos, from the kept votes or, when there were too many to
    keep, from the postings again; None when there are none."""
    slot = np.full(n, -1, np.int64)
    slot[chosen] = np.arange(chosen.size)
    parts: list[_ChosenVotes] = []
    for votes in kept if kept is not None else hits(side, post, n):
        s = slot[votes.photo]
        sel = s >= 0
        if sel.any():
            parts.append(
                _ChosenVotes(
                    s[sel],
                    votes.delta[sel],
                    votes.weight[sel],
                    votes.posting[sel],
                    votes.keypoint[sel],
                )
            )
    if not parts:
        return None
    return _ChosenVotes(*(np.concatenate(p) for p in zip(*parts, strict=True)))


@dataclass(frozen=True)
class _Placements:
    """Per vote of the chosen photos: the placement of the photo in the suspect it predicts
    (orientation code ``delta``, ``log_scale``, centre ``cx``, ``cy``) and what the bins need."""

    slot: np.ndarray
    """The voted photo's place in ``chosen``."""
    delta: np.ndarray
    weight: np.ndarray
    log_scale: np.ndarray
    cx: np.ndarray
    cy: np.ndarray
    longest: np.ndarray
    """The voted photo's longer side (pixels)."""
    photo_kp: np.ndarray
    suspect_kp: np.ndarray
    """Compact keypoint ids: a keypoint's identity fits in the low bits of the de-duplication
    keys."""
    typical: np.ndarray
    """Per chosen photo, the typical weight of its votes, E[w^2] / E[w]."""

    @staticmethod
    def of(side: Side, post: Postings, chosen: np.ndarray, votes: _ChosenVotes) -> _Placements:
        s, delta, weight, idx, qk = votes
        photo_size = np.asarray(post.photo_size)[chosen].astype(np.float64)
        theta = delta * (2.0 * np.pi / 256.0)
        log_scale = side.log_sizes[qk] - np.asarray(post.scales[idx]) / SCALE_CODE_STEPS
        scale = np.exp2(log_scale)
        vx = 0.5 * photo_size[s, 0] - np.asarray(post.xs[idx])
        vy = 0.5 * photo_size[s, 1] - np.asarray(post.ys[idx])
        cos, sin = np.cos(theta), np.sin(theta)
        typical = np.bincount(s, weight * weight, chosen.size) / np.maximum(
            np.bincount(s, weight, chosen.size), 1e-12
        )
        return _Placements(
            slot=s,
            delta=delta,
            weight=weight,
            log_scale=log_scale,
            cx=side.points[qk, 0] + scale * (cos * vx - sin * vy),
            cy=side.points[qk, 1] + scale * (sin * vx + cos * vy),
            longest=photo_size.max(axis=1)[s],
            photo_kp=np.unique(idx, return_inverse=True)[1].astype(np.int64),
            suspect_kp=np.unique(qk, return_inverse=True)[1].astype(np.int64),
            typical=typical,
        )


def _bin_surprise(p: _Placements, off: float, area: float) -> tuple[np.ndarray, np.ndarray]:
    """On the placement grid offset by ``off`` bins: each occupied bin's photo (its place in
    ``chosen``) and how far the bin's votes, a keypoint counted once on each side, stand above
    chance."""
    key, octave, width = _bin_keys(p, off)
    _, once = np.unique((key << _ID_BITS) | p.photo_kp, return_index=True)
    once = once[np.unique((key[once] << _ID_BITS) | p.suspect_kp[once], return_index=True)[1]]
    bins, first, inverse = np.unique(key[once], return_index=True, return_inverse=True)
    totals = np.bincount(inverse, weights=p.weight[once])
    owner = p.slot[once][first]
    bin_octave = octave[once][first]
    bin_width = width[once][first]
    # Chance level of each bin: the photo's votes at that scale spread evenly over the
    # angle and position bins of that scale. Small placements have many small position
    # bins, large ones a few big bins that chance fills up; a raw peak favours the latter.
    group = owner * (1 << _OCTAVE_BITS) + bin_octave
    per_scale = np.bincount(group, weights=totals)[group]
    positions = np.maximum(1.0, area / (bin_width * bin_width))
    chance = per_scale / (ANGLE_BINS * positions)
    # compound Poisson: the spread of a sum of votes of typical weight ``unit``
    unit = p.typical[owner]
    return owner, (totals - chance) / np.sqrt(chance * unit + unit * unit)


def _bin_keys(p: _Placements, off: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per vote: its placement bin's key (bit layout above) on the grid offset by ``off``
    bins, the bin's scale octave (offset by _OCTAVE_OFFSET) and its position bin's width."""
    wrap = (1 << _POS_BITS) - 1
    a = np.floor(p.delta / (256.0 / ANGLE_BINS) + off).astype(np.int64) % ANGLE_BINS
    octave = (np.floor(p.log_scale + off).astype(np.int64) + _OCTAVE_OFFSET).clip(
        0, (1 << _OCTAVE_BITS) - 1
    )
    width = 0.5 * np.exp2(octave - _OCTAVE_OFFSET + 0.5 - off) * p.longest
    tx = np.floor(p.cx / width + off).astype(np.int64) & wrap
    ty = np.floor(p.cy / width + off).astype(np.int64) & wrap
    key = (
        (p.slot << _SLOT_SHIFT)
        | (a << (2 * _POS_BITS + _OCTAVE_BITS))
        | (octave << (2 * _POS_BITS))
        | (tx << _POS_BITS)
        | ty
    )
    return key, octave, width
