"""Acquisition facts: when, how and by whom an evidence item was taken, and what the file says.

Times are recorded in UTC and in local time with its offset (courts ask for both; the local clock
is user-modifiable, so the trusted timestamp anchors it). Image facts (size, EXIF camera and
capture time) come from the safe decoder and are the user's proof of authorship for originals.
"""

from __future__ import annotations

import mimetypes
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from picproof import __version__
from picproof.core.cases import AcquisitionFacts
from picproof.core.errors import ImageError

_FORMAT_TYPES = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
    "BMP": "image/bmp",
    "TIFF": "image/tiff",
    "HEIF": "image/heif",
    "AVIF": "image/avif",
}


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_pair() -> tuple[str, str]:
    now = datetime.now(UTC).replace(microsecond=0)
    return now.strftime("%Y-%m-%dT%H:%M:%SZ"), now.astimezone().isoformat()


def os_description() -> str:
    return f"{platform.system()} {platform.release()} ({platform.machine()})"


def file_dates(path: Path) -> dict[str, str]:
    try:
        st = path.stat()
    except OSError:
        return {}
    out = {"file_modified_utc": _iso(st.st_mtime)}
    birth = getattr(st, "st_birthtime", None)
    if birth is None and os.name == "nt":
        birth = st.st_ctime  # on Windows ctime is the creation time
    if birth is not None:
        out["file_created_utc"] = _iso(birth)
    return out


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def image_facts(data_or_path: bytes | Path) -> tuple[dict[str, Any] | None, str | None]:
    """``(facts, media type)`` for an image we can decode safely, else ``(None, None)``."""
    import io

    from picproof.core.imaging import load_image

    source: Any = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    try:
        info = load_image(source, max_side=64).info
    except ImageError:
        return None, None
    facts: dict[str, Any] = {"width": info.width, "height": info.height, "format": info.format}
    if info.camera:
        facts["camera"] = info.camera
    if info.captured_at:
        facts["captured_at"] = info.captured_at
    return facts, _FORMAT_TYPES.get(info.format)


def media_type_for(filename: str, sniffed: str | None) -> str:
    if sniffed:
        return sniffed
    guessed, _ = mimetypes.guess_type(filename)
    return guessed or "application/octet-stream"


def facts(
    *,
    source: str,
    operator: str,
    source_path: str | None = None,
    url: str | None = None,
    platform_name: str | None = None,
    account: str | None = None,
    original_filename: str | None = None,
    http: dict[str, Any] | None = None,
    image: dict[str, Any] | None = None,
    dates: dict[str, str] | None = None,
) -> AcquisitionFacts:
    utc, local = now_pair()
    dates = dates or {}
    return AcquisitionFacts(
        acquired_at_utc=utc,
        acquired_at_local=local,
        source=source,
        source_path=source_path,
        url=url,
        platform=platform_name,
        account=account,
        operator=operator,
        app_version=__version__,
        os=os_description(),
        original_filename=original_filename,
        file_modified_utc=dates.get("file_modified_utc"),
        file_created_utc=dates.get("file_created_utc"),
        http=http,
        image=image,
    )
