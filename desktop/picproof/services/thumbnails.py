"""Disk-cached thumbnails, keyed by content (SHA-256) so a moved photo keeps its thumbnail."""

from __future__ import annotations

from pathlib import Path

from picproof.core.atomic import atomic_write
from picproof.core.imaging import load_image


def thumbnail_for(cache_dir: Path, source: str | Path, sha256: str, size: int = 256) -> Path:
    target = cache_dir / sha256[:2] / f"{sha256}_{size}.jpg"
    if target.is_file():
        return target
    loaded = load_image(Path(source), max_side=size)
    # A cache: all or nothing for a crash, no fsync (a lost thumbnail is made again).
    with atomic_write(target, prefix=".thumb-", durable=False) as out:
        loaded.image.save(out.file, "JPEG", quality=85)
    return target
