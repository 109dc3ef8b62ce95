"""``picproof case new|add|capture|timestamp|list|show|log|export|import|deadline|due``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from picproof.cli_cmds.common import (
    EXIT_ENVIRONMENT,
    EXIT_FAILED,
    StderrProgress,
    emit_json,
    services_for,
)
from picproof.cli_cmds.signing import add_sign_options, signer
from picproof.core.cases import CASE_KINDS, Case, EvidenceItem
from picproof.core.letters.model import LANGUAGES, normalize_language
from picproof.services.capture import capture_url
from picproof.services.context import Services

JS_NOTE = (
    "Pages that need JavaScript or a login are not captured this way: take a screenshot and "
    "add it with 'picproof case add'."
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    case = sub.add_parser("case", help="cases: evidence, timestamps, custody log, bundles")
    csub = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)

    def cmd(name: str, help_text: str, handler: Any) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = csub.add_parser(name, help=help_text)
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p.set_defaults(handler=handler)
        return p

    p = cmd("new", "start a case", _new)
    p.add_argument("title", help="a short name for the case, e.g. the fake account's name")
    p.add_argument(
        "--kind",
        choices=CASE_KINDS,
        default="other",
        help="impersonation (fake profile), product (copied listing or shop) or other",
    )
    p.add_argument(
        "--language",
        type=normalize_language,
        choices=LANGUAGES,
        default="en",
        metavar="{en,zh-CN}",
        help="language of the case's letters (zh-CN or zh_CN for Chinese; default en)",
    )

    _evidence_commands(cmd)
    p = cmd("timestamp", "get trusted timestamps for items not yet timestamped", _timestamp)
    p.add_argument("case", type=int, help="the case number (see case list)")
    _tsa_args(p)

    cmd("list", "all cases", _list)
    p = cmd("show", "one case with its evidence", _show)
    p.add_argument("case", type=int, help="the case number (see case list)")
    p = cmd("log", "the custody log, checked", _log)
    p.add_argument("case", type=int, help="the case number (see case list)")

    _bundle_commands(cmd)
    p = cmd("deadline", "add a deadline with a reminder", _deadline)
    p.add_argument("case", type=int, help="the case number (see case list)")
    p.add_argument("kind", help="ecommerce-43-counter-notice, dmca-counter-notice or any name")
    p.add_argument("--due", help="YYYY-MM-DD")
    p.add_argument("--start", help="YYYY-MM-DD the clock starts (for the known kinds)")
    p.add_argument("--description", default="", help="what the deadline is about")
    cmd("due", "deadlines due soon", _due)


#: ``cmd(name, help, handler)``: a case sub-command with ``--json`` (see register).
CommandAdder = Callable[[str, str, Any], argparse.ArgumentParser]


def _evidence_commands(cmd: CommandAdder) -> None:
    """case add, capture, link."""
    p = cmd("add", "add evidence files (copied; the originals are never changed)", _add)
    p.add_argument("case", type=int, help="the case number (see case list)")
    p.add_argument("files", nargs="+", metavar="FILE", help="files to add as evidence")
    p.add_argument("--url", help="the web address where the files were seen")
    p.add_argument("--platform", help="the site or app, e.g. Tantan, Taobao, Instagram")
    p.add_argument("--account", help="the account or shop that shows your photos")
    p.add_argument("--note", default="", help="a note kept with each item")
    p.add_argument(
        "--kind",
        default="suspect",
        choices=(
            "suspect",
            "original",
            "chat",
            "page",
            "identity-document",
            "ownership-proof",
            "authorisation",
            "other",
        ),
        help="what the files are; identity-document, ownership-proof and authorisation are "
        "listed as enclosures of letters",
    )
    p.add_argument(
        "--no-timestamp",
        action="store_true",
        help="do not ask the configured TSAs for timestamps right away",
    )

    p = cmd("capture", "fetch a web page and the images it shows", _capture)
    p.add_argument("case", type=int, help="the case number (see case list)")
    p.add_argument("url", help="the web page to save (http or https)")
    p.add_argument("--platform", help="the site or app, e.g. Tantan, Taobao, Instagram")
    p.add_argument("--account", help="the account or shop that shows your photos")
    p.add_argument(
        "--no-timestamp",
        action="store_true",
        help="do not ask the configured TSAs for timestamps right away",
    )

    p = cmd(
        "link",
        "say which of your original photos a screenshot shows (letters show them side by side)",
        _link,
    )
    p.add_argument("case", type=int, help="the case number (see case list)")
    p.add_argument(
        "--original", required=True, metavar="ID", help="evidence number of your original photo"
    )
    p.add_argument(
        "--to", required=True, metavar="ID", help="evidence number of the screenshot or capture"
    )


def _bundle_commands(cmd: CommandAdder) -> None:
    """case export, import."""
    p = cmd("export", "write a verifiable evidence bundle (ZIP)", _export)
    p.add_argument("case", type=int, help="the case number (see case list)")
    p.add_argument(
        "-o", "--output", required=True, metavar="BUNDLE.zip", help="the bundle file to write"
    )
    p.add_argument(
        "--include-originals",
        action="store_true",
        help="also include your own original photos (off by default, for privacy)",
    )
    p.add_argument(
        "--include-paths",
        action="store_true",
        help="also record the folder each file came from (off by default: file names only)",
    )
    _tsa_args(p)
    add_sign_options(p, "the bundle's report.pdf")

    p = cmd("import", "receive a case from a bundle", _import)
    p.add_argument("bundle", metavar="BUNDLE.zip", help="the bundle file you received")


def _tsa_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tsa", metavar="URL", help="use this TSA instead of the configured ones")
    p.add_argument(
        "--tsa-ca",
        metavar="PEM",
        action="append",
        default=[],
        help="trust root(s) for --tsa (repeatable)",
    )


def case_json(c: Case) -> dict[str, Any]:
    d = asdict(c)
    d["platforms"] = list(c.platforms)
    return d


def item_json(i: EvidenceItem) -> dict[str, Any]:
    return {
        "id": i.id,
        "kind": i.kind,
        "sha256": i.sha256,
        "size": i.size,
        "filename": i.filename,
        "media_type": i.media_type,
        "note": i.note,
        "description": i.description,
        "supersedes": i.supersedes,
        "removed": i.tombstoned,
        "acquisition": i.acquisition.to_json(),
        "timestamp_status": i.timestamp_status,
        "timestamp": None
        if i.timestamp is None
        else {
            "gen_time": i.timestamp.gen_time,
            "tsa": i.timestamp.tsa_url,
            "serial": i.timestamp.serial,
        },
    }


def _new(args: argparse.Namespace) -> int:
    c = services_for(args).cases.create_case(args.title, args.kind, language=args.language)
    if args.json:
        emit_json({"id": c.id, "uid": c.uid})
    else:
        print(f"Case {c.id} created: {c.title}")
    return 0


def _add(args: argparse.Namespace) -> int:
    progress = StderrProgress("Adding")
    services = services_for(args)
    items = services.cases.add_evidence(
        args.case,
        args.files,
        kind=args.kind,
        url=args.url,
        platform=args.platform,
        account=args.account,
        note=args.note,
        progress=progress,
    )
    progress.finish()
    items = _stamp_now(services, args, [i.id for i in items])
    if args.json:
        emit_json({"evidence": [item_json(i) for i in items]})
    else:
        for i in items:
            stamp = f"timestamped {i.timestamp.gen_time}" if i.timestamp else "not yet timestamped"
            print(f"Evidence {i.id}: {i.filename}  sha256 {i.sha256}  ({stamp})")
    return 0


def _link(args: argparse.Namespace) -> int:
    from picproof.services.case_links import link_original

    services = services_for(args)
    try:
        record = link_original(services.cases, args.case, args.original, args.to)
    finally:
        services.close()
    if args.json:
        emit_json(
            {
                "match_id": record.id,
                "original_evidence_id": record.original_evidence_id,
                "suspect_evidence_id": record.suspect_evidence_id,
                "decision": record.decision,
            }
        )
    else:
        print(
            f"Linked your original (evidence {record.original_evidence_id}) to evidence "
            f"{record.suspect_evidence_id}; letters show them side by side "
            "(custody log: match accepted, linked by you)."
        )
    return 0


def _stamp_now(services: Services, args: argparse.Namespace, ids: list[int]) -> list[EvidenceItem]:
    """Per-item tokens at acquisition time when TSAs are configured (offline: they stay pending)."""
    if not args.no_timestamp and services.timestamps.targets():
        services.timestamps.timestamp_case(args.case)
    return [services.cases.get_evidence(i) for i in ids]


def _capture(args: argparse.Namespace) -> int:
    services = services_for(args)
    result = capture_url(
        services.cases, args.case, args.url, platform=args.platform, account=args.account
    )
    _stamp_now(services, args, [])
    if args.json:
        emit_json({**asdict(result), "note": JS_NOTE})
    else:
        print(
            f"Captured {result.final_url} (HTTP {result.status}) as evidence "
            f"{result.page_evidence_id}; {len(result.image_evidence_ids)} image(s) kept."
        )
        for url, reason in result.skipped_images:
            print(f"  skipped {url}: {reason}")
        print(JS_NOTE)
    return 0


def _timestamp(args: argparse.Namespace) -> int:
    run = services_for(args).timestamps.timestamp_case(args.case, url=args.tsa, roots=args.tsa_ca)
    if args.json:
        emit_json(
            {
                "timestamped": run.timestamped,
                "pending": run.pending,
                "tsa": run.tsa_url,
                "errors": [{"tsa": u, "reason": c} for u, c in run.errors],
            }
        )
    else:
        print(f"Timestamped {run.timestamped} item(s); {run.pending} not yet timestamped.")
        for url, code in run.errors:
            print(f"  {url or 'settings'}: {_reason(code)}")
        if run.pending:
            print("Run this command again when the time-stamping service is reachable.")
    return EXIT_ENVIRONMENT if run.pending else 0


def _reason(code: str) -> str:
    from picproof.cli_cmds.messages import SENTENCES

    return SENTENCES.get(code, code).format_map(_Blank())


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "the service"


def _list(args: argparse.Namespace) -> int:
    cases = services_for(args).cases.list_cases()
    if args.json:
        emit_json({"cases": [case_json(c) for c in cases]})
    elif not cases:
        print("No cases yet. Start one with: picproof case new TITLE")
    else:
        for c in cases:
            print(f"{c.id:4}  {c.status:14} {c.kind:14} {c.title}")
    return 0


def _show(args: argparse.Namespace) -> int:
    svc = services_for(args).cases
    c = svc.get_case(args.case)
    items = svc.list_evidence(c.id)
    if args.json:
        emit_json(
            {
                "case": case_json(c),
                "evidence": [item_json(i) for i in items],
                "matches": [asdict(m) for m in svc.matches(c.id)],
                "deadlines": [asdict(d) for d in svc.deadlines(c.id)],
            }
        )
        return 0
    print(f"Case {c.id}: {c.title} ({c.kind}, {c.status})")
    for i in items:
        stamp = f"timestamped {i.timestamp.gen_time}" if i.timestamp else "not yet timestamped"
        print(f"  {i.id:4} {i.kind:12} {i.filename}  {i.sha256[:16]}…  {stamp}")
    return 0


def _log(args: argparse.Namespace) -> int:
    svc = services_for(args).cases
    entries = svc.custody_log(args.case)
    problems = svc.verify_log(args.case)
    if args.json:
        emit_json(
            {
                "entries": [e.to_json() for e in entries],
                "intact": not problems,
                "problems": [asdict(p) for p in problems],
            }
        )
    else:
        for e in entries:
            print(f"{e.seq:4}  {e.at}  {e.event:22} {e.hash[:16]}")
        print("Log intact." if not problems else "LOG BROKEN:")
        for p in problems:
            print(f"  entry {p.seq}: {p.code} {p.detail}")
    return EXIT_FAILED if problems else 0


def _export(args: argparse.Namespace) -> int:
    progress = StderrProgress("Exporting")
    services = services_for(args)
    result = services.bundles.export(
        args.case,
        args.output,
        include_originals=args.include_originals,
        include_paths=args.include_paths,
        url=args.tsa,
        roots=args.tsa_ca,
        progress=progress,
        sign_report=signer(services, args, args.case, "Evidence report"),
    )
    progress.finish()
    if args.json:
        emit_json(asdict(result))
    else:
        print(f"Bundle written: {result.path} ({result.files} files, sha256 {result.sha256})")
        print(f"{result.timestamped_items} item(s) timestamped, {result.pending_items} not yet.")
        if result.report_signed:
            print("The bundle's report (report.pdf) carries your digital signature.")
        for what, count in result.left_out:
            print(
                f"Left out: your {count} original photo(s) (add them with --include-originals)."
                if what == "originals"
                else f"Left out: the folders {count} file(s) came from (file names only; "
                "--include-paths to record them)."
            )
        if not result.manifest_timestamped:
            print(
                "The bundle's manifest was NOT timestamped; it can still be checked by its hashes."
            )
            print(_why_not_stamped(result.tsa_errors, args.case))
    return 0


def _why_not_stamped(errors: tuple[tuple[str, str], ...], case_id: int) -> str:
    """The reason in words, and how to complete it later (never a silent skip)."""
    from picproof.cli_cmds.messages import describe_error
    from picproof.core.errors import TimestampError

    codes = [code for _, code in errors]
    for code in ("tsa-consent-needed", "tsa-consent-refused", "tsa-none-configured"):
        if code in codes:
            return describe_error(TimestampError(code))
    reasons = "; ".join(dict.fromkeys(describe_error(TimestampError(c, url=u)) for u, c in errors))
    return (
        f"No time-stamping service answered ({reasons or 'offline?'}). When you are online, run "
        f"'picproof case timestamp {case_id}' and export again."
    )


def _import(args: argparse.Namespace) -> int:
    c = services_for(args).bundles.import_bundle(args.bundle)
    if args.json:
        emit_json({"id": c.id, "uid": c.uid, "title": c.title})
    else:
        print(f"Imported case {c.id}: {c.title}")
    return 0


def _deadline(args: argparse.Namespace) -> int:
    d = services_for(args).cases.add_deadline(
        args.case, args.kind, due=args.due, start=args.start, description=args.description
    )
    if args.json:
        emit_json(asdict(d))
    else:
        print(f"Deadline {d.id}: {d.kind} due {d.due}")
    return 0


def _due(args: argparse.Namespace) -> int:
    due = services_for(args).cases.due_soon()
    if args.json:
        emit_json(
            {
                "due": [
                    {
                        "case_id": r.case_id,
                        "case": r.case_title,
                        "days_left": r.days_left,
                        **asdict(r.deadline),
                    }
                    for r in due
                ]
            }
        )
    else:
        for r in due:
            print(
                f"{r.deadline.due}  ({r.days_left} days)  case {r.case_id} {r.case_title}: "
                f"{r.deadline.kind} {r.deadline.description}"
            )
    return 0
