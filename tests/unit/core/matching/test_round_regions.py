"""Round regions: avatars are proposed where they are, flat circles and flat screens are not, and
a region's dense keypoints come back in suspect pixels."""

from __future__ import annotations

import numpy as np
import synth
from PIL import Image, ImageDraw

from picproof.core.matching.features import to_gray
from picproof.core.matching.query import shrink_to
from picproof.core.matching.round_regions import (
    SEARCH_PIXELS,
    region_features,
    round_regions,
    round_regions_in,
)


def _chat_screen() -> tuple[np.ndarray, dict[str, tuple[int, int, int, int]]]:
    """A chat screen with an 80 px photo avatar, an 80 px one-colour button and a 96 px round
    icon with a glyph."""
    s = synth.Screen(size=(1080, 2340), seed=3)
    avatar, mask = synth.round_cut(synth.photo(41, (600, 600)), 80)
    s.paste(avatar, (40, 300), mask=mask)
    button = Image.new("RGB", (80, 80), (30, 140, 250))
    s.paste(button, (900, 2200), mask=mask)
    icon = Image.new("RGB", (96, 96), (255, 255, 255))
    d = ImageDraw.Draw(icon)
    d.ellipse([2, 2, 93, 93], outline=(40, 40, 40), width=4)
    d.line([30, 70, 48, 24, 66, 70], fill=(20, 20, 20), width=7)
    d.line([38, 52, 58, 52], fill=(20, 20, 20), width=6)
    s.paste(icon, (880, 300))
    boxes = dict(zip(("avatar", "button", "icon"), s.boxes, strict=True))
    return to_gray(s.final(quality=85)), boxes


def test_an_avatar_is_proposed_and_a_flat_button_is_not() -> None:
    gray, boxes = _chat_screen()
    found = round_regions(gray)
    assert max(synth.iou(b, boxes["avatar"]) for b in found) >= 0.7
    assert all(synth.iou(b, boxes["button"]) < 0.3 for b in found)


def test_a_round_icon_with_a_glyph_is_not_proposed() -> None:
    # textured enough (dark strokes on white) to pass the std test, but mostly one grey level
    gray, boxes = _chat_screen()
    found = round_regions(gray)
    assert max(synth.iou(b, boxes["avatar"]) for b in found) >= 0.7
    assert all(synth.iou(b, boxes["icon"]) < 0.3 for b in found)


def test_a_flat_screen_has_no_round_regions() -> None:
    assert round_regions(np.full((2340, 1080), 245, np.uint8)) == []


def test_region_keypoints_are_in_suspect_pixels_inside_the_region() -> None:
    gray, boxes = _chat_screen()
    avatar = boxes["avatar"]
    features = region_features(gray, avatar)
    assert features is not None
    assert features.size == (gray.shape[1], gray.shape[0])
    x, y, w, h = avatar
    margin = 0.15 * w + 1
    assert (
        features.points[:, 0].min() >= x - margin and features.points[:, 0].max() <= x + w + margin
    )
    assert (
        features.points[:, 1].min() >= y - margin and features.points[:, 1].max() <= y + h + margin
    )
    # enlarged 2-3x before SIFT, the keypoints' sizes are brought back to suspect pixels
    assert float(np.median(features.scales)) < 0.25 * w
    assert features.desc.shape == features.desc_mirror.shape == (features.points.shape[0], 128)


def test_a_flat_region_has_no_features() -> None:
    assert region_features(np.full((400, 400), 200, np.uint8), (100, 100, 80, 80)) is None


def _real_avatars() -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """A comment thread (1170 x 2532, its 0.25 MP copy a third of its size) with round avatars
    of 50-90 px cut from a real photo, one of them inside a story ring."""
    from pathlib import Path

    photo = Image.open(
        Path(__file__).resolve().parents[4] / "resources" / "sample" / "photos" / "portrait.jpg"
    ).convert("RGB")
    page = Image.new("RGB", (1170, 2532), "white")
    draw = ImageDraw.Draw(page)
    boxes = []
    for i, (side, ring) in enumerate([(50, False), (64, True), (77, False), (90, True)]):
        x, y = 41 + 7 * i, 301 + 263 * i
        crop = photo.crop((60 + 20 * i, 40 + 10 * i, 460 - 10 * i, 440 - 20 * i))
        mask = Image.new("L", (side, side), 0)
        ImageDraw.Draw(mask).ellipse([0, 0, side - 1, side - 1], fill=255)
        if ring:
            draw.ellipse([x - 6, y - 6, x + side + 5, y + side + 5], outline="#dd2a7b", width=3)
        page.paste(crop.resize((side, side), Image.Resampling.LANCZOS), (x, y), mask)
        draw.text((x + side + 40, y + 10), "Grace: see you at the harbour", fill="#222222")
        boxes.append((x, y, side, side))
    return to_gray(synth.jpeg(page, 80)), boxes


def test_small_avatars_are_boxed_by_their_own_circle_not_a_story_ring() -> None:
    # on the 0.25 MP copy a pixel is 3 px here: each circle is placed again on the suspect, at
    # the photo's rim, inside its story ring
    gray, boxes = _real_avatars()
    found = round_regions(gray)
    work, factor = shrink_to(gray, SEARCH_PIXELS)
    coarse = round_regions_in(work, factor, gray.shape)  # without the suspect: not re-placed
    proposed = [b for b in boxes if max(synth.iou(f, b) for f in found) > 0.5]
    assert boxes[1] in proposed and boxes[3] in proposed  # the two in story rings
    for box in proposed:
        assert max(synth.iou(f, box) for f in found) >= 0.9
    for box in (boxes[1], boxes[3]):  # the copy put these on their story rings
        assert max(synth.iou(c, box) for c in coarse) < 0.9


def _dark_thread() -> tuple[
    np.ndarray, list[tuple[int, int, int, int]], list[tuple[int, int, int, int]]
]:
    """A dark-mode comment thread (1170 x 2532, page #111114) with round avatars of 48-64 px cut
    from dark and soft parts of real photos, and three line icons on the page (a ring, a heart,
    a house): the avatars' boxes, the icons' boxes."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[4] / "resources" / "sample" / "photos"
    page = Image.new("RGB", (1170, 2532), "#111114")
    draw = ImageDraw.Draw(page)
    avatars = []
    cuts = [
        ("sunset", (0, 380, 388, 768), 48),  # the dark foreground
        ("panda", (0, 0, 400, 400), 56),
        ("mountains", (0, 0, 500, 500), 64),  # mostly a soft sky
        ("portrait", (100, 60, 420, 380), 52),
    ]
    for i, (name, crop, side) in enumerate(cuts):
        x, y = 44, 300 + 240 * i
        pic = Image.open(root / f"{name}.jpg").convert("RGB").crop(crop)
        mask = Image.new("L", (side, side), 0)
        ImageDraw.Draw(mask).ellipse([0, 0, side - 1, side - 1], fill=255)
        page.paste(pic.resize((side, side), Image.Resampling.LANCZOS), (x, y), mask)
        draw.text((x + side + 40, y + 10), "see you at the harbour", fill="#eeeeee")
        avatars.append((x, y, side, side))
    icons = [(1000, 300, 60, 60), (1000, 600, 60, 60), (1000, 900, 60, 60)]
    draw.ellipse([1000, 300, 1059, 359], outline="#eeeeee", width=4)
    draw.polygon(
        [(1030, 659), (1002, 622), (1012, 604), (1030, 614), (1048, 604), (1058, 622)],
        outline="#eeeeee",
        width=4,
    )
    draw.line([(1000, 930), (1030, 900), (1059, 930)], fill="#eeeeee", width=4)
    draw.rectangle([1010, 930, 1049, 959], outline="#eeeeee", width=4)
    return to_gray(synth.jpeg(page, 80)), avatars, icons


def test_round_masks_find_avatars_on_a_plain_page_and_not_line_icons() -> None:
    from picproof.core.matching.round_masks import on_plain_page, round_masks

    gray, avatars, icons = _dark_thread()
    work, factor = shrink_to(gray, SEARCH_PIXELS)
    short = min(work.shape)
    masks = round_masks(work, factor, (5, round(0.12 * short)))
    boxes = [(round(cx - r), round(cy - r), round(2 * r), round(2 * r)) for cx, cy, r in masks]
    kept = [
        b for b, (cx, cy, r) in zip(boxes, masks, strict=True) if on_plain_page(gray, cx, cy, r)
    ]
    for box in avatars:
        assert max(synth.iou(b, box) for b in kept) > 0.6
    for box in icons:
        assert all(synth.iou(b, box) < 0.3 for b in kept)


def test_avatars_on_a_dark_page_are_proposed_with_their_own_circle() -> None:
    gray, avatars, icons = _dark_thread()
    found = round_regions(gray)
    for box in avatars:
        assert max(synth.iou(f, box) for f in found) >= 0.8
    for box in icons:
        assert all(synth.iou(f, box) < 0.3 for f in found)


def test_an_avatar_too_smooth_to_describe_is_kept_for_the_pixel_search() -> None:
    # a soft gradient shown as a 72 px circle: round and photo-like, but with too few dense
    # keypoints for a lookup; the pixel search (small_look.py) can still place it
    from picproof.core.matching.described_regions import describe_small_regions

    side = 72
    yy, xx = np.mgrid[0:side, 0:side] / side
    soft = (70 + 110 * xx + 40 * yy * yy).astype(np.uint8)
    page = Image.new("RGB", (1080, 1600), "white")
    mask = Image.new("L", (side, side), 0)
    ImageDraw.Draw(mask).ellipse([0, 0, side - 1, side - 1], fill=255)
    page.paste(Image.fromarray(soft).convert("RGB"), (40, 300), mask)
    ImageDraw.Draw(page).text((150, 320), "see you tonight", fill="#222222")
    gray = to_gray(synth.jpeg(page, 85))
    box = max(round_regions(gray), key=lambda b: synth.iou(b, (40, 300, side, side)))
    assert synth.iou(box, (40, 300, side, side)) >= 0.8
    assert region_features(gray, box) is None
    kept = [d for d in describe_small_regions(gray) if d.box == box]
    assert len(kept) == 1 and kept[0].round and kept[0].points.shape == (0, 2)
    assert kept[0].features(gray).desc.shape == (0, 128)


def test_an_avatar_inside_a_story_ring_gets_its_own_circle_not_the_ring() -> None:
    # a dark photo (the mountains at dusk) as a 54 px avatar, a 3 px ring 2 px outside it on a
    # white page: the rims of ring, gap and photo are all sharp. Given the ring's circle (even
    # 2 px off centre), within_ring finds the photo's; without a ring it changes nothing.
    from pathlib import Path

    from picproof.core.matching.round_regions import within_ring

    photo = Image.open(
        Path(__file__).resolve().parents[4] / "resources" / "sample" / "photos" / "mountains.jpg"
    ).convert("RGB")
    dark = photo.crop((0, 0, 300, 300)).point(lambda v: v // 4)
    page = Image.new("RGB", (400, 400), "white")
    d, x, y = 54, 73, 73
    mask = Image.new("L", (d, d), 0)
    ImageDraw.Draw(mask).ellipse([0, 0, d - 1, d - 1], fill=255)
    page.paste(dark.resize((d, d)), (x, y), mask)
    ImageDraw.Draw(page).ellipse([x - 5, y - 5, x + d + 5, y + d + 5], outline="#dd2a7b", width=3)
    page.paste(dark.resize((d, d)), (x + 200, y + 200), mask)  # the same avatar, no ring
    gray = to_gray(synth.jpeg(page, 85))
    for dx in (0.0, 2.0):
        cx, cy, r = within_ring(gray, 100.0 + dx, 100.0, 31.0)
        assert abs(cx - 100) <= 1.0 and abs(cy - 100) <= 1.0 and abs(r - 27) <= 1.5
    assert within_ring(gray, 300.0, 300.0, 27.0) == (300.0, 300.0, 27.0)
