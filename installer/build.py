"""Build the one-folder app with PyInstaller, then run the frozen app's own checks.

    python3 dev.py build            (Windows: py dev.py build)   - what a release engineer runs
    python installer/build.py [--skip-build]                     - the same, inside the venv

Steps: compile the translations, make the icons (installer/make_icons.py), PyInstaller with
installer/picproof.spec into dist/PicProof/, then tests/frozen/ (pytest) against that folder: the
frozen ``self-test --gui`` (window, every area, sample check, letter, bundle) and, where Xvfb is
installed, the real window opening on an X server within 4 s with a screenshot. Ends with the
sizes (unpacked; packed as the installers' compression roughly gives) and the times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
APP_DIR = DIST / "PicProof"


def run(cmd: list[str], **kw: object) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT, **kw)  # type: ignore[call-overload]


def strip_linux(path: Path) -> int:
    """Strip debug symbols from the bundle's Linux libraries; return the bytes saved.

    Libraries in ``*.libs`` folders are left alone: auditwheel relocated them with patchelf, and
    stripping such a file breaks it (NumPy's OpenBLAS then fails with "ELF load command
    address/offset not page-aligned"). PyInstaller's own ``strip`` option would strip them too.
    """
    if not sys.platform.startswith("linux") or shutil.which("strip") is None:
        return 0
    saved = 0
    for lib in sorted(path.rglob("*.so*")):
        if lib.is_symlink() or not lib.is_file() or any(p.endswith(".libs") for p in lib.parts):
            continue
        if b"not stripped" not in subprocess.run(["file", str(lib)], capture_output=True).stdout:
            continue
        before = lib.stat().st_size
        if subprocess.run(["strip", "--strip-unneeded", str(lib)]).returncode == 0:
            saved += before - lib.stat().st_size
    return saved


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def packed_size(path: Path, method: str) -> int:
    """Size of the folder as a compressed archive: gz (fast) or xz (slow, close to the
    installers' LZMA2)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"app.tar.{method}"
        options = {"preset": 6} if method == "xz" else {"compresslevel": 6}
        with tarfile.open(out, f"w:{method}", **options) as tar:  # type: ignore[call-overload]
            tar.add(path, arcname=path.name)
        return out.stat().st_size


def largest(path: Path, n: int = 12) -> list[tuple[int, str]]:
    """The biggest top-level items of the bundle's _internal folder (what to trim next)."""
    internal = path / "_internal" if (path / "_internal").is_dir() else path
    sizes = []
    for child in internal.iterdir():
        if child.is_symlink():
            continue  # PyInstaller links some libraries to their package's copy
        size = folder_size(child) if child.is_dir() else child.stat().st_size
        sizes.append((size, child.name))
    return sorted(sizes, reverse=True)[:n]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="only run the frozen checks")
    parser.add_argument(
        "--pack",
        choices=("gz", "xz", "none"),
        default="gz",
        help="measure the packed size as tar.gz (default), tar.xz (minutes; like the installers)",
    )
    args = parser.parse_args(argv)
    py = sys.executable
    timings: dict[str, float] = {}
    if not args.skip_build:
        started = time.perf_counter()
        run([py, "tools/build_translations.py", "--quiet"])
        run([py, "installer/make_icons.py"])
        run(
            [
                py,
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--clean",
                "--distpath",
                str(DIST),
                "--workpath",
                str(ROOT / "build" / "pyinstaller"),
                "installer/picproof.spec",
            ]
        )
        saved = strip_linux(APP_DIR)
        if saved:
            print(f"Stripped debug symbols: {saved / 1e6:.0f} MB saved")
        timings["build"] = time.perf_counter() - started
    if not APP_DIR.is_dir():
        print(f"{APP_DIR} does not exist: build first.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    env = {**os.environ, "PICPROOF_FROZEN_APP": str(APP_DIR)}
    checks = subprocess.run(
        [py, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "tests/frozen", "-rs"],
        cwd=ROOT,
        env=env,
    )
    timings["frozen checks"] = time.perf_counter() - started
    unpacked = folder_size(APP_DIR)
    print("\nLargest parts of the bundle:")
    for size, name in largest(APP_DIR):
        print(f"  {size / 1e6:7.1f} MB  {name}")
    print(f"\nUnpacked: {unpacked / 1e6:.0f} MB ({APP_DIR})")
    if args.pack != "none":
        started = time.perf_counter()
        size = packed_size(APP_DIR, args.pack)
        print(f"Packed (tar.{args.pack}): {size / 1e6:.0f} MB")
        timings["packing"] = time.perf_counter() - started
    for name, seconds in timings.items():
        print(f"{name}: {seconds:.0f} s")
    if checks.returncode != 0:
        print("The frozen checks FAILED (see above).", file=sys.stderr)
        return 1
    print("The frozen app passed its checks.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
