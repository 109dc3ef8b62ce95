"""Short-listing on a hand-built inverted file, where the truth of every vote is known."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from picproof.core.matching.features import scale_codes
from picproof.core.matching.retrieval import (
    WINDOW_CELLS,
    Suspect,
    _all_window_sums,
    _window_sums,
    region_shortlist,
    shortlist,
)

N_PHOTOS, WORDS_PER_PHOTO, VOCAB = 300, 400, 6000
PHOTO = (512, 384)
SCREEN = (720, 1560)


@dataclass(frozen=True)
class Inverted:
    offsets: np.ndarray
    photos: np.ndarray
    angles: np.ndarray
    photo_len: np.ndarray
    idf: np.ndarray
    xs: np.ndarray
    ys: np.ndarray
    scales: np.ndarray
    photo_size: np.ndarray


@dataclass(frozen=True)
class Library:
    """What each photo's keypoints are: word, angle (degrees), position and size (pixels)."""

    words: np.ndarray
    angles: np.ndarray
    xy: np.ndarray
    sizes: np.ndarray


def _index(rng: np.random.Generator) -> tuple[Inverted, Library]:
    shape = (N_PHOTOS, WORDS_PER_PHOTO)
    lib = Library(
        rng.integers(0, VOCAB, shape),
        rng.uniform(0, 360, shape),
        np.stack([rng.uniform(0, PHOTO[0], shape), rng.uniform(0, PHOTO[1], shape)], axis=2),
        rng.uniform(2.0, 40.0, shape),
    )
    flat_w = lib.words.ravel()
    flat_p = np.repeat(np.arange(N_PHOTOS), WORDS_PER_PHOTO)
    order = np.argsort(flat_w, kind="stable")
    offsets = np.searchsorted(flat_w[order], np.arange(VOCAB + 1)).astype(np.int64)
    df = np.bincount(np.unique(flat_w * N_PHOTOS + flat_p) // N_PHOTOS, minlength=VOCAB)
    inv = Inverted(
        offsets,
        flat_p[order].astype(np.int32),
        (np.rint(lib.angles.ravel() * 256 / 360).astype(np.int64) % 256).astype(np.uint8)[order],
        np.full(N_PHOTOS, WORDS_PER_PHOTO),
        np.log((N_PHOTOS + 1.0) / (df + 1.0)).astype(np.float32),
        np.rint(lib.xy[..., 0].ravel()).astype(np.uint16)[order],
        np.rint(lib.xy[..., 1].ravel()).astype(np.uint16)[order],
        scale_codes(lib.sizes.ravel())[order],
        np.tile(np.array(PHOTO, np.uint16), (N_PHOTOS, 1)),
    )
    return inv, lib


def _query(  # type: ignore[no-untyped-def]
    rng, lib, photo, n_true, box, n_busy, *, placed=True, rotation=10.0
):
    """n_busy chance keypoints over the screen and n_true keypoints of ``photo`` shown in ``box``
    (fitted to its width, rotated by ``rotation`` degrees, with a little noise). With ``placed``
    False the photo's words are there, even turned the same way, but scattered at random
    positions and sizes: votes that agree on a rotation and on no placement."""
    pick = rng.choice(WORDS_PER_PHOTO, n_true, replace=False)
    x, y, w, h = box
    scale = w / PHOTO[0]
    t = np.radians(rotation)
    rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    centred = lib.xy[photo, pick] - np.array(PHOTO) / 2.0
    true_pts = scale * centred @ rot.T + np.array([x + w / 2.0, y + h / 2.0])
    true_pts += rng.normal(0, 1.0, true_pts.shape)
    true_angles = lib.angles[photo, pick] + rotation + rng.normal(0, 2.0, n_true)
    true_sizes = scale * lib.sizes[photo, pick] * np.exp2(rng.normal(0, 0.1, n_true))
    if not placed:
        true_pts = np.column_stack(
            [rng.uniform(0, SCREEN[0], n_true), rng.uniform(0, SCREEN[1], n_true)]
        )
        true_sizes = rng.uniform(1.0, 30.0, n_true)
    busy_pts = np.column_stack(
        [rng.uniform(0, SCREEN[0], n_busy), rng.uniform(0, SCREEN[1], n_busy)]
    )
    words = np.concatenate([lib.words[photo, pick], rng.integers(0, VOCAB, n_busy)])
    angles = np.concatenate([true_angles % 360, rng.uniform(0, 360, n_busy)])
    sizes = np.concatenate([true_sizes, rng.uniform(1.0, 30.0, n_busy)])
    pts = np.vstack([true_pts, busy_pts]).astype(np.float32)
    mirror_words = rng.integers(0, VOCAB, words.size).astype(np.int32)  # nothing mirrored
    return (
        words.astype(np.int32),
        mirror_words,
        angles.astype(np.float32),
        pts,
        sizes.astype(np.float32),
    )


def _whole_ranking(q, inv) -> list[int]:  # type: ignore[no-untyped-def]
    return [c.index for c in shortlist(Suspect(*q, SCREEN), inv, limit=0, keep_whole=N_PHOTOS)]


def test_small_photo_drowned_on_the_whole_suspect_is_listed_by_its_placement() -> None:
    drowned = 0
    for seed in range(4, 10):
        rng = np.random.default_rng(seed)
        inv, lib = _index(rng)
        photo = 123
        q = _query(rng, lib, photo, 30, (20, 20, 110, 82), 12000)
        drowned += _whole_ranking(q, inv).index(photo) >= 8
        listed = shortlist(Suspect(*q, SCREEN), inv, limit=8)
        assert listed[0].index == photo, seed
        assert False in listed[0].orientations
        assert len({c.index for c in listed}) == len(listed)
    assert drowned >= 3  # the premise: on the whole suspect, chance votes hide it


def test_votes_that_agree_on_a_placement_outrank_more_votes_that_do_not() -> None:
    for seed in range(3):
        rng = np.random.default_rng(seed)
        inv, lib = _index(rng)
        shown = _query(rng, lib, 7, 40, (300, 600, 300, 225), 3000, rotation=-25.0)
        scattered = _query(rng, lib, 8, 120, (0, 0, 1, 1), 0, placed=False)
        q = tuple(np.concatenate([a, b]) for a, b in zip(shown, scattered, strict=True))
        assert _whole_ranking(q, inv)[0] == 8  # more votes: first on the whole suspect
        listed = shortlist(Suspect(*q, SCREEN), inv, limit=1)
        assert [c.index for c in listed] == [7], seed


def _region_with_a_look_alike(seed: int) -> tuple[Inverted, tuple[np.ndarray, ...]]:
    """A small region: photo 7's keypoints, and photo 8's more numerous ones turned the same
    way but agreeing on no placement (what a busy look-alike texture gives)."""
    rng = np.random.default_rng(seed)
    inv, lib = _index(rng)
    shown = _query(rng, lib, 7, 40, (300, 600, 120, 90), 0)
    scattered = _query(rng, lib, 8, 80, (0, 0, 1, 1), 0, placed=False)
    return inv, tuple(np.concatenate([a, b]) for a, b in zip(shown, scattered, strict=True))


def test_a_regions_candidates_are_ranked_by_placement_too() -> None:
    for seed in range(3):
        inv, q = _region_with_a_look_alike(seed)
        assert _whole_ranking(q, inv)[0] == 8  # more votes: first on the whole-region score
        listed = region_shortlist(Suspect(*q, SCREEN), inv, limit=2)
        assert listed[0].index == 7, seed
        assert listed[0].orientations == (False,)


def test_a_regions_keep_whole_adds_its_best_voted_photo_that_placement_ranked_lower() -> None:
    # as a smooth avatar's photo: the most votes, which agree on no placement (the few
    # keypoints' sizes and positions are off); placed, it drops out of a short list
    for seed in range(3):
        inv, q = _region_with_a_look_alike(seed)
        placed = [c.index for c in region_shortlist(Suspect(*q, SCREEN), inv, limit=1)]
        assert placed == [7], seed
        listed = region_shortlist(Suspect(*q, SCREEN), inv, limit=1, keep_whole=1)
        assert [c.index for c in listed] == [7, 8], seed
        assert listed[1].orientations == (False,)


def test_keep_whole_adds_the_best_on_the_whole_suspect_after_the_placed_ones() -> None:
    rng = np.random.default_rng(11)
    inv, lib = _index(rng)
    shown = _query(rng, lib, 7, 40, (300, 600, 300, 225), 3000)
    scattered = _query(rng, lib, 8, 120, (0, 0, 1, 1), 0, placed=False)
    q = tuple(np.concatenate([a, b]) for a, b in zip(shown, scattered, strict=True))
    listed = [c.index for c in shortlist(Suspect(*q, SCREEN), inv, limit=1, keep_whole=2)]
    assert listed[0] == 7
    assert 8 in listed[1:]
    assert len(listed) == 3


def test_photo_filling_the_screen_ranks_first() -> None:
    rng = np.random.default_rng(5)
    inv, lib = _index(rng)
    q = _query(rng, lib, 42, 150, (0, 0, SCREEN[0], SCREEN[0] * 3 // 4), 3000)
    assert shortlist(Suspect(*q, SCREEN), inv, limit=4)[0].index == 42


def test_no_votes_no_candidates() -> None:
    rng = np.random.default_rng(6)
    inv, _ = _index(rng)
    empty = np.zeros(0, np.int32)
    none = np.zeros(0, np.float32)
    q = (empty, empty, none, np.zeros((0, 2), np.float32), none)
    assert shortlist(Suspect(*q, SCREEN), inv, limit=4, keep_whole=4) == []


def test_window_sums_built_from_smaller_windows_equal_the_direct_sums() -> None:
    rng = np.random.default_rng(3)
    for shape in ((5, 17, 8), (2, 4, 4), (3, 3, 7), (1, 2, 9), (4, 1, 1)):
        a = rng.random(shape).astype(np.float32) * 50
        got = _all_window_sums(a)
        assert sorted(got) == sorted(WINDOW_CELLS)
        for k in WINDOW_CELLS:
            want = _window_sums(a, k)
            assert got[k].shape == want.shape
            np.testing.assert_allclose(got[k], want, rtol=1e-5)
