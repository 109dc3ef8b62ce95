"""``picproof library add|scan|stats|remove|skipped``."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, cast

from picproof.cli_cmds.common import StderrProgress, emit_json, services_for
from picproof.cli_cmds.messages import SKIP_REASONS


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    library = sub.add_parser("library", help="your photo library: folders and the index")
    lsub = library.add_subparsers(dest="library_command", metavar="ACTION", required=True)

    add = lsub.add_parser("add", help="register photo folders (scan them with 'library scan')")
    add.add_argument("folders", nargs="+", metavar="DIR", help="folders that hold your photos")
    add.add_argument("--scan", action="store_true", help="scan right away")
    add.add_argument("--json", action="store_true", help="machine-readable output")
    add.set_defaults(handler=_add)

    scan = lsub.add_parser("scan", help="index new and changed photos (unchanged ones are skipped)")
    scan.add_argument("--json", action="store_true", help="machine-readable output")
    scan.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: all cores)"
    )
    scan.set_defaults(handler=_scan)

    stats = lsub.add_parser("stats", help="how many photos, which folders")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    stats.set_defaults(handler=_stats)

    remove = lsub.add_parser("remove", help="stop watching a folder (your files are not touched)")
    remove.add_argument(
        "folder", metavar="DIR_OR_ID", help="the folder, or its number from library stats"
    )
    remove.add_argument("--json", action="store_true", help="machine-readable output")
    remove.set_defaults(handler=_remove)

    skipped = lsub.add_parser("skipped", help="files that could not be indexed, with the reason")
    skipped.add_argument("--json", action="store_true", help="machine-readable output")
    skipped.set_defaults(handler=_skipped)


def _printable(path: str) -> str:
    return os.fsencode(path).decode("utf-8", "replace")


def _add(args: argparse.Namespace) -> int:
    services = services_for(args)
    added = [services.library.add_folder(folder) for folder in args.folders]
    if args.json and not args.scan:
        emit_json({"folders": [{"id": f.id, "path": _printable(f.path)} for f in added]})
    elif not args.json:
        for f in added:
            print(f"Watching {_printable(f.path)}")
    if args.scan:
        return _scan(args)
    if not args.json:
        print("Run 'picproof library scan' to index the photos.")
    return 0


def _scan(args: argparse.Namespace) -> int:
    services = services_for(args)
    bar = StderrProgress("Indexing")
    if getattr(args, "workers", None):
        services.settings.scan_workers = args.workers
    try:
        report = services.scan_library(progress=bar)
    finally:
        bar.finish()
    if args.json:
        data = report.to_json()
        skipped = cast(list[dict[str, Any]], data["skipped"])
        data["skipped"] = [{**s, "path": _printable(str(s["path"]))} for s in skipped]
        emit_json(data)
        return 0
    print(
        f"{counted(report.photos, 'photo')} indexed ({report.added} new, {report.updated} changed, "
        f"{report.moved} moved, {report.removed} removed, {report.unchanged} unchanged) "
        f"in {report.seconds:.1f} s."
    )
    if report.skipped:
        print(f"{len(report.skipped)} files could not be indexed:")
        for s in report.skipped[:50]:
            print(f"  {_printable(s.path)}: {SKIP_REASONS.get(s.reason, s.reason)}")
        if len(report.skipped) > 50:
            print(
                f"  … and {len(report.skipped) - 50} more ('picproof library skipped' lists all)."
            )
    return 0


def _stats(args: argparse.Namespace) -> int:
    stats = services_for(args).library.stats()
    if args.json:
        emit_json(stats)
        return 0
    folders = cast(list[dict[str, Any]], stats["folders"])
    print(
        f"{counted(stats['photos'], 'photo')} in {counted(len(folders), 'folder')}; "
        f"{counted(stats['skipped'], 'file')} skipped."
    )
    for f in folders:
        last = f["last_scan_at"] or "never"
        print(f"  {f['path']}: {counted(f['photos'], 'photo')}, last scan {last}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    services = services_for(args)
    target = args.folder
    for folder in services.library.folders():
        if target == str(folder.id) or os.path.abspath(target) == folder.path:
            services.library.remove_folder(folder.id)
            if args.json:
                emit_json({"removed": folder.id})
            else:
                print(
                    f"No longer watching {_printable(folder.path)} (your files were not touched)."
                )
            return 0
    from picproof.core.errors import NotFound

    raise NotFound(what=f"a watched folder {target}")


def _skipped(args: argparse.Namespace) -> int:
    skipped = services_for(args).library.skipped_files()
    if args.json:
        emit_json(
            [{"path": _printable(s.path), "reason": s.reason, "detail": s.detail} for s in skipped]
        )
        return 0
    if not skipped:
        print("Every file was indexed.")
    for s in skipped:
        print(f"{_printable(s.path)}: {SKIP_REASONS.get(s.reason, s.reason)}")
    sys.stdout.flush()
    return 0


def counted(n: object, noun: str) -> str:
    """ "1 folder", "7 folders" (English output; the nouns used here take an s)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
