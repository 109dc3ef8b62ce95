"""Tiny avatars: a 48 px round face crop of a real library photo in a comment thread is placed by
its pixels (core/matching/small_look.py) and reported as that photo, boxed by its circle; an
avatar of a photo that is not in the library is not reported.

Real photos (resources/sample/photos), real scan, real index, real engine and service.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageEnhance, ImageFont

from picproof.core.imaging import load_image
from picproof.core.matching.features import decode_features, to_gray
from picproof.core.matching.small_look import Thumbnail, best_placements

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "matching"))
import synth  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[3] / "resources" / "sample" / "photos"
LIBRARY = ["chameleon", "dahlia", "mountains", "pagoda", "portrait", "sunset"]
STRANGER = "panda"  # shown as an avatar, not in the library
#: (photo, crop box in original pixels, avatar diameter, where on the page)
AVATARS = [
    ("portrait", (130, 110, 390, 370), 48, (36, 300)),  # the face: half the photo's width
    (STRANGER, (300, 120, 680, 500), 56, (36, 460)),
    ("sunset", (260, 0, 1028, 768), 48, (36, 620)),
    ("mountains", (200, 100, 700, 600), 48, (36, 780)),
]


def _iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def _thread(path: Path) -> dict[str, tuple[int, int, int, int]]:
    """A comment thread (1080 x 1400, white) with round avatars, names and text, saved as a JPEG
    of quality 75; returns each avatar's circle as a box."""
    page = Image.new("RGB", (1080, 1400), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default()
    boxes = {}
    for name, crop, side, (x, y) in AVATARS:
        pic = Image.open(SAMPLES / f"{name}.jpg").convert("RGB").crop(crop)
        pic = ImageEnhance.Color(pic.resize((side, side), Image.Resampling.LANCZOS)).enhance(0.8)
        mask = Image.new("L", (side, side), 0)
        ImageDraw.Draw(mask).ellipse([0, 0, side - 1, side - 1], fill=255)
        page.paste(pic, (x, y), mask)
        draw.text((x + side + 30, y + 4), f"{name} said", fill="#222222", font=font)
        draw.text((x + side + 30, y + 30), "see you tonight at the usual place", fill="#555555")
        boxes[name] = (x, y, side, side)
    page.save(path, "JPEG", quality=75)
    return boxes


@pytest.fixture(scope="module")
def thread(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("avatars")
    lib = synth.library(root, [], copies=[SAMPLES / f"{name}.jpg" for name in LIBRARY])
    shot = root / "thread.jpg"
    boxes = _thread(shot)
    services = synth.indexed(lib, root / "data")
    ids = {
        Path(p.path).stem: p.id
        for p in services.library.photos_by_ids(services.library.photo_ids())
    }
    yield {"services": services, "shot": shot, "boxes": boxes, "ids": ids}
    services.close()


def test_the_face_crop_is_placed_in_its_photo_by_pixels(thread) -> None:  # type: ignore[no-untyped-def]
    ms = thread["services"].matching
    blobs = ms.index.feature_blobs(list(thread["ids"].values()))
    photos = {name: decode_features(blobs[pid]) for name, pid in thread["ids"].items()}
    gray = to_gray(load_image(thread["shot"]).image)
    box = thread["boxes"]["portrait"]
    candidates = [
        (pid, Thumbnail(photos[name].thumbnail, photos[name].size))
        for name, pid in thread["ids"].items()
    ]
    placed = best_placements(gray, box, candidates)
    assert placed and placed[0][0] == thread["ids"]["portrait"]
    placement = placed[0][1]
    assert not placement.mirrored
    # the crop's centre (260, 240 of the 512 px original) lands on the circle's centre, and the
    # crop's 260 px fill its 48 px diameter
    size = photos["portrait"].size
    k = size[0] / 512
    centre = placement.matrix @ np.array([260 * k, 240 * k, 1.0])
    assert np.hypot(*(centre - (box[0] + 24, box[1] + 24))) < 2.0
    scale = float(np.sqrt(abs(np.linalg.det(placement.matrix[:, :2]))))
    assert abs(scale / (48 / (260 * k)) - 1.0) < 0.05


def test_small_avatars_are_found_and_boxed_by_their_circle(thread) -> None:  # type: ignore[no-untyped-def]
    result = thread["services"].matching.match_image(thread["shot"])
    found = {m.photo_id: m for m in result.matches if m.level == "same-photo"}
    names = {pid: name for name, pid in thread["ids"].items()}
    # at 48 px the keypoint path alone finds only the face (kinds probe set: 25 of 50 avatars)
    assert {names[pid] for pid in found} == {"portrait", "sunset", "mountains"}
    for pid, m in found.items():
        assert m.bbox is not None
        assert _iou(m.bbox, thread["boxes"][names[pid]]) >= 0.85
    assert not [m for m in result.matches if m.level == "possible"]
