"""``picproof match SUSPECT... [--json] [--library DIR]``: find library photos in suspect images.

``--json`` prints one line per suspect in the benchmark prediction format. Only ``identical`` and
``same-photo`` findings go into ``matches`` (they are what we would stand behind); ``possible``
findings are listed apart under ``possible`` so a scorer never counts them as accusations.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from picproof.cli_cmds.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    StderrProgress,
    emit_json,
    services_for,
)
from picproof.cli_cmds.messages import SKIP_REASONS
from picproof.core.errors import BadInput
from picproof.core.imaging import is_image_name
from picproof.core.models import Match, SuspectResult


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    match = sub.add_parser("match", help="find your photos inside suspect screenshots or images")
    match.add_argument(
        "suspects", nargs="+", metavar="SUSPECT", help="image files or folders of images"
    )
    match.add_argument("--json", action="store_true", help="one JSON line per suspect")
    match.add_argument(
        "--library",
        metavar="DIR",
        action="append",
        default=[],
        help="register and scan this photo folder first",
    )
    match.add_argument("--points", action="store_true", help="include matched point pairs in JSON")
    match.set_defaults(handler=_match)


def _match_json(m: Match, *, points: bool, names: dict[int, str]) -> dict[str, object]:
    data: dict[str, object] = {
        "original": os.path.basename(m.photo_path),
        "bbox": list(m.bbox) if m.bbox else None,
        "score": m.score,
        "level": m.level,
        "path": _printable(m.photo_path),
        "photo_id": m.photo_id,
        "inliers": m.inliers,
        "transform": None if m.transform is None else m.transform.to_json(),
        "original_region": list(m.original_region) if m.original_region else None,
        # the original's four corners in the suspect (top-left, top-right, bottom-right,
        # bottom-left of the original): a tilted print or a screen seen at an angle
        "quad": [[round(x, 1), round(y, 1)] for x, y in m.corners] if m.corners else None,
        # other shots of the same scene found at the same place (core/matching/README.md)
        "near_duplicates": [names[k] for k in m.near_duplicates if k in names],
        "near_duplicate_of": names.get(m.near_duplicate_of) if m.near_duplicate_of else None,
        # possible because parts of the scene moved or are missing: likely another shot of it
        "another_shot": m.another_shot,
    }
    if points:
        data["point_pairs"] = [list(p) for p in m.point_pairs]
    return data


def _printable(path: str) -> str:
    return os.fsencode(path).decode("utf-8", "replace")


def _result_json(r: SuspectResult, *, points: bool) -> dict[str, object]:
    names = {m.photo_id: os.path.basename(m.photo_path) for m in r.matches}
    data: dict[str, object] = {
        "screenshot": os.path.basename(r.path),
        "path": _printable(r.path),
        "matches": [_match_json(m, points=points, names=names) for m in r.confirmed],
        "possible": [_match_json(m, points=points, names=names) for m in r.possible],
        "seconds": round(r.seconds, 3),
    }
    if r.error:
        data["error"] = r.error
    return data


def _human(r: SuspectResult) -> None:
    name = _printable(r.path)
    if r.error:
        print(f"{name}: not checked: {SKIP_REASONS.get(r.error, r.error.replace('-', ' '))}.")
        return
    if not r.matches:
        print(f"{name}: none of your photos found.")
        return
    print(f"{name}:")
    names = {m.photo_id: _printable(m.photo_path) for m in r.matches}
    for m in r.matches:
        where = "" if m.bbox is None else " at x={} y={} size {}x{}".format(*m.bbox)
        if m.level == "identical":
            print(f"  IDENTICAL FILE  {_printable(m.photo_path)}")
            continue
        t = m.transform
        how = []
        if t is not None:
            how.append(f"shown at {t.scale * 100:.0f}% size")
            if t.mirrored:
                how.append("mirrored")
            if abs(t.rotation_deg) >= 1:
                how.append(f"rotated {t.rotation_deg:.0f} deg")
            if t.cropped:
                how.append("cropped")
        label = "SAME PHOTO" if m.level == "same-photo" else "possible (check it yourself)"
        print(
            f"  {label:12s}  {_printable(m.photo_path)}{where}; {', '.join(how)}; "
            f"sureness {m.score:.2f}"
        )
        if m.near_duplicate_of is not None:
            better = names.get(m.near_duplicate_of, "?")
            print(f"    another shot of the same scene; this one fits better: {better}")
        elif m.another_shot:
            print("    parts of the scene have moved: probably another shot of it, not this photo")


def _match(args: argparse.Namespace) -> int:
    services = services_for(args)
    if args.library:
        for folder in args.library:
            services.library.add_folder(folder)
        bar = StderrProgress("Indexing")
        try:
            services.scan_library(progress=bar)
        finally:
            bar.finish()
    if services.library.photo_count() == 0:
        raise BadInput("library-empty")
    # Every argument gets a line: a missing path or a folder without pictures is reported in its
    # place and the other files are still checked; the exit code says whether any failed.
    entries: list[Path | SuspectResult] = []
    for arg in args.suspects:
        path = Path(arg)
        if path.is_dir():
            found = sorted(f for f in path.rglob("*") if f.is_file() and is_image_name(f.name))
            entries.extend(found or [SuspectResult(str(path), "", 0, 0, error="no-pictures")])
        else:
            entries.append(path)  # a missing file comes back as a "not-a-file" result
    files = [e for e in entries if isinstance(e, Path)]
    bar = StderrProgress("Matching")
    try:
        matched = iter(services.matching.match_files(files, progress=bar))
    finally:
        bar.finish()
    results = [e if isinstance(e, SuspectResult) else next(matched) for e in entries]
    for r in results:
        if args.json:
            emit_json(_result_json(r, points=args.points))
        else:
            _human(r)
    return EXIT_BAD_INPUT if any(r.error for r in results) else EXIT_OK
