"""Authorship facts a letter shows beside the user's original: what the files themselves say.

The original's resolution against the copy's (a thief's copy is usually smaller), the camera and
time its EXIF data records, and the other frames the same camera took minutes before and after
when the user's library holds them: strong proof that the user took the photo. Only facts the
files hold; nothing is inferred.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from picproof.core.errors import PicProofError

if TYPE_CHECKING:
    from picproof.core.cases import EvidenceItem

#: Frames within this time of the original, by the same camera, count as the same shoot.
NEIGHBOUR_WINDOW = timedelta(minutes=10)
MAX_NEIGHBOURS = 6
#: Photos of one camera read at most when looking for neighbours (a large library stays fast).
MAX_SCANNED = 20000


def _size(image: dict[str, Any] | None) -> str:
    if not image or not image.get("width"):
        return ""
    return f"{image['width']} × {image['height']}"


def _moment(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def neighbour_frames(library: Any, sha256: str, camera: str, taken: str) -> list[str]:
    """``name (time)`` of the library's other photos by ``camera`` near the time ``taken``."""
    moment = _moment(taken)
    if moment is None or not camera:
        return []
    ids = library.photo_ids(search=camera, sort="captured", limit=MAX_SCANNED)
    found = []
    for photo in library.photos_by_ids(ids):
        when = _moment(photo.captured_at)
        if photo.sha256 == sha256 or photo.camera != camera or when is None:
            continue
        if abs(when - moment) <= NEIGHBOUR_WINDOW:
            found.append((when, f"{Path(photo.path).name} ({when.strftime('%H:%M:%S')})"))
    return [text for _, text in sorted(found)[:MAX_NEIGHBOURS]]


def authorship_facts(
    copy: EvidenceItem,
    original: EvidenceItem | None,
    library: Callable[[], Any] | None = None,
) -> tuple[tuple[str, str], ...]:
    """(language-pack key, value) pairs for the appendix; empty without an original."""
    if original is None:
        return ()
    facts: list[tuple[str, str]] = []
    mine, theirs = original.acquisition.image or {}, copy.acquisition.image or {}
    if _size(mine):
        facts.append(("original_size", _size(mine)))
    if _size(theirs):
        facts.append(("copy_size", _size(theirs)))
    if mine.get("camera"):
        facts.append(("exif_camera", str(mine["camera"])))
    if mine.get("captured_at"):
        facts.append(("exif_time", str(mine["captured_at"]).replace("T", " ")))
    if original.acquisition.original_filename:
        facts.append(("original_name", original.acquisition.original_filename))
    if library is not None and mine.get("camera") and mine.get("captured_at"):
        try:
            near = neighbour_frames(
                library(), original.sha256, str(mine["camera"]), str(mine["captured_at"])
            )
        except PicProofError:
            near = []  # no library (yet): the other facts stand on their own
        if near:
            facts.append(("neighbour_frames", "; ".join(near)))
    return tuple(facts)
