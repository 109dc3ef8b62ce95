"""Accuracy of `picproof match` on the dev benchmark (../shared/bench/dev): score.py lines, overall
and per template.

    .venv/bin/python tests/bench/match_accuracy.py [--bench DIR] [--set dev] [--data-dir D]
        [--out F]

``--bench OUT --set probe`` scores the probe set that probe_set.py writes (other photos, unseen
kinds of screenshot) with the dev benchmark's score.py.

Runs the real CLI in a subprocess: registers and scans the dev library into a fresh data dir, then
matches every screenshot with --json and feeds the lines to score.py.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import reference_line  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BENCH = ROOT.parent / "shared" / "bench"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--set", default="dev")
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=None, help="where to keep the predictions")
    ap.add_argument(
        "--score",
        type=Path,
        default=None,
        help="score.py (default: the one in --bench, else dev's)",
    )
    args = ap.parse_args()
    data = args.bench / args.set
    tmp = tempfile.TemporaryDirectory()
    data_dir = args.data_dir or Path(tmp.name) / "data"
    out = args.out or Path(tmp.name) / "predictions.jsonl"
    cli = [sys.executable, "-m", "picproof", "--data-dir", str(data_dir)]
    t0 = time.perf_counter()
    subprocess.run(
        cli + ["library", "add", str(data / "library"), "--scan", "--json"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    t1 = time.perf_counter()
    with open(out, "w") as fh:
        subprocess.run(cli + ["match", str(data / "screenshots"), "--json"], check=True, stdout=fh)
    t2 = time.perf_counter()
    n = len(out.read_text().splitlines())
    print(
        f"library scan+index: {t1 - t0:.1f} s; matching {n} screenshots: {t2 - t1:.1f} s "
        f"({(t2 - t1) / max(1, n):.2f} s each incl. start-up)"
    )
    print(reference_line())
    scorer = args.score or next(
        p for p in (args.bench / "score.py", DEFAULT_BENCH / "score.py") if p.exists()
    )
    score = [sys.executable, str(scorer), str(data / "truth.json"), str(out)]
    subprocess.run(score + ["--by-template"], check=True)
    if args.out:
        print(f"predictions kept in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
