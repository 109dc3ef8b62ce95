"""``picproof verify FILE.pdf``: a signed, timestamped PDF checked, in plain words or ``--json``.

Exit 0 when every signature is intact and valid, every timestamp verifies against a TSA root this
user trusts (configured or preset TSAs, or ``--tsa-ca``), and nothing but timestamps was added after
signing; 1 otherwise (also for a PDF with no signature at all).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from picproof.cli_cmds.common import EXIT_FAILED, emit_json, services_for


def _time(value: str | None) -> str:
    return value.replace("T", " ").replace("Z", " UTC") if value else "unknown time"


def _lines(check: object) -> list[str]:
    from picproof.pdf.signing import SignatureCheck

    assert isinstance(check, SignatureCheck)
    out: list[str] = []
    state = "intact" if check.intact and check.valid else "BROKEN (the signed bytes were changed)"
    if check.kind == "document-timestamp":
        trust = (
            "its TSA root is one you trust"
            if check.timestamp_trusted
            else "NOT from a TSA root you trust (give it with --tsa-ca)"
        )
        out.append(
            f"Document timestamp {_time(check.timestamp_time)} by {check.timestamp_tsa or '?'}: "
            f"{state}; {trust}."
        )
    else:
        who = check.signer or "?"
        trust = (
            "your own key"
            if check.signer_trusted
            else f"certificate SHA-256 {check.signer_sha256}: compare it with the fingerprint the "
            "sender gives ('picproof signing show')"
        )
        out.append(f"Signature by {who}: {state}; {trust}.")
        if check.timestamp_time:
            ok = "valid" if check.timestamp_valid else "INVALID"
            trusted = "trusted TSA" if check.timestamp_trusted else "TSA root NOT trusted"
            out.append(
                f"  Signature timestamp {_time(check.timestamp_time)} by {check.timestamp_tsa}: "
                f"{ok}, {trusted}."
            )
        else:
            out.append("  No signature timestamp: the signing time is only the signer's own clock.")
    if check.covers == "whole-file":
        out.append("  It covers the whole file: nothing was changed or added since.")
    elif check.changes_after in ("none", "timestamps/validation data only"):
        out.append("  Unchanged since; only timestamps or validation data were added after it.")
    else:
        out.append(f"  CHANGED after signing ({check.changes_after}).")
    out += [f"  Problem: {p}" for p in check.problems]
    return out


def verify_pdf_file(args: argparse.Namespace) -> int:
    path = Path(args.bundle)
    try:
        data = path.read_bytes()
    except OSError as exc:
        from picproof.core.errors import BadInput

        raise BadInput("unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
    services = services_for(args)
    try:
        report = services.signing.verify(data, tsa_ca=args.tsa_ca)
    finally:
        services.close()
    if args.json:
        emit_json({"file": path.name, **report.to_json()})
        return 0 if report.ok else EXIT_FAILED
    if not report.signatures:
        print(
            f"FAILED: {path.name} carries no signature." + "".join(f" {p}" for p in report.problems)
        )
        return EXIT_FAILED
    for check in report.signatures:
        print("\n".join(_lines(check)))
    if report.pdfa:
        print(f"The file declares PDF/A-{report.pdfa[0]}{report.pdfa[1].lower()} (archival PDF).")
    if report.ok:
        stamped = " and timestamped" if report.timestamped else ""
        print(f"OK: {path.name} is signed{stamped}, and unchanged since.")
        return 0
    print(f"FAILED: {path.name} does not pass every check above.")
    return EXIT_FAILED
