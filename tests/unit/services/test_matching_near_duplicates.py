"""Same photo, or another shot of the same scene? Two real frames of the same people a moment
apart (OpenCV's basketball1/basketball2 sample, tests/unit/core/matching/data/README.md): a
screenshot of the other frame is not the library photo, however well the scene fits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageEnhance

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "matching"))
import synth  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "core" / "matching" / "data"
FRAMES = ("basketball1.jpg", "basketball2.jpg")


def _screenshot(frame: str, out: Path, *, width: int = 560, warm: bool = False) -> Path:
    """A feed screenshot showing ``frame`` cropped a little, scaled, under UI bars."""
    pic = Image.open(DATA / frame).convert("RGB")
    if warm:
        pic = synth.warm_filter(ImageEnhance.Color(pic).enhance(1.3))
    return synth.feed_shot(pic, out, width)


@pytest.fixture(scope="module")
def one_frame(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A library with the first frame (and two unrelated photos)."""
    root = tmp_path_factory.mktemp("burst_one")
    lib = synth.library(root, [31, 32], (900, 640), copies=[DATA / FRAMES[0]])
    services = synth.indexed(lib, root / "data")
    yield services, root
    services.close()


@pytest.fixture(scope="module")
def both_frames(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A library holding both frames: a burst the user kept."""
    root = tmp_path_factory.mktemp("burst_both")
    lib = synth.library(root, [], copies=[DATA / f for f in FRAMES])
    services = synth.indexed(lib, root / "data")
    yield services, root
    services.close()


def _levels(result) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {Path(m.photo_path).name: m.level for m in result.matches}


@pytest.mark.parametrize("warm", [False, True])
def test_other_frame_is_not_the_same_photo(one_frame, warm: bool) -> None:  # type: ignore[no-untyped-def]
    services, root = one_frame
    shot = _screenshot(FRAMES[1], root / f"other_{warm}.jpg", warm=warm)
    levels = _levels(services.matching.match_image(shot))
    # the scene is found (the review may show it), but never as this very photograph
    assert levels.get(FRAMES[0]) != "same-photo"


@pytest.mark.parametrize("warm", [False, True])
def test_the_frame_itself_is_the_same_photo(one_frame, warm: bool) -> None:  # type: ignore[no-untyped-def]
    services, root = one_frame
    shot = _screenshot(FRAMES[0], root / f"self_{warm}.jpg", warm=warm)
    result = services.matching.match_image(shot)
    found = {Path(m.photo_path).name: m for m in result.matches}
    assert found[FRAMES[0]].level == "same-photo"
    assert synth.iou(found[FRAMES[0]].bbox, (80, 240, 560, 401)) >= 0.85
    assert set(found) == {FRAMES[0]}


def test_burst_in_library_reports_the_shown_frame(both_frames) -> None:  # type: ignore[no-untyped-def]
    services, root = both_frames
    for shown, other in (FRAMES, FRAMES[::-1]):
        result = services.matching.match_image(_screenshot(shown, root / f"{shown}.png"))
        found = {Path(m.photo_path).name: m for m in result.matches}
        assert found[shown].level == "same-photo"
        if other in found:  # the other frame fits the scene too: at most possible, and named
            assert found[other].level == "possible"
            assert found[other].near_duplicate_of == found[shown].photo_id
            assert found[shown].near_duplicates == (found[other].photo_id,)


def test_cli_json_names_the_near_duplicate(both_frames) -> None:  # type: ignore[no-untyped-def]
    services, root = both_frames
    shot = _screenshot(FRAMES[0], root / "cli.jpg", warm=True)
    out = subprocess.run(
        [sys.executable, "-m", "picproof", "--data-dir", str(root / "data"), "match", str(shot)]
        + ["--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = json.loads(out.splitlines()[-1])
    assert [m["original"] for m in line["matches"]] == [FRAMES[0]]
    first = line["matches"][0]
    assert first["near_duplicate_of"] is None
    for m in line["possible"]:
        assert m["original"] == FRAMES[1] and m["near_duplicate_of"] == FRAMES[0]
        assert first["near_duplicates"] == [FRAMES[1]]
