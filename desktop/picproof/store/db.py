"""Opening SQLite databases with WAL and numbered forward migrations.

Each database has a folder of ``NNNN_name.sql`` scripts; ``PRAGMA user_version`` records the last
one applied. Before migrating an existing file we copy it aside (``<db>.v<N>.bak``) with SQLite's
online backup, and we refuse to open a file whose version is newer than the code: that would risk
evidence.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from picproof.core.errors import SchemaTooNew, StoreError

MIGRATIONS_ROOT = Path(__file__).parent / "migrations"
_SCRIPT = re.compile(r"^(\d{4})_[\w-]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    path: Path
    sql: str


_cache: dict[Path, list[Migration]] = {}


def migrations_for(schema: str) -> list[Migration]:
    """The numbered scripts of one schema (a folder under ``store/migrations``), in order.

    Read once per process: later opens do not touch the install folder again.
    """
    folder = MIGRATIONS_ROOT / schema
    if folder in _cache:
        return _cache[folder]
    found = []
    for path in sorted(folder.iterdir()):
        m = _SCRIPT.match(path.name)
        if m:
            found.append(Migration(int(m.group(1)), path, path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise StoreError("bad-migrations", schema=schema, versions=versions)
    _cache[folder] = found
    return found


def _when_unlocked(step: Callable[[], object]) -> None:
    """Run ``step``, waiting (up to ~5 s) while another process creates the same new file: the
    switch to WAL mode can answer "database is locked" at once, without the busy timeout."""
    for attempt in range(50):
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 49:
                raise
            time.sleep(0.1)


def connect(path: Path, *, synchronous: str = "NORMAL") -> sqlite3.Connection:
    """A connection with the pragmas every PicProof database uses, for the calling thread only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)
        conn.row_factory = sqlite3.Row
        _when_unlocked(lambda: conn.execute("PRAGMA journal_mode=WAL"))
        conn.execute(f"PRAGMA synchronous={synchronous}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
    except sqlite3.DatabaseError as exc:
        raise StoreError("unreadable-database", path=str(path), detail=str(exc)) from exc
    return conn


#: Schemas of caches rebuilt from the photos themselves: not copied before a migration (a copy of a
#: multi-gigabyte fingerprint cache would cost disk and minutes and protect nothing).
REBUILDABLE_SCHEMAS = frozenset({"fingerprints"})


def open_database(path: Path, schema: str, *, synchronous: str = "NORMAL") -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at ``path`` to the latest ``schema``."""
    migrations = migrations_for(schema)
    latest = migrations[-1].version if migrations else 0
    existed = path.exists() and path.stat().st_size > 0
    conn = connect(path, synchronous=synchronous)
    try:
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError("unreadable-database", path=str(path), detail=str(exc)) from exc
    if current > latest:
        conn.close()
        raise SchemaTooNew(path=str(path), found=current, supported=latest)
    if schema not in REBUILDABLE_SCHEMAS and current < latest and existed and current > 0:
        backup_before_migration(conn, path, current)
    for migration in migrations:
        if migration.version <= current:
            continue
        script = migration.sql
        try:
            conn.execute("BEGIN IMMEDIATE")
            # another process opening the same new file may have migrated it since the read
            # above (two PicProof windows, or the app and the command line, at first start)
            if int(conn.execute("PRAGMA user_version").fetchone()[0]) >= migration.version:
                conn.execute("COMMIT")
                continue
            for statement in _split_sql(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version={migration.version}")
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            conn.execute("ROLLBACK")
            conn.close()
            raise StoreError(
                "migration-failed", path=str(path), version=migration.version, detail=str(exc)
            ) from exc
    return conn


class ThreadConnections:
    """One database file, one connection per thread: the store layer's threading rule.

    A connection is used only by the thread that opened it (sqlite3's ``check_same_thread`` stays
    on, so a slip raises instead of corrupting a transaction). The file is opened and migrated
    once, here, on the constructing thread; any other thread that touches the store gets its own
    connection on first use (WAL: readers see the last commit and never block the writer).
    Writers are serialised by SQLite itself (``BEGIN IMMEDIATE``, 30 s busy timeout); in the GUI
    every write runs on JobRunner's single write lane, so in practice one thread writes.

    ``close()`` closes the calling thread's connection and retires the others: a connection
    cannot be closed from a thread that does not own it, so each is closed when its thread next
    asks for it (which then fails with ``database-closed``) or when its thread ends.
    """

    def __init__(self, path: Path, schema: str, *, synchronous: str = "NORMAL") -> None:
        self.path = path
        self.synchronous = synchronous
        self._local = threading.local()
        self._local.conn = open_database(path, schema, synchronous=synchronous)
        self._closed = False

    def get(self) -> sqlite3.Connection:
        """The calling thread's connection (opened now if this thread has none yet)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if self._closed:
            if conn is not None:
                conn.close()
                self._local.conn = None
            raise StoreError("database-closed", path=str(self.path))
        if conn is None:
            conn = connect(self.path, synchronous=self.synchronous)
            self._local.conn = conn
        return conn

    def close(self) -> None:
        self._closed = True
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def backup_before_migration(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    target = path.with_name(f"{path.name}.v{version}.bak")
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (``executescript`` would commit on its own)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
