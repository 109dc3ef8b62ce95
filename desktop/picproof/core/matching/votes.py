"""The suspect's votes for library photos: the inverted file as retrieval reads it, one
orientation of the suspect, the grid laid over it, and the chunked vote generator.

Split from retrieval.py, which ranks photos from these votes (see its docstring for the method).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple, Protocol

import numpy as np

STOP_FRACTION = 0.05
CHUNK = 2_000_000
#: Cells across the suspect's shorter side (a phone screenshot gets 8 x ~17 cells).
CELLS_ACROSS = 8
#: Fewer cells across in a large library, so that photos x cells stays within this budget
#: (measured: 100,000 photos x 144 cells took ~1 s per orientation on 2 cores).
MIN_CELLS_ACROSS = 4
WINDOW_BUDGET = 4_000_000
#: Bins of the orientation difference of a vote's two keypoints (1/16 turn each).
ANGLE_BINS = 16


class Postings(Protocol):
    """The inverted file as ``shortlist`` reads it (arrays may be memory maps)."""

    @property
    def offsets(self) -> np.ndarray: ...
    @property
    def photos(self) -> np.ndarray: ...
    @property
    def angles(self) -> np.ndarray: ...
    @property
    def photo_len(self) -> np.ndarray: ...
    @property
    def idf(self) -> np.ndarray: ...
    @property
    def xs(self) -> np.ndarray: ...
    @property
    def ys(self) -> np.ndarray: ...
    @property
    def scales(self) -> np.ndarray: ...
    @property
    def photo_size(self) -> np.ndarray: ...


@dataclass(frozen=True)
class Side:
    """One orientation of the suspect: its keypoints' words, angle codes, grid cells, and the
    positions and log2 sizes the geometric re-ranking reads (x mirrored on the mirrored side)."""

    words: np.ndarray
    codes: np.ndarray
    cells: np.ndarray
    points: np.ndarray
    log_sizes: np.ndarray


@dataclass(frozen=True)
class Grid:
    nx: int
    ny: int
    side: float

    @property
    def size(self) -> int:
        return self.nx * self.ny

    @staticmethod
    def over(size: tuple[int, int], n_photos: int = 0) -> Grid:
        """CELLS_ACROSS cells across the shorter side, fewer (down to MIN_CELLS_ACROSS) when
        photos x cells would exceed WINDOW_BUDGET: that array is the big one of a query."""
        w, h = size
        across = CELLS_ACROSS
        while across > MIN_CELLS_ACROSS:
            side = max(16.0, min(w, h) / across)
            cells = int(np.ceil(w / side)) * int(np.ceil(h / side))
            if n_photos * cells <= WINDOW_BUDGET:
                break
            across -= 1
        side = max(16.0, min(w, h) / across)
        return Grid(max(1, int(np.ceil(w / side))), max(1, int(np.ceil(h / side))), side)

    def cells(self, points: np.ndarray) -> np.ndarray:
        cx = np.clip((points[:, 0] / self.side).astype(np.int64), 0, self.nx - 1)
        cy = np.clip((points[:, 1] / self.side).astype(np.int64), 0, self.ny - 1)
        return cy * self.nx + cx


class Votes(NamedTuple):
    """A chunk of votes, one entry per (suspect keypoint, posting) pair sharing a word."""

    photo: np.ndarray
    """int32 dense photo index."""
    delta: np.ndarray
    """uint8 orientation difference suspect - photo keypoint, in angle codes (0-255)."""
    cell: np.ndarray
    """int32 grid cell of the suspect keypoint."""
    weight: np.ndarray
    posting: np.ndarray
    """Index into the posting arrays (the photo keypoint)."""
    keypoint: np.ndarray
    """int32 index of the suspect keypoint."""


Hits = list[Votes]
"""Votes kept between retrieval's stages."""


def hits(side: Side, post: Postings, n_photos: int) -> Iterator[Votes]:
    """Every vote of the suspect side, in chunks of about CHUNK votes."""
    offsets = post.offsets
    starts = offsets[side.words]
    lens = offsets[side.words + 1] - starts
    keep = (lens > 0) & (lens <= max(64, STOP_FRACTION * n_photos * 2))
    words, starts, lens = side.words[keep], starts[keep], lens[keep]
    codes = side.codes[keep].astype(np.uint8)
    cells = side.cells[keep].astype(np.int32)
    keypoint = np.flatnonzero(keep).astype(np.int32)
    if words.size == 0:
        return
    # A word repeated in the suspect (text, tiles) should not outvote distinctive words.
    _, inv, counts = np.unique(words, return_inverse=True, return_counts=True)
    weight = post.idf[words].astype(np.float64) ** 2 / counts[inv]
    # Plain arrays, not memmap objects: slicing a memmap goes through Python-level code.
    photos, angles = np.asarray(post.photos), np.asarray(post.angles)
    # Gather posting slices in chunks: bounded memory at any library size.
    ends = np.cumsum(lens)
    begin = 0
    while begin < words.size:
        base = ends[begin - 1] if begin else 0
        stop = int(np.searchsorted(ends, base + CHUNK, side="right"))
        stop = max(stop, begin + 1)
        st, ln = starts[begin:stop], lens[begin:stop]
        # Each word's postings are one contiguous slice: copying slices is ~3x faster than
        # gathering the same entries by index (measured at 100,000 photos, 3.6 M votes a side).
        bounds = list(zip(st.tolist(), (st + ln).tolist(), strict=True))
        total = int(ln.sum())
        # position = start of its slice + rank inside the slice
        first = np.repeat((st - (np.cumsum(ln) - ln)).astype(np.int64), ln)
        yield Votes(
            np.concatenate([photos[a:b] for a, b in bounds]).astype(np.int32, copy=False),
            # uint8 arithmetic wraps modulo 256, the angle codes' period
            np.repeat(codes[begin:stop], ln)
            - np.concatenate([angles[a:b] for a, b in bounds]).astype(np.uint8, copy=False),
            np.repeat(cells[begin:stop], ln),
            np.repeat(weight[begin:stop], ln),
            first + np.arange(total, dtype=np.int64),
            np.repeat(keypoint[begin:stop], ln),
        )
        begin = stop
