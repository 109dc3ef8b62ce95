"""A small photo in a busy screen, on a real scanned library: found with its box, and the close
look that settles such finds (true copy vs wrong photos claimed at the same place).

A 110 px circular copy of a library photo sits above a busy grid of eight strangers' photos.
(The window ranking itself is tested on a hand-built index in core/matching/test_retrieval.py.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from picproof.core.imaging import load_image
from picproof.core.matching.close_look import close_look
from picproof.core.matching.engine import CLOSE_INLIERS
from picproof.core.matching.features import decode_features
from picproof.core.matching.query import query_features
from picproof.core.matching.verify import Fit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "matching"))
import synth  # noqa: E402

SEEDS = list(range(200, 224))
SMALL = 205  # the photo shown small
STRANGERS = list(range(300, 308))


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("crowd")
    lib = synth.library(root, SEEDS, (1200, 800))
    s = synth.Screen(size=(720, 1560), seed=9)
    for i, seed in enumerate(STRANGERS):  # a busy grid of photos not in the library
        tile = synth.slot(synth.photo(seed, (1200, 800)), (0.1, 0.0, 0.9, 1.0), 350)
        s.paste(tile.crop((0, 0, 350, 330)), (10 + (i % 2) * 360, 120 + (i // 2) * 340))
    small, mask = synth.round_cut(
        synth.slot(Image.open(lib / f"P{SMALL}.jpg"), (0.3, 0.1, 0.9, 1.0), 110)
    )
    s.paste(small, (20, 20), mask=mask)
    shot = root / "shot.jpg"
    s.final(quality=88).save(shot, quality=92)
    services = synth.indexed(lib, root / "data")
    yield {"services": services, "shot": shot, "box": s.boxes[-1], "lib": lib}
    services.close()


def test_small_photo_found_with_its_box(crowd) -> None:  # type: ignore[no-untyped-def]
    result = crowd["services"].matching.match_image(crowd["shot"])
    found = {Path(m.photo_path).name: m for m in result.confirmed}
    assert f"P{SMALL}.jpg" in found
    assert synth.iou(found[f"P{SMALL}.jpg"].bbox, crowd["box"]) >= 0.7
    assert set(found) == {f"P{SMALL}.jpg"}  # the strangers' photos accuse nobody
    assert not result.possible


def test_close_look_true_copy_and_wrong_photo(crowd) -> None:  # type: ignore[no-untyped-def]
    ms = crowd["services"].matching
    lib = crowd["services"].library
    by_name = {Path(p.path).name: p.id for p in lib.photos_by_ids(lib.photo_ids())}
    q = query_features(load_image(crowd["shot"]).image)
    x, y, w, h = crowd["box"]

    def feats(name: str):  # type: ignore[no-untyped-def]
        pid = by_name[name]
        return decode_features(ms.index.feature_blobs([pid])[pid])

    true = feats(f"P{SMALL}.jpg")
    # where the small copy really is: crop (0.3, 0.1)-(0.9, 1.0) of the photo scaled to 110 px
    pw, ph = true.size
    scale = 110 / (0.6 * pw)
    matrix = np.array([[scale, 0, x - 0.3 * pw * scale], [0, scale, y - 0.1 * ph * scale]])
    empty = np.zeros((0, 2), np.float32)
    fit = Fit(matrix, False, 0, empty, empty, 0)
    found = close_look(q, true, fit)
    assert found is not None and found >= CLOSE_INLIERS
    # a photo that is not there, claimed at the same place: no like-for-like fit
    for other in (f"P{SEEDS[-1]}.jpg", f"P{SEEDS[-2]}.jpg"):
        wrong = feats(other)
        got = close_look(q, wrong, Fit(matrix, False, 0, empty, empty, 0))
        assert got is None or got < 5
