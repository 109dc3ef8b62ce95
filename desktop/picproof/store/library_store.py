"""SQLite access for the photo library (library.sqlite3) and its fingerprint cache."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypedDict

from picproof.core.indexing import IndexedFile
from picproof.core.models import Folder, Photo, SkippedFile
from picproof.store.db import ThreadConnections

SORT_COLUMNS = {
    "path": "path",
    "captured": "COALESCE(captured_at, '')",
    "size": "size",
    "added": "first_seen_at",
    "name": "path",
}


class PhotoOrder(TypedDict, total=False):
    """How ``LibraryStore.photo_ids`` orders and pages the photos (its defaults apply)."""

    sort: str
    """A key of SORT_COLUMNS."""
    descending: bool
    offset: int
    limit: int | None


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def display_path(path_key: bytes) -> str:
    """Readable text for a path whose bytes may not be UTF-8."""
    return path_key.decode("utf-8", "replace")


@dataclass(frozen=True)
class KnownFile:
    id: int
    folder_id: int
    size: int
    mtime_ns: int
    sha256: str


class LibraryStore:
    def __init__(self, library_db: Path, fingerprint_db: Path) -> None:
        # One connection per thread (the store layer's threading rule, store/__init__.py).
        self._db = ThreadConnections(library_db, "library")
        self._fp = ThreadConnections(fingerprint_db, "fingerprints")

    @property
    def db(self) -> sqlite3.Connection:
        """The calling thread's connection to library.sqlite3."""
        return self._db.get()

    @property
    def fp(self) -> sqlite3.Connection:
        """The calling thread's connection to the fingerprint cache."""
        return self._fp.get()

    def close(self) -> None:
        self._db.close()
        self._fp.close()

    # -- folders ---------------------------------------------------------------------------------

    def add_folder(self, path: str) -> Folder:
        key = os.fsencode(path)
        existing = self.db.execute("SELECT id FROM folders WHERE path_key=?", (key,)).fetchone()
        if existing is None:
            self.db.execute(
                "INSERT INTO folders(path_key, path, added_at) VALUES (?,?,?)",
                (key, display_path(key), utc_now()),
            )
        return next(f for f in self.folders() if f.path == path)

    def remove_folder(self, folder_id: int) -> None:
        with self.transaction():
            ids = [
                r[0]
                for r in self.db.execute("SELECT id FROM photos WHERE folder_id=?", (folder_id,))
            ]
            self.db.execute("DELETE FROM photos WHERE folder_id=?", (folder_id,))
            self.db.execute("DELETE FROM skipped_files WHERE folder_id=?", (folder_id,))
            self.db.execute("DELETE FROM folders WHERE id=?", (folder_id,))
        self.delete_features(ids)

    def folders(self) -> list[Folder]:
        rows = self.db.execute(
            "SELECT f.id, f.path_key, f.added_at, f.last_scan_at,"
            " (SELECT COUNT(*) FROM photos p WHERE p.folder_id=f.id) AS n"
            " FROM folders f ORDER BY f.id"
        ).fetchall()
        return [
            Folder(
                id=r["id"],
                path=os.fsdecode(r["path_key"]),
                added_at=r["added_at"],
                last_scan_at=r["last_scan_at"],
                photo_count=r["n"],
            )
            for r in rows
        ]

    def mark_folder_scanned(self, folder_id: int, status: str) -> None:
        self.db.execute(
            "UPDATE folders SET last_scan_at=?, last_scan_status=? WHERE id=?",
            (utc_now(), status, folder_id),
        )

    # -- scan bookkeeping ------------------------------------------------------------------------

    def known_files(self) -> dict[bytes, KnownFile]:
        rows = self.db.execute("SELECT id, folder_id, path_key, size, mtime_ns, sha256 FROM photos")
        return {bytes(r[2]): KnownFile(r[0], r[1], r[3], r[4], r[5]) for r in rows}

    def known_for(self, keys: Sequence[bytes]) -> dict[bytes, KnownFile]:
        found: dict[bytes, KnownFile] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                "SELECT id, folder_id, path_key, size, mtime_ns, sha256 FROM photos"
                f" WHERE path_key IN ({marks})",
                chunk,
            ):
                found[bytes(r[2])] = KnownFile(r[0], r[1], r[3], r[4], r[5])
        return found

    def known_skips(self) -> dict[bytes, tuple[int | None, int | None]]:
        rows = self.db.execute("SELECT path_key, size, mtime_ns FROM skipped_files")
        return {bytes(r[0]): (r[1], r[2]) for r in rows}

    def feature_versions(self) -> dict[int, int]:
        return {r[0]: r[1] for r in self.fp.execute("SELECT photo_id, version FROM photo_features")}

    def upgrade_features(self) -> int:
        """Give today's features version to older rows that today's extraction would write the
        same (``features.upgradable``, read from each blob's header only); the others stay for
        the scan to re-extract. Only the version column changes, so their words stay too.
        Returns how many rows were upgraded."""
        from picproof.core.matching.features import FEATURES_VERSION, HEADER_SIZE, upgradable

        rows = self.fp.execute(
            "SELECT photo_id, substr(data, 1, ?) FROM photo_features WHERE version != ?",
            (HEADER_SIZE, FEATURES_VERSION),
        ).fetchall()
        ids = [(FEATURES_VERSION, r[0]) for r in rows if upgradable(bytes(r[1]))]
        if ids:
            with _Transaction(self.fp):
                self.fp.executemany("UPDATE photo_features SET version=? WHERE photo_id=?", ids)
        return len(ids)

    def transaction(self) -> _Transaction:
        return _Transaction(self.db)

    def insert_photo(self, folder_id: int, f: IndexedFile, now: str) -> int:
        columns = ", ".join((*_PHOTO_COLUMNS, "first_seen_at"))
        marks = ",".join("?" * (len(_PHOTO_COLUMNS) + 1))
        cur = self.db.execute(
            f"INSERT INTO photos({columns}) VALUES ({marks})",
            (*_photo_values(folder_id, f, now), now),
        )
        photo_id = int(cur.lastrowid or 0)
        self._history(photo_id, "added", f.path_key, f.sha256, now)
        return photo_id

    def update_photo(
        self, photo_id: int, folder_id: int, f: IndexedFile, now: str, event: str
    ) -> None:
        assignments = ", ".join(f"{c}=?" for c in _PHOTO_COLUMNS)
        self.db.execute(
            f"UPDATE photos SET {assignments} WHERE id=?",
            (*_photo_values(folder_id, f, now), photo_id),
        )
        self._history(photo_id, event, f.path_key, f.sha256, now)

    def delete_photos(self, photos: Iterable[tuple[int, bytes, str]], now: str) -> None:
        for photo_id, key, sha in photos:
            self.db.execute("DELETE FROM photos WHERE id=?", (photo_id,))
            self._history(photo_id, "removed", key, sha, now)

    def record_skip(
        self,
        folder_id: int,
        key: bytes,
        size: int | None,
        mtime_ns: int | None,
        reason: str,
        detail: str,
        now: str,
    ) -> None:
        self.db.execute(
            "INSERT INTO skipped_files"
            "(path_key, path, folder_id, size, mtime_ns, reason, detail, at)"
            " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(path_key) DO UPDATE SET size=excluded.size,"
            " mtime_ns=excluded.mtime_ns, reason=excluded.reason, detail=excluded.detail,"
            " at=excluded.at",
            (key, display_path(key), folder_id, size, mtime_ns, reason, detail[:500], now),
        )

    def clear_skips(self, keys: Iterable[bytes]) -> None:
        self.db.executemany("DELETE FROM skipped_files WHERE path_key=?", [(k,) for k in keys])

    def put_features(self, rows: Sequence[tuple[int, int, bytes]]) -> None:
        if rows:
            with _Transaction(self.fp):
                self.fp.executemany(
                    "INSERT OR REPLACE INTO photo_features(photo_id, version, data) VALUES (?,?,?)",
                    rows,
                )

    def delete_features(self, photo_ids: Iterable[int]) -> None:
        ids = [(i,) for i in photo_ids]
        if ids:
            with _Transaction(self.fp):
                self.fp.executemany("DELETE FROM photo_features WHERE photo_id=?", ids)

    def prune_orphan_features(self) -> int:
        live = {r[0] for r in self.db.execute("SELECT id FROM photos")}
        orphans = [pid for pid in self.feature_versions() if pid not in live]
        self.delete_features(orphans)
        return len(orphans)

    def _history(self, photo_id: int, event: str, key: bytes, sha: str | None, now: str) -> None:
        self.db.execute(
            "INSERT INTO photo_history(photo_id, event, path, sha256, at) VALUES (?,?,?,?,?)",
            (photo_id, event, display_path(key), sha, now),
        )

    # -- queries ---------------------------------------------------------------------------------

    def photo_count(self, search: str = "") -> int:
        where, params = _search_clause(search)
        return int(self.db.execute(f"SELECT COUNT(*) FROM photos {where}", params).fetchone()[0])

    def photo_ids(
        self,
        search: str = "",
        sort: str = "path",
        descending: bool = False,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[int]:
        where, params = _search_clause(search)
        order = SORT_COLUMNS.get(sort, "path") + (" DESC" if descending else "")
        sql = f"SELECT id FROM photos {where} ORDER BY {order}, id LIMIT ? OFFSET ?"
        return [
            r[0] for r in self.db.execute(sql, (*params, -1 if limit is None else limit, offset))
        ]

    def photos_by_ids(self, ids: Sequence[int]) -> list[Photo]:
        found: dict[int, Photo] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(f"SELECT * FROM photos WHERE id IN ({marks})", chunk):
                found[r["id"]] = _photo(r)
        return [found[i] for i in ids if i in found]

    def find_by_sha256(self, sha256: str) -> list[Photo]:
        rows = self.db.execute("SELECT * FROM photos WHERE sha256=? ORDER BY id", (sha256.lower(),))
        return [_photo(r) for r in rows]

    def skipped_files(self) -> list[SkippedFile]:
        rows = self.db.execute("SELECT path_key, reason, detail FROM skipped_files ORDER BY path")
        return [SkippedFile(os.fsdecode(bytes(r[0])), r[1], r[2]) for r in rows]

    def history(self, photo_id: int) -> list[tuple[str, str, str]]:
        rows = self.db.execute(
            "SELECT event, path, at FROM photo_history WHERE photo_id=? ORDER BY id", (photo_id,)
        )
        return [(r[0], r[1], r[2]) for r in rows]


#: Columns an index result sets, in the order of ``_photo_values``.
_PHOTO_COLUMNS = (
    "folder_id",
    "path_key",
    "path",
    "size",
    "mtime_ns",
    "sha256",
    "width",
    "height",
    "format",
    "captured_at",
    "camera",
    "phash",
    "dhash",
    "indexed_at",
)


def _photo_values(folder_id: int, f: IndexedFile, now: str) -> tuple[object, ...]:
    return (
        folder_id,
        f.path_key,
        display_path(f.path_key),
        f.size,
        f.mtime_ns,
        f.sha256,
        f.width,
        f.height,
        f.format,
        f.captured_at,
        f.camera,
        f.phash,
        f.dhash,
        now,
    )


def _search_clause(search: str) -> tuple[str, tuple[str, ...]]:
    text = search.strip()
    if not text:
        return "", ()
    like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return (
        "WHERE path LIKE ? ESCAPE '\\' OR camera LIKE ? ESCAPE '\\' OR sha256 LIKE ? ESCAPE '\\'",
        (like, like, text.lower() + "%"),
    )


def _photo(r: sqlite3.Row) -> Photo:
    return Photo(
        id=r["id"],
        folder_id=r["folder_id"],
        path=os.fsdecode(bytes(r["path_key"])),
        size=r["size"],
        mtime_ns=r["mtime_ns"],
        sha256=r["sha256"],
        width=r["width"],
        height=r["height"],
        format=r["format"],
        captured_at=r["captured_at"],
        camera=r["camera"],
        phash=r["phash"],
        dhash=r["dhash"],
        indexed_at=r["indexed_at"],
    )


class _Transaction:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
