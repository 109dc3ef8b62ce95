"""One connection to the clinic server, shared by a store's threads, that survives a restart.

Reads that fail because the server went away are retried on a new connection (they change
nothing). A write transaction that loses its connection is never replayed here: if the loss came
before COMMIT nothing was written, and if it came during COMMIT we ask the server, once it is back,
whether that transaction committed (``pg_xact_status``): so a write is reported saved exactly when
it is. Callers decide whether to run the whole operation again (see ``store/postgres/retry.py``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from picproof.core.errors import StoreError
from picproof.store.postgres.connection import (
    check_version,
    connect,
    is_connection_lost,
    operation_error,
    url_host,
)

if TYPE_CHECKING:
    import psycopg

#: How long a read or a retried write waits for a restarting server before giving up.
RECONNECT_WINDOW_S = 30.0


class Row(tuple):  # type: ignore[type-arg]
    """A result row read by column name or position, like ``sqlite3.Row``."""

    _names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor: Any) -> Callable[[Sequence[Any]], Row]:
    names = {c.name: i for i, c in enumerate(cursor.description or ())}

    def make(values: Sequence[Any]) -> Row:
        row = Row(values)
        row._names = names
        return row

    return make


class PgSession:
    def __init__(self, url: str, *, password: str | None = None) -> None:
        self.url = url
        self.password = password
        self.server = url_host(url)
        self._lock = threading.RLock()
        self._conn: psycopg.Connection | None = None
        self._depth = 0
        #: Write transactions committed on this session (the retry layer reads it).
        self.commits = 0
        self._open()
        self.user = self._user

    # -- connection ----------------------------------------------------------------------------
    def _open(self) -> psycopg.Connection:
        conn = connect(self.url, password=self.password, autocommit=True)
        try:
            check_version(conn, self.url)
            conn.execute("SET search_path = picproof, pg_catalog")
            row = conn.execute("SELECT session_user").fetchone()
            self._user = str(row[0]) if row else ""
        except BaseException:
            conn.close()
            raise
        conn.row_factory = _row_factory
        self._conn = conn
        return conn

    def _live(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._drop()
            return self._open()
        return self._conn

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                pass
        self._conn = None

    def _reconnect_within(self, window: float) -> psycopg.Connection:
        """Open a new connection, trying again while the server restarts, up to ``window`` s."""
        deadline = time.monotonic() + window
        delay = 0.2
        while True:
            try:
                return self._live()
            except StoreError as exc:
                if exc.code not in ("clinic-unreachable", "clinic-server-busy"):
                    raise
                if time.monotonic() + delay > deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 2.0)

    def close(self) -> None:
        with self._lock:
            self._drop()

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    # -- statements ----------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of one statement; outside a transaction, retried across a server restart."""
        import psycopg

        with self._lock:
            if self._depth:
                assert self._conn is not None
                return self.execute_in(self._conn, sql, params)
            conn = self._live()
            for attempt in range(2):
                try:
                    return list(conn.execute(sql, params).fetchall())  # type: ignore[arg-type]
                except psycopg.Error as exc:
                    if not is_connection_lost(exc) or attempt:
                        raise self._lost_or_refused(exc) from exc
                    self._drop()
                    conn = self._reconnect_within(RECONNECT_WINDOW_S)
            raise AssertionError("unreachable")

    def execute_in(self, conn: Any, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        import psycopg

        try:
            cur = conn.execute(sql, params)
            return list(cur.fetchall()) if cur.description else []
        except psycopg.Error as exc:
            raise self._lost_or_refused(exc) from exc

    def _lost_or_refused(self, exc: Exception) -> StoreError:
        if is_connection_lost(exc):
            self._drop()
            return StoreError("clinic-connection-lost", server=self.server, committed=False)
        return operation_error(exc)

    @contextmanager
    def transaction(self, *, counted: bool = True) -> Iterator[Any]:
        """One write transaction (re-entrant: nested uses join the outer one).

        ``counted=False`` for work that may run twice harmlessly (storing a content-addressed
        file): it does not count as a commit for the retry layer.
        """
        import psycopg

        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            conn, xid = self._begin()
            self._depth = 1
            try:
                yield conn
            except BaseException:
                self._depth = 0
                self._rollback(conn)
                raise
            self._depth = 0
            try:
                conn.execute("COMMIT")
            except psycopg.Error as exc:
                if not is_connection_lost(exc):
                    self._rollback(conn)
                    raise operation_error(exc) from exc
                self._drop()
                if not self._committed_after_all(xid):
                    raise StoreError(
                        "clinic-connection-lost", server=self.server, committed=False
                    ) from exc
            if counted:
                self.commits += 1

    def _begin(self) -> tuple[Any, str]:
        """BEGIN on a live connection. A connection found dead here had nothing of this
        transaction yet, so a new one (waiting for a restarting server) is simply used."""
        import psycopg

        for attempt in range(2):
            conn = self._reconnect_within(RECONNECT_WINDOW_S)
            try:
                conn.execute("BEGIN")
                got = conn.execute("SELECT pg_current_xact_id()::text").fetchone()
                return conn, str(got[0]) if got else ""
            except psycopg.Error as exc:
                if attempt or not is_connection_lost(exc):
                    raise self._lost_or_refused(exc) from exc
                self._drop()
        raise AssertionError("unreachable")

    def _rollback(self, conn: Any) -> None:
        try:
            if not conn.broken:
                conn.execute("ROLLBACK")
        except Exception:
            self._drop()

    def _committed_after_all(self, xid: str) -> bool:
        """Whether transaction ``xid`` committed, asked once the server answers again."""
        deadline = time.monotonic() + RECONNECT_WINDOW_S
        while True:
            conn = self._reconnect_within(RECONNECT_WINDOW_S)
            row = conn.execute("SELECT pg_xact_status(%s::xid8)", (xid,)).fetchone()
            status = str(row[0]) if row else "aborted"
            if status != "in progress" or time.monotonic() > deadline:
                return status == "committed"
            time.sleep(0.2)

    def write_retrying(self, work: Callable[[Any], None]) -> None:
        """Run ``work(conn)`` in a transaction, again on a new connection if the server went away
        before it committed. Only for work that may safely run twice (content-addressed files)."""
        deadline = time.monotonic() + RECONNECT_WINDOW_S
        while True:
            try:
                with self.transaction(counted=False) as conn:
                    work(conn)
                return
            except StoreError as exc:
                if (
                    exc.code != "clinic-connection-lost"
                    or self._depth
                    or time.monotonic() > deadline
                ):
                    raise
