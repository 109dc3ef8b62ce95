"""``pg_dump`` is a clinic's whole backup: restored elsewhere, every case, file and chain is there
and checks out, and who added what is unchanged."""

from __future__ import annotations

import subprocess

import psycopg
from tests.conftest import save_photo

from picproof.core.custody import verify_chain
from picproof.services.context import open_services
from picproof.store.postgres.case_store import PgCaseStore


def test_a_restored_dump_holds_every_case_file_and_chain(clinic, pg_cluster, tmp_path, monkeypatch):
    staff = clinic.add("ann", "staff")
    monkeypatch.setenv("PICPROOF_DB", clinic.url(staff))
    svc = open_services(tmp_path / "data")
    case = svc.cases.create_case("backed up")
    items = svc.cases.add_evidence(
        case.id, [save_photo(tmp_path / f"p{i}.png", seed=i) for i in range(3)]
    )
    svc.cases.tombstone(items[0].id, "duplicate")
    svc.close()

    dump = tmp_path / "clinic.dump"
    subprocess.run(
        [str(pg_cluster.bin / "pg_dump"), "-Fc", "-f", str(dump), clinic.owner_url],
        check=True,
        capture_output=True,
    )
    restored_url = pg_cluster.create_database(f"{clinic.name}_restored")
    subprocess.run(
        [str(pg_cluster.bin / "pg_restore"), "--no-owner", "-d", restored_url, str(dump)],
        check=True,
        capture_output=True,
    )
    store = PgCaseStore(
        pg_cluster.url(clinic.admin, clinic.admin_password, f"{clinic.name}_restored"),
        tmp_path / "c",
    )
    [back] = store.list_cases()
    log = store.custody(back.id)
    assert verify_chain(log, case_uid=case.uid) == [] and len(log) == 3 + 2
    rows = store.evidence_rows(back.id)
    assert [(r.sha256, r.added_by, r.tombstoned) for r in rows] == [
        (i.sha256, staff, n == 0) for n, i in enumerate(items)
    ]
    assert all(store.blobs.check(r.sha256) for r in rows)
    store.close()
    with psycopg.connect(restored_url) as conn:
        db_users = conn.execute("SELECT DISTINCT db_user FROM picproof.custody").fetchall()
    assert db_users == [(staff,)]
