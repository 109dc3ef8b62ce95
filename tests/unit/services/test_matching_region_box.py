"""The box of a photo found through a small region: the region's frame when the frame is the
photo's (a thumbnail, an avatar), the area where the photo agrees when the frame was only a
detail inside a larger photo (a window of a building, a framed sign).

Real scanned library, real index, real engine; the region is given directly to
``examine_region``, as the small-region pass would after proposing it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from picproof.core.imaging import load_image
from picproof.core.matching.engine import examine_region
from picproof.core.matching.features import decode_features, to_gray
from picproof.core.matching.round_regions import region_features

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "matching"))
import synth  # noqa: E402

LIBRARY = list(range(900, 908))
OURS = 903


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("detail")
    lib = synth.library(root, LIBRARY, (1600, 1200))
    s = synth.Screen(size=(1080, 2340), seed=9)
    from PIL import Image

    s.paste(synth.slot(Image.open(lib / f"P{OURS}.jpg"), (0.1, 0.1, 0.9, 0.9), 600), (240, 400))
    shot = root / "page.jpg"
    s.final(quality=85).save(shot, quality=90)
    services = synth.indexed(lib, root / "data")
    by_name = {
        Path(p.path).name: p.id
        for p in services.library.photos_by_ids(services.library.photo_ids())
    }
    pid = by_name[f"P{OURS}.jpg"]
    ms = services.matching
    ms.refresh_index()
    yield {
        "gray": to_gray(load_image(shot).image),
        "box": s.boxes[0],
        "pid": pid,
        "features": decode_features(ms.index.feature_blobs([pid])[pid]),
    }
    services.close()


def _examine(page, shown):  # type: ignore[no-untyped-def]
    region = region_features(page["gray"], shown)
    assert region is not None
    return examine_region(region, page["pid"], page["features"], (False, True), shown)


def test_the_frame_is_the_box_when_it_frames_the_photo(page) -> None:  # type: ignore[no-untyped-def]
    found = _examine(page, page["box"])
    assert found is not None and found.level == "same-photo"
    assert synth.iou(found.bbox, page["box"]) >= 0.9


def test_a_detail_inside_the_photo_does_not_shrink_its_box(page) -> None:  # type: ignore[no-untyped-def]
    x, y, w, h = page["box"]
    detail = (x + w // 3, y + h // 3, w // 3, h // 3)  # a ninth of the photo, framed on its own
    found = _examine(page, detail)
    assert found is not None and found.level == "same-photo"
    assert synth.iou(found.bbox, page["box"]) >= 0.8
    assert synth.iou(found.bbox, detail) < 0.3
