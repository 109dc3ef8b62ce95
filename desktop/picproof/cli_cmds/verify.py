"""``picproof verify BUNDLE.zip``: exit 0 when every check passes, 1 when any fails."""

from __future__ import annotations

import argparse

from picproof.cli_cmds.common import EXIT_FAILED, emit_json

ISSUE_TEXT = {
    "not-a-bundle": "not a readable ZIP archive",
    "missing-file": "file is missing",
    "unexpected-file": "file was added (it is not listed)",
    "file-changed": "file content changed",
    "corrupt-entry": "file is damaged inside the archive",
    "manifest-unreadable": "manifest.json cannot be read",
    "sums-unreadable": "SHA256SUMS is damaged",
    "log-bad-hash": "custody log entry was edited",
    "log-broken-link": "custody log entry was removed, inserted or moved before this one",
    "log-bad-seq": "custody log entries are out of order",
    "log-truncated": "custody log was cut short",
    "log-head-mismatch": "custody log does not end where the manifest says",
    "log-unparsable": "custody log line cannot be read",
    "log-not-canonical": "custody log line was re-written",
    "log-wrong-case": "custody log entry belongs to another case",
    "token-missing": "timestamp token is missing",
    "token-target-mismatch": "timestamp token does not cover the file it claims",
    "path-traversal": "archive tries to write outside its folder",
    "absolute-path": "archive contains an absolute path",
    "symlink": "archive contains a symbolic link",
    "duplicate-name": "archive contains the same name twice",
    "zip-bomb": "archive entry expands suspiciously (zip bomb)",
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("verify", help="check an evidence bundle (hashes, custody log, timestamps)")
    p.add_argument("bundle", metavar="BUNDLE.zip")
    p.add_argument("--tsa-ca", metavar="PEM", action="append", default=[],
                   help="trust only these TSA roots (default: the roots shipped in the bundle)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_verify)


def describe(code: str) -> str:
    if code in ISSUE_TEXT:
        return ISSUE_TEXT[code]
    if code.startswith("token-"):
        from picproof.cli_cmds.messages import SENTENCES

        sentence = SENTENCES.get(code[len("token-"):])
        if sentence:
            return "timestamp token rejected: " + sentence.replace("{url}", "the TSA").rstrip(".")
    return code.replace("-", " ")


def _verify(args: argparse.Namespace) -> int:
    from pathlib import Path

    from picproof.services.bundle_verify import verify_bundle

    report = verify_bundle(Path(args.bundle), extra_roots=args.tsa_ca)
    if args.json:
        emit_json(report.to_json())
    else:
        for issue in report.issues:
            where = issue.path or ""
            if issue.seq is not None:
                where += f" entry {issue.seq}"
            print(f"FAIL  {where}: {describe(issue.code)}" + (f" ({issue.detail})" if issue.detail
                                                               else ""))
        for w in report.warnings:
            print(f"note  {w.detail or w.code}")
        for r in report.roots:
            print(f"      TSA root {r['subject']} sha256 {r['sha256']}")
        if report.manifest_timestamp:
            print(f"Manifest timestamped at {report.manifest_timestamp['gen_time']} UTC.")
        status = "OK" if report.ok else f"FAILED ({len(report.issues)} problem(s))"
        print(f"{status}: {report.files_checked} files, {report.log_entries} log entries, "
              f"{report.tokens_verified} timestamp tokens verified.")
    return 0 if report.ok else EXIT_FAILED
