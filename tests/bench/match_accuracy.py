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
#: ../shared/bench beside the checkout (or beside the worktrees' folder, /work/wt/<branch>)
DEFAULT_BENCH = next(
    (
        p
        for p in (ROOT.parent / "shared" / "bench", ROOT.parents[1] / "shared" / "bench")
        if p.exists()
    ),
    ROOT.parent / "shared" / "bench",
)


def near_duplicate_reports(truth: Path, predictions: Path) -> tuple[int, int]:
    """(reported, listed): library photos listed under a screenshot's ``near_duplicates``
    (another shot of the scene shown: probe_set.py, probe_neardup.py, probe_people.py) that the
    predictions report as a match, i.e. as ``same-photo``."""
    import json

    shots = {s["file"]: s for s in json.loads(truth.read_text())["screenshots"]}
    listed = sum(len(s.get("near_duplicates", [])) for s in shots.values())
    reported = 0
    for line in predictions.read_text().splitlines():
        obj = json.loads(line)
        near = set(shots.get(obj["screenshot"], {}).get("near_duplicates", []))
        reported += len(near & {m["original"] for m in obj.get("matches", [])})
    return reported, listed


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
    reported, listed = near_duplicate_reports(data / "truth.json", out)
    if listed:
        print(f"near duplicates reported as same-photo: {reported} of {listed} listed")
    if args.out:
        print(f"predictions kept in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
