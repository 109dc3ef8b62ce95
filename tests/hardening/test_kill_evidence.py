"""Harness 5: kill -9 at a random moment while evidence is added and while a bundle is exported.

Must hold every run: no acknowledged item lost (its row, its custody entry, its file hashing to its
name); every stored file re-hashes to its name; no partial file left where a user sees it (the
export folder) or that a restart does not clear (the evidence store's tmp); the database passes
``integrity_check`` and the custody chain verifies; an export is either absent or complete and
verifying. CI size 20 runs (10 of each); tests/bench/hardening.py runs 500.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import save_photo
from tests.hardening._kill import ROOT, kill_trial, picproof_cmd
from tests.hardening._procs import needs_proc, session_members, wait_gone

from picproof.services.bundle_verify import verify_bundle
from picproof.services.context import open_services

CI_RUNS = 20


@dataclass
class EvidenceKillRun:
    imports: int = 0
    exports: int = 0
    acknowledged: int = 0
    lost: int = 0
    bad_files: int = 0
    partial_files: int = 0
    integrity_bad: int = 0
    chain_bad: int = 0
    exports_complete: int = 0
    exports_absent: int = 0
    exports_invalid: int = 0
    partials_cleared: int = 0
    """Half-written exports a kill left in the export folder, removed by the next export."""
    processes_left: int = 0
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"kill during evidence import/export: {self.imports} import runs "
            f"({self.acknowledged} items acknowledged, {self.lost} lost), {self.exports} export "
            f"runs ({self.exports_complete} complete and valid, {self.exports_absent} absent, "
            f"{self.exports_invalid} invalid, {self.partials_cleared} half-written removed by the "
            f"next export); files not matching their hash {self.bad_files}, "
            f"partial files left {self.partial_files}, integrity failures {self.integrity_bad}, "
            f"custody chain failures {self.chain_bad}, processes left {self.processes_left}"
        )

    def ok(self) -> bool:
        return not (
            self.lost
            or self.bad_files
            or self.partial_files
            or self.integrity_bad
            or self.chain_bad
            or self.exports_invalid
            or self.processes_left
        )


def _check_store(
    data: Path, run: EvidenceKillRun, acked: list[tuple[int, str]], label: str
) -> None:
    services = open_services(data)  # reopening is the restart: it clears what a kill left in tmp
    try:
        cases = services.cases
        store_root = cases.store.blobs.root
        with sqlite3.connect(services.paths.evidence_db) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                run.integrity_bad += 1
                run.notes.append(f"{label}: integrity")
        for case in cases.list_cases():
            if cases.verify_log(case.id):
                run.chain_bad += 1
                run.notes.append(f"{label}: chain {cases.verify_log(case.id)}")
        for evidence_id, sha in acked:
            try:
                item = cases.get_evidence(evidence_id)
                assert item.sha256 == sha and cases.store.blobs.check(sha)
            except Exception as exc:  # noqa: BLE001 - counted
                run.lost += 1
                run.notes.append(f"{label}: lost {evidence_id} ({exc!r})")
        for path in store_root.rglob("*"):
            if path.is_file():
                if path.parent == cases.store.blobs.tmp:
                    run.partial_files += 1
                    run.notes.append(f"{label}: left in tmp {path.name}")
                elif hashlib.sha256(path.read_bytes()).hexdigest() != path.name:
                    run.bad_files += 1
                    run.notes.append(f"{label}: {path} does not hash to its name")
    finally:
        services.close()


def _import_trial(root: Path, files: list[Path], n: int, delay: float) -> tuple[Path, list, int]:
    data = root / f"import{n}"
    services = open_services(data)
    case = services.cases.create_case(f"Run {n}")
    services.close()
    cmd = [sys.executable, "-m", "tests.hardening._evidence_driver", str(data), str(case.id)]
    proc = subprocess.Popen(
        [*cmd, *map(str, files)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the kill lands after the first acknowledgement...
    time.sleep(delay)  # ...at a random moment of the rest
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate()
    out = first + out
    left = len(wait_gone(session_members(proc.pid), 5.0))
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    acked = []
    for line in out.decode().splitlines():
        _, evidence_id, sha = line.split()
        acked.append((int(evidence_id), sha))
    return data, acked, left


def _export_case(root: Path, files: list[Path]) -> Path:
    data = root / "export-src"
    services = open_services(data)
    case = services.cases.create_case("To export")
    services.cases.add_evidence(case.id, files)
    services.close()
    return data


def run_evidence_kills(runs: int, seed: int = 5, parallel: int = 2) -> EvidenceKillRun:

    rng = random.Random(seed)
    run = EvidenceKillRun()
    with tempfile.TemporaryDirectory(prefix="picproof-killevidence-") as tmp:
        root = Path(tmp)
        files = [
            save_photo(root / "in" / f"shot{i}.{('jpg', 'png')[i % 2]}", 480, 360, seed=i)
            for i in range(6)
        ]
        for i in range(24):  # recordings and documents are evidence too: 1-4 MB each
            blob = root / "in" / f"recording{i}.mp4"
            blob.write_bytes(rng.randbytes(rng.randint(1, 4) << 20))
            files.append(blob)
        source = _export_case(root, files)
        imports = [(n, rng.uniform(0.0, 0.7)) for n in range(runs // 2)]
        exports = [(n, rng.uniform(0.3, 2.0)) for n in range(runs - runs // 2)]

        def one_import(plan: tuple[int, float]) -> None:
            n, delay = plan
            data, acked, left = _import_trial(root, files, n, delay)
            run.imports += 1
            run.acknowledged += len(acked)
            run.processes_left += left
            _check_store(data, run, acked, f"import {n}")

        def one_export(plan: tuple[int, float]) -> None:
            n, delay = plan
            out_dir = root / f"exports{n}"
            out_dir.mkdir()
            target = out_dir / "bundle.zip"
            cmd = picproof_cmd(source, "case", "export", "1", "-o", str(target))
            trial = kill_trial(f"export-{n}", cmd, delay)
            run.exports += 1
            run.processes_left += trial.left
            others = [p.name for p in out_dir.iterdir() if p.name != "bundle.zip"]
            if others:  # killed mid-write: the next export (the user trying again) clears it
                run.partials_cleared += len(others)
                retry = picproof_cmd(source, "case", "export", "1", "-o", str(out_dir / "b2.zip"))
                subprocess.run(retry, cwd=ROOT, capture_output=True, timeout=120, check=True)
                (out_dir / "b2.zip").unlink()
                others = [p.name for p in out_dir.iterdir() if p.name != "bundle.zip"]
                run.partial_files += len(others)
                if others:
                    run.notes.append(f"export {n}: left {others} after the next export")
            if not target.exists():
                run.exports_absent += 1
                return
            report = verify_bundle(target)
            if report.ok:
                run.exports_complete += 1
            else:
                run.exports_invalid += 1
                run.notes.append(f"export {n}: invalid bundle")

        with ThreadPoolExecutor(parallel) as pool:
            list(pool.map(one_import, imports))
            list(pool.map(one_export, exports))
        _check_store(source, run, [], "export source")
    return run


@needs_proc
def test_kill_during_evidence_import_and_export_loses_nothing() -> None:
    run = run_evidence_kills(CI_RUNS)
    print(run.line())
    assert run.imports + run.exports == CI_RUNS
    assert run.acknowledged > 0 and run.exports_absent > 0  # kills landed before and after
    assert run.ok(), (run.line(), run.notes[:10])
