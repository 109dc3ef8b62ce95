"""The evidence store: append-only rows, FULL sync, content-addressed write-once files."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from picproof.core.cases import AcquisitionFacts
from picproof.core.errors import StoreError
from picproof.store.evidence_store import EvidenceStore


@pytest.fixture
def store(tmp_path):
    s = EvidenceStore(tmp_path / "evidence.sqlite3", tmp_path / "evidence")
    yield s
    s.close()


def _facts() -> AcquisitionFacts:
    return AcquisitionFacts("2026-01-01T00:00:00Z", "2026-01-01T08:00:00+08:00", "file")


def _case(store) -> int:
    return store.insert_case(
        uid="u1",
        title="t",
        kind="other",
        status="open",
        details={},
        operator="me",
        now="2026-01-01T00:00:00Z",
    )


def test_database_uses_full_sync_and_wal(store):
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_files_are_stored_under_their_sha256_read_only(store, tmp_path):
    data = b"screenshot bytes" * 1000
    sha, size = store.blobs.put_bytes(data)
    assert sha == hashlib.sha256(data).hexdigest() and size == len(data)
    path = store.blobs.path_for(sha)
    assert path.read_bytes() == data and path.name == sha
    assert not (path.stat().st_mode & 0o222)  # nobody may write to it
    assert store.blobs.put_bytes(data) == (sha, size)  # same content: same file, not rewritten
    assert list((tmp_path / "evidence" / "tmp").iterdir()) == []
    assert store.blobs.check(sha)


def test_rows_are_append_only(store):
    case_id = _case(store)
    sha, size = store.blobs.put_bytes(b"x")
    eid = store.insert_evidence(
        case_id=case_id,
        kind="suspect",
        sha256=sha,
        size=size,
        filename="x.png",
        media_type="image/png",
        acquisition=_facts(),
        description="",
        note="",
        now="2026-01-01T00:00:00Z",
    )
    store.append_custody(case_id, "u1", "evidence-added", {"id": eid}, "2026-01-01T00:00:00Z")
    store.insert_tombstone(eid, "duplicate", "t")
    store.insert_timestamp(
        case_id=case_id,
        evidence_id=eid,
        subject="evidence",
        digest=sha,
        tsa_url="u",
        tsa_name="",
        gen_time="t",
        serial="1",
        policy="p",
        response=b"raw",
        now="t",
    )
    for sql in (
        "UPDATE evidence SET note='x'",
        "DELETE FROM evidence",
        "UPDATE custody SET hash='0'",
        "DELETE FROM custody",
        "DELETE FROM tombstones",
        "DELETE FROM timestamps",
        "UPDATE timestamps SET response=x''",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            store.conn.execute(sql)


def test_evidence_row_requires_its_file(store):
    case_id = _case(store)
    with pytest.raises(StoreError) as err:
        store.insert_evidence(
            case_id=case_id,
            kind="suspect",
            sha256="a" * 64,
            size=1,
            filename="x",
            media_type="x",
            acquisition=_facts(),
            description="",
            note="",
            now="t",
        )
    assert err.value.code == "evidence-file-missing"


def test_failed_transaction_leaves_nothing(store):
    case_id = _case(store)
    with pytest.raises(RuntimeError), store.transaction():
        store.append_custody(case_id, "u1", "a", {}, "t")
        raise RuntimeError("boom")
    assert store.custody(case_id) == []
    store.append_custody(case_id, "u1", "a", {}, "t")
    assert [e.seq for e in store.custody(case_id)] == [1]


def test_stale_temp_files_are_removed_on_open(tmp_path):
    tmp = tmp_path / "evidence" / "tmp"
    tmp.mkdir(parents=True)
    import os
    import subprocess
    import sys

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (tmp / f"in-{gone}-abc").write_bytes(b"half a file from a killed writer")
    busy = tmp / f"in-{os.getppid()}-def"  # a live process: still writing, must survive
    busy.write_bytes(b"being written")
    old = tmp / "in-junk"
    old.write_bytes(b"old")
    os.utime(old, (1, 1))
    EvidenceStore(tmp_path / "e.sqlite3", tmp_path / "evidence").close()
    assert list(tmp.iterdir()) == [busy]


def test_bad_digest_names_are_refused(store):
    with pytest.raises(StoreError):
        store.blobs.path_for("../../etc/passwd")
