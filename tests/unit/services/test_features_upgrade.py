"""A features-version change re-analyses only the photos it changes (features.SAME_LAYOUT_FROM).

Version 4 only adds a pass for photos that version 3 left with fewer than LOW_TEXTURE_FEATURES
keypoints; every other v3 row is what v4 would write. A library of 100,000 photos must not be
re-analysed (over an hour) nor re-quantised for that: those rows get the new version number and
keep their words; the sparse ones are extracted again and their words follow.
"""

from __future__ import annotations

import sqlite3
import struct
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from picproof.core.matching import features
from picproof.services.context import open_services

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "matching"))
import synth  # noqa: E402

OLD = 3


def _as_v3(conn: sqlite3.Connection) -> tuple[dict[int, int], dict[int, bytes]]:
    """Turn every stored row into what a v3 scan had left; keypoint count per photo. A sparse
    photo's v3 row is cut to its 100 first keypoints (v3 stopped below LOW_TEXTURE_FEATURES).
    Each photo is then given another photo's (valid) words: a scan that keeps them leaves
    them so, one that re-quantises puts the photo's own back."""
    words = dict(conn.execute("SELECT photo_id, words FROM match_words").fetchall())
    (vocab,) = conn.execute("SELECT value FROM match_meta WHERE key='vocab_id'").fetchone()
    counts = {}
    for pid, blob in conn.execute("SELECT photo_id, data FROM photo_features").fetchall():
        f = features.decode_features(bytes(blob))
        n = f.keypoints.shape[0]
        if n < 2 * features.LOW_TEXTURE_FEATURES:  # the soft photo: v3 had fewer keypoints
            n = 100
        old = bytearray(
            features.encode_features(f.size, f.keypoints[:n], f.descriptors[:n], f.thumbnail_jpeg)
        )
        struct.pack_into("<H", old, 4, OLD)  # the header's version field
        conn.execute(
            "UPDATE photo_features SET version=?, data=? WHERE photo_id=?", (OLD, bytes(old), pid)
        )
        counts[pid] = n
    ids = sorted(counts)
    planted = {pid: bytes(words[ids[(i + 1) % len(ids)]]) for i, pid in enumerate(ids)}
    conn.executemany(  # rewriting the data dropped the words
        "INSERT INTO match_words(photo_id, vocab_id, words) VALUES (?,?,?)",
        [(pid, vocab, planted[pid]) for pid in ids],
    )
    conn.commit()
    return counts, planted


def test_only_the_photos_a_version_changes_are_analysed_again(tmp_path: Path) -> None:
    lib = tmp_path / "library"
    lib.mkdir()
    for seed in (41, 42):
        synth.photo(seed, (1200, 800)).save(lib / f"IMG_{seed}.jpg", quality=92)
    ramp = np.linspace(40, 200, 900, dtype=np.float32)[None, :] * np.ones((600, 1), np.float32)
    Image.fromarray(ramp.astype(np.uint8)).convert("RGB").save(lib / "soft.jpg", quality=95)
    services = open_services(tmp_path / "data")
    try:
        services.library.add_folder(lib)
        services.scan_library()
        db = services.paths.fingerprint_db
        with sqlite3.connect(db) as conn:
            counts, planted = _as_v3(conn)
        sparse = {pid for pid, n in counts.items() if n < features.LOW_TEXTURE_FEATURES}
        assert len(sparse) == 1 and len(counts) == 3

        services.scan_library()

        with sqlite3.connect(db) as conn:
            rows = {
                pid: (version, bytes(data[: features.HEADER_SIZE]))
                for pid, version, data in conn.execute(
                    "SELECT photo_id, version, data FROM photo_features"
                )
            }
            words = dict(conn.execute("SELECT photo_id, words FROM match_words").fetchall())
        assert {version for version, _ in rows.values()} == {features.FEATURES_VERSION}
        for pid in counts:
            header_version = struct.unpack_from("<H", rows[pid][1], 4)[0]
            if pid in sparse:  # analysed again, with today's extraction and new words
                assert header_version == features.FEATURES_VERSION
                assert words[pid] != planted[pid]
            else:  # kept as it was: the same blob, the same words
                assert header_version == OLD
                assert words[pid] == planted[pid]
        kept = next(pid for pid in counts if pid not in sparse)
        blob = services.matching.index.feature_blobs([kept])[kept]
        assert features.decode_features(blob).keypoints.shape[0] == counts[kept]
    finally:
        services.close()
