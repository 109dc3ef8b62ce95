"""The case store on a clinic's PostgreSQL server: the evidence store's SQL, run there.

:class:`PgCaseStore` is an :class:`EvidenceStore` whose connection is a clinic session: the same
methods, the same rows, the same value objects, so every service works on either. Statements are
written once (for SQLite) and adapted here: ``?`` placeholders become ``%s`` and an insert returns
its new id. What PostgreSQL does beyond SQLite is in the schema (rights, append-only triggers, the
linear custody chain) and in :meth:`PgCaseStore.append_custody` (a per-case lock; each entry names
the database user who wrote it).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from picproof.core.cases import CustodyEntry
from picproof.core.custody import canonical_json, entry_from_json, make_entry
from picproof.store.evidence_store import EvidenceStore
from picproof.store.postgres.blobs import PgBlobStore
from picproof.store.postgres.connection import redact
from picproof.store.postgres.session import PgSession, Row

#: Tables whose rows have an ``id`` the SQLite code reads back as ``lastrowid``.
_ID_TABLES = frozenset(
    {"cases", "evidence", "tombstones", "matches", "match_decisions", "timestamps", "deadlines"}
)
_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)
#: Key of the per-case custody lock (with the case id); the schema's trigger takes the same one.
CUSTODY_LOCK = 20201


def adapt(sql: str) -> tuple[str, bool]:
    """SQLite statement -> (PostgreSQL statement, whether it returns the new row's id)."""
    out = sql.replace("%", "%%").replace("?", "%s")
    m = _INSERT.match(sql)
    wants_id = bool(m and m.group(1).lower() in _ID_TABLES and "RETURNING" not in sql.upper())
    if wants_id:
        out = out.rstrip().rstrip(";") + " RETURNING id"
    return out, wants_id


class _Cursor:
    def __init__(self, rows: list[Row], lastrowid: int | None) -> None:
        self._rows = rows
        self.lastrowid = lastrowid

    def fetchone(self) -> Row | None:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Row]:
        return self._rows


class _Conn:
    """The slice of ``sqlite3.Connection`` the evidence store uses, on a clinic session."""

    def __init__(self, session: PgSession) -> None:
        self.session = session

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Cursor:
        statement, wants_id = adapt(sql)
        rows = self.session.query(statement, tuple(params))
        return _Cursor(rows, int(rows[0][0]) if wants_id and rows else None)

    def close(self) -> None:
        self.session.close()


def cache_folder(cache_dir: Path, url: str) -> Path:
    """Where this computer keeps read-only copies of one clinic database's files."""
    slug = hashlib.sha256(redact(url).encode("utf-8")).hexdigest()[:16]
    return cache_dir / "clinic" / slug


class PgCaseStore(EvidenceStore):
    def __init__(self, url: str, cache_dir: Path, *, password: str | None = None) -> None:
        # Not EvidenceStore.__init__: that opens a SQLite file.
        self.session = PgSession(url, password=password)
        # The clinic session is shared by the store's threads behind its own lock (psycopg
        # connections are thread-safe); the one-connection-per-thread rule is SQLite's.
        self._pg_conn = _Conn(self.session)
        self.blobs = PgBlobStore(self.session, cache_folder(cache_dir, url))

    @property
    def conn(self) -> Any:
        return self._pg_conn

    @property
    def db_user(self) -> str:
        return self.session.user

    @property
    def location(self) -> str:
        return self.session.server

    def close(self) -> None:
        self.session.close()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        with self.session.transaction():
            yield self.conn

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        rows: list[Any] = self.conn.execute(sql, params).fetchall()
        return rows

    def insert_custody_entry(self, case_id: int, entry: CustodyEntry) -> None:
        """Entries written here name this login; any other (from a bundle, a local case) is a
        copy and is marked as one."""
        copied = entry.data.get("db_user") != self.db_user
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO custody(case_id, seq, entry, hash, copied) VALUES (?,?,?,?,?)",
                (
                    case_id,
                    entry.seq,
                    canonical_json(entry.to_json()).decode("utf-8"),
                    entry.hash,
                    copied,
                ),
            )

    def append_custody(
        self, case_id: int, case_uid: str, event: str, data: dict[str, Any], now: str
    ) -> CustodyEntry:
        with self.transaction() as conn:
            # Queue behind any other writer of this case before reading its head: one chain.
            conn.execute(
                "SELECT pg_advisory_xact_lock(?::int4, ?::int4)", (CUSTODY_LOCK, int(case_id))
            )
            last = conn.execute(
                "SELECT entry FROM custody WHERE case_id=? ORDER BY seq DESC LIMIT 1", (case_id,)
            ).fetchone()
            previous = entry_from_json(json.loads(last["entry"])) if last else None
            entry = make_entry(previous, case_uid, now, event, {**data, "db_user": self.db_user})
            self.insert_custody_entry(case_id, entry)
            return entry
