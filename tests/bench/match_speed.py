"""Query speed and memory of matching against libraries of 1,000 / 10,000 / 100,000 photos.

    .venv/bin/python tests/bench/match_speed.py [--work DIR] [--tiers 1000,10000,100000]
        [--queries 40] [--real]

The library is the dev library (72 real photos, registered and scanned through the normal library
scan), with ``--real`` every real photo real_photos.py finds in packages (registered and scanned the
same way, into WORK/real), plus generated distractor photos up to each tier's size. Decoding 100,000
twelve-megapixel JPEGs would take hours here, so distractors are generated directly at 512 px and
fed through the *same* ``extract_photo_features`` the scan workers call (which analyses them at
``INDEX_MAX_SIDE``), then stored in ``photo_features`` exactly as the scan stores them (ids from
10,000,000 up, with no library row: they can be retrieved and verified but never reported). The
index is then brought up to date with the normal ``refresh_index``.

The first 10,000 distractors are rendered and analysed; the 100,000 tier adds 90,000 photos
assembled from those photos' features (400 keypoints drawn at random from random rendered photos,
random positions): the same descriptor statistics, hence the same visual-word posting lengths and
query cost, at a fraction of the generation time (see _assemble).

Distractors: 1/f^a random-phase colour noise (the power spectrum of natural photos, a in 1..1.6)
overlaid with random ellipses, rectangles, lines and text in random colours, half of them blurred,
landscape or portrait. They give SIFT as many keypoints as a textured photo (the 400 cap is
reached).

For each tier: index build seconds (incremental over the previous tier), index size on disk, and,
in a fresh subprocess (so peak memory is the query's own): median and p95 seconds per screenshot
over ``--queries`` dev screenshots (decode included, 2 cores), the CPU seconds each screenshot
cost (user + system time of the querying process, and with the region helper's), peak RSS, and
how many true pairs of those screenshots were found (does retrieval still find them among 100k?).

Wall-clock time on a shared machine is only as good as the moment it was taken: the CPU seconds
are the figure to compare across runs when other work shares the cores (they grow a little under
contention too: caches and memory bandwidth are shared), and the machine line (tests/bench/
_machine.py: a fixed SIFT workload's wall and CPU time, the load average) says how busy it was.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import cpu_seconds, reference_line, reference_seconds  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
#: ../shared/bench/dev beside the checkout (or beside the worktrees' folder, /work/wt/<branch>)
BENCH = next(
    (
        p / "shared" / "bench" / "dev"
        for p in (ROOT.parent, ROOT.parents[1])
        if (p / "shared" / "bench" / "dev").exists()
    ),
    ROOT.parent / "shared" / "bench" / "dev",
)
DISTRACTOR_BASE = 10_000_000
#: Distractors rendered and analysed for real; beyond this, photos are assembled from features.
RENDERED = 10_000


def make_distractor(seed: int) -> np.ndarray:
    import cv2

    rng = np.random.default_rng(seed)
    w, h = (512, 384) if rng.random() < 0.6 else (384, 512)
    sw, sh = w // 4, h // 4  # spectrum synthesised at quarter size, then upsampled: cheap
    fy = np.fft.fftfreq(sh)[:, None]
    fx = np.fft.rfftfreq(sw)[None, :]
    f = np.sqrt(fx * fx + fy * fy)
    f[0, 0] = 1.0
    amp = 1.0 / f ** rng.uniform(1.0, 1.6)
    chans = []
    for _ in range(3):
        spec = amp * np.exp(2j * np.pi * rng.random((sh, sw // 2 + 1)))
        c = np.fft.irfft2(spec, s=(sh, sw))
        c = (c - c.min()) / (np.ptp(c) + 1e-9)
        chans.append(c)
    small = (np.stack(chans, axis=2) * 255).astype(np.uint8)
    img = np.ascontiguousarray(cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC))
    for _ in range(int(rng.integers(10, 40))):
        color = tuple(int(v) for v in rng.integers(0, 256, 3))
        kind = rng.integers(0, 4)
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        if kind == 0:
            cv2.ellipse(
                img,
                (x, y),
                (int(rng.integers(5, 120)), int(rng.integers(5, 120))),
                float(rng.uniform(0, 180)),
                0,
                360,
                color,
                -1,
            )
        elif kind == 1:
            cv2.rectangle(
                img,
                (x, y),
                (x + int(rng.integers(5, 150)), y + int(rng.integers(5, 150))),
                color,
                -1,
            )
        elif kind == 2:
            cv2.line(
                img,
                (x, y),
                (int(rng.integers(0, w)), int(rng.integers(0, h))),
                color,
                int(rng.integers(1, 6)),
            )
        else:
            cv2.putText(
                img,
                str(rng.integers(0, 10**6)),
                (x, y),
                cv2.FONT_HERSHEY_SIMPLEX,
                float(rng.uniform(0.5, 2.0)),
                color,
                2,
            )
    if rng.random() < 0.5:
        img = cv2.GaussianBlur(img, (0, 0), float(rng.uniform(0.5, 1.5)))
    return img


def _job(seed: int) -> tuple[int, bytes]:
    from PIL import Image

    from picproof.core.matching.features import extract_photo_features

    return seed, extract_photo_features(Image.fromarray(make_distractor(seed)))


def add_distractors(
    fingerprint_db: Path, upto: int, existing: int, source: Path | None = None
) -> float:
    """Generate distractors until the library holds ``upto`` photos; returns seconds spent.

    With ``source`` (the fingerprint DB of an earlier run), the same distractor rows are copied
    instead of generated again.
    """
    import sqlite3

    from picproof.core.matching.features import FEATURES_VERSION

    conn = sqlite3.connect(fingerprint_db)
    have = conn.execute(
        "SELECT count(*) FROM photo_features WHERE photo_id >= ?", (DISTRACTOR_BASE,)
    ).fetchone()[0]
    need = upto - existing - have
    t0 = time.perf_counter()
    if source is not None and need > 0:
        conn.execute("ATTACH DATABASE ? AS src", (str(source),))
        conn.execute(
            "INSERT OR REPLACE INTO photo_features SELECT * FROM src.photo_features"
            " WHERE photo_id >= ? AND photo_id < ?",
            (DISTRACTOR_BASE + have, DISTRACTOR_BASE + have + need),
        )
        conn.commit()
        conn.close()
        return time.perf_counter() - t0
    rendered_need = max(0, min(need, RENDERED - have))
    if rendered_need > 0:
        seeds = range(have, have + rendered_need)
        rows = []
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
            for n, (seed, blob) in enumerate(pool.map(_job, seeds, chunksize=32)):
                rows.append((DISTRACTOR_BASE + seed, FEATURES_VERSION, blob))
                if len(rows) >= 500:
                    conn.executemany("INSERT OR REPLACE INTO photo_features VALUES (?,?,?)", rows)
                    conn.commit()
                    rows.clear()
                    print(f"  distractors {have + n + 1}/{have + need}", flush=True)
        if rows:
            conn.executemany("INSERT OR REPLACE INTO photo_features VALUES (?,?,?)", rows)
            conn.commit()
    if need > rendered_need:
        _assemble(conn, have + rendered_need, have + need)
    conn.close()
    return time.perf_counter() - t0


def _assemble(conn: object, start: int, stop: int) -> None:
    """Photos beyond RENDERED: 400 keypoints each, drawn at random from random rendered photos.

    Rendering and analysing 100,000 images would take ~2 h on this shared machine; assembled photos
    keep the real descriptor (hence visual-word and posting-list) statistics that query cost depends
    on, and are geometrically inconsistent, as unrelated photos are.
    """
    from picproof.core.matching.features import (
        FEATURES_VERSION,
        INDEX_MAX_SIDE,
        decode_features,
        encode_features,
    )

    rng = np.random.default_rng(start)
    pool_k, pool_d = [], []
    for (blob,) in conn.execute(  # type: ignore[attr-defined]
        "SELECT data FROM photo_features WHERE photo_id >= ? ORDER BY random() LIMIT 3000",
        (DISTRACTOR_BASE,),
    ):
        f = decode_features(blob)
        pool_k.append(f.keypoints)
        pool_d.append(f.descriptors)
    keys, descs = np.concatenate(pool_k), np.concatenate(pool_d)
    thumb = b""
    size = (INDEX_MAX_SIDE, INDEX_MAX_SIDE * 3 // 4)  # landscape, as most rendered distractors
    rows = []
    for seed in range(start, stop):
        pick = rng.choice(len(keys), 400, replace=False)
        k = keys[pick].copy()
        k[:, 0] = rng.uniform(0, size[0], 400)
        k[:, 1] = rng.uniform(0, size[1], 400)
        rows.append(
            (
                DISTRACTOR_BASE + seed,
                FEATURES_VERSION,
                encode_features(size, k, descs[pick], thumb),
            )
        )
        if len(rows) >= 2000:
            conn.executemany("INSERT OR REPLACE INTO photo_features VALUES (?,?,?)", rows)  # type: ignore[attr-defined]
            conn.commit()  # type: ignore[attr-defined]
            rows.clear()
            print(f"  assembled {seed + 1}/{stop}", flush=True)
    if rows:
        conn.executemany("INSERT OR REPLACE INTO photo_features VALUES (?,?,?)", rows)  # type: ignore[attr-defined]
        conn.commit()  # type: ignore[attr-defined]


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _peak_rss_mb(pid: int | str = "self") -> float:
    # VmHWM belongs to this process image; ru_maxrss would carry over the parent's peak across
    # fork+exec on Linux (and the parent holds the index build).
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 if pid == "self" else 0.0


def _helpers_peak_rss_mb() -> float:
    """Peak RSS of the query's helper processes (services/region_helper.py), summed."""
    import multiprocessing

    return sum(_peak_rss_mb(p.pid) for p in multiprocessing.active_children() if p.pid)


def query_phase(data_dir: Path, n_queries: int, profile: Path | None = None) -> dict[str, object]:
    """Runs in a fresh process: match dev screenshots, report timings and peak memory. With
    ``profile``, the queries run under cProfile (slower; for where the time goes, not for the
    figures), whose statistics are written there."""
    from picproof.services.context import open_services

    truth = json.loads((BENCH / "truth.json").read_text())["screenshots"]
    shots = [s for s in truth if not s["negative"]][: int(n_queries * 0.8)]
    shots += [s for s in truth if s["negative"]][: n_queries - len(shots)]
    services = open_services(data_dir)
    reference_before = reference_seconds()
    times, cpu, cpu_all, found, pairs, false = [], [], [], 0, 0, 0
    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    for s in shots:
        helpers = [p.pid for p in multiprocessing.active_children() if p.pid]
        t0, c0, h0 = time.perf_counter(), cpu_seconds(), sum(cpu_seconds(p) for p in helpers)
        result = services.matching.match_image(BENCH / "screenshots" / s["file"])
        times.append(time.perf_counter() - t0)
        cpu.append(cpu_seconds() - c0)
        # a helper started by this query counts from zero
        helpers = [p.pid for p in multiprocessing.active_children() if p.pid]
        cpu_all.append(cpu[-1] + sum(cpu_seconds(p) for p in helpers) - h0)
        got = {os.path.basename(m.photo_path) for m in result.confirmed}
        want = {m["original"] for m in s["matches"]}
        found += len(got & want)
        pairs += len(want)
        false += len(got - want - set(s["ignore"]))
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(profile))
    arr = np.array(times)
    return {
        "queries": len(shots),
        "median_s": float(np.median(arr)),
        "p95_s": float(np.percentile(arr, 95)),
        "cpu_median_s": float(np.median(cpu)),
        "cpu_p95_s": float(np.percentile(cpu, 95)),
        "cpu_with_helper_median_s": float(np.median(cpu_all)),
        "found": found,
        "pairs": pairs,
        "false_pairs": false,
        "peak_rss_mb": _peak_rss_mb(),
        "helpers_peak_rss_mb": _helpers_peak_rss_mb(),
        # the machine's moment before and after the queries (tests/bench/_machine.py)
        "reference_s": [round(reference_before, 3), round(reference_seconds(), 3)],
    }


def _print_query(q: dict[str, object]) -> None:
    print(
        f"  per screenshot: median {q['median_s']:.3f} s, p95 {q['p95_s']:.3f} s over "
        f"{q['queries']} screenshots; CPU median {q['cpu_median_s']:.3f} s, p95 "
        f"{q['cpu_p95_s']:.3f} s (with the region helper {q['cpu_with_helper_median_s']:.3f} s); "
        f"peak RSS {q['peak_rss_mb']:.0f} MB (+ {q['helpers_peak_rss_mb']:.0f} MB region helper); "
        f"found {q['found']}/{q['pairs']} true pairs, {q['false_pairs']} false; "
        f"reference before/after {q['reference_s']}",
        flush=True,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/picproof_match_speed"))
    ap.add_argument("--tiers", default="1000,10000,100000")
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument(
        "--distractors-from",
        type=Path,
        default=None,
        help="copy distractor rows from this fingerprints.sqlite3 of an earlier run",
    )
    ap.add_argument(
        "--real",
        action="store_true",
        help="also put every real photo real_photos.py finds in packages into the library",
    )
    ap.add_argument(
        "--query-only",
        type=Path,
        default=None,
        metavar="DATA_DIR",
        help="only time the queries against this data dir of an earlier run",
    )
    ap.add_argument(
        "--profile",
        type=Path,
        default=None,
        metavar="OUT",
        help="with --query-only: run the queries under cProfile, statistics into OUT "
        "(python -m pstats OUT)",
    )
    args = ap.parse_args()
    if args.query_only:
        q = query_phase(args.query_only, args.queries, args.profile)
        _print_query(q)
        print(f"  {reference_line()}")
        print(json.dumps(q))  # last line: read by the tier run
        return 0
    from picproof.services.context import open_services

    data_dir = args.work / "data"
    services = open_services(data_dir)
    if not services.library.folders():
        # Scan only a fresh library: a scan prunes feature rows without a library photo, which is
        # what the generated distractors are.
        services.library.add_folder(BENCH / "library")
        if args.real:
            import real_photos

            cache = Path(tempfile.gettempdir()) / "picproof-probe-photos"
            listing = real_photos.collect(args.work / "real", cache, BENCH)
            print(f"real photos: {len(listing['photos'])} (tests/bench/real_photos.py)")  # type: ignore[arg-type]
            services.library.add_folder(args.work / "real" / "photos")
        t0 = time.perf_counter()
        services.scan_library()
        print(f"library scanned and indexed in {time.perf_counter() - t0:.1f} s")
    real = services.library.photo_count()
    print(f"real photos in the library: {real}")
    fp_db = services.paths.fingerprint_db
    for tier in (int(t) for t in args.tiers.split(",")):
        gen = add_distractors(fp_db, tier, real, args.distractors_from)
        t1 = time.perf_counter()
        services.matching.refresh_index()
        build = time.perf_counter() - t1
        index_dir = services.paths.cache_dir / "match_index"
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--query-only",
                str(data_dir),
                "--queries",
                str(args.queries),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        q = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"tier {tier:>7} photos: distractor generation+features {gen:7.1f} s; "
            f"index refresh {build:6.1f} s; index {(_dir_size(index_dir)) / 1e6:7.1f} MB; "
            f"features cache {fp_db.stat().st_size / 1e6:8.1f} MB",
            flush=True,
        )
        _print_query(q)
        print(f"  {reference_line()}", flush=True)
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
