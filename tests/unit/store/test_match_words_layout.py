"""The per-photo word blob of the matching index reads back what was written."""

from __future__ import annotations

import numpy as np

from picproof.core.matching.features import angle_codes, scale_codes
from picproof.store.match_index import _decode_words, _encode_words


def test_words_and_keypoint_geometry_round_trip() -> None:
    rng = np.random.default_rng(3)
    n = 37
    keypoints = np.column_stack(
        [
            rng.uniform(0, 512, n),
            rng.uniform(0, 384, n),
            rng.uniform(1.6, 120, n),
            rng.uniform(0, 360, n),
        ]
    ).astype(np.float32)
    words = rng.integers(0, 65_536 * 4, n)
    decoded, fields, size = _decode_words(_encode_words(words, keypoints, (512, 384)))
    assert decoded.tolist() == words.tolist()
    assert fields["x"].tolist() == np.rint(keypoints[:, 0]).astype(int).tolist()
    assert fields["y"].tolist() == np.rint(keypoints[:, 1]).astype(int).tolist()
    assert fields["angle"].tolist() == angle_codes(keypoints[:, 3]).tolist()
    assert fields["scale"].tolist() == scale_codes(keypoints[:, 2]).tolist()
    assert size.tolist() == [512, 384]


def test_a_photo_without_keypoints_keeps_its_size() -> None:
    decoded, fields, size = _decode_words(
        _encode_words(np.zeros(0, np.int64), np.zeros((0, 4), np.float32), (300, 200))
    )
    assert decoded.size == 0 and all(v.size == 0 for v in fields.values())
    assert size.tolist() == [300, 200]
