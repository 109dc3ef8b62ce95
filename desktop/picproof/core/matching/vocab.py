"""A two-level visual vocabulary (hierarchical k-means over RootSIFT) for the inverted index.

The vocabulary is learned from a sample of the library's own descriptors when the index is first
built (and relearned when the library has grown several-fold), so it needs no shipped training set.
Two levels of ``branch`` centres give ``branch**2`` words while quantising a descriptor costs only
``2 * branch`` distance computations.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from functools import cache

import numpy as np


@dataclass(frozen=True)
class Vocabulary:
    top: np.ndarray
    """float32 (b, 128) first-level centres."""
    leaves: np.ndarray
    """float32 (b, b, 128) second-level centres (unused rows are +inf far away)."""
    _prepared: dict[int, _Centres] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def _centres(self, c: int) -> _Centres:
        """Branch ``c``'s usable centres (-1 for the first level) and their word numbers,
        prepared once: a query quantises into hundreds of branches."""
        got = self._prepared.get(c)
        if got is None:
            if c < 0:
                got = _Centres.of(self.top, np.int32(0))
            else:
                got = _Centres.of(self.leaves[c], np.int32(c * self.branch))
            self._prepared[c] = got
        return got

    @property
    def branch(self) -> int:
        return int(self.top.shape[0])

    @property
    def size(self) -> int:
        return self.branch * self.branch

    def quantize(self, desc: np.ndarray) -> np.ndarray:
        """Word ids (int32) of RootSIFT descriptors (n, 128 float32)."""
        n = desc.shape[0]
        if n == 0:
            return np.zeros(0, np.int32)
        desc = np.ascontiguousarray(desc, np.float32)
        with one_blas_thread():
            first = self._centres(-1).nearest(desc)
            words = np.empty(n, np.int32)
            order = np.argsort(first, kind="stable")
            bounds = np.searchsorted(first[order], np.arange(self.branch + 1))
            for c in range(self.branch):
                sel = order[bounds[c] : bounds[c + 1]]
                if sel.size:
                    words[sel] = self._centres(c).nearest(desc[sel])
        return words

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {"top": self.top, "leaves": self.leaves}


@cache
def _blas() -> object | None:
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # an environment set up before the dependency: slower, same words
        return None
    controller: object = ThreadpoolController()
    return controller


def one_blas_thread() -> AbstractContextManager[object]:
    """Run the enclosed numpy products on one BLAS thread (restored afterwards, process-wide).

    Quantising is a few hundred small products (one per branch a query's descriptors fall
    into, ~40 x 128 by 128 x 256). OpenBLAS splits each over its threads, and every split waits
    for the slowest thread: on a quiet machine that alone made quantising 2-3x slower (14 ms on
    one thread, 33-40 ms on two, 9,000 descriptors, 65k words), and when another process holds
    the other core each small product waited for it (23 ms instead of 36 us): a query against
    10,000 photos spent 1-2 s here. The words are the same but for float32 ties (1 in 222,948 on
    30 dev screenshots; the dev set's findings were identical).
    """
    controller = _blas()
    if controller is None:
        return nullcontext()
    return controller.limit(limits=1, user_api="blas")  # type: ignore[attr-defined,no-any-return]


#: Rows per distance block: bounds the (rows x centres) score matrix to ~64 MB and gives other
#: threads (the GUI) the interpreter between blocks.
_CHUNK = 65_536


def _nearest(x: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Row number of the nearest finite centre for each row of ``x`` (k-means assignment)."""
    return _Centres.of(centres, np.int32(0)).nearest(np.ascontiguousarray(x, np.float32))


def _centre_sums(x: np.ndarray, assign: np.ndarray, k: int) -> np.ndarray:
    """Per-centre sums of the rows of ``x``, block by block (no full sorted copy of ``x``)."""
    sums = np.zeros((k, x.shape[1]), np.float64)
    for start in range(0, x.shape[0], _CHUNK):
        block = x[start : start + _CHUNK]
        a = assign[start : start + _CHUNK]
        order = np.argsort(a, kind="stable")
        sorted_a = a[order]
        present, first = np.unique(sorted_a, return_index=True)
        sums[present] += np.add.reduceat(block[order], first, axis=0)
    return sums


@dataclass(frozen=True)
class _Centres:
    """One set of centres prepared for nearest-centre search by one matrix product:
    argmin |x - c|^2 = argmax (x.c - |c|^2 / 2)."""

    transposed: np.ndarray
    """float32 (128, k) usable (finite) centres, transposed and contiguous."""
    half_norms: np.ndarray
    """float32 (k,) |c|^2 / 2."""
    ids: np.ndarray
    """int32 (k,) the number each usable centre stands for."""

    @staticmethod
    def of(centres: np.ndarray, first_id: np.int32) -> _Centres:
        finite = np.nonzero(np.isfinite(centres[:, 0]))[0].astype(np.int32)
        usable = np.ascontiguousarray(centres[finite], np.float32)
        return _Centres(
            np.ascontiguousarray(usable.T),
            (0.5 * np.einsum("ij,ij->i", usable, usable)).astype(np.float32),
            finite + first_id,
        )

    def nearest(self, x: np.ndarray) -> np.ndarray:
        """The id of the nearest centre for each row of ``x`` (0 when there is no centre).

        A BLAS product: 3-4x faster than OpenCV's batchDistance for a query's ~10,000
        descriptors, and no slower with both cores busy with other processes (measured
        2026-11-26: 83 vs 88 ms for the second level, 18 vs 59 ms for the first).
        """
        out = np.zeros(x.shape[0], np.int32)
        if self.ids.size == 0:
            return out
        for start in range(0, x.shape[0], _CHUNK):
            scores = x[start : start + _CHUNK] @ self.transposed
            scores -= self.half_norms
            out[start : start + _CHUNK] = self.ids[np.argmax(scores, axis=1)]
        return out


def _kmeans(x: np.ndarray, k: int, rng: np.random.Generator, iters: int) -> np.ndarray:
    """Plain Lloyd k-means with k-means|| -lite seeding (random distinct samples); float32."""
    n = x.shape[0]
    if n <= k:
        out = np.full((k, x.shape[1]), np.inf, np.float32)
        out[:n] = x
        return out
    centres = x[rng.choice(n, size=k, replace=False)].copy()
    for _ in range(iters):
        assign = _nearest(x, centres)
        counts = np.bincount(assign, minlength=k).astype(np.float32)
        empty = counts == 0
        sums = _centre_sums(x, assign, k)
        centres[~empty] = (sums[~empty] / counts[~empty, None]).astype(np.float32)
        if empty.any():  # re-seed dead centres on random points so every word stays usable
            centres[empty] = x[rng.choice(n, size=int(empty.sum()), replace=False)]
    return centres


def branch_for(n_descriptors: int) -> int:
    """Branch factor for a training set: at least 128 (16k words) and up to 256 (65k words).

    Retrieval among few photos still needs fine words: with 1k words the true photo ranked in the
    top 12 for 43 % of dev pairs, with 16k words for 91 %, even though most words then saw only
    one or two training descriptors.
    """
    b = int(np.sqrt(max(1, n_descriptors) / 2.0))
    return int(min(256, max(128, b)))


def train_vocabulary(
    desc: np.ndarray, *, branch: int | None = None, seed: int = 7, iters: int = 8
) -> Vocabulary:
    """Learn a vocabulary from RootSIFT descriptors (n, 128 float32)."""
    rng = np.random.default_rng(seed)
    b = branch or branch_for(desc.shape[0])
    top = _kmeans(desc, b, rng, iters)
    first = _nearest(desc, top)
    leaves = np.full((b, b, desc.shape[1]), np.inf, np.float32)
    for c in range(b):
        members = desc[first == c]
        if members.shape[0]:
            leaves[c] = _kmeans(members, b, rng, iters)
    return Vocabulary(top.astype(np.float32), leaves)


def train_vocabulary_arrays(desc: np.ndarray) -> dict[str, np.ndarray]:
    """``train_vocabulary`` returning plain arrays: the entry point for a worker process."""
    return train_vocabulary(desc).to_arrays()


def vocabulary_from_arrays(arrays: dict[str, np.ndarray]) -> Vocabulary:
    return Vocabulary(
        np.asarray(arrays["top"], np.float32), np.asarray(arrays["leaves"], np.float32)
    )
