"""Thumbnails: a library photo shown as a small framed thumbnail among strangers' is found with its
box by the framed-region pass on its own; a page of strangers' thumbnails accuses nobody.

Real scanned library, real index, real engine. The whole-screenshot candidates are switched off
in one test to show that the framed pass (core/matching/framed_regions.py) finds the thumbnail by
itself: in a library of thousands, a 110 px photo in a busy page is rarely among them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

import picproof.core.matching.described_regions as described_regions
import picproof.services.matching as matching
from picproof.core.matching.round_regions import round_regions
from picproof.services.region_helper import SmallRegionHelper

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "matching"))
import synth  # noqa: E402

LIBRARY = list(range(700, 716))
OURS = 709
STRANGERS = list(range(800, 805))
SIDE = 110


def _listing(seeds: list[int], lib: Path, seed: int) -> tuple[Image.Image, list[tuple]]:
    """A shop listing: one thumbnail per row beside its (dark bar) title, on a plain page."""
    s = synth.Screen(size=(1080, 2340), seed=seed)
    page = ImageDraw.Draw(s.img)
    page.rectangle([0, 300, 1080, 2340], fill=(250, 250, 250))
    for i, n in enumerate(seeds):
        source = Image.open(lib / f"P{n}.jpg") if n == OURS else synth.photo(n, (1600, 1200))
        s.paste(synth.slot(source, (0.2, 0.1, 0.7, 0.8), SIDE), (40, 340 + i * 200))
        page.rectangle([190, 360 + i * 200, 700, 380 + i * 200], fill=(60, 60, 60))
        page.rectangle([190, 400 + i * 200, 420, 414 + i * 200], fill=(230, 60, 40))
    return s.final(quality=85), s.boxes


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("shop")
    lib = synth.library(root, LIBRARY, (1600, 1200))
    rows = [*STRANGERS[:2], OURS, *STRANGERS[2:]]
    page, boxes = _listing(rows, lib, 7)
    shot = root / "listing.jpg"
    page.save(shot, quality=90)
    others, _ = _listing(STRANGERS, lib, 8)
    strangers = root / "strangers.jpg"
    others.save(strangers, quality=90)
    services = synth.indexed(lib, root / "data")
    yield {
        "services": services,
        "shot": shot,
        "box": boxes[rows.index(OURS)],
        "strangers": strangers,
    }
    services.close()


def _found(services, shot: Path) -> dict[str, object]:  # type: ignore[no-untyped-def]
    result = services.matching.match_image(shot)
    assert not result.possible
    return {Path(m.photo_path).name: m for m in result.confirmed}


def test_thumbnail_found_with_its_box(shop) -> None:  # type: ignore[no-untyped-def]
    found = _found(shop["services"], shop["shot"])
    assert set(found) == {f"P{OURS}.jpg"}
    assert synth.iou(found[f"P{OURS}.jpg"].bbox, shop["box"]) >= 0.7  # type: ignore[attr-defined]


def test_the_framed_pass_finds_it_on_its_own(shop, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        matching.MatchingService, "_shortlisted", staticmethod(lambda q, post, exclude: {})
    )
    found = _found(shop["services"], shop["shot"])
    assert set(found) == {f"P{OURS}.jpg"}
    assert synth.iou(found[f"P{OURS}.jpg"].bbox, shop["box"]) >= 0.7  # type: ignore[attr-defined]
    # it is the frame that finds it: round regions alone do not
    # inline, so that the switch applies (a helper process has its own copy of the module)
    monkeypatch.setattr(
        shop["services"].matching, "_region_helper", SmallRegionHelper(enabled=False)
    )
    monkeypatch.setattr(
        described_regions, "round_and_framed_regions", lambda gray: (round_regions(gray), [])
    )
    assert _found(shop["services"], shop["shot"]) == {}


def test_strangers_thumbnails_accuse_nobody(shop) -> None:  # type: ignore[no-untyped-def]
    assert _found(shop["services"], shop["strangers"]) == {}
