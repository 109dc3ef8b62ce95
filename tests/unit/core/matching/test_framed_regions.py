"""Framed regions: a small photo in a rectangular frame is proposed where it is; a card of text,
a flat button, a large photo and a flat screen are not; a round avatar is proposed once."""

from __future__ import annotations

import numpy as np
import synth
from PIL import Image, ImageDraw

from picproof.core.matching.features import to_gray
from picproof.core.matching.framed_regions import framed_regions, small_regions

Box = tuple[int, int, int, int]


def _shop_screen() -> tuple[np.ndarray, dict[str, Box]]:
    """A listing screen: a 120 px thumbnail, a card of text, a flat button, a big photo and an
    avatar, on the synthetic phone UI."""
    s = synth.Screen(size=(1080, 2340), seed=4)
    # a listing area: items on a plain background, apart from one another as apps lay them out
    ImageDraw.Draw(s.img).rectangle([0, 380, 1080, 1900], fill=(250, 250, 250))
    s.paste(synth.slot(synth.photo(51), (0.1, 0.1, 0.7, 0.9), 120), (60, 420))
    card = Image.new("RGB", (300, 160), (255, 255, 255))
    d = ImageDraw.Draw(card)
    d.rectangle([0, 0, 299, 159], outline=(120, 120, 120), width=3)
    for i in range(5):
        d.text((16, 14 + 26 * i), "Free shipping on orders over 99 yuan", fill=(20, 20, 20))
    s.paste(card, (600, 420))
    s.paste(Image.new("RGB", (140, 90), (30, 140, 250)), (60, 900))
    s.paste(synth.photo(52, (900, 640)), (90, 1200))
    avatar, mask = synth.round_cut(synth.photo(53, (600, 600)), 96)
    s.paste(avatar, (700, 900), mask=mask)
    names = ("thumbnail", "card", "button", "big", "avatar")
    return to_gray(s.final(quality=85)), dict(zip(names, s.boxes, strict=True))


def test_a_framed_thumbnail_is_proposed_and_text_flat_and_big_frames_are_not() -> None:
    gray, boxes = _shop_screen()
    found = framed_regions(gray)
    assert max(synth.iou(b, boxes["thumbnail"]) for b in found) >= 0.7
    for other in ("card", "button", "big"):
        assert all(synth.iou(b, boxes[other]) < 0.3 for b in found), other


def test_an_avatar_is_one_small_region() -> None:
    gray, boxes = _shop_screen()
    regions = small_regions(gray)
    assert sum(synth.iou(b, boxes["avatar"]) >= 0.5 for b in regions) == 1
    assert max(synth.iou(b, boxes["thumbnail"]) for b in regions) >= 0.7


def test_a_flat_screen_has_no_framed_regions() -> None:
    assert framed_regions(np.full((2340, 1080), 245, np.uint8)) == []
