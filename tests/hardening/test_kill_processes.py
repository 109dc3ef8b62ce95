"""Harness 12: kill -9 of the app, the CLI, or one of their scan or match helpers at random
moments leaves no PicProof process running 5 s later.

Run kinds, in turn: the CLI matching several suspects (its small-region helper running), the CLI
scanning with two workers of which one is killed (the scan must still finish by itself), the
desktop app scanning its library, the CLI matching with its helper killed (it must finish), the
desktop app checking suspects. Every process of the session is counted, including those whose
parent died. CI size 20 runs (plus the 20 of harness 4); tests/bench/hardening.py runs 200.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image
from tests.conftest import photo_array, save_photo
from tests.hardening._kill import Trial, kill_trial, picproof_cmd
from tests.hardening._procs import needs_proc

from picproof.services.context import open_services

CI_RUNS = 20
KINDS = ("cli-match", "cli-scan-worker", "app-scan", "cli-match-helper", "app-check")


@dataclass
class ProcessKillRun:
    trials: list[Trial] = field(default_factory=list)

    def line(self) -> str:
        kinds = Counter(t.label.rsplit("-", 1)[0] for t in self.trials)
        killed = Counter(t.killed for t in self.trials)
        left = sum(t.left for t in self.trials)
        return (
            f"processes: {len(self.trials)} kill -9 runs "
            f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}; killed: "
            f"{', '.join(f'{k} {v}' for k, v in sorted(killed.items()))}), "
            f"PicProof processes left after 5 s: {left}"
        )

    def failures(self) -> list[str]:
        out = [f"{t.label}: {t.left} processes left" for t in self.trials if t.left]
        out += [
            f"{t.label}: its helper was killed and it exited {t.returncode}: {t.stderr[-300:]}"
            for t in self.trials
            if t.killed == "worker" and t.returncode != 0
        ]
        return out


def _suspects(folder: Path, library: Path) -> list[str]:
    out = []
    for i, photo in enumerate(sorted(library.glob("*.jpg"))[:4]):
        canvas = photo_array(900, 1600, 500 + i)
        inner = np.asarray(Image.open(photo).convert("RGB").resize((600, 450)))
        canvas[300:750, 150:750] = inner
        path = folder / f"screenshot{i}.png"
        Image.fromarray(canvas).save(path)
        out.append(str(path))
    return out


def run_process_kills(runs: int, seed: int = 12, parallel: int = 2) -> ProcessKillRun:
    rng = random.Random(seed)
    result = ProcessKillRun()
    with tempfile.TemporaryDirectory(prefix="picproof-killproc-") as tmp:
        root = Path(tmp)
        library = root / "photos"
        for i in range(16):
            save_photo(library / f"IMG_{i:02d}.jpg", 800, 600, seed=300 + i, quality=90)
        suspects_dir = root / "suspects"
        suspects_dir.mkdir()
        suspects = _suspects(suspects_dir, library)
        scanned = root / "scanned"
        services = open_services(scanned)
        services.library.add_folder(library)
        services.scan_library()
        services.close()
        plans = [(n, KINDS[n % len(KINDS)], rng.random()) for n in range(runs)]
        app = [sys.executable, "-m", "tests.hardening._app_driver"]

        def one(plan: tuple[int, str, float]) -> Trial:
            n, kind, u = plan
            data = root / f"run{n}"
            if kind.startswith("cli-match") or kind == "app-check":
                shutil.copytree(scanned, data)
            else:
                fresh = open_services(data)
                fresh.library.add_folder(library)
                fresh.close()
            label = f"{kind}-{n}"
            if kind == "cli-match":
                cmd = picproof_cmd(data, "match", *suspects)
                return kill_trial(label, cmd, 0.5 + 3.0 * u)
            if kind == "cli-match-helper":
                cmd = picproof_cmd(data, "match", *suspects, *suspects[:2])
                return kill_trial(label, cmd, 1.0 * u, target="worker", rng=rng, after_helpers=True)
            if kind == "cli-scan-worker":
                cmd = picproof_cmd(data, "library", "scan", "--workers", "2")
                return kill_trial(label, cmd, 1.5 * u, target="worker", rng=rng, after_helpers=True)
            if kind == "app-scan":
                return kill_trial(label, [*app, str(data), "scan"], 1.0 + 2.5 * u)
            return kill_trial(label, [*app, str(data), "check", *suspects], 1.0 + 2.5 * u)

        with ThreadPoolExecutor(parallel) as pool:
            result.trials = list(pool.map(one, plans))
    return result


@needs_proc
def test_kill_of_app_cli_or_helper_leaves_no_process() -> None:
    result = run_process_kills(CI_RUNS)
    print(result.line())
    assert len(result.trials) == CI_RUNS
    assert not result.failures(), result.failures()
    assert sum(t.killed == "worker" for t in result.trials) >= 4  # helpers were really killed
    assert sum(t.helpers_at_kill > 0 for t in result.trials if t.killed == "parent") >= 2
