"""Harness 1: mutated images of every allowed format through import, decode, fingerprint, thumbnail.

Must hold: 0 crashes, 0 uncaught exceptions, no file over 5 s, peak memory of a decoding worker
under 1 GB, every reject a typed reason that the library records. CI size 2,000 files;
tests/bench/hardening.py runs 50,000.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from pathlib import Path

from tests.hardening._decode_worker import TYPED_REASONS, exercise
from tests.hardening.mutate import mutated_files

from picproof.core.workers import worker_pool

CI_FILES = 2000
SECONDS_PER_FILE = 5.0
PEAK_MB = 1024.0


@dataclass
class MalformedRun:
    files: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    uncaught: list[str] = field(default_factory=list)
    slowest: float = 0.0
    peak_mb: float = 0.0
    scanned: int = 0
    scan_skips: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        return (
            f"malformed images: {self.files} files, {self.outcomes['indexed']} indexed, "
            f"{self.outcomes['rejected']} rejected with typed reasons "
            f"({', '.join(f'{k} {v}' for k, v in self.reasons.most_common())}), "
            f"{len(self.uncaught)} uncaught, slowest {self.slowest:.2f} s, "
            f"peak worker RSS {self.peak_mb:.0f} MB; library scan of {self.scanned}: "
            f"{sum(self.scan_skips.values())} skips recorded"
        )

    def failures(self) -> list[str]:
        out = [f"uncaught: {u}" for u in self.uncaught[:10]]
        out += [f"untyped reason {r}" for r in self.reasons if r not in TYPED_REASONS]
        out += [f"untyped skip {r}" for r in self.scan_skips if r not in TYPED_REASONS]
        if self.slowest > SECONDS_PER_FILE:
            out.append(f"a file took {self.slowest:.1f} s")
        if self.peak_mb > PEAK_MB:
            out.append(f"a decoding worker peaked at {self.peak_mb:.0f} MB")
        if self.outcomes["indexed"] + self.outcomes["rejected"] != self.files:
            out.append(f"outcomes {dict(self.outcomes)} do not add up to {self.files}")
        return out


def run_malformed(count: int, workers: int = 2, scan_sample: int = 300) -> MalformedRun:
    """Mutate ``count`` files, push each through every decoding path in worker processes, then
    scan ``scan_sample`` of them as a library to check what the scan records."""
    from picproof.services.context import open_services

    run = MalformedRun()
    with tempfile.TemporaryDirectory(prefix="picproof-malformed-") as tmp:
        root = Path(tmp)
        thumbs = root / "thumbs"
        batch = 5000  # written and checked in batches: a 50,000-file run stays small on disk
        written = 0
        while written < count:
            folder = root / f"batch{written // batch}"
            paths = list(mutated_files(folder, min(batch, count - written), seed=19 + written))
            with worker_pool(workers) as pool:
                futures = [pool.submit(exercise, str(p), str(thumbs)) for p in paths]
                for future in as_completed(futures, timeout=max(600.0, len(paths) * 0.5)):
                    _path, outcome, reason, seconds, peak = future.result()
                    run.files += 1
                    run.outcomes[outcome] += 1
                    if outcome == "rejected":
                        run.reasons[reason] += 1
                    elif outcome == "uncaught":
                        run.uncaught.append(f"{Path(_path).name}: {reason}")
                    run.slowest = max(run.slowest, seconds)
                    run.peak_mb = max(run.peak_mb, peak)
            if written == 0:
                library = root / "library"
                library.mkdir()
                for p in paths[:scan_sample]:
                    p.rename(library / p.name)
                services = open_services(root / "data")
                try:
                    services.library.add_folder(library)
                    report = services.library.scan(workers=workers)
                    run.scanned = min(scan_sample, len(paths))
                    run.scan_skips.update(s.reason for s in services.library.skipped_files())
                    assert report.photos + len(report.skipped) == run.scanned, report
                finally:
                    services.close()
            for p in folder.iterdir():
                p.unlink()
            written += len(paths)
    return run


def test_malformed_images_are_rejected_with_typed_reasons() -> None:
    run = run_malformed(CI_FILES)
    print(run.line())
    assert run.files == CI_FILES
    assert not run.failures(), run.failures()
    assert run.outcomes["indexed"] > 0 and run.outcomes["rejected"] > 0  # both sides exercised
