"""Profile pictures: a library photo shown as a small circle in a chat list is found with its box,
also where the whole-screenshot pass alone does not find it; strangers' avatars accuse nobody.

Real scanned library, real index, real engine: the small-region pass (core/matching/
round_regions.py and framed_regions.py) is switched off only to show what the whole-screenshot
pass finds without it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PIL import Image

import picproof.core.matching.described_regions as described_regions
from picproof.services.region_helper import SmallRegionHelper

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "matching"))
import synth  # noqa: E402

LIBRARY = list(range(500, 520))  # BIG is one of them
AVATAR = 507  # the library photo used as a profile picture
STRANGERS = list(range(600, 606))
SIDE = 72
#: A profile page's round picture, large enough for the whole-screenshot pass to find (and
#: within the round search's sizes).
BIG = 512
BIG_SIDE = 220


def _avatar(pic: Image.Image) -> tuple[Image.Image, Image.Image]:
    w, h = pic.size
    side = int(0.4 * min(w, h))  # a face-sized part of the photo, as profile pictures are
    return synth.round_cut(pic.crop((w // 3, h // 4, w // 3 + side, h // 4 + side)), SIDE)


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("chat")
    lib = synth.library(root, LIBRARY, (1600, 1200))
    s = synth.Screen(size=(1080, 2340), seed=5)
    rows = [*STRANGERS[:3], AVATAR, *STRANGERS[3:]]
    for i, seed in enumerate(rows):  # a chat list: one avatar per row, strangers around ours
        source = (
            Image.open(lib / f"P{seed}.jpg") if seed == AVATAR else synth.photo(seed, (1600, 1200))
        )
        pic, mask = _avatar(source)
        s.paste(pic, (36, 200 + i * 160), mask=mask)
    ours = s.boxes[rows.index(AVATAR)]
    shot = root / "chat.jpg"
    s.final(quality=85).save(shot, quality=90)
    p = synth.Screen(size=(1080, 2340), seed=7)
    photo = Image.open(lib / f"P{BIG}.jpg")
    w, h = photo.size
    pic, mask = synth.round_cut(photo.crop(((w - h) // 2, 0, (w + h) // 2, h)), BIG_SIDE)
    p.paste(pic, (350, 260), mask=mask)
    profile = root / "profile.jpg"
    p.final(quality=85).save(profile, quality=90)
    strangers_only = root / "strangers.jpg"
    t = synth.Screen(size=(1080, 2340), seed=6)
    for i, seed in enumerate(STRANGERS):
        pic, mask = _avatar(synth.photo(seed, (1600, 1200)))
        t.paste(pic, (36, 200 + i * 160), mask=mask)
    t.final(quality=85).save(strangers_only, quality=90)
    services = synth.indexed(lib, root / "data")
    yield {
        "services": services,
        "shot": shot,
        "box": ours,
        "strangers": strangers_only,
        "profile": profile,
        "profile_box": p.boxes[0],
    }
    services.close()


def test_avatar_found_with_its_box(chat) -> None:  # type: ignore[no-untyped-def]
    result = chat["services"].matching.match_image(chat["shot"])
    found = {Path(m.photo_path).name: m for m in result.confirmed}
    assert set(found) == {f"P{AVATAR}.jpg"}
    assert synth.iou(found[f"P{AVATAR}.jpg"].bbox, chat["box"]) >= 0.5
    assert not result.possible


def test_the_round_pass_is_what_finds_it(chat, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # inline, so that the switch applies (a helper process has its own copy of the module)
    monkeypatch.setattr(
        chat["services"].matching, "_region_helper", SmallRegionHelper(enabled=False)
    )
    monkeypatch.setattr(described_regions, "round_and_framed_regions", lambda gray: ([], []))
    result = chat["services"].matching.match_image(chat["shot"])
    assert f"P{AVATAR}.jpg" not in {Path(m.photo_path).name for m in result.confirmed}


def test_strangers_avatars_accuse_nobody(chat) -> None:  # type: ignore[no-untyped-def]
    result = chat["services"].matching.match_image(chat["strangers"])
    assert not result.confirmed
    assert not result.possible


def test_a_big_round_picture_gets_its_circle_as_box(chat, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Found by the whole-screenshot pass; the box is the circle's (the truth convention: the box
    # around the visible shape), not what trimming by agreement leaves of it.
    ms = chat["services"].matching
    result = ms.match_image(chat["profile"])
    found = {Path(m.photo_path).name: m for m in result.confirmed}
    assert set(found) == {f"P{BIG}.jpg"}
    snapped = synth.iou(found[f"P{BIG}.jpg"].bbox, chat["profile_box"])
    assert snapped >= 0.9
    # without the round regions the same pass finds it with the trimmed box
    monkeypatch.setattr(ms, "_region_helper", SmallRegionHelper(enabled=False))
    monkeypatch.setattr(described_regions, "round_and_framed_regions", lambda gray: ([], []))
    alone = {Path(m.photo_path).name: m for m in ms.match_image(chat["profile"]).confirmed}
    assert set(alone) == {f"P{BIG}.jpg"}
    assert synth.iou(alone[f"P{BIG}.jpg"].bbox, chat["profile_box"]) < snapped
