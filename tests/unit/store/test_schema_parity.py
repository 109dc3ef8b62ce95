"""The clinic database (PostgreSQL) has every column of the local evidence database (SQLite).

Moving a local case into the clinic (store/postgres/move_in.py) copies each row column by
column, and a clinic case exported and imported again lands in the local schema. The two
schemas are written in two SQL dialects (store/migrations/evidence and .../clinic, frozen once
released), so nothing but this test keeps them from drifting apart.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
from tests.pg_fixtures import ClinicDb

from picproof.store.db import open_database

#: SQLite's declared type -> the PostgreSQL types that hold the same values.
SAME_VALUES = {
    "INTEGER": {"integer", "bigint"},
    "TEXT": {"text"},
    "REAL": {"double precision"},
    "BLOB": {"bytea"},
}


def test_every_local_evidence_column_is_in_the_clinic_schema(
    clinic: ClinicDb, tmp_path: Path
) -> None:
    conn = open_database(tmp_path / "evidence.sqlite3", "evidence")
    try:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if not r[0].startswith("sqlite_")
        ]
        local = {
            (t, r[1]): r[2].upper() for t in tables for r in conn.execute(f"PRAGMA table_info({t})")
        }
    finally:
        conn.close()
    with psycopg.connect(clinic.owner_url) as pg:
        rows = pg.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'picproof'"
        ).fetchall()
    remote = {(t, c): kind for t, c, kind in rows}
    assert len(tables) >= 8  # cases, evidence, tombstones, matches, decisions, ...
    missing = sorted(key for key in local if key not in remote)
    assert not missing, f"columns the clinic schema lacks: {missing}"
    differ = {key: (kind, remote[key]) for key, kind in local.items()}
    differ = {k: v for k, v in differ.items() if v[1] not in SAME_VALUES[v[0]]}
    assert not differ, f"columns whose values the clinic cannot hold alike: {differ}"
