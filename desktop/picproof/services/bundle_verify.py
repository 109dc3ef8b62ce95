"""``picproof verify BUNDLE``: check everything in a bundle and name each failure.

Checks: archive structure (safe names, no duplicates, no bombs), every file against manifest.json
and SHA256SUMS (hash and size; nothing added, removed or renamed), the custody log's hash chain and
its head against the manifest, every timestamp token (status, imprint equal to the file it claims to
cover, signature, chain to the bundle's TSA roots or to roots the checker pins), and the manifest's
own token. A bundle without a manifest token still verifies by hashes, with a warning.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from picproof.core.custody import parse_jsonl, verify_chain
from picproof.core.errors import TimestampError
from picproof.services.bundle_format import (
    CUSTODY_LOG,
    FIXED,
    FORMAT,
    MANIFEST,
    MANIFEST_CERTS_PEM,
    MANIFEST_ROOT_PEM,
    MANIFEST_TOKEN,
    SUMS,
    is_root_pem,
)
from picproof.services.bundle_zip import ZipIssue, check_entries, read_entry

_EXTRA_OK = set(FIXED) | {
    MANIFEST_TOKEN,
    MANIFEST_ROOT_PEM,
    MANIFEST_CERTS_PEM,
}
_SUM_LINE = re.compile(r"^([0-9a-f]{64})  (\S+)$")


@dataclass(frozen=True)
class Issue:
    code: str
    path: str | None = None
    seq: int | None = None
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass
class VerifyReport:
    path: str
    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    files_checked: int = 0
    tokens_verified: int = 0
    log_entries: int = 0
    manifest_timestamp: dict[str, Any] | None = None
    roots: list[dict[str, str]] = field(default_factory=list)
    case: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.issues

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "bundle": self.path,
            "issues": [i.to_json() for i in self.issues],
            "warnings": [w.to_json() for w in self.warnings],
            "files_checked": self.files_checked,
            "tokens_verified": self.tokens_verified,
            "log_entries": self.log_entries,
            "manifest_timestamp": self.manifest_timestamp,
            "roots": self.roots,
            "case": self.case,
        }


def _zip_issue(z: ZipIssue) -> Issue:
    return Issue(z.code, z.path, None, z.detail)


def verify_members(
    members: dict[str, bytes],
    *,
    extra_roots: Sequence[str] = (),
    quick: bool = False,
    name: str = "",
) -> VerifyReport:
    """Check already-read archive members (``quick``: stop after the first stage that fails)."""
    report = VerifyReport(name)
    hashes = {k: (hashlib.sha256(v).hexdigest(), len(v)) for k, v in members.items()}
    _check(report, hashes, members, extra_roots, quick)
    return report


def verify_bundle(
    path: Path, *, extra_roots: Sequence[str] = (), quick: bool = False
) -> VerifyReport:
    """Every check; ``quick`` stops after the first failing stage (structure and hashes, custody
    log, tokens) instead of reporting every problem."""
    report = VerifyReport(str(path))
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.issues.append(Issue("not-a-bundle", str(path), None, str(exc)[:120]))
        return report
    with zf:
        structural = check_entries(zf)
        if structural:
            report.issues += [_zip_issue(z) for z in structural]
            return report
        hashes: dict[str, tuple[str, int]] = {}
        small: dict[str, bytes] = {}
        for info in zf.infolist():
            keep = not info.filename.startswith(
                ("evidence/", "originals/", "matches/", "letters/", "report.pdf")
            )
            try:
                sha, size, data = read_entry(zf, info, keep=keep)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                report.issues.append(Issue("corrupt-entry", info.filename, None, str(exc)[:120]))
                continue
            hashes[info.filename] = (sha, size)
            if data is not None:
                small[info.filename] = data
        _check(report, hashes, small, extra_roots, quick)
    return report


def _check(
    report: VerifyReport,
    hashes: dict[str, tuple[str, int]],
    small: dict[str, bytes],
    extra_roots: Sequence[str],
    quick: bool = False,
) -> None:
    raw_manifest = small.get(MANIFEST)
    if raw_manifest is None:
        report.issues.append(Issue("missing-file", MANIFEST))
        return
    try:
        manifest = json.loads(raw_manifest.decode("utf-8"))
        files = manifest["files"]
        if manifest.get("format") != FORMAT or not isinstance(files, list):
            raise ValueError("not a PicProof bundle manifest")
        listed = {}
        for f in files:
            if not (
                isinstance(f, dict)
                and isinstance(f.get("path"), str)
                and isinstance(f.get("sha256"), str)
                and isinstance(f.get("size"), int)
            ):
                raise TypeError("bad file entry")
            if f["path"] in listed:
                raise ValueError(f"file listed twice: {f['path']}")
            listed[f["path"]] = f
        head = manifest["custody_head"]
        head_pair = (int(head["seq"]), str(head["hash"]))
        report.case = manifest.get("case")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        report.issues.append(Issue("manifest-unreadable", MANIFEST, None, str(exc)[:120]))
        _check_sums(report, hashes, small)
        return
    for name in sorted(hashes):
        if name not in listed and name not in _EXTRA_OK:
            report.issues.append(Issue("unexpected-file", name, None, "not in manifest.json"))
    for name in FIXED:
        if name not in hashes:
            report.issues.append(Issue("missing-file", name))
    for name, f in sorted(listed.items()):
        if name not in hashes:
            report.issues.append(Issue("missing-file", name, None, "listed in manifest.json"))
        elif hashes[name] != (f["sha256"], f["size"]):
            report.issues.append(
                Issue("file-changed", name, None, "SHA-256 or size differs from manifest.json")
            )
        else:
            report.files_checked += 1
    _check_sums(report, hashes, small)
    if quick and report.issues:
        return
    _check_log(report, small, head_pair, manifest)
    if quick and report.issues:
        return
    roots = _roots(report, small, listed, extra_roots)
    _check_tokens(report, small, listed, roots, raw_manifest)


def _check_sums(
    report: VerifyReport, hashes: dict[str, tuple[str, int]], small: dict[str, bytes]
) -> None:
    raw = small.get(SUMS)
    if raw is None:
        if SUMS not in hashes:
            report.issues.append(Issue("missing-file", SUMS))
        return
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        report.issues.append(Issue("sums-unreadable", SUMS))
        return
    if not text.endswith("\n"):
        report.issues.append(Issue("sums-unreadable", SUMS, None, "missing final newline"))
    sums: dict[str, str] = {}
    # Lines end at "\n" only, as sha256sum reads them: splitlines() would also split at a vertical
    # tab or form feed, so a changed SHA256SUMS ("\n" flipped to "\x0b") still read as valid.
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines, start=1):
        m = _SUM_LINE.match(line)
        if not m or m.group(2) in sums:
            report.issues.append(Issue("sums-unreadable", SUMS, None, f"line {n}"))
            continue
        sums[m.group(2)] = m.group(1)
    for name, digest in sorted(sums.items()):
        if name not in hashes:
            report.issues.append(Issue("missing-file", name, None, "listed in SHA256SUMS"))
        elif hashes[name][0] != digest:
            report.issues.append(
                Issue("file-changed", name, None, "SHA-256 differs from SHA256SUMS")
            )
    for name in sorted(hashes):
        if name != SUMS and name not in sums:
            report.issues.append(Issue("unexpected-file", name, None, "not in SHA256SUMS"))


def _check_log(
    report: VerifyReport, small: dict[str, bytes], head: tuple[int, str], manifest: dict[str, Any]
) -> None:
    raw = small.get(CUSTODY_LOG)
    if raw is None:
        report.issues.append(Issue("missing-file", CUSTODY_LOG))
        return
    entries, problems = parse_jsonl(raw)
    case_uid = (manifest.get("case") or {}).get("uid")
    problems += verify_chain(entries, case_uid=case_uid, expected_head=head)
    report.log_entries = len(entries)
    for p in problems:
        report.issues.append(Issue(f"log-{p.code}", CUSTODY_LOG, p.seq, p.detail))


def _roots(
    report: VerifyReport,
    small: dict[str, bytes],
    listed: dict[str, Any],
    extra_roots: Sequence[str],
) -> list[Any]:
    """Pinned roots when the checker gives some; else the roots shipped in the bundle (reported
    with fingerprints so a person can compare them with what the TSA publishes)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes as h

    from picproof.net.tsa import load_roots

    if extra_roots:
        try:
            return load_roots(extra_roots)
        except TimestampError as exc:
            report.issues.append(Issue(exc.code, str(exc.fields.get("path"))))
            return []
    roots: list[Any] = []
    for name, data in sorted(small.items()):
        if is_root_pem(name):
            try:
                certs = x509.load_pem_x509_certificates(data)
            except (ValueError, x509.InvalidVersion):  # not a ValueError: a flipped version byte
                report.issues.append(Issue("root-unreadable", name))
                continue
            for cert in certs:
                try:  # cryptography parses the subject lazily: a damaged one fails only here
                    facts = {
                        "path": name,
                        "subject": cert.subject.rfc4514_string(),
                        "sha256": cert.fingerprint(h.SHA256()).hex(),
                    }
                except ValueError:
                    report.issues.append(Issue("root-unreadable", name))
                    continue
                if cert not in roots:
                    roots.append(cert)
                    report.roots.append(facts)
    if roots:
        report.warnings.append(
            Issue(
                "roots-from-bundle",
                None,
                None,
                "tokens were checked against the TSA roots shipped in the "
                "bundle; compare their fingerprints with the TSA's own",
            )
        )
    return roots


def _check_tokens(
    report: VerifyReport,
    small: dict[str, bytes],
    listed: dict[str, Any],
    roots: list[Any],
    raw_manifest: bytes,
) -> None:
    from picproof.net.tsa import verify_response

    log_hashes = {}
    entries, _ = parse_jsonl(small.get(CUSTODY_LOG, b""))
    for e in entries:
        log_hashes[e.seq] = e.hash
    for name, f in sorted(listed.items()):
        if f.get("role") == "evidence" and f.get("timestamp"):
            token = f["timestamp"].get("token")
            if token not in listed or (listed[token].get("covers") or {}).get("path") != name:
                report.issues.append(Issue("token-missing", name, None, str(token)))
        if f.get("role") != "timestamp":
            continue
        covers = f.get("covers") or {}
        if "path" in covers:
            target = listed.get(covers["path"])
            if target is None or target["sha256"] != covers.get("sha256"):
                report.issues.append(
                    Issue("token-target-mismatch", name, None, f"covers {covers.get('path')}")
                )
                continue
            digest = target["sha256"]
        else:
            digest = log_hashes.get(covers.get("custody_seq", -1), "")
            if not digest or digest != covers.get("hash"):
                report.issues.append(
                    Issue("token-target-mismatch", name, covers.get("custody_seq"), "custody entry")
                )
                continue
        if name not in small:
            continue  # already reported as missing
        try:
            verify_response(small[name], bytes.fromhex(digest), roots)
            report.tokens_verified += 1
        except TimestampError as exc:
            report.issues.append(
                Issue(f"token-{exc.code}", name, None, str(exc.fields.get("detail", ""))[:120])
            )
    raw = small.get(MANIFEST_TOKEN)
    if raw is None:
        report.warnings.append(
            Issue(
                "manifest-not-timestamped",
                MANIFEST,
                None,
                "no TSA was reachable at export; checked by hashes only",
            )
        )
        return
    try:
        info = verify_response(raw, hashlib.sha256(raw_manifest).digest(), roots)
        report.tokens_verified += 1
        report.manifest_timestamp = {
            "gen_time": info.gen_time,
            "serial": info.serial,
            "tsa_name": info.tsa_name,
        }
    except TimestampError as exc:
        report.issues.append(
            Issue(
                f"token-{exc.code}", MANIFEST_TOKEN, None, str(exc.fields.get("detail", ""))[:120]
            )
        )
