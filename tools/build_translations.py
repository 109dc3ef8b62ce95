"""Build the UI translations: resources/i18n/*.ts -> .qm (pyside6-lrelease).

    python tools/build_translations.py            # compile every .ts into a .qm next to it
    python tools/build_translations.py --update   # re-extract tr() strings into the .ts (lupdate)
    python tools/build_translations.py --check    # fail if a string is missing or unfinished

The .ts files are the source (committed); .qm files are build output. ``--check`` runs lupdate
into a temporary copy, so it never edits the committed file.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
SOURCES = [ROOT / "desktop" / "picproof" / "gui", ROOT / "desktop" / "picproof" / "app.py"]
LANGUAGES = ("zh_CN",)


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (it ships with PySide6-Essentials)")
    return found


def ts_path(lang: str) -> Path:
    return I18N / f"picproof_{lang}.ts"


def source_files() -> list[str]:
    files: list[str] = []
    for src in SOURCES:
        files.extend(str(p) for p in (sorted(src.rglob("*.py")) if src.is_dir() else [src]))
    return files


def lupdate(target: Path, quiet: bool) -> None:
    cmd = [
        _tool("pyside6-lupdate"),
        *source_files(),
        "-no-obsolete",
        "-locations",
        "none",
        "-ts",
        str(target),
    ]
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL if quiet else None)


def lrelease(ts: Path, quiet: bool) -> Path:
    qm = ts.with_suffix(".qm")
    subprocess.run(
        [_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)],
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )
    return qm


def problems(ts: Path) -> list[str]:
    """Source strings without a finished translation (unfinished, empty or missing)."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            tr = message.find("translation")
            kind = tr.get("type") if tr is not None else "missing"
            if tr is None or kind in ("unfinished", "missing"):
                out.append(f"{name}: {source!r} ({kind or 'unfinished'})")
                continue
            forms = [f.text or "" for f in tr.iter("numerusform")]
            texts = forms if message.get("numerus") == "yes" else [tr.text or ""]
            if not all(t.strip() for t in texts):
                out.append(f"{name}: {source!r} (empty)")
            elif set(re.findall(r"\{\w+\}", source)) != set(
                re.findall(r"\{\w+\}", " ".join(texts))
            ):
                out.append(f"{name}: {source!r} (placeholders differ)")
    return out


def check(quiet: bool) -> int:
    failures = []
    for lang in LANGUAGES:
        committed = ts_path(lang)
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / committed.name
            shutil.copy(committed, copy)
            lupdate(copy, quiet=True)
            failures += [f"{lang}: {p}" for p in problems(copy)]
    for line in failures:
        print(line)
    if not quiet:
        print(f"{len(failures)} problem(s)")
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.check:
        return check(args.quiet)
    for lang in LANGUAGES:
        ts = ts_path(lang)
        if args.update or not ts.exists():
            lupdate(ts, args.quiet)
        lrelease(ts, args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
