"""Numbered migrations: forward one step at a time, backup first, refuse newer schemas."""

from __future__ import annotations

import multiprocessing
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from picproof.core.errors import SchemaTooNew, StoreError
from picproof.store import db as db_module
from picproof.store.db import migrations_for, open_database


@pytest.fixture
def schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "migrations"
    (root / "demo").mkdir(parents=True)
    (root / "demo" / "0001_initial.sql").write_text(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\n"
        "-- a comment; with a semicolon\nINSERT INTO notes(body) VALUES ('first; note');\n"
    )
    monkeypatch.setattr(db_module, "MIGRATIONS_ROOT", root)
    monkeypatch.setattr(db_module, "_cache", {})
    return root / "demo"


def _new_release(schema: Path, name: str, sql: str) -> None:
    """Ship another migration, as a newer PicProof would (scripts are read once per process)."""
    (schema / name).write_text(sql)
    db_module._cache.clear()


def test_new_database_is_migrated_in_wal_mode(tmp_path: Path, schema: Path) -> None:
    conn = open_database(tmp_path / "d.sqlite3", "demo")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT body FROM notes").fetchone()[0] == "first; note"
    assert not list(tmp_path.glob("*.bak"))


def test_upgrade_backs_up_then_migrates(tmp_path: Path, schema: Path) -> None:
    path = tmp_path / "d.sqlite3"
    open_database(path, "demo").close()
    _new_release(schema, "0002_tags.sql", "ALTER TABLE notes ADD COLUMN tag TEXT;\n")
    conn = open_database(path, "demo")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    backup = tmp_path / "d.sqlite3.v1.bak"
    assert backup.is_file()
    with sqlite3.connect(backup) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        assert old.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 1


def test_failed_migration_rolls_back(tmp_path: Path, schema: Path) -> None:
    path = tmp_path / "d.sqlite3"
    open_database(path, "demo").close()
    _new_release(
        schema, "0002_bad.sql", "ALTER TABLE notes ADD COLUMN ok TEXT;\nSELECT * FROM nowhere;\n"
    )
    with pytest.raises(StoreError) as err:
        open_database(path, "demo")
    assert err.value.code == "migration-failed"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        columns = [r[1] for r in conn.execute("PRAGMA table_info(notes)")]
        assert "ok" not in columns


def test_newer_schema_is_refused(tmp_path: Path, schema: Path) -> None:
    path = tmp_path / "d.sqlite3"
    open_database(path, "demo").close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version=7")
    with pytest.raises(SchemaTooNew) as err:
        open_database(path, "demo")
    assert err.value.fields["found"] == 7


def test_not_a_database_is_a_store_error(tmp_path: Path, schema: Path) -> None:
    path = tmp_path / "d.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        open_database(path, "demo")


def test_shipped_schemas_are_numbered_without_gaps() -> None:
    for schema in ("library", "fingerprints", "evidence"):
        versions = [m.version for m in db_module.migrations_for(schema)]
        assert versions == list(range(1, len(versions) + 1)) and versions


def test_fingerprint_cache_upgrade_drops_stale_words_without_a_backup(tmp_path: Path) -> None:
    """The real fingerprints schema from version 2: words written before the triggers may be
    stale, so they go; later feature rewrites drop their photo's words; and the rebuildable
    cache is not copied first."""
    path = tmp_path / "fingerprints.sqlite3"
    conn = sqlite3.connect(path)
    for migration in db_module.migrations_for("fingerprints")[:2]:
        conn.executescript(migration.sql)
    conn.execute("PRAGMA user_version=2")
    conn.executemany(
        "INSERT INTO photo_features(photo_id, version, data) VALUES (?,?,?)",
        [(1, 2, b"old1"), (2, 2, b"old2")],
    )
    conn.executemany(
        "INSERT INTO match_words(photo_id, vocab_id, words) VALUES (?,?,?)",
        [(1, "v", b"w1"), (2, "v", b"w2")],
    )
    conn.commit()
    conn.close()

    conn = open_database(path, "fingerprints")
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 3
    assert conn.execute("SELECT COUNT(*) FROM match_words").fetchone()[0] == 0
    assert not list(tmp_path.glob("*.bak"))

    conn.executemany(
        "INSERT INTO match_words(photo_id, vocab_id, words) VALUES (?,?,?)",
        [(1, "v", b"w1"), (2, "v", b"w2")],
    )
    conn.execute(
        "INSERT OR REPLACE INTO photo_features(photo_id, version, data) VALUES (1, 3, ?)",
        (b"new1",),
    )
    conn.execute("UPDATE photo_features SET data=x'00' WHERE photo_id=2")
    conn.commit()
    assert conn.execute("SELECT COUNT(*) FROM match_words").fetchone()[0] == 0
    conn.execute("INSERT INTO match_words(photo_id, vocab_id, words) VALUES (1, 'v', ?)", (b"w",))
    conn.execute("INSERT INTO photo_features(photo_id, version, data) VALUES (7, 3, ?)", (b"o",))
    conn.commit()
    assert [r[0] for r in conn.execute("SELECT photo_id FROM match_words")] == [1]
    conn.close()


def _open_at_once(path: str, barrier: Any) -> str:
    barrier.wait()
    try:
        open_database(Path(path), "library").close()
    except StoreError as exc:
        return f"{type(exc).__name__}: {exc}"
    return "ok"


def test_first_start_in_two_processes_at_once(tmp_path: Path) -> None:
    # the app and the command line (or two windows) opening a new data dir together: the one
    # that waits for the other's migration must not run it a second time ("table exists")
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(4, mp_context=context) as pool:
        for attempt in range(3):
            barrier = context.Manager().Barrier(4)
            path = str(tmp_path / f"library{attempt}.sqlite3")
            outcomes = list(pool.map(_open_at_once, [path] * 4, [barrier] * 4))
            assert outcomes == ["ok"] * 4
    conn = open_database(Path(path), "library")
    latest = migrations_for("library")[-1].version
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest
