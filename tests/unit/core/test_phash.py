"""The SciPy-free perceptual hash gives ImageHash's bits (the installer leaves SciPy out)."""

from __future__ import annotations

import imagehash
import numpy as np
from PIL import Image
from tests.conftest import photo_array

from picproof.core.phash import phash
from picproof.core.resources import resource_dir


def _variants(img: Image.Image) -> list[Image.Image]:
    return [
        img,
        img.convert("L"),
        img.rotate(90, expand=True),
        img.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
        img.resize((max(1, img.width // 9), max(1, img.height // 9))),
        img.crop((0, 0, img.width // 2, img.height // 3)),
    ]


def test_same_bits_as_imagehash_on_real_photos() -> None:
    files = sorted((resource_dir() / "sample").rglob("*.jpg"))
    assert len(files) >= 7
    for path in files:
        with Image.open(path) as img:
            img.load()
            for v in _variants(img):
                assert str(phash(v)) == str(imagehash.phash(v)), path.name


def test_same_bits_on_generated_and_flat_pictures() -> None:
    pictures = [Image.fromarray(photo_array(160, 120, seed)) for seed in range(12)]
    pictures += [
        Image.new("RGB", (50, 50), (128, 128, 128)),  # flat: every AC coefficient is 0
        Image.fromarray(np.tile(np.arange(256, dtype=np.uint8), (64, 1))),
        Image.new("1", (40, 30), 1),
    ]
    for img in pictures:
        assert str(phash(img)) == str(imagehash.phash(img))
        assert phash(img) - imagehash.phash(img) == 0
