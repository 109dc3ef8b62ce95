"""``case import``: round trip, hostile archives refused writing nothing, kill -9 at any point."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from tests.conftest import save_photo

from picproof.core.errors import BundleError
from picproof.services.bundle_verify import verify_bundle
from picproof.services.context import open_services


def _make_bundle(tmp: Path, tsa, n: int = 2, *, noise: bool = False) -> tuple[Path, str]:
    svc = open_services(tmp / "sender")
    case = svc.cases.create_case("Clinic case 诊所")
    files = []
    for i in range(n):
        if noise:  # incompressible, so the import takes long enough to be interrupted
            arr = np.random.default_rng(i).integers(0, 255, (200, 250, 3), dtype=np.uint8)
            path = tmp / f"noise{i}.png"
            Image.fromarray(arr).save(path)
            files.append(path)
        else:
            files.append(save_photo(tmp / f"s{i}.png", 120, 90, seed=i))
    svc.cases.add_evidence(case.id, files, platform="Douyin")
    root = str(tsa.config.root_pem)
    out = tmp / "bundle.zip"
    svc.bundles.export(case.id, out, url=tsa.url, roots=[root])
    svc.close()
    return out, case.uid


def test_import_round_trip_and_continue_the_chain(tmp_path, tsa):
    bundle, uid = _make_bundle(tmp_path, tsa)
    svc = open_services(tmp_path / "clinic")
    svc.settings.operator_name = "clinic staff"
    case = svc.bundles.import_bundle(bundle)
    assert case.uid == uid and case.imported_from == "bundle.zip"
    items = svc.cases.list_evidence(case.id)
    assert len(items) == 2 and all(i.timestamp_status == "timestamped" for i in items)
    assert all(svc.cases.store.blobs.check(i.sha256) for i in items)
    assert items[0].acquisition.platform == "Douyin"
    log = svc.cases.custody_log(case.id)
    assert log[-1].event == "bundle-imported" and svc.cases.verify_log(case.id) == []
    with pytest.raises(BundleError) as err:
        svc.bundles.import_bundle(bundle)
    assert err.value.code == "case-exists"
    again = tmp_path / "again.zip"  # the clinic can pass it on; the chain is unbroken
    svc.bundles.export(case.id, again)
    assert verify_bundle(again).ok
    svc.close()


def _zip(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate names we want
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for info, data in entries:
                zf.writestr(info, data)
    return path


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    return info


ATTACKS = {
    "traversal": ([("../evil.txt", b"x"), ("manifest.json", b"{}")], "unsafe-path-traversal"),
    "deep-traversal": ([("evidence/../../evil.txt", b"x")], "unsafe-path-traversal"),
    "absolute": ([("/tmp/picproof-evil.txt", b"x")], "unsafe-absolute-path"),
    "drive": ([("C:/evil.txt", b"x")], "unsafe-absolute-path"),
    "backslash": ([("evidence\\..\\..\\evil.txt", b"x")], "unsafe-backslash-in-name"),
    "symlink": ([(_symlink("evidence/link.png"), b"/etc/passwd")], "unsafe-symlink"),
    "duplicate": ([("manifest.json", b"{}"), ("manifest.json", b"{}")], "unsafe-duplicate-name"),
    "case-duplicate": (
        [("evidence/A.png", b"1"), ("evidence/a.png", b"2")],
        "unsafe-duplicate-name",
    ),
    "bomb": ([("evidence/zeros.png", bytes(30 << 20))], "unsafe-zip-bomb"),
    "directory": ([("evidence/", b"")], "unsafe-directory-entry"),
}


def _snapshot(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_hostile_archives_are_refused_and_nothing_is_written(attack, tmp_path):
    entries, code = ATTACKS[attack]
    bundle = _zip(tmp_path / "attack.zip", entries)
    svc = open_services(tmp_path / "clinic")
    _ = svc.cases.store  # open the store so only the import itself could add files
    before = _snapshot(tmp_path)
    with pytest.raises(BundleError) as err:
        svc.bundles.import_bundle(bundle)
    assert err.value.code == code
    assert _snapshot(tmp_path) == before
    assert not Path("/tmp/picproof-evil.txt").exists()
    assert svc.cases.list_cases() == []
    svc.close()


def test_tampered_bundle_is_not_imported(tmp_path, tsa):
    bundle, _ = _make_bundle(tmp_path, tsa)
    with zipfile.ZipFile(bundle) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    name = next(n for n in members if n.startswith("evidence/"))
    members[name] = members[name][:-1] + bytes([members[name][-1] ^ 1])
    bad = _zip(tmp_path / "bad.zip", list(members.items()))
    svc = open_services(tmp_path / "clinic")
    with pytest.raises(BundleError) as err:
        svc.bundles.import_bundle(bad)
    assert err.value.code == "bundle-verify-failed" and err.value.fields["entry"] == name
    assert svc.cases.list_cases() == []
    svc.close()


def _check_consistent(data_dir: Path, expected_items: int) -> str:
    """The store after a crash: intact DB, every file named by its hash, the case all or nothing."""
    db = data_dir / "evidence.sqlite3"
    if not db.exists():
        return "empty"
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        cases = conn.execute("SELECT id FROM cases").fetchall()
        rows = conn.execute("SELECT sha256 FROM evidence").fetchall()
        custody = conn.execute("SELECT count(*) FROM custody").fetchone()[0]
    except sqlite3.OperationalError:  # killed before the schema was created: nothing committed
        return "empty"
    finally:
        conn.close()
    store = data_dir / "evidence"
    for path in store.rglob("*"):
        if path.is_file() and path.parent.name != "tmp":
            assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name, path
    for (sha,) in rows:
        assert (store / sha[:2] / sha).is_file()
    if not cases:
        assert rows == [] and custody == 0
        blobs = sum(1 for p in store.rglob("*") if p.is_file() and p.parent.name != "tmp")
        return f"empty ({blobs} files written, no rows)" if blobs else "empty"
    assert len(cases) == 1 and len(rows) == expected_items
    return "complete"


def test_kill_9_during_import_loses_nothing_and_leaves_no_half_state(tmp_path, tsa):
    n = 30
    bundle, uid = _make_bundle(tmp_path, tsa, n, noise=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    cmd = [sys.executable, "-m", "picproof", "--data-dir", "", "case", "import", str(bundle)]

    def run(data_dir: Path) -> subprocess.Popen:
        cmd[4] = str(data_dir)
        return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    t0 = time.monotonic()
    full = run(tmp_path / "timing")
    assert full.wait(60) == 0, full.stderr.read()
    duration = time.monotonic() - t0
    assert _check_consistent(tmp_path / "timing", n) == "complete"
    rng = random.Random(11)
    outcomes = []
    for attempt in range(5):
        target = tmp_path / f"kill{attempt}"
        proc = run(target)
        # Most kills land in the second half, where files are written and the rows committed.
        time.sleep(
            rng.uniform(0.05, duration)
            if attempt < 2
            else rng.uniform(duration * 0.5, duration * 1.02)
        )
        proc.kill()  # SIGKILL: no cleanup handlers run
        proc.wait()
        outcomes.append(_check_consistent(target, n))
        again = run(target)  # the user runs the import again: it completes (or already did)
        again.wait(60)
        assert _check_consistent(target, n) == "complete"
        svc = open_services(target)
        [case] = svc.cases.list_cases()
        assert case.uid == uid and svc.cases.verify_log(case.id) == []
        assert list((target / "evidence" / "tmp").iterdir()) == []  # stale temps were removed
        svc.close()
    print("import seconds", round(duration, 2), "outcomes after kill", outcomes)
    assert all(o.startswith(("empty", "complete")) for o in outcomes)


def test_kill_9_during_case_add_keeps_every_committed_item(tmp_path):
    files = []
    for i in range(40):
        arr = np.random.default_rng(100 + i).integers(0, 255, (150, 200, 3), dtype=np.uint8)
        path = tmp_path / "in" / f"shot{i}.png"
        path.parent.mkdir(exist_ok=True)
        Image.fromarray(arr).save(path)
        files.append(str(path))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    data = tmp_path / "data"
    subprocess.run(
        [sys.executable, "-m", "picproof", "--data-dir", str(data), "case", "new", "k"],
        env=env,
        check=True,
        capture_output=True,
    )
    rng = random.Random(5)
    add = [
        sys.executable,
        "-m",
        "picproof",
        "--data-dir",
        str(data),
        "case",
        "add",
        "1",
        "--no-timestamp",
        *files,
    ]
    t0 = time.monotonic()
    subprocess.run(add, env=env, check=True, capture_output=True)
    duration = time.monotonic() - t0
    counts = [len(files)]
    for _ in range(3):
        proc = subprocess.Popen(add, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5 * duration, 0.95 * duration))
        proc.kill()
        proc.wait()
        svc = open_services(data)
        rows = svc.cases.store.evidence_rows(1)
        assert all(svc.cases.store.blobs.check(r.sha256) for r in rows)
        assert svc.cases.verify_log(1) == []
        log_items = [e for e in svc.cases.custody_log(1) if e.event == "evidence-added"]
        assert [e.data["evidence_id"] for e in log_items] == [r.id for r in rows]
        counts.append(len(rows))
        svc.close()
        store = data / "evidence"
        for path in store.rglob("*"):
            if path.is_file() and path.parent.name != "tmp":
                assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name
    print("rows after each kill", counts)
    assert counts == sorted(counts)  # nothing committed was ever lost
