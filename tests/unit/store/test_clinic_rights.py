"""Rights in the clinic database are enforced by PostgreSQL itself, not by PicProof's Python.

Every test talks to the real throwaway server: through psql (what a staff member with the
password could do by hand) and through psycopg.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path

import psycopg
import pytest

from picproof.core.cases import AcquisitionFacts
from picproof.core.custody import verify_chain
from picproof.core.errors import SchemaTooNew, StoreError
from picproof.store.postgres.admin import add_person, init_clinic, scram_verifier
from picproof.store.postgres.case_store import PgCaseStore
from picproof.store.postgres.connection import check_version, connect


def _psql(url: str, sql: str) -> subprocess.CompletedProcess[str]:
    psql = shutil.which("psql")
    assert psql, "psql comes with the postgresql package"
    return subprocess.run(
        [psql, url, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PGCONNECT_TIMEOUT": "10"},
    )


def _new_case(store: PgCaseStore, uid: str) -> int:
    with store.transaction():
        case_id = store.insert_case(
            uid=uid, title=f"case {uid}", kind="other", status="open", details={},
            operator="", now="2026-01-01T00:00:00Z",
        )  # fmt: skip
        store.append_custody(case_id, uid, "case-created", {"title": uid}, "2026-01-01T00:00:00Z")
    return case_id


def _add_item(store: PgCaseStore, case_id: int, uid: str, data: bytes) -> int:
    sha, size = store.blobs.put_bytes(data)
    facts = AcquisitionFacts("2026-01-01T00:00:00Z", "2026-01-01T08:00:00+08:00", "file")
    with store.transaction():
        eid = store.insert_evidence(
            case_id=case_id, kind="suspect", sha256=sha, size=size, filename="s.png",
            media_type="image/png", acquisition=facts, description="", note="", now="t",
        )  # fmt: skip
        store.append_custody(case_id, uid, "evidence-added", {"evidence_id": eid}, "t")
    return eid


def test_staff_reads_only_assigned_cases_even_with_psql(clinic, tmp_path):
    ann, bob = clinic.add("ann", "staff"), clinic.add("bob", "staff")
    lea = clinic.add("lea", "lawyer")
    ann_store = PgCaseStore(clinic.url(ann), tmp_path / "ann")
    case_id = _new_case(ann_store, "ann-case")
    _add_item(ann_store, case_id, "ann-case", b"ann's screenshot")
    ann_store.close()

    # Bob, by hand: the case, its evidence, its log and its file are not there for him.
    for table in ("cases", "evidence", "custody", "blobs", "blob_chunks"):
        got = _psql(clinic.url(bob), f"SELECT count(*) FROM picproof.{table}")
        assert got.returncode == 0 and got.stdout.strip() == "0", (table, got.stderr)
    # Nor can he change it, write into it, or give it to himself.
    refused = [
        f"UPDATE picproof.cases SET title='mine' WHERE id={case_id}",
        "INSERT INTO picproof.custody(case_id, seq, entry, hash) VALUES "
        f"({case_id}, 3, '{{}}', 'x')",
        f"INSERT INTO picproof.case_assignments(case_id, member) VALUES ({case_id}, '{bob}')",
        f"SELECT picproof.add_person('{clinic.name}_eve', 'admin', '{scram_verifier('x')}', '')",
    ]
    for sql in refused:
        got = _psql(clinic.url(bob), sql)
        changed = got.returncode == 0 and got.stdout.strip() not in ("", "UPDATE 0")
        assert got.returncode != 0 or not changed, (sql, got.stdout)
    with psycopg.connect(clinic.owner_url) as conn:
        title = conn.execute("SELECT title FROM picproof.cases WHERE id=%s", (case_id,)).fetchone()
    assert title == ("case ann-case",)

    # A lawyer sees every case; once assigned, Bob sees this one too.
    assert _psql(clinic.url(lea), "SELECT count(*) FROM picproof.evidence").stdout.strip() == "1"
    with psycopg.connect(clinic.url(lea)) as conn:
        conn.execute(
            "INSERT INTO picproof.case_assignments(case_id, member) VALUES (%s, %s)",
            (case_id, bob),
        )
    assert _psql(clinic.url(bob), "SELECT count(*) FROM picproof.evidence").stdout.strip() == "1"


def test_only_admins_manage_people(clinic):
    lea = clinic.add("lea", "lawyer")
    with psycopg.connect(clinic.url(lea)) as conn, pytest.raises(StoreError) as err:
        add_person(conn, f"{clinic.name}_zed", "staff", "pw")
    assert err.value.code == "clinic-not-allowed"
    got = _psql(clinic.url(lea), f"CREATE ROLE {clinic.name}_zed LOGIN")
    assert got.returncode != 0 and "permission denied" in got.stderr


def test_evidence_and_custody_rows_cannot_be_changed_by_anyone(clinic, tmp_path):
    lea = clinic.add("lea", "lawyer")
    store = PgCaseStore(clinic.url(lea), tmp_path / "c")
    case_id = _new_case(store, "u1")
    _add_item(store, case_id, "u1", b"evidence bytes")
    store.close()
    statements = [
        "UPDATE picproof.evidence SET note='x'",
        "DELETE FROM picproof.evidence",
        "UPDATE picproof.custody SET hash='0'",
        "DELETE FROM picproof.custody",
        "TRUNCATE picproof.custody CASCADE",
        "UPDATE picproof.blob_chunks SET data='\\x00'",
        "DELETE FROM picproof.blobs",
    ]
    for who in (clinic.url(lea), clinic.admin_url, clinic.owner_url):  # even the owner
        for sql in statements:
            got = _psql(who, sql)
            assert got.returncode != 0, (who, sql)
            assert "permission denied" in got.stderr or "append-only" in got.stderr


def test_custody_entries_name_the_database_user_and_cannot_claim_another(clinic, tmp_path):
    ann = clinic.add("ann", "staff")
    store = PgCaseStore(clinic.url(ann), tmp_path / "c")
    case_id = _new_case(store, "u1")
    assert [e.data["db_user"] for e in store.custody(case_id)] == [ann]
    from picproof.core.custody import canonical_json, make_entry

    # A new entry claiming to be the administrator's is refused by the server...
    forged = make_entry(store.custody(case_id)[-1], "u1", "t", "x", {"db_user": clinic.admin})
    text = canonical_json(forged.to_json()).decode("utf-8").replace("'", "''")
    got = _psql(
        clinic.url(ann),
        "INSERT INTO picproof.custody(case_id, seq, entry, hash)"
        f" VALUES ({case_id}, {forged.seq}, '{text}', '{forged.hash}')",
    )
    assert got.returncode != 0 and "must record the database user" in got.stderr
    # ... and one brought in as a copy (from a bundle) is marked so, under the real login.
    store.insert_custody_entry(case_id, forged)
    with psycopg.connect(clinic.owner_url) as conn:
        rows = conn.execute("SELECT db_user, copied FROM picproof.custody ORDER BY seq").fetchall()
    assert rows == [(ann, False), (ann, True)]
    store.close()


def test_concurrent_additions_keep_one_linear_chain(clinic, tmp_path):
    people = [clinic.add(f"s{i}", "lawyer") for i in range(4)]
    first = PgCaseStore(clinic.url(people[0]), tmp_path / "c0")
    case_id = _new_case(first, "shared")
    first.close()
    errors: list[BaseException] = []

    def work(index: int) -> None:
        store = PgCaseStore(clinic.url(people[index]), tmp_path / f"w{index}")
        try:
            for n in range(10):
                _add_item(store, case_id, "shared", f"{index}-{n}".encode())
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    reader = PgCaseStore(clinic.url(people[0]), tmp_path / "r")
    log = reader.custody(case_id)
    assert len(log) == 41 and verify_chain(log, case_uid="shared") == []
    assert {e.data["db_user"] for e in log[1:]} == set(people)
    reader.close()


def test_a_forked_entry_is_refused_by_the_database(clinic, tmp_path):
    store = PgCaseStore(clinic.url(clinic.add("ann", "staff")), tmp_path / "c")
    case_id = _new_case(store, "u1")
    from picproof.core.custody import make_entry

    head = store.custody(case_id)[-1]
    a = make_entry(head, "u1", "t", "a", {"db_user": store.db_user})
    b = make_entry(head, "u1", "t", "b", {"db_user": store.db_user})
    store.insert_custody_entry(case_id, a)
    with pytest.raises(StoreError):
        store.insert_custody_entry(case_id, b)  # same seq
    c = make_entry(None, "u1", "t", "c", {"db_user": store.db_user})
    c2 = make_entry(c, "u1", "t", "c", {"db_user": store.db_user})
    with pytest.raises(StoreError):
        store.insert_custody_entry(case_id, c2)  # seq 2 again, wrong prev
    assert [e.event for e in store.custody(case_id)] == ["case-created", "a"]
    store.close()


def test_a_file_that_does_not_hash_to_its_name_is_refused_at_commit(clinic):
    with psycopg.connect(clinic.admin_url) as conn:
        with pytest.raises(psycopg.errors.CheckViolation), conn.transaction():
            conn.execute("INSERT INTO picproof.blobs(sha256, size) VALUES (%s, 3)", ("a" * 64,))
            conn.execute("INSERT INTO picproof.blob_chunks VALUES (%s, 0, 'abc')", ("a" * 64,))
        assert conn.execute("SELECT count(*) FROM picproof.blobs").fetchone() == (0,)


def test_version_is_checked_at_connect_and_newer_schema_refused(clinic, tmp_path):
    conn = connect(clinic.admin_url)
    assert check_version(conn, clinic.admin_url) == 1
    conn.close()
    with psycopg.connect(clinic.owner_url) as owner:
        owner.execute("INSERT INTO picproof.schema_version(version) VALUES (99)")
    with pytest.raises(SchemaTooNew):
        PgCaseStore(clinic.admin_url, tmp_path / "c")
    with pytest.raises(SchemaTooNew):
        init_clinic(clinic.owner_url)


def test_connection_failures_have_codes(clinic, pg_cluster, tmp_path):
    ann = clinic.add("ann", "staff")
    cases = {
        "clinic-login-failed": pg_cluster.url(ann, "wrong", clinic.name),
        "clinic-no-database": pg_cluster.url(ann, clinic.passwords[ann], "nowhere"),
        "clinic-unreachable": f"postgresql://{ann}:x@127.0.0.1:1/{clinic.name}",
        "clinic-not-initialised": pg_cluster.url(dbname="postgres"),
    }
    for code, url in cases.items():
        with pytest.raises(StoreError) as err:
            PgCaseStore(url, tmp_path / "c")
        assert err.value.code == code, (code, err.value)
        assert clinic.passwords[ann] not in str(err.value)


def test_tls_verify_full_with_the_clinic_certificate(clinic, pg_cluster, tmp_path):
    ann = clinic.add("ann", "staff")
    good = clinic.url(ann, sslmode="verify-full", sslrootcert=str(pg_cluster.ca_file))
    store = PgCaseStore(good, tmp_path / "c")
    with psycopg.connect(good) as conn:
        row = conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
    assert row == (True,)
    store.close()
    other_ca = tmp_path / "other-ca.pem"
    from tests.pg_cluster import _make_tls

    _make_tls(tmp_path)  # a CA the server's certificate was not issued by
    other_ca = Path(tmp_path / "ca.pem")
    for bad in (
        clinic.url(ann, sslmode="verify-full", sslrootcert=str(other_ca)),
        clinic.url(ann, sslmode="verify-full", sslrootcert=str(tmp_path / "missing.pem")),
    ):
        with pytest.raises(StoreError) as err:
            PgCaseStore(bad, tmp_path / "c")
        assert err.value.code == "clinic-tls-failed"


def test_an_owner_that_is_not_a_superuser_sets_up_the_clinic(pg_cluster):
    """The README's way: a database owned by a role with CREATEROLE only."""
    tag = f"o{os.getpid()}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {tag}_owner LOGIN CREATEROLE PASSWORD 'own'")
        conn.execute(f"CREATE DATABASE {tag}_db OWNER {tag}_owner")
    report = init_clinic(
        pg_cluster.url(f"{tag}_owner", "own", f"{tag}_db"), admin=f"{tag}_alice", admin_password="a"
    )
    assert report.admin_created == f"{tag}_alice" and report.version_after == 1
    with psycopg.connect(pg_cluster.url(f"{tag}_alice", "a", f"{tag}_db")) as conn:
        add_person(conn, f"{tag}_bob", "staff", "b")
    got = _psql(
        pg_cluster.url(f"{tag}_bob", "b", f"{tag}_db"), "SELECT count(*) FROM picproof.cases"
    )
    assert got.returncode == 0 and got.stdout.strip() == "0"
