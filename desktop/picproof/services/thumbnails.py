"""Disk-cached thumbnails, keyed by content (SHA-256) so a moved photo keeps its thumbnail."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from picproof.core.imaging import load_image


def thumbnail_for(cache_dir: Path, source: str | Path, sha256: str, size: int = 256) -> Path:
    target = cache_dir / sha256[:2] / f"{sha256}_{size}.jpg"
    if target.is_file():
        return target
    loaded = load_image(Path(source), max_side=size)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".thumb-", suffix=".jpg", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            loaded.image.save(fh, "JPEG", quality=85)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target
