"""The small-region pass's image work in a helper process (services/region_helper.py): the same
regions as inline, the same findings, and nothing lost when the helper is missing or dies."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from picproof.core.matching.described_regions import DescribedRegion, describe_small_regions
from picproof.core.matching.features import to_gray
from picproof.services.region_helper import SmallRegionHelper

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "matching"))
import synth  # noqa: E402

LIBRARY = list(range(700, 712))
OURS = 705


def _avatar(pic: Image.Image) -> tuple[Image.Image, Image.Image]:
    w, h = pic.size
    side = int(0.4 * min(w, h))
    return synth.round_cut(pic.crop((w // 3, h // 4, w // 3 + side, h // 4 + side)), 72)


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("helper")
    lib = synth.library(root, LIBRARY, (1600, 1200))
    s = synth.Screen(size=(1080, 2340), seed=11)
    rows = [601, 602, OURS, 603]
    for i, seed in enumerate(rows):
        source = (
            Image.open(lib / f"P{seed}.jpg") if seed == OURS else synth.photo(seed, (1600, 1200))
        )
        pic, mask = _avatar(source)
        s.paste(pic, (36, 220 + i * 170), mask=mask)
    s.paste(Image.open(lib / "P708.jpg").resize((900, 675)), (90, 1000))  # and a large photo
    shot = root / "chat.jpg"
    s.final(quality=85).save(shot, quality=90)
    services = synth.indexed(lib, root / "data")
    yield {"services": services, "shot": shot, "gray": to_gray(Image.open(shot).convert("RGB"))}
    services.close()


def _started(helper: SmallRegionHelper) -> SmallRegionHelper:
    for _ in range(2):  # the second suspect starts it
        helper.submit(np.zeros((32, 32), np.uint8)).result()
    deadline = time.monotonic() + 120
    while not helper.running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert helper.running, "the helper process did not start"
    return helper


def _same(a: list[DescribedRegion], b: list[DescribedRegion]) -> None:
    assert [(r.box, r.round) for r in a] == [(r.box, r.round) for r in b]
    for x, y in zip(a, b, strict=True):
        for name in ("points", "desc", "angles", "scales"):
            np.testing.assert_array_equal(getattr(x, name), getattr(y, name))


def test_the_helper_describes_the_same_regions_as_inline(chat) -> None:  # type: ignore[no-untyped-def]
    helper = _started(SmallRegionHelper())
    try:
        pending = helper.submit(chat["gray"])
        assert pending._future is not None  # it went to the helper process
        from_helper = pending.result()
    finally:
        helper.close()
    inline = describe_small_regions(chat["gray"])
    assert len(inline) >= 3  # the avatars at least
    _same(from_helper, inline)


def test_findings_are_the_same_with_and_without_the_helper(chat, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    matching = chat["services"].matching
    monkeypatch.setattr(matching, "_region_helper", _started(SmallRegionHelper()))
    with_helper = matching.match_image(chat["shot"])
    matching._region_helper.close()
    monkeypatch.setattr(matching, "_region_helper", SmallRegionHelper(enabled=False))
    inline = matching.match_image(chat["shot"])

    def summary(result):  # type: ignore[no-untyped-def]
        return [(Path(m.photo_path).name, m.level, m.bbox, m.score) for m in result.matches]

    assert summary(with_helper) == summary(inline)
    assert {f"P{OURS}.jpg", "P708.jpg"} <= {Path(m.photo_path).name for m in inline.confirmed}


def test_a_helper_that_dies_costs_nothing_but_its_speed(chat) -> None:  # type: ignore[no-untyped-def]
    before = {p.pid for p in multiprocessing.active_children()}
    helper = _started(SmallRegionHelper())
    try:
        children = [p.pid for p in multiprocessing.active_children() if p.pid not in before]
        assert children
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        got = helper.submit(chat["gray"]).result()  # submitted to a dead pool, or lost in it
        _same(got, describe_small_regions(chat["gray"]))
        assert not helper.running
        # and from then on the work is done inline, still the same
        pending = helper.submit(chat["gray"])
        assert pending._future is None
        _same(pending.result(), describe_small_regions(chat["gray"]))
    finally:
        helper.close()


def test_a_disabled_helper_starts_no_process(chat) -> None:  # type: ignore[no-untyped-def]
    before = {p.pid for p in multiprocessing.active_children()}
    helper = SmallRegionHelper(enabled=False)
    for _ in range(3):
        pending = helper.submit(chat["gray"])
        assert pending._future is None
        _same(pending.result(), describe_small_regions(chat["gray"]))
    assert {p.pid for p in multiprocessing.active_children()} <= before


def test_one_suspect_alone_starts_no_process(chat) -> None:  # type: ignore[no-untyped-def]
    before = {p.pid for p in multiprocessing.active_children()}
    helper = SmallRegionHelper()
    try:
        _same(helper.submit(chat["gray"]).result(), describe_small_regions(chat["gray"]))
        assert {p.pid for p in multiprocessing.active_children()} <= before
    finally:
        helper.close()
