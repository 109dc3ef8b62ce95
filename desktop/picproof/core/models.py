"""Frozen value objects shared by every layer (library photos, scans, matches)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MatchLevel = Literal["identical", "same-photo", "possible"]


@dataclass(frozen=True)
class Folder:
    id: int
    path: str
    added_at: str
    last_scan_at: str | None = None
    photo_count: int = 0


@dataclass(frozen=True, kw_only=True)
class PhotoFacts:
    """What reading a photo file tells: its identity (size, modification time, SHA-256) and
    what it shows (pixel size, format, capture time and camera from its metadata)."""

    size: int
    mtime_ns: int
    sha256: str
    width: int
    height: int
    format: str
    captured_at: str | None = None
    camera: str | None = None


@dataclass(frozen=True, kw_only=True)
class Photo(PhotoFacts):
    """One indexed photo of the user's library."""

    id: int
    folder_id: int
    path: str
    phash: str | None = None
    dhash: str | None = None
    indexed_at: str | None = None


@dataclass(frozen=True)
class SkippedFile:
    path: str
    reason: str
    """An error code from core.errors (e.g. ``truncated``, ``not-an-image``, ``unreadable``)."""
    detail: str = ""


@dataclass(frozen=True)
class ScanReport:
    photos: int
    added: int
    updated: int
    removed: int
    unchanged: int
    moved: int = 0
    skipped: tuple[SkippedFile, ...] = ()
    seconds: float = 0.0
    cancelled: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "photos": self.photos,
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "moved": self.moved,
            "skipped": [
                {"path": s.path, "reason": s.reason, "detail": s.detail} for s in self.skipped
            ],
            "seconds": round(self.seconds, 3),
            "cancelled": self.cancelled,
        }


@dataclass(frozen=True)
class Transform:
    """How the library photo was altered to appear in the suspect image."""

    scale: float
    """Suspect pixels per original pixel."""
    rotation_deg: float = 0.0
    mirrored: bool = False
    cropped: bool = False
    """True when only part of the original is visible."""

    def to_json(self) -> dict[str, float | bool]:
        return {
            "scale": self.scale,
            "rotation_deg": self.rotation_deg,
            "mirrored": self.mirrored,
            "cropped": self.cropped,
        }


@dataclass(frozen=True)
class Match:
    """A library photo found inside a suspect image."""

    photo_id: int
    photo_path: str
    photo_sha256: str
    level: MatchLevel
    score: float
    """0..1, higher is surer; ``identical`` is 1.0."""
    bbox: tuple[int, int, int, int] | None
    """``(x, y, w, h)`` of the visible region in suspect pixels."""
    transform: Transform | None = None
    inliers: int = 0
    corners: tuple[tuple[float, float], ...] = ()
    """The original's four corners projected into the suspect (for drawing a tilted outline)."""
    original_region: tuple[int, int, int, int] | None = None
    """``(x, y, w, h)`` in original pixels of the part that is visible in the suspect."""
    point_pairs: tuple[tuple[float, float, float, float], ...] = ()
    """Matched points ``(suspect_x, suspect_y, original_x, original_y)`` for the explain view."""
    near_duplicates: tuple[int, ...] = ()
    """Other library photos (ids) found at the same place: other shots of the same scene, which
    fit it less well (core/matching/README.md, "Same photo or another shot")."""
    near_duplicate_of: int | None = None
    """The library photo (id) that fits this place better; this one is at most ``possible``."""
    another_shot: bool = False
    """``possible`` because the photo's own pixels rule out this very photograph: parts of the
    scene have moved or are not found (core/matching/same_shot.py): likely another shot of it."""


@dataclass(frozen=True)
class SuspectResult:
    """Everything found in one suspect image."""

    path: str
    sha256: str
    width: int
    height: int
    matches: tuple[Match, ...] = ()
    error: str | None = None
    """An error code when the suspect could not be read."""
    seconds: float = 0.0

    @property
    def confirmed(self) -> tuple[Match, ...]:
        return tuple(m for m in self.matches if m.level != "possible")

    @property
    def possible(self) -> tuple[Match, ...]:
        return tuple(m for m in self.matches if m.level == "possible")
