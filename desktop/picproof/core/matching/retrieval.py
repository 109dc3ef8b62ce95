"""Short-listing library photos for a suspect with an inverted file of visual words.

Each suspect keypoint votes, with its word's idf weight, for every photo holding the same word.
Votes are binned by the difference of keypoint orientations (weak geometric consistency, Jegou et
al. 2008): the true photo's votes pile up in one orientation bin (the rotation of the copy), chance
votes spread over all bins. A photo's score is its best pair of adjacent bins, normalised by the
square root of its feature count. The mirrored suspect votes separately; a photo keeps its better
orientation. Only the posting lists of the suspect's words are read, so a query touches a small
part of the index however large the library is. Very common words (in more than
``STOP_FRACTION`` of photos) are skipped: they cost the most and say the least.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from picproof.core.matching.features import angle_codes

ANGLE_BINS = 16
STOP_FRACTION = 0.05
CHUNK = 2_000_000
#: An orientation is verified when its votes reach this share of the candidate's best.
ORIENT_KEEP = 0.6


def _votes(
    words: np.ndarray,
    qcodes: np.ndarray,
    offsets: np.ndarray,
    photos: np.ndarray,
    angles: np.ndarray,
    idf: np.ndarray,
    n_photos: int,
) -> np.ndarray:
    starts = offsets[words]
    lens = offsets[words + 1] - starts
    keep = (lens > 0) & (lens <= max(64, STOP_FRACTION * n_photos * 2))
    words, starts, lens, qcodes = words[keep], starts[keep], lens[keep], qcodes[keep]
    grid = np.zeros(n_photos * ANGLE_BINS, np.float64)
    if words.size == 0:
        return grid.reshape(n_photos, ANGLE_BINS).max(axis=1)
    # A word repeated in the suspect (text, tiles) should not outvote distinctive words.
    _, inv, counts = np.unique(words, return_inverse=True, return_counts=True)
    weight = idf[words].astype(np.float64) ** 2 / counts[inv]
    # Gather posting slices in chunks of about CHUNK hits: bounded memory at any library size.
    ends = np.cumsum(lens)
    begin = 0
    while begin < words.size:
        base = ends[begin - 1] if begin else 0
        stop = int(np.searchsorted(ends, base + CHUNK, side="right"))
        stop = max(stop, begin + 1)
        st, ln = starts[begin:stop], lens[begin:stop]
        total = int(ln.sum())
        # position = start of its slice + rank inside the slice
        first = np.repeat(st - (np.cumsum(ln) - ln), ln)
        idx = first + np.arange(total, dtype=np.int64)
        delta = (
            np.repeat(qcodes[begin:stop], ln).astype(np.int32)
            - np.asarray(angles[idx]).astype(np.int32)
        ) % 256
        key = np.asarray(photos[idx]).astype(np.int64) * ANGLE_BINS + delta * ANGLE_BINS // 256
        grid += np.bincount(key, weights=np.repeat(weight[begin:stop], ln), minlength=grid.size)
        begin = stop
    g = grid.reshape(n_photos, ANGLE_BINS)
    return (g + np.roll(g, -1, axis=1)).max(axis=1)


@dataclass(frozen=True)
class Candidate:
    index: int
    """Dense photo index in the postings."""
    score: float
    orientations: tuple[bool, ...]
    """Orientations worth verifying (False = as is, True = mirrored)."""


def shortlist(
    words: np.ndarray,
    words_mirror: np.ndarray,
    angles_deg: np.ndarray,
    *,
    offsets: np.ndarray,
    photos: np.ndarray,
    angles: np.ndarray,
    photo_len: np.ndarray,
    idf: np.ndarray,
    limit: int,
) -> list[Candidate]:
    """The ``limit`` best candidates (dense photo indices), best first."""
    n = int(photo_len.shape[0])
    if n == 0 or words.size == 0:
        return []
    norm = np.sqrt(np.maximum(photo_len, 1).astype(np.float64))
    codes = angle_codes(angles_deg)
    codes_mirror = angle_codes(180.0 - np.asarray(angles_deg, np.float64))
    plain = _votes(words, codes, offsets, photos, angles, idf, n) / norm
    mirror = _votes(words_mirror, codes_mirror, offsets, photos, angles, idf, n) / norm
    score = np.maximum(plain, mirror)
    k = min(limit, n)
    top = np.argpartition(-score, k - 1)[:k]
    top = top[np.argsort(-score[top])]
    out = []
    for i in top:
        if score[i] <= 0:
            continue
        # Verify an orientation unless its votes are clearly the weaker (halves verification).
        tried = tuple(
            o for o, v in ((False, plain[i]), (True, mirror[i])) if v >= ORIENT_KEEP * score[i]
        )
        out.append(Candidate(int(i), float(score[i]), tried))
    return out
