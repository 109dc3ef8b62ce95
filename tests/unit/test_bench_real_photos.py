"""The real-photo distractor tier's rules (tests/bench/real_photos.py) and the benchmarks' CPU
clock (tests/bench/_machine.py): only listed sources are read, drawings are not taken
for photos, CPU seconds count work and not waiting."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "bench"))

import _machine  # noqa: E402
import real_photos  # noqa: E402


def test_only_listed_sources_and_files_are_read() -> None:
    ocv = "usr/share/doc/opencv-doc/examples/"
    assert real_photos.is_listed("opencv-doc")
    assert real_photos.is_listed("opencv-doc", ocv + "data/butterfly.jpg")
    assert real_photos.is_listed("opencv-doc", ocv + "data/vtest.avi")
    assert not real_photos.is_listed("opencv-doc", ocv + "data/another.jpg")
    assert not real_photos.is_listed("opencv-doc", "usr/share/doc/opencv-doc/html/x.png")
    assert real_photos.is_listed("tuxpaint-data", "usr/share/tuxpaint/templates/any.png")
    assert real_photos.is_listed("pypi:scikit-image", "skimage/data/astronaut.png")
    assert not real_photos.is_listed("scikit-image")  # a PyPI project only under pypi:
    assert not real_photos.is_listed("some-other-package", "photo.jpg")
    assert not real_photos.is_listed("pypi:some-other-project", "photo.jpg")
    with pytest.raises(ValueError):
        real_photos.fetch(Path("/nonexistent"), "some-other-package")


def test_photos_pass_and_drawings_do_not() -> None:
    for name in ("chameleon.jpg", "pagoda.jpg", "sunset.jpg"):
        with Image.open(ROOT / "resources" / "sample" / "photos" / name) as im:
            assert real_photos.looks_like_photo(im) == (True, "photo"), name
    drawing = Image.new("RGB", (640, 480), "white")
    pen = ImageDraw.Draw(drawing)
    pen.ellipse((100, 100, 300, 260), fill="orange", outline="black", width=4)
    pen.rectangle((350, 120, 560, 400), fill="skyblue")
    assert not real_photos.looks_like_photo(drawing)[0]
    gradient = np.linspace(0, 255, 640)[None, :, None].repeat(480, 0).repeat(3, 2)
    assert not real_photos.looks_like_photo(Image.fromarray(gradient.astype(np.uint8)))[0]
    assert real_photos.looks_like_photo(Image.new("RGB", (120, 90)))[1] == "small"


def test_difference_hash_sees_a_resized_copy_as_the_same_picture() -> None:
    with Image.open(ROOT / "resources" / "sample" / "photos" / "panda.jpg") as im:
        a = real_photos.dhash(im)
        b = real_photos.dhash(im.resize((im.width // 3, im.height // 3)))
    with Image.open(ROOT / "resources" / "sample" / "photos" / "mountains.jpg") as other:
        c = real_photos.dhash(other)
    assert (a ^ b).bit_count() <= real_photos.NEAR
    assert (a ^ c).bit_count() > real_photos.NEAR


def test_cpu_seconds_count_work_not_sleep() -> None:
    c0, t0 = _machine.cpu_seconds(), time.perf_counter()
    time.sleep(0.2)
    assert _machine.cpu_seconds() - c0 < 0.1
    while _machine.cpu_seconds() - c0 < 0.05 and time.perf_counter() - t0 < 30:
        sum(range(1000))  # work: the clock moves (however loaded the machine)
    assert _machine.cpu_seconds() - c0 >= 0.05
    assert _machine.cpu_seconds(os.getpid()) > 0
    assert _machine.cpu_seconds(2**22 + 12345) == 0.0  # no such process
