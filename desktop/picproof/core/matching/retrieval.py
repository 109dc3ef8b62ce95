"""Short-listing library photos for a suspect with an inverted file of visual words.

Each distinct suspect word votes, with its idf weight, for every photo holding it; votes are
normalised by the square root of the photo's feature count (a photo with many features collects
chance votes in proportion). The mirrored suspect votes separately and a photo keeps its better
orientation. Only the posting lists of the suspect's words are read: a query touches a small part
of the index however large the library is.
"""

from __future__ import annotations

import numpy as np


def _votes(words: np.ndarray, offsets: np.ndarray, photos: np.ndarray, idf: np.ndarray,
           n_photos: int) -> np.ndarray:
    words = np.unique(words)
    starts = offsets[words]
    lens = offsets[words + 1] - starts
    keep = lens > 0
    words, starts, lens = words[keep], starts[keep], lens[keep]
    total = int(lens.sum())
    if total == 0:
        return np.zeros(n_photos, np.float64)
    # Gather all posting slices at once: position = start of its slice + rank inside the slice.
    first = np.repeat(starts - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens)
    idx = first + np.arange(total, dtype=np.int64)
    weights = np.repeat(idf[words].astype(np.float64) ** 2, lens)
    return np.bincount(np.asarray(photos[idx]), weights=weights, minlength=n_photos)


def shortlist(words: np.ndarray, words_mirror: np.ndarray, *, offsets: np.ndarray,
              photos: np.ndarray, photo_len: np.ndarray, idf: np.ndarray,
              limit: int) -> list[tuple[int, float]]:
    """Dense photo indices of the ``limit`` best candidates with their scores, best first."""
    n = int(photo_len.shape[0])
    if n == 0:
        return []
    norm = np.sqrt(np.maximum(photo_len, 1).astype(np.float64))
    score = np.maximum(_votes(words, offsets, photos, idf, n),
                       _votes(words_mirror, offsets, photos, idf, n)) / norm
    k = min(limit, n)
    top = np.argpartition(-score, k - 1)[:k]
    top = top[np.argsort(-score[top])]
    return [(int(i), float(score[i])) for i in top if score[i] > 0]
