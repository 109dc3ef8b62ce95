"""Short-listing on a hand-built inverted file, where the truth of every vote is known."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from picproof.core.matching.retrieval import shortlist

N_PHOTOS, WORDS_PER_PHOTO, VOCAB = 300, 400, 6000
SCREEN = (720, 1560)


@dataclass(frozen=True)
class Inverted:
    offsets: np.ndarray
    photos: np.ndarray
    angles: np.ndarray
    photo_len: np.ndarray
    idf: np.ndarray


def _index(rng: np.random.Generator) -> tuple[Inverted, np.ndarray, np.ndarray]:
    words = rng.integers(0, VOCAB, (N_PHOTOS, WORDS_PER_PHOTO))
    angles = rng.integers(0, 256, (N_PHOTOS, WORDS_PER_PHOTO)).astype(np.uint8)
    flat_w, flat_p, flat_a = (
        words.ravel(),
        np.repeat(np.arange(N_PHOTOS), WORDS_PER_PHOTO),
        angles.ravel(),
    )
    order = np.argsort(flat_w, kind="stable")
    offsets = np.searchsorted(flat_w[order], np.arange(VOCAB + 1)).astype(np.int64)
    df = np.array(
        [len(np.unique(flat_p[order][offsets[w] : offsets[w + 1]])) for w in range(VOCAB)]
    )
    idf = np.log((N_PHOTOS + 1.0) / (df + 1.0)).astype(np.float32)
    inv = Inverted(
        offsets,
        flat_p[order].astype(np.int32),
        flat_a[order],
        np.full(N_PHOTOS, WORDS_PER_PHOTO),
        idf,
    )
    return inv, words, angles


def _query(rng, words, angles, photo, n_true, box, n_busy):  # type: ignore[no-untyped-def]
    """n_busy chance keypoints over the screen, n_true keypoints of ``photo`` inside ``box``
    (rotated by 10 degrees: their angle codes all differ from the photo's by the same amount)."""
    pick = rng.choice(WORDS_PER_PHOTO, n_true, replace=False)
    true_words = words[photo, pick]
    true_angles = (angles[photo, pick].astype(np.float64) * 360 / 256 + 10.0) % 360
    x, y, w, h = box
    true_pts = np.column_stack([rng.uniform(x, x + w, n_true), rng.uniform(y, y + h, n_true)])
    busy_pts = np.column_stack(
        [rng.uniform(0, SCREEN[0], n_busy), rng.uniform(0, SCREEN[1], n_busy)]
    )
    all_words = np.concatenate([true_words, rng.integers(0, VOCAB, n_busy)]).astype(np.int32)
    all_angles = np.concatenate([true_angles, rng.uniform(0, 360, n_busy)]).astype(np.float32)
    pts = np.vstack([true_pts, busy_pts]).astype(np.float32)
    mirror_words = rng.integers(0, VOCAB, all_words.size).astype(np.int32)  # nothing mirrored
    return all_words, mirror_words, all_angles, pts


def test_small_photo_drowned_on_the_whole_suspect_stands_out_in_its_window() -> None:
    drowned = 0
    for seed in range(4, 10):
        rng = np.random.default_rng(seed)
        inv, words, angles = _index(rng)
        photo = 123
        q = _query(rng, words, angles, photo, 30, (20, 20, 110, 110), 12000)
        whole = shortlist(*q, SCREEN, inv, limit=N_PHOTOS)
        drowned += [c.index for c in whole].index(photo) >= 8
        listed = shortlist(*q, SCREEN, inv, limit=8, window_limit=4)
        assert [c.index for c in listed[:8]] == [c.index for c in whole[:8]]
        assert photo in [c.index for c in listed], seed
        assert False in listed[[c.index for c in listed].index(photo)].orientations
        assert len({c.index for c in listed}) == len(listed)
    assert drowned >= 3  # the premise: on the whole suspect, chance votes hide it


def test_photo_filling_the_screen_ranks_first_on_the_whole_suspect() -> None:
    rng = np.random.default_rng(5)
    inv, words, angles = _index(rng)
    q = _query(rng, words, angles, 42, 150, (0, 0, *SCREEN), 3000)
    listed = shortlist(*q, SCREEN, inv, limit=4, window_limit=4)
    assert listed[0].index == 42


def test_no_votes_no_candidates() -> None:
    rng = np.random.default_rng(6)
    inv, _, _ = _index(rng)
    empty = np.zeros(0, np.int32)
    assert (
        shortlist(
            empty,
            empty,
            np.zeros(0, np.float32),
            np.zeros((0, 2), np.float32),
            SCREEN,
            inv,
            limit=4,
            window_limit=4,
        )
        == []
    )
