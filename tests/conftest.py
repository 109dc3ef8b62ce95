"""Shared fixtures: isolated data folders and generated photos (no binary test files committed)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from tests.pg_fixtures import clinic, pg_cluster  # noqa: F401  (PostgreSQL fixtures)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def photo_array(width: int, height: int, seed: int) -> np.ndarray:
    """A photo-like RGB image: smooth colour fields, edges and fine texture, different per seed."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    img = np.zeros((height, width, 3), np.float32)
    for c in range(3):
        fx, fy = rng.uniform(0.5, 4.0, 2) / max(width, height) * 2 * np.pi
        img[..., c] = 128 + 60 * np.sin(xx * fx + rng.uniform(0, 6)) * np.cos(
            yy * fy + rng.uniform(0, 6)
        )
    for _ in range(25):  # blobs and rectangles give corners and edges for local features
        x0, y0 = rng.integers(0, width), rng.integers(0, height)
        w, h = rng.integers(width // 20, width // 4), rng.integers(height // 20, height // 4)
        colour = rng.uniform(0, 255, 3)
        if rng.random() < 0.5:
            img[y0 : y0 + h, x0 : x0 + w] = colour
        else:
            mask = ((xx - x0) ** 2 / max(w, 1) ** 2 + (yy - y0) ** 2 / max(h, 1) ** 2) < 1
            img[mask] = colour
    img += rng.normal(0, 6, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def save_photo(
    path: Path, width: int = 640, height: int = 480, seed: int = 0, **save_args: object
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(photo_array(width, height, seed)).save(path, **save_args)  # type: ignore[arg-type]
    return path


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated PicProof data folder (portable mode)."""
    folder = tmp_path / "picproof-data"
    monkeypatch.setenv("PICPROOF_DATA_DIR", str(folder))
    return folder
