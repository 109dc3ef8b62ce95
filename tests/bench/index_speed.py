#!/usr/bin/env python3
"""Library indexing speed and memory on camera-like 12-megapixel JPEGs.

Builds (once, cached) a folder of distinct 4000x3000 JPEGs made from the benchmark's real library
photos: upscaled, colour-shifted, with sensor-like noise and camera EXIF, saved at quality 90
(4-6 MB each, like a phone camera). Then prints:
  * the foundation's share alone (read, SHA-256, reduced decode, perceptual hashes), photos/second;
  * cold scan of the distinct photos: photos/second with all cores (foundation + matching features);
  * a 10,000-file library (hard links to the distinct photos, so it fits on disk): cold scan time,
    peak memory of the whole process tree, and the warm rescan time of the unchanged library.
Each scan runs in a fresh process of its own, as `picproof library scan` does: measured in this one,
the second scan's peak also counted the first data dir's matching index, still loaded (~240 MB).

Usage: .venv/bin/python tests/bench/index_speed.py [--distinct 300] [--library 10000] [--work DIR]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import reference_line  # noqa: E402
from _rss import PeakMemory  # noqa: E402

BENCH_LIBRARY = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "dev" / "library"


def _make_one(args: tuple[Path, Path, int]) -> None:
    source, target, seed = args
    if target.exists():
        return
    rng = np.random.default_rng(seed)
    img = Image.open(source).convert("RGB")
    w, h = img.size
    crop_w = min(w, int(h * 4 / 3))
    crop_h = int(crop_w * 3 / 4)
    x0 = int(rng.integers(0, max(1, w - crop_w + 1)))
    y0 = int(rng.integers(0, max(1, h - crop_h + 1)))
    big = img.crop((x0, y0, x0 + crop_w, y0 + crop_h)).resize(
        (4000, 3000), Image.Resampling.BICUBIC
    )
    arr = np.asarray(big, dtype=np.int16)
    arr = (
        arr
        + rng.normal(0, 4, arr.shape).astype(np.int16)
        + rng.integers(-12, 12, 3).astype(np.int16)
    )
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    exif = Image.Exif()
    exif[0x010F] = "BenchCam"
    exif[0x0110] = "BC-12"
    exif.get_ifd(0x8769)[0x9003] = f"2025:0{1 + seed % 9}:1{seed % 10} 12:00:{seed % 60:02d}"
    tmp = target.with_suffix(".tmp")
    out.save(tmp, "JPEG", quality=90, exif=exif)
    os.replace(tmp, target)


def make_distinct(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(BENCH_LIBRARY.glob("*.jpg"))
    jobs = [(sources[i % len(sources)], folder / f"CAM_{i:05d}.jpg", i) for i in range(count)]
    todo = [j for j in jobs if not j[1].exists()]
    if todo:
        print(f"making {len(todo)} 12 MP JPEGs in {folder} (cached for later runs) …", flush=True)
        with ProcessPoolExecutor() as pool:
            list(pool.map(_make_one, todo, chunksize=4))
    return [j[1] for j in jobs]


def make_hardlinked_library(folder: Path, distinct: list[Path], count: int) -> None:
    if folder.exists() and sum(1 for _ in folder.rglob("*.jpg")) == count:
        return
    shutil.rmtree(folder, ignore_errors=True)
    for i in range(count):
        sub = folder / f"{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        os.link(distinct[i % len(distinct)], sub / f"IMG_{i:05d}.jpg")


def _foundation_only(path: Path) -> str:
    """The foundation's share of indexing one photo: read once, SHA-256, reduced decode, hashes."""
    import hashlib

    import imagehash

    from picproof.core.imaging import DRAFT_SLACK, load_image
    from picproof.core.matching.features import INDEX_MAX_SIDE

    data = path.read_bytes()
    small = load_image(data, max_side=INDEX_MAX_SIDE, draft_slack=DRAFT_SLACK).image
    return (
        hashlib.sha256(data).hexdigest() + str(imagehash.phash(small)) + str(imagehash.dhash(small))
    )


def foundation_rate(files: list[Path]) -> float:
    with ProcessPoolExecutor() as pool:
        list(pool.map(_foundation_only, files[:8]))  # warm the workers (imports)
        start = time.perf_counter()
        list(pool.map(_foundation_only, files, chunksize=4))
        return len(files) / (time.perf_counter() - start)


def scan(data_dir: Path, folder: Path) -> tuple[float, float, float, float, int]:
    """Cold scan then matching-index build (what ``picproof library scan`` does) in a fresh
    process, each timed and its peak memory (that process and its workers) sampled apart."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_scan_here, data_dir, folder).result()


def _scan_here(data_dir: Path, folder: Path) -> tuple[float, float, float, float, int]:
    from picproof.services.context import open_services

    shutil.rmtree(data_dir, ignore_errors=True)
    services = open_services(data_dir)
    services.library.add_folder(folder)
    with PeakMemory() as scan_peak:
        start = time.perf_counter()
        report = services.library.scan()
        scanned = time.perf_counter()
    with PeakMemory() as index_peak:
        services.matching.refresh_index()
        indexed = time.perf_counter()
    services.close()
    return scanned - start, indexed - scanned, scan_peak.mb, index_peak.mb, report.photos


def rescan(data_dir: Path) -> tuple[float, int]:
    from picproof.services.context import open_services

    services = open_services(data_dir)
    start = time.perf_counter()
    report = services.scan_library()
    seconds = time.perf_counter() - start
    services.close()
    assert report.unchanged == report.photos, report
    return seconds, report.photos


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--distinct", type=int, default=300)
    parser.add_argument("--library", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/picproof-bench-index"))
    args = parser.parse_args()
    work = args.work
    distinct = make_distinct(work / "distinct", args.distinct)
    size_mb = sum(p.stat().st_size for p in distinct) / len(distinct) / 1e6
    print(
        f"cores: {os.cpu_count()}; distinct photos: {len(distinct)} "
        f"(4000x3000, mean {size_mb:.1f} MB)"
    )
    print(reference_line())

    print(
        f"foundation share only (read, SHA-256, 1/8 JPEG decode, pHash, dHash): "
        f"{foundation_rate(distinct):.1f} photos/s"
    )
    seconds, index_s, peak, index_peak, n = scan(work / "data-distinct", work / "distinct")
    print(
        f"cold scan, {n} distinct 12 MP photos: {seconds:.1f} s = {n / seconds:.1f} photos/s "
        f"(foundation + matching features), peak memory {peak:.0f} MB; "
        f"then matching index build {index_s:.1f} s, peak {index_peak:.0f} MB"
    )
    if args.library:
        make_hardlinked_library(work / "library", distinct, args.library)
        seconds, index_s, peak, index_peak, n = scan(work / "data-library", work / "library")
        print(
            f"cold scan, {n}-file library: {seconds:.1f} s = {n / seconds:.1f} photos/s, "
            f"peak memory {peak:.0f} MB (whole process tree); "
            f"then matching index build {index_s:.1f} s, peak {index_peak:.0f} MB"
        )
        warm, n = rescan(work / "data-library")
        print(f"warm rescan, unchanged {n}-file library: {warm:.2f} s")
    print(reference_line())


if __name__ == "__main__":
    main()
