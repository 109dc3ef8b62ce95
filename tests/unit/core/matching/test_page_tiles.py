"""Tiles of a grid: an image-search page's thumbnails, 8 px apart, are proposed one by one with
their boxes, where the frame search (edges) sees whole rows run together; text and a flat page
are no tile; a tile is looked up only when it holds most of an unsettled finding's inliers."""

from __future__ import annotations

import numpy as np
import synth
from PIL import Image, ImageDraw

from picproof.core.matching.described_regions import describe_small_regions
from picproof.core.matching.features import to_gray
from picproof.core.matching.framed_regions import (
    MAX_ASPECT,
    MAX_SIDE_SHARE,
    MIN_SIDE_SHARE,
    framed_regions,
)
from picproof.core.matching.page_tiles import page_tiles, tiles_holding

SIDES = (MIN_SIDE_SHARE, MAX_SIDE_SHARE)
GUTTER = 8


def _search_page() -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """A desktop image-search page: a search bar, a line of text, then justified rows of
    thumbnails of varied widths, GUTTER px apart, on white."""
    s = synth.Screen(size=(1440, 900), seed=3)
    page = ImageDraw.Draw(s.img)
    page.rectangle([0, 0, 1440, 900], fill=(255, 255, 255))
    page.rectangle([0, 0, 1440, 64], fill=(222, 225, 230))
    page.text((48, 80), "Images  ·  All  Videos  Shopping", fill=(26, 13, 171))
    seed, y, row = 900, 128, 140
    while y + row < 880:
        x = 48
        while True:
            w = int(row * (0.8 + 0.6 * ((seed * 7919) % 10) / 10))
            if x + w > 1392:
                break
            tile = synth.photo(seed, (2 * w, 2 * row)).resize((w, row), Image.Resampling.LANCZOS)
            s.paste(tile, (x, y))
            seed += 1
            x += w + GUTTER
        y += row + GUTTER
    return to_gray(s.final(quality=85)), s.boxes


def test_every_tile_of_a_grid_is_proposed_with_its_box() -> None:
    gray, boxes = _search_page()
    tiles = page_tiles(gray, SIDES, MAX_ASPECT)
    assert len(boxes) >= 20
    for box in boxes:
        assert max(synth.iou(t, box) for t in tiles) >= 0.9, box
    # nothing else: the search bar, the text line and the page are no tile
    assert all(max(synth.iou(t, b) for b in boxes) >= 0.9 for t in tiles)
    # the frame search, reading edges, finds few of them on its own
    frames = framed_regions(gray)
    assert (
        sum(max((synth.iou(f, b) for f in frames), default=0) >= 0.9 for b in boxes)
        < len(boxes) // 2
    )


def test_tiles_come_undescribed_after_the_regions() -> None:
    gray, boxes = _search_page()
    regions = describe_small_regions(gray)
    tiles = [r for r in regions if r.tile]
    assert tiles and all(r.points.shape == (0, 2) for r in tiles)
    assert all(not r.tile for r in regions[: len(regions) - len(tiles)])
    described = [r.box for r in regions if not r.tile]
    assert all(max((synth.iou(t.box, d) for d in described), default=0) <= 0.5 for t in tiles)


def test_a_flat_page_has_no_tiles() -> None:
    assert page_tiles(np.full((900, 1440), 255, np.uint8), SIDES, MAX_ASPECT) == []


def test_a_tile_is_held_by_most_of_a_findings_inliers() -> None:
    tiles = [(0, 0, 100, 100), (108, 0, 100, 100)]
    inside = np.array([[120.0, 10.0], [150.0, 50.0], [200.0, 90.0], [50.0, 50.0]])
    assert tiles_holding(tiles, [inside]) == [(108, 0, 100, 100)]
    assert tiles_holding(tiles, [inside[2:]]) == [(0, 0, 100, 100), (108, 0, 100, 100)]
    assert tiles_holding(tiles, [np.zeros((0, 2))]) == []
    assert tiles_holding(tiles, []) == []
