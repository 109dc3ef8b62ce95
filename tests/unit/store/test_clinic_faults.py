"""Faults on a real PostgreSQL server: restart, a connection cut mid-write or during COMMIT, a full
disk, a broken log refused mid-move. Nothing acknowledged is lost; nothing is half written."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from tests.conftest import save_photo

from picproof.core.errors import StoreError
from picproof.services.context import open_services


@pytest.fixture
def staff_services(clinic, tmp_path, monkeypatch):
    monkeypatch.setenv("PICPROOF_DB", clinic.url(clinic.add("ann", "staff")))
    services = open_services(tmp_path / "data")
    yield services
    services.close()


def _evidence_count(clinic) -> int:
    with psycopg.connect(clinic.owner_url) as conn:
        row = conn.execute("SELECT count(*) FROM picproof.evidence").fetchone()
    return int(row[0]) if row else -1


def test_server_restart_between_additions_is_not_noticed(staff_services, clinic, tmp_path):
    cases = staff_services.cases
    case = cases.create_case("restart")
    cases.add_evidence(case.id, [save_photo(tmp_path / "a.png", seed=1)])
    clinic.cluster.restart()  # an immediate stop: as a crash or a power cut
    cases.add_evidence(case.id, [save_photo(tmp_path / "b.png", seed=2)])
    assert len(cases.list_evidence(case.id)) == 2
    assert cases.verify_log(case.id) == []


def test_connection_cut_inside_a_write_runs_it_again_once(staff_services, clinic, tmp_path):
    cases = staff_services.cases
    case = cases.create_case("cut")
    store = cases.store
    original = store.append_custody
    cut = []

    def append_then_cut(*args, **kwargs):
        entry = original(*args, **kwargs)
        if not cut:  # the row and its entry are written, not yet committed: cut the line
            cut.append(store.session._conn.info.backend_pid)
            with psycopg.connect(clinic.owner_url) as owner:
                owner.execute("SELECT pg_terminate_backend(%s)", (cut[0],))
        return entry

    store.append_custody = append_then_cut
    [item] = cases.add_evidence(case.id, [save_photo(tmp_path / "a.png", seed=1)])
    assert cut and _evidence_count(clinic) == 1
    assert [i.id for i in cases.list_evidence(case.id)] == [item.id]
    assert [e.event for e in cases.custody_log(case.id)] == ["case-created", "evidence-added"]


def test_commit_acknowledgement_lost_is_checked_not_repeated(
    staff_services, clinic, tmp_path, monkeypatch
):
    cases = staff_services.cases
    case = cases.create_case("ack")
    real_execute = psycopg.Connection.execute
    dropped = []

    def execute(self, query, *args, **kwargs):
        result = real_execute(self, query, *args, **kwargs)
        if query == "COMMIT" and not dropped and self.autocommit:
            dropped.append(True)  # the COMMIT reached the server; its answer never came back
            self.close()
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return result

    monkeypatch.setattr(psycopg.Connection, "execute", execute)
    [item] = cases.add_evidence(case.id, [save_photo(tmp_path / "a.png", seed=1)])
    monkeypatch.undo()
    assert dropped and _evidence_count(clinic) == 1
    assert [i.id for i in cases.list_evidence(case.id)] == [item.id]


@pytest.fixture
def small_disk(pg_cluster, tmp_path):
    """A 2 MiB tmpfs the server may write to (root only: mount)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mount = Path(f"/tmp/picproof-small-{os.getpid()}")
    mount.mkdir(exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
    )
    if done.returncode != 0:
        mount.rmdir()
        pytest.skip("this machine does not allow mounting a file system")
    try:
        if pg_cluster.run_as:
            import pwd

            info = pwd.getpwnam(pg_cluster.run_as)
            os.chown(mount, info.pw_uid, info.pw_gid)
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)
        mount.rmdir()


def test_full_disk_is_said_and_nothing_is_half_written(
    staff_services, clinic, small_disk, tmp_path
):
    with psycopg.connect(clinic.owner_url, autocommit=True) as owner:
        owner.execute(f"CREATE TABLESPACE small_{os.getpid()} LOCATION '{small_disk}'")
        owner.execute(f"ALTER TABLE picproof.blob_chunks SET TABLESPACE small_{os.getpid()}")
    cases = staff_services.cases
    case = cases.create_case("full")
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(3 * 1024 * 1024))  # does not compress: more than the disk holds
    with pytest.raises(StoreError) as err:
        cases.add_evidence(case.id, [big], kind="other")
    assert err.value.code == "clinic-server-full"
    assert _evidence_count(clinic) == 0
    assert [e.event for e in cases.custody_log(case.id)] == ["case-created"]
    # Space again (the table back on the big disk): the same file goes in whole.
    with psycopg.connect(clinic.owner_url, autocommit=True) as owner:
        owner.execute("ALTER TABLE picproof.blob_chunks SET TABLESPACE pg_default")
        owner.execute(f"DROP TABLESPACE small_{os.getpid()}")
    [item] = cases.add_evidence(case.id, [big], kind="other")
    assert cases.store.blobs.check(item.sha256)


def test_a_move_refused_midway_leaves_no_case_on_the_server(clinic, tmp_path, monkeypatch):
    import sqlite3

    from picproof.services.clinic import ClinicService

    monkeypatch.delenv("PICPROOF_DB", raising=False)
    local = open_services(tmp_path / "data")
    case = local.cases.create_case("broken log")
    local.cases.add_evidence(case.id, [save_photo(tmp_path / "a.png", seed=1)])
    local.close()
    raw = sqlite3.connect(local.paths.evidence_db)  # a damaged local log: its links break
    raw.execute("DROP TRIGGER custody_no_update")
    raw.execute(
        'UPDATE custody SET entry = replace(entry, \'"prev":"\', \'"prev":"f\') WHERE seq = 2'
    )
    raw.commit()
    raw.close()
    service = ClinicService(local.paths, local.settings)
    with pytest.raises(StoreError):
        service.import_cases(clinic.url(clinic.add("lea", "lawyer")), [case.id])
    with psycopg.connect(clinic.owner_url) as conn:
        counts = [
            conn.execute(f"SELECT count(*) FROM picproof.{t}").fetchone()
            for t in ("cases", "evidence", "custody")
        ]
    assert counts == [(0,), (0,), (0,)]
