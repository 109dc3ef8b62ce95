"""Harness 4 (and the CLI-scan part of 12): kill -9 at a random moment during a library scan, then
rescan.

Every run: ``PRAGMA integrity_check`` is ok on both databases, the rescan ends with exactly the
rows, hashes and fingerprints of an uninterrupted scan, and no process of the killed scan is left
5 s later. CI size 20 runs; tests/bench/hardening.py runs 500.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import save_photo
from tests.hardening._kill import Trial, kill_trial, picproof_cmd
from tests.hardening._procs import needs_proc

from picproof.services.context import open_services

CI_RUNS = 20
PHOTOS = 30


def make_library(folder: Path, n: int = PHOTOS) -> Path:
    for i in range(n):
        kind = ("jpg", "png", "webp")[i % 3]
        save_photo(
            folder / f"IMG_{i:03d}.{kind}",
            640,
            480,
            seed=100 + i,
            **({"quality": 90} if kind != "png" else {}),
        )
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    return folder


def snapshot(data: Path) -> tuple[list[tuple[object, ...]], str, str]:
    """(photo rows with their fingerprints, library integrity, fingerprint integrity)."""
    paths = open_services(data).paths
    with sqlite3.connect(paths.library_db) as lib, sqlite3.connect(paths.fingerprint_db) as fp:
        lib_ok = lib.execute("PRAGMA integrity_check").fetchone()[0]
        fp_ok = fp.execute("PRAGMA integrity_check").fetchone()[0]
        features = {
            pid: (version, hashlib.sha256(blob).hexdigest())
            for pid, version, blob in fp.execute(
                "SELECT photo_id, version, data FROM photo_features"
            )
        }
        rows = [
            (*row[1:], features.get(row[0]))
            for row in lib.execute(
                "SELECT id, path, size, sha256, width, height, format, phash, dhash FROM photos "
                "ORDER BY path"
            )
        ]
        skips = lib.execute("SELECT path, reason FROM skipped_files ORDER BY path").fetchall()
    return rows + [tuple(s) for s in skips], lib_ok, fp_ok


def register(data: Path, library: Path) -> None:
    services = open_services(data)
    try:
        services.library.add_folder(library)
    finally:
        services.close()


def rescan(data: Path) -> None:
    services = open_services(data)
    try:
        services.library.scan(workers=1)
    finally:
        services.close()


@dataclass
class ScanKillRun:
    runs: int = 0
    killed: int = 0
    mid_scan: int = 0
    """Kills while scan workers were running."""
    partial: int = 0
    """Kills that left some but not all photos indexed (the interesting moment)."""
    integrity_bad: int = 0
    mismatched: int = 0
    processes_left: int = 0
    trials: list[Trial] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"kill during scan: {self.runs} runs ({self.killed} killed, {self.mid_scan} with "
            f"workers running, {self.partial} with the index part-written), "
            f"integrity failures {self.integrity_bad}, rescans differing from a clean scan "
            f"{self.mismatched}, processes left after 5 s {self.processes_left}"
        )

    def ok(self) -> bool:
        return self.integrity_bad == self.mismatched == self.processes_left == 0


def run_scan_kills(runs: int, seed: int = 4, parallel: int = 2) -> ScanKillRun:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="picproof-killscan-") as tmp:
        root = Path(tmp)
        library = make_library(root / "photos")
        register(root / "reference", library)
        rescan(root / "reference")
        reference = snapshot(root / "reference")[0]
        plans = [(n, rng.uniform(0.5, 3.5), rng.choice([1, 2])) for n in range(runs)]

        def one(plan: tuple[int, float, int]) -> tuple[Trial, tuple[object, ...]]:
            n, delay, workers = plan
            data = root / f"run{n}"
            register(data, library)
            cmd = picproof_cmd(data, "library", "scan", "--workers", str(workers))
            if n % 2:  # any moment, start-up included
                trial = kill_trial(f"scan-{n}", cmd, delay)
            else:  # a moment while the workers run, however slowly the machine starts them
                trial = kill_trial(f"scan-{n}", cmd, delay / 2, after_helpers=True)
            before, lib_ok, fp_ok = snapshot(data)
            rescan(data)
            rows, lib_ok2, fp_ok2 = snapshot(data)
            photos = sum(1 for r in before if len(r) > 2)
            return trial, (lib_ok, fp_ok, lib_ok2, fp_ok2, rows == reference, 0 < photos < PHOTOS)

        result = ScanKillRun()
        with ThreadPoolExecutor(parallel) as pool:
            for trial, (lib_ok, fp_ok, lib_ok2, fp_ok2, same, partial) in pool.map(one, plans):
                result.runs += 1
                result.partial += partial
                result.mid_scan += trial.killed == "parent" and trial.helpers_at_kill > 0
                result.killed += trial.killed == "parent"
                result.integrity_bad += {lib_ok, fp_ok, lib_ok2, fp_ok2} != {"ok"}
                result.mismatched += not same
                result.processes_left += trial.left
                result.trials.append(trial)
        return result


@needs_proc
def test_kill_during_scan_then_rescan_gives_the_clean_scan() -> None:
    result = run_scan_kills(CI_RUNS)
    print(result.line())
    assert result.runs == CI_RUNS
    assert result.mid_scan >= CI_RUNS // 4  # kills land mid-scan
    assert result.ok(), result.line()
