"""Setting up a clinic database and managing its people (run by the owner or an administrator).

``init`` creates (or brings forward) the schema, one numbered script at a time, each in its own
transaction under a lock, and refuses a database written by a newer PicProof. People are
PostgreSQL login roles; their passwords are sent only as SCRAM-SHA-256 verifiers computed here, so
the clear password never reaches the server or its logs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from picproof.core.errors import BadInput, SchemaTooNew, StoreError
from picproof.store.db import migrations_for
from picproof.store.postgres.connection import (
    SCHEMA,
    connect,
    operation_error,
    schema_version,
    url_host,
)

if TYPE_CHECKING:
    import psycopg

ROLES = ("admin", "lawyer", "staff")
_MIGRATION_LOCK = 20200


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    full_name: str
    active: bool
    created_by: str
    created_at: str


@dataclass(frozen=True)
class InitReport:
    server: str
    version_before: int
    version_after: int
    admin_created: str | None


def scram_verifier(password: str, *, iterations: int = 4096) -> str:
    """PostgreSQL's stored form of a SCRAM-SHA-256 password (RFC 5802 / RFC 7677)."""
    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def migrate(conn: psycopg.Connection, url: str) -> tuple[int, int]:
    """Apply every pending script; returns (version before, version after)."""
    import psycopg

    migrations = migrations_for(SCHEMA)
    latest = migrations[-1].version
    before = schema_version(conn)
    if before > latest:
        raise SchemaTooNew(path=url_host(url), found=before, supported=latest)
    try:
        with conn.transaction():
            conn.execute(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
            conn.execute("CREATE SCHEMA IF NOT EXISTS picproof")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS picproof.schema_version ("
                " version INTEGER PRIMARY KEY,"
                " applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
                " applied_by TEXT NOT NULL DEFAULT session_user)"
            )
        for migration in migrations:
            with conn.transaction():
                conn.execute(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
                row = conn.execute(
                    "SELECT 1 FROM picproof.schema_version WHERE version = %s",
                    (migration.version,),
                ).fetchone()
                if row:
                    continue  # applied already (perhaps by another init a moment ago)
                conn.execute(migration.sql.encode("utf-8"))
                conn.execute(
                    "INSERT INTO picproof.schema_version(version) VALUES (%s)",
                    (migration.version,),
                )
        with conn.transaction():
            db = conn.execute("SELECT current_database()").fetchone()
            name = str(db[0]) if db else ""
            ident = psycopg.sql.Identifier(name)
            conn.execute(psycopg.sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(ident))
            conn.execute(
                psycopg.sql.SQL(
                    "GRANT CONNECT ON DATABASE {}"
                    " TO picproof_staff, picproof_lawyer, picproof_admin"
                ).format(ident)
            )
            conn.execute(
                "GRANT SELECT ON picproof.schema_version"
                " TO picproof_staff, picproof_lawyer, picproof_admin"
            )
    except psycopg.errors.InsufficientPrivilege as exc:
        raise StoreError("clinic-init-not-allowed", detail=str(exc).splitlines()[0]) from exc
    except psycopg.Error as exc:
        raise StoreError("migration-failed", path=url_host(url), detail=str(exc)) from exc
    return before, schema_version(conn)


def init_clinic(
    url: str,
    *,
    admin: str | None = None,
    admin_password: str | None = None,
    admin_full_name: str = "",
    password: str | None = None,
) -> InitReport:
    """Create or bring forward the schema; add the first administrator when asked."""
    conn = connect(url, password=password)
    try:
        before, after = migrate(conn, url)
        created = None
        if admin:
            if not admin_password:
                raise BadInput("clinic-password-empty")
            if not person_exists(conn, admin):
                add_person(conn, admin, "admin", admin_password, admin_full_name)
                created = admin
        return InitReport(url_host(url), before, after, created)
    finally:
        conn.close()


def person_exists(conn: psycopg.Connection, name: str) -> bool:
    with conn.transaction():
        row = conn.execute("SELECT 1 FROM picproof.people WHERE name = %s", (name,)).fetchone()
    return row is not None


def add_person(
    conn: psycopg.Connection, name: str, role: str, password: str, full_name: str = ""
) -> Person:
    """A new login role in ``role``'s group (refused by the database unless the caller is admin)."""
    import psycopg

    if role not in ROLES:
        raise BadInput("clinic-role-unknown", role=role, allowed=", ".join(ROLES))
    if not password:
        raise BadInput("clinic-password-empty")
    try:
        with conn.transaction():
            conn.execute(
                "SELECT picproof.add_person(%s, %s, %s, %s)",
                (name, role, scram_verifier(password), full_name),
            )
    except psycopg.errors.DuplicateObject as exc:
        raise BadInput("clinic-user-exists", name=name) from exc
    except psycopg.errors.InvalidParameterValue as exc:
        raise BadInput("clinic-user-name-bad", name=name) from exc
    except psycopg.Error as exc:
        raise operation_error(exc) from exc
    return next(p for p in people(conn) if p.name == name)


def set_active(conn: psycopg.Connection, name: str, active: bool) -> None:
    import psycopg

    try:
        with conn.transaction():
            conn.execute("SELECT picproof.set_person_active(%s, %s)", (name, active))
    except psycopg.errors.UndefinedObject as exc:
        raise BadInput("clinic-user-unknown", name=name) from exc
    except psycopg.Error as exc:
        raise operation_error(exc) from exc


def set_password(conn: psycopg.Connection, name: str, password: str) -> None:
    """A new password for ``name`` (yourself, or anyone when you are an administrator)."""
    import psycopg

    if not password:
        raise BadInput("clinic-password-empty")
    try:
        with conn.transaction():
            conn.execute(
                "SELECT picproof.set_person_password(%s, %s)", (name, scram_verifier(password))
            )
    except psycopg.errors.UndefinedObject as exc:
        raise BadInput("clinic-user-unknown", name=name) from exc
    except psycopg.Error as exc:
        raise operation_error(exc) from exc


def people(conn: psycopg.Connection) -> list[Person]:
    with conn.transaction():
        rows = conn.execute(
            "SELECT name, role, full_name, active, created_by, created_at::text"
            " FROM picproof.people ORDER BY name"
        ).fetchall()
    return [Person(str(r[0]), str(r[1]), str(r[2]), bool(r[3]), str(r[4]), str(r[5])) for r in rows]


def assign(conn: psycopg.Connection, case_id: int, member: str, *, remove: bool = False) -> None:
    """Give (or take back) a staff member's access to one case."""
    import psycopg

    try:
        with conn.transaction():
            if not conn.execute(
                "SELECT 1 FROM picproof.people WHERE name = %s", (member,)
            ).fetchone():
                raise BadInput("clinic-user-unknown", name=member)
            if not conn.execute(
                "SELECT 1 FROM picproof.cases WHERE id = %s", (case_id,)
            ).fetchone():
                raise BadInput("not-found", what=f"case {case_id}")
            if remove:
                conn.execute(
                    "DELETE FROM picproof.case_assignments WHERE case_id = %s AND member = %s",
                    (case_id, member),
                )
            else:
                conn.execute(
                    "INSERT INTO picproof.case_assignments(case_id, member) VALUES (%s, %s)"
                    " ON CONFLICT DO NOTHING",
                    (case_id, member),
                )
    except psycopg.Error as exc:
        raise operation_error(exc) from exc
