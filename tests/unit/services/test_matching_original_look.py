"""The second look in the library's original file (core/matching/original_look.py), on a real
stereo pair: the left and right views of one scene (Middlebury's motorcycle, as shipped by
scikit-image; tests/unit/core/matching/data/README.md). Shown at 300-420 px, the right view
passes the thumbnail's block test as the left photo; read from the original, the parts of the
scene nearer the camera have moved, and it is not reported as the same photo."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "matching"))
import synth  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "core" / "matching" / "data"
LEFT, RIGHT = "motorcycle_left.jpg", "motorcycle_right.jpg"


def _screenshot(view: str, out: Path, width: int) -> Path:
    """A feed screenshot showing ``view`` cropped a little and scaled to ``width``."""
    return synth.feed_shot(Image.open(DATA / view).convert("RGB"), out, width)


@pytest.fixture(scope="module")
def left_view(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("stereo")
    lib = synth.library(root, [31], (900, 640))
    shutil.copy(DATA / LEFT, lib / LEFT)
    services = synth.indexed(lib, root / "data")
    yield services, root, lib
    services.close()


def _level(services, shot: Path) -> str | None:  # type: ignore[no-untyped-def]
    levels = {Path(m.photo_path).name: m.level for m in services.matching.match_image(shot).matches}
    return levels.get(LEFT)


@pytest.mark.parametrize("width", [300, 420])
def test_other_view_is_not_the_same_photo(left_view, width: int) -> None:  # type: ignore[no-untyped-def]
    services, root, _ = left_view
    assert _level(services, _screenshot(RIGHT, root / f"right_{width}.jpg", width)) != "same-photo"


@pytest.mark.parametrize("width", [300, 420, 600])
def test_the_view_itself_is_the_same_photo(left_view, width: int) -> None:  # type: ignore[no-untyped-def]
    services, root, _ = left_view
    assert _level(services, _screenshot(LEFT, root / f"left_{width}.jpg", width)) == "same-photo"


def test_without_the_original_the_thumbnail_decides(left_view, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An original moved away or unplugged: no error, the thumbnail's verdict stands (the copy
    is still found; the second look simply cannot be had)."""
    services, root, lib = left_view
    shot = _screenshot(LEFT, root / "left_missing.jpg", 420)
    sha = hashlib.sha256((lib / LEFT).read_bytes()).hexdigest()
    photo_id = services.library.find_by_sha256(sha)[0].id
    moved = tmp_path / LEFT
    shutil.move(lib / LEFT, moved)
    try:
        assert services.matching._original_gray(photo_id, 420) is None  # noqa: SLF001
        assert _level(services, shot) == "same-photo"
    finally:
        shutil.move(moved, lib / LEFT)
