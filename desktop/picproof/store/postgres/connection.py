"""Connecting to a clinic's PostgreSQL server, and turning its failures into error codes.

psycopg is imported here and in the other ``store/postgres`` modules only, on first use: a
PicProof without a clinic database never loads it. Every failure a person can meet (server down,
wrong password, certificate refused, disk full, no right to a case) becomes a :class:`StoreError`
with a code the CLI and the GUI turn into a plain sentence; nothing else leaks out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from picproof.core.errors import SchemaTooNew, StoreError
from picproof.store.db import migrations_for

if TYPE_CHECKING:
    import psycopg

SCHEMA = "clinic"
#: Ask the server at most this long for a connection before saying it is unreachable.
CONNECT_TIMEOUT_S = 10

#: SQLSTATE classes and codes we name. 08: connection exceptions; 57P0x: the server is shutting
#: down or starting (a restart); 53: insufficient resources.
_LOST = ("08", "57P01", "57P02", "57P03")


def is_clinic_url(url: str | None) -> bool:
    return bool(url) and str(url).split(":", 1)[0] in ("postgresql", "postgres")


def redact(url: str) -> str:
    """The URL with any password removed (for messages, logs and settings)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") if len(netloc) == 2 else ""
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[-1]}" if user else netloc[-1]))


def url_user(url: str) -> str:
    return urlsplit(url).username or ""


def url_host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 5432}/{parts.path.lstrip('/')}"


def connect(
    url: str, *, password: str | None = None, autocommit: bool = False
) -> psycopg.Connection:
    """An open connection to ``url`` (password: in the URL, ``password``, PGPASSWORD, .pgpass)."""
    import psycopg

    if not is_clinic_url(url):
        raise StoreError("clinic-bad-url", url=redact(url))
    kwargs: dict[str, Any] = {"autocommit": autocommit, "application_name": "PicProof"}
    if "connect_timeout" not in url:
        kwargs["connect_timeout"] = CONNECT_TIMEOUT_S
    if password and urlsplit(url).password is None:
        kwargs["password"] = password
    try:
        return psycopg.connect(url, **kwargs)
    except psycopg.Error as exc:
        raise connect_error(exc, url) from exc


def connect_error(exc: Exception, url: str) -> StoreError:
    """The code for a failed connection attempt."""
    text = str(exc)
    state = getattr(exc, "sqlstate", None) or ""
    where = {"server": url_host(url), "user": url_user(url)}
    lower = text.lower()
    if state in ("28P01",) or "password authentication failed" in lower:
        return StoreError("clinic-login-failed", **where)
    if "no password supplied" in lower or "password is required" in lower:
        return StoreError("clinic-password-needed", **where)
    if state == "28000" or "not permitted to log in" in lower or "no pg_hba.conf entry" in lower:
        return StoreError("clinic-login-refused", **where, detail=_first_line(text))
    if state == "3D000" or re.search(r'database ".*" does not exist', lower):
        return StoreError("clinic-no-database", **where)
    if state == "53300" or "too many" in lower and "connections" in lower:
        return StoreError("clinic-server-busy", **where)
    if any(
        s in lower
        for s in ("certificate", "ssl", "tls", "root cert", "does not match host name", "sslmode")
    ):
        return StoreError("clinic-tls-failed", **where, detail=_first_line(text))
    if "invalid dsn" in lower or "invalid connection option" in lower or "invalid uri" in lower:
        return StoreError("clinic-bad-url", url=redact(url), detail=_first_line(text))
    return StoreError("clinic-unreachable", **where, detail=_first_line(text))


def is_connection_lost(exc: BaseException) -> bool:
    """True when the server went away (down, restarted, network cut): worth reconnecting."""
    import psycopg

    state = getattr(exc, "sqlstate", None) or ""
    if state.startswith(_LOST[0]) or state in _LOST[1:]:
        return True
    return isinstance(exc, psycopg.OperationalError) and not state


def operation_error(exc: Exception) -> StoreError:
    """The code for a statement the server refused (the connection itself is fine)."""
    state = getattr(exc, "sqlstate", None) or ""
    text = _first_line(str(exc))
    if state == "53100":
        return StoreError("clinic-server-full", detail=text)
    if state.startswith("53"):
        return StoreError("clinic-server-busy", detail=text)
    if state == "42501":
        return StoreError("clinic-not-allowed", detail=text)
    if state == "25006":
        return StoreError("clinic-read-only", detail=text)
    return StoreError("write-failed", detail=text)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


# -- schema version ----------------------------------------------------------------------------
def latest_version() -> int:
    found = migrations_for(SCHEMA)
    return found[-1].version if found else 0


def schema_version(conn: psycopg.Connection) -> int:
    """The version the clinic database is at; 0 when PicProof was never set up there."""
    import psycopg

    try:
        row = conn.execute(
            "SELECT to_regclass('picproof.schema_version') IS NOT NULL AS present"
        ).fetchone()
        if not row or not row[0]:
            return 0
        got = conn.execute("SELECT COALESCE(max(version), 0) FROM picproof.schema_version")
        value = got.fetchone()
        return int(value[0]) if value else 0
    except psycopg.errors.InsufficientPrivilege as exc:
        raise StoreError("clinic-not-a-member", user=str(conn.info.user)) from exc
    finally:
        if not conn.autocommit:
            conn.rollback()


def check_version(conn: psycopg.Connection, url: str) -> int:
    """Refuse a database set up by a newer PicProof, or one not (or not fully) set up."""
    found, supported = schema_version(conn), latest_version()
    if found == 0:
        raise StoreError("clinic-not-initialised", server=url_host(url))
    if found > supported:
        raise SchemaTooNew(path=url_host(url), found=found, supported=supported)
    if found < supported:
        raise StoreError("clinic-schema-old", server=url_host(url), found=found, needed=supported)
    return found
