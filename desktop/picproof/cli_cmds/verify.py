"""``picproof verify BUNDLE.zip``: exit 0 when every check passes, 1 when any fails."""

from __future__ import annotations

import argparse
from pathlib import Path

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
    p = sub.add_parser(
        "verify",
        help="check an evidence bundle (hashes, custody log, timestamps) or a signed PDF",
        description="BUNDLE.zip: every file, the custody log and the timestamp tokens. FILE.pdf: "
        "each signature and document timestamp, and that the document is unchanged since.",
    )
    p.add_argument(
        "bundle", metavar="BUNDLE.zip|FILE.pdf", help="an evidence bundle or a signed PDF"
    )
    p.add_argument(
        "--tsa-ca",
        metavar="PEM",
        action="append",
        default=[],
        help="trust only these TSA roots (default: the roots shipped in the bundle)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_verify)


def describe(code: str) -> str:
    if code in ISSUE_TEXT:
        return ISSUE_TEXT[code]
    if code.startswith("token-"):
        from picproof.cli_cmds.messages import SENTENCES

        sentence = SENTENCES.get(code[len("token-") :])
        if sentence:
            return "timestamp token rejected: " + sentence.replace("{url}", "the TSA").rstrip(".")
    return code.replace("-", " ")


def _verify(args: argparse.Namespace) -> int:
    from picproof.services.bundle_verify import verify_bundle

    if _is_pdf(Path(args.bundle)):
        from picproof.cli_cmds.verify_pdf import verify_pdf_file

        return verify_pdf_file(args)

    report = verify_bundle(Path(args.bundle), extra_roots=args.tsa_ca)
    known = _configured_root_fingerprints(args)
    for root in report.roots:
        root["known"] = "yes" if root["sha256"] in known else "no"
    if args.json:
        emit_json(report.to_json())
    else:
        for issue in report.issues:
            where = issue.path or ""
            if issue.seq is not None:
                where += f" entry {issue.seq}"
            print(
                f"FAIL  {where}: {describe(issue.code)}"
                + (f" ({issue.detail})" if issue.detail else "")
            )
        for w in report.warnings:
            print(f"note  {w.detail or w.code}")
        for r in report.roots:
            trust = (
                "one of your configured TSA roots"
                if r["known"] == "yes"
                else "NOT one of your configured TSA roots: compare this fingerprint with the one "
                "the TSA publishes"
            )
            print(f"      TSA root {r['subject']} sha256 {r['sha256']} ({trust})")
        if report.manifest_timestamp:
            print(f"Manifest timestamped at {report.manifest_timestamp['gen_time']} UTC.")
        status = "OK" if report.ok else f"FAILED ({len(report.issues)} problem(s))"
        print(
            f"{status}: {report.files_checked} files, {report.log_entries} log entries, "
            f"{report.tokens_verified} timestamp tokens verified."
        )
    return 0 if report.ok else EXIT_FAILED


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return path.suffix.lower() == ".pdf"


def _configured_root_fingerprints(args: argparse.Namespace) -> set[str]:
    """SHA-256 fingerprints of the TSA roots in this user's settings (read only)."""
    import os

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    from picproof.services.paths import resolve_paths
    from picproof.services.settings import load_settings

    paths = resolve_paths(getattr(args, "data_dir", None) or os.environ.get("PICPROOF_DATA_DIR"))
    if not paths.settings_file.is_file():
        return set()
    out: set[str] = set()
    for tsa in load_settings(paths.settings_file).tsas:
        for pem in [*tsa.trust_roots, *args.tsa_ca]:
            try:
                certs = x509.load_pem_x509_certificates(Path(pem).read_bytes())
            except (OSError, ValueError):
                continue
            out.update(c.fingerprint(hashes.SHA256()).hex() for c in certs)
    return out
