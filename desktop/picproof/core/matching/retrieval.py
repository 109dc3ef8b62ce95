"""Short-listing library photos for a suspect with an inverted file of visual words.

Each suspect keypoint votes, with its word's idf weight, for every photo holding the same word.
Only the posting lists of the suspect's words are read, so a query touches a small part of the
index however large the library is. Very common words (in more than ``STOP_FRACTION`` of photos)
are skipped: they cost the most and say the least. The mirrored suspect votes separately; a photo
keeps its better orientation. Two rankings are made from the same votes and their best are merged:

* **Whole suspect.** Votes binned by the difference of keypoint orientations (weak geometric
  consistency, Jegou et al. 2008): the true photo's votes pile up in one orientation bin (the
  rotation of the copy), chance votes spread over all bins. Score: the best pair of adjacent bins,
  normalised by the square root of the photo's feature count. Finds photos that fill a good part
  of the suspect.
* **Windows.** A small photo (an 80 px avatar, a thumbnail in a busy grid) gets a few dozen true
  votes, while every library photo collects hundreds of chance votes from the rest of a busy
  screenshot: on the whole-suspect score it ranks anywhere. Its true votes are, however, packed
  in one small place. Votes are also counted per cell of a grid laid over the suspect, and each
  photo is scored by its most surprising window of 2x2 or 4x4 cells: the votes there minus what
  chance would put there (the photo's total votes times the window's share of all votes), in
  units of the chance level's square root. The best ``WINDOW_PREFILTER`` photos by that are then
  re-counted with orientation bins per window (the same weak consistency as above, now local),
  and the ``window_limit`` best join the short list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from picproof.core.matching.features import angle_codes

ANGLE_BINS = 16
STOP_FRACTION = 0.05
CHUNK = 2_000_000
#: An orientation is verified when its votes reach this share of the candidate's best.
ORIENT_KEEP = 0.6
#: Cells across the suspect's shorter side (a phone screenshot gets 8 x ~17 cells).
CELLS_ACROSS = 8
#: Fewer cells across in a large library, so that photos x cells stays within this budget
#: (measured: 100,000 photos x 144 cells took ~1 s per orientation on 2 cores).
MIN_CELLS_ACROSS = 4
WINDOW_BUDGET = 4_000_000
#: Window sizes, in cells.
WINDOW_CELLS = (2, 4)
#: Photos re-counted with orientation bins per window.
WINDOW_PREFILTER = 200
#: Photos per block of the window computation (a block's arrays stay in the CPU cache).
PHOTO_BLOCK = 4096
#: Votes kept between the two stages (else the second stage reads the postings again).
KEEP_HITS = 6_000_000


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


@dataclass(frozen=True)
class _Side:
    """One orientation of the suspect: its keypoints' words, angle codes and grid cells."""

    words: np.ndarray
    codes: np.ndarray
    cells: np.ndarray


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


def _hits(
    side: _Side, post: Postings, n_photos: int
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """(photo, angle bin, suspect cell, weight) of every vote, in chunks of about CHUNK votes."""
    offsets = post.offsets
    starts = offsets[side.words]
    lens = offsets[side.words + 1] - starts
    keep = (lens > 0) & (lens <= max(64, STOP_FRACTION * n_photos * 2))
    words, starts, lens = side.words[keep], starts[keep], lens[keep]
    codes, cells = side.codes[keep], side.cells[keep]
    if words.size == 0:
        return
    # A word repeated in the suspect (text, tiles) should not outvote distinctive words.
    _, inv, counts = np.unique(words, return_inverse=True, return_counts=True)
    weight = post.idf[words].astype(np.float64) ** 2 / counts[inv]
    # Gather posting slices in chunks: bounded memory at any library size.
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
            np.repeat(codes[begin:stop], ln).astype(np.int32)
            - np.asarray(post.angles[idx]).astype(np.int32)
        ) % 256
        yield (
            np.asarray(post.photos[idx]).astype(np.int64),
            (delta * ANGLE_BINS // 256).astype(np.int64),
            np.repeat(cells[begin:stop], ln),
            np.repeat(weight[begin:stop], ln),
        )
        begin = stop


def _window_sums(a: np.ndarray, k: int) -> np.ndarray:
    """Sums over every k x k window of the last two axes (a window never exceeds the grid)."""
    ny, nx = a.shape[-2:]
    ky, kx = min(k, ny), min(k, nx)
    rows = a[..., : ny - ky + 1, :].copy()
    for i in range(1, ky):
        rows += a[..., i : ny - ky + 1 + i, :]
    out = rows[..., : nx - kx + 1].copy()
    for j in range(1, kx):
        out += rows[..., j : nx - kx + 1 + j]
    return out


Hits = list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]


def _whole_and_windows(
    side: _Side, post: Postings, n: int, grid: Grid
) -> tuple[np.ndarray, np.ndarray, Hits | None]:
    """Whole-suspect scores (best adjacent orientation pair) and window surprise, per photo; and
    the votes themselves when they are few enough to keep for the second stage."""
    by_angle = np.zeros(n * ANGLE_BINS, np.float64)
    kept: Hits | None = []
    keys: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    held = 0
    for photo, abin, cell, weight in _hits(side, post, n):
        by_angle += np.bincount(photo * ANGLE_BINS + abin, weights=weight, minlength=by_angle.size)
        keys.append(photo * grid.size + cell)
        weights.append(weight)
        held += photo.size
        if kept is not None and held <= KEEP_HITS:
            kept.append((photo, abin, cell, weight))
        else:
            kept = None
    g = by_angle.reshape(n, ANGLE_BINS)
    whole = (g + np.roll(g, -1, axis=1)).max(axis=1)
    # One bincount for all chunks: photos x cells is the big array of a query.
    by_cell = (
        np.bincount(np.concatenate(keys), np.concatenate(weights), minlength=n * grid.size)
        if keys
        else np.zeros(n * grid.size)
    ).astype(np.float32)
    del keys, weights
    cells = by_cell.reshape(n, grid.ny, grid.nx)
    per_cell = cells.sum(axis=0, dtype=np.float64)
    everything = float(per_cell.sum()) + 1e-9
    shares = {
        k: (_window_sums(per_cell, k) / everything).astype(np.float32)[None] for k in WINDOW_CELLS
    }
    surprise = np.full(n, -np.inf, np.float32)
    for lo in range(0, n, PHOTO_BLOCK):  # blocks that stay in cache through the chain below
        block = cells[lo : lo + PHOTO_BLOCK]
        per_photo = block.sum(axis=(1, 2))[:, None, None]
        out = surprise[lo : lo + PHOTO_BLOCK]
        for k in WINDOW_CELLS:
            votes = _window_sums(block, k)
            expected = per_photo * shares[k]  # what chance would put in each window
            votes -= expected
            expected += 1.0
            np.sqrt(expected, out=expected)
            votes /= expected
            np.maximum(out, votes.reshape(block.shape[0], -1).max(axis=1), out=out)
    return whole, surprise, kept


def _oriented_windows(
    side: _Side, post: Postings, n: int, grid: Grid, chosen: np.ndarray, kept: Hits | None
) -> np.ndarray:
    """For the ``chosen`` photos: their best window's orientation peak over its chance level.

    (Verifying only inside that window would be cheaper, but the best window of a photo shown
    small is sometimes a chance one elsewhere: measured, it lost a dev pair.)"""
    slot = np.full(n, -1, np.int64)
    slot[chosen] = np.arange(chosen.size)
    m = int(chosen.size)
    acc = np.zeros(m * ANGLE_BINS * grid.size, np.float64)
    for photo, abin, cell, weight in kept if kept is not None else _hits(side, post, n):
        s = slot[photo]
        sel = s >= 0
        key = (s[sel] * ANGLE_BINS + abin[sel]) * grid.size + cell[sel]
        acc += np.bincount(key, weights=weight[sel], minlength=acc.size)
    g = acc.reshape(m, ANGLE_BINS, grid.ny, grid.nx)
    g = g + np.roll(g, -1, axis=1)  # adjacent orientation pair
    best = np.full(m, -np.inf)
    for k in WINDOW_CELLS:
        win = _window_sums(g, k)
        peak = win.max(axis=1)
        chance = win.sum(axis=1) * (2.0 / ANGLE_BINS)
        best = np.maximum(best, ((peak - chance) / np.sqrt(chance + 1.0)).reshape(m, -1).max(1))
    return best


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
    points: np.ndarray,
    size: tuple[int, int],
    post: Postings,
    *,
    limit: int,
    window_limit: int = 0,
) -> list[Candidate]:
    """The ``limit`` best candidates on the whole suspect, best first, then up to
    ``window_limit`` more that stand out in one window of it (dense photo indices)."""
    n = int(post.photo_len.shape[0])
    if n == 0 or words.size == 0:
        return []
    grid = Grid.over(size, n)
    cells = grid.cells(points)
    sides = (
        _Side(words, angle_codes(angles_deg), cells),
        _Side(words_mirror, angle_codes(180.0 - np.asarray(angles_deg, np.float64)), cells),
    )
    norm = np.sqrt(np.maximum(post.photo_len, 1).astype(np.float64))
    (plain, plain_s, plain_hits), (mirror, mirror_s, mirror_hits) = (
        _whole_and_windows(s, post, n, grid) for s in sides
    )
    plain /= norm
    mirror /= norm
    score = np.maximum(plain, mirror)

    def orientations(a: float, b: float) -> tuple[bool, ...]:
        # Verify an orientation unless its votes are clearly the weaker (halves verification).
        top = max(a, b)
        return tuple(o for o, v in ((False, a), (True, b)) if v >= ORIENT_KEEP * top)

    out: list[Candidate] = []
    k = min(limit, n)
    if k > 0:
        top = np.argpartition(-score, k - 1)[:k]
        for i in top[np.argsort(-score[top])]:
            if score[i] > 0:
                out.append(Candidate(int(i), float(score[i]), orientations(plain[i], mirror[i])))
    if window_limit <= 0:
        return out
    surprise = np.maximum(plain_s, mirror_s)
    taken = {c.index for c in out}
    pre = min(WINDOW_PREFILTER, n)
    chosen = np.argpartition(-surprise, pre - 1)[:pre]
    chosen = chosen[np.isfinite(surprise[chosen]) & (surprise[chosen] > 0)]
    if chosen.size == 0:
        return out
    a = _oriented_windows(sides[0], post, n, grid, chosen, plain_hits)
    b = _oriented_windows(sides[1], post, n, grid, chosen, mirror_hits)
    local = np.maximum(a, b)
    added = 0
    for j in np.argsort(-local):
        i = int(chosen[j])
        if added >= window_limit or local[j] <= 0:
            break
        if i in taken:
            continue
        out.append(Candidate(i, float(score[i]), orientations(a[j], b[j])))
        added += 1
    return out
