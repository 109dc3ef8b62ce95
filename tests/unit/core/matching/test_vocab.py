"""Quantising descriptors into visual words: the nearest leaf of the nearest branch, computed on
one BLAS thread without leaving the process on one thread."""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_info

from picproof.core.matching.vocab import one_blas_thread, train_vocabulary


def _blas_threads() -> list[int]:
    return [int(i["num_threads"]) for i in threadpool_info() if i["user_api"] == "blas"]


def test_quantize_gives_the_nearest_leaf_of_the_nearest_branch() -> None:
    rng = np.random.default_rng(3)
    train = rng.random((4000, 128), np.float32)
    train /= np.linalg.norm(train, axis=1, keepdims=True)
    vocab = train_vocabulary(train, branch=8, iters=3)
    desc = train[rng.choice(4000, 500, replace=False)] + rng.normal(0, 0.01, (500, 128))
    desc = desc.astype(np.float32)

    before = _blas_threads()
    words = vocab.quantize(desc)
    assert _blas_threads() == before  # the limit is lifted again

    top = np.argmin(((desc[:, None, :] - vocab.top[None]) ** 2).sum(axis=2), axis=1)
    leaves = vocab.leaves[top]  # (n, branch, 128); unused leaves are +inf
    d = ((desc[:, None, :] - leaves) ** 2).sum(axis=2)
    expected = top * vocab.branch + np.argmin(np.where(np.isfinite(d), d, np.inf), axis=1)
    assert (words == expected).mean() > 0.99  # float32 ties may fall either way
    assert words.min() >= 0 and words.max() < vocab.size


def test_one_blas_thread_limits_and_restores() -> None:
    before = _blas_threads()
    with one_blas_thread():
        assert all(n == 1 for n in _blas_threads())
    assert _blas_threads() == before
