"""The retrieval index must follow a photo whose features are rewritten under the same id.

That happens when a library file is edited in place (the scan keeps its id and history) and when
an upgrade changes the features version (every photo is re-analysed). Words left from the old
features would make retrieval vote with keypoints the photo no longer has.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from picproof.core.matching.features import decode_features
from picproof.services.context import open_services
from picproof.store.match_index import _decode_words

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "matching"))
import synth  # noqa: E402


def _stored_words(fingerprint_db: Path, photo_id: int) -> tuple[np.ndarray, tuple[int, int]]:
    """Keypoint positions and analysed size the matching index holds for one photo."""
    conn = sqlite3.connect(fingerprint_db)
    try:
        (blob,) = conn.execute(
            "SELECT words FROM match_words WHERE photo_id=?", (photo_id,)
        ).fetchone()
    finally:
        conn.close()
    _, fields, size = _decode_words(blob)
    xy = np.stack([fields["x"], fields["y"]], axis=1).astype(np.float64)
    return xy, (int(size[0]), int(size[1]))


def test_edited_photo_is_requantised_and_found_with_its_new_content(tmp_path: Path) -> None:
    lib = tmp_path / "library"
    lib.mkdir()
    synth.photo(31, (1200, 800)).save(lib / "IMG_31.jpg", quality=92)
    synth.photo(32, (1200, 800)).save(lib / "IMG_32.jpg", quality=92)
    services = open_services(tmp_path / "data")
    try:
        services.library.add_folder(lib)
        services.scan_library()
        fp_db = services.paths.fingerprint_db
        (photo,) = [
            p
            for p in services.library.photos_by_ids(list(range(1, 10)))
            if p.path.endswith("31.jpg")
        ]
        before = decode_features(services.matching.index.feature_blobs([photo.id])[photo.id])
        assert _stored_words(fp_db, photo.id)[1] == before.size
        assert before.size[0] > before.size[1]  # landscape

        # Edited in place: now a portrait of other content, same path, so the same photo id.
        synth.photo(33, (800, 1200)).save(lib / "IMG_31.jpg", quality=92)
        report = services.scan_library()
        assert report.updated == 1
        assert services.library.photo(photo.id).width == 800  # same id, new content

        # The index was re-quantised from the new features, keypoint for keypoint.
        feats = decode_features(services.matching.index.feature_blobs([photo.id])[photo.id])
        assert feats.size[0] < feats.size[1]  # the new, portrait features
        xy, size = _stored_words(fp_db, photo.id)
        assert size == feats.size
        assert np.allclose(xy, np.rint(feats.keypoints[:, :2]), atol=0.5)

        # A screenshot of the new content finds the edited photo, with a box.
        screen = synth.Screen()
        screen.paste(
            synth.slot(Image.open(lib / "IMG_31.jpg"), (0.0, 0.1, 1.0, 0.9), 500), (90, 300)
        )
        shot = tmp_path / "shot.jpg"
        screen.final().save(shot, quality=88)
        found = {Path(m.photo_path).name: m for m in services.matching.match_image(shot).confirmed}
        assert set(found) == {"IMG_31.jpg"}
        assert synth.iou(found["IMG_31.jpg"].bbox, screen.boxes[0]) >= 0.85
    finally:
        services.close()
