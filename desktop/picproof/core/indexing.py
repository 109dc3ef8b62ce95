"""Indexing one library file: identity, facts and fingerprints, computed in a worker process.

Runs in a ``ProcessPoolExecutor`` during a scan, so it takes and returns plain picklable values.
The file is read once: the same bytes give the SHA-256 and the (reduced-size) decode.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from picproof.core.errors import ImageError
from picproof.core.models import PhotoFacts

_cv2_configured = False


@dataclass(frozen=True, kw_only=True)
class IndexedFile(PhotoFacts):
    """A library file read by a scan worker: its facts, fingerprints and matching features."""

    path_key: bytes
    phash: str
    dhash: str
    features: bytes
    features_version: int


@dataclass(frozen=True)
class FailedFile:
    path_key: bytes
    size: int
    mtime_ns: int
    reason: str
    detail: str


def _configure_worker() -> None:
    global _cv2_configured
    if not _cv2_configured:
        _cv2_configured = True
        try:
            import cv2

            cv2.setNumThreads(1)  # one process per core already; threads inside would fight
        except ImportError:
            pass


def index_file(path_key: bytes, size: int, mtime_ns: int) -> IndexedFile | FailedFile:
    """Read, hash, decode and fingerprint one file. Never raises for a bad file."""
    _configure_worker()
    import imagehash

    from picproof.core.imaging import DRAFT_SLACK, load_image
    from picproof.core.matching import features as matching_features
    from picproof.core.phash import phash as perceptual_hash

    path = os.fsdecode(path_key)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return FailedFile(path_key, size, mtime_ns, "unreadable", exc.strerror or str(exc))
    try:
        loaded = load_image(
            data, max_side=matching_features.INDEX_MAX_SIDE, draft_slack=DRAFT_SLACK
        )
        small = loaded.image
        phash = str(perceptual_hash(small))  # imagehash.phash's bits, without SciPy
        dhash = str(imagehash.dhash(small))
        features = matching_features.extract_photo_features(small)
    except ImageError as exc:
        detail = str(exc.fields.get("detail", ""))
        return FailedFile(path_key, len(data), mtime_ns, exc.code, detail)
    except MemoryError:
        return FailedFile(
            path_key, len(data), mtime_ns, "too-large", "out of memory while decoding"
        )
    except Exception as exc:  # a decoder bug on one hostile file must not stop the scan
        return FailedFile(path_key, len(data), mtime_ns, "corrupt", f"{type(exc).__name__}: {exc}")
    info = loaded.info
    return IndexedFile(
        path_key=path_key,
        size=len(data),
        mtime_ns=mtime_ns,
        sha256=hashlib.sha256(data).hexdigest(),
        width=info.width,
        height=info.height,
        format=info.format,
        captured_at=info.captured_at,
        camera=info.camera,
        phash=phash,
        dhash=dhash,
        features=features,
        features_version=matching_features.FEATURES_VERSION,
    )


def features_only(path_key: bytes) -> tuple[bytes, int] | None:
    """Recompute only the matching features (after a features-version bump or a lost cache)."""
    _configure_worker()
    from picproof.core.imaging import DRAFT_SLACK, load_image
    from picproof.core.matching import features as matching_features

    try:
        loaded = load_image(
            os.fsdecode(path_key),
            max_side=matching_features.INDEX_MAX_SIDE,
            draft_slack=DRAFT_SLACK,
        )
        return matching_features.extract_photo_features(
            loaded.image
        ), matching_features.FEATURES_VERSION
    except Exception:
        return None
