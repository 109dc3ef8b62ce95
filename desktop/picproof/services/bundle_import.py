"""``picproof case import BUNDLE``: a clinic receiving a case.

The archive is refused unless it is structurally safe and passes every ``verify`` check. Files are
streamed into the content-addressed store under names *we* compute (their SHA-256), so no archive
name is ever used as a path. The case, its evidence rows, its tokens and its custody log (entries
kept verbatim, then one ``bundle-imported`` entry appended) are written in one transaction after
the files are durable: killing the import at any point leaves either no case or the whole case.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import IO, Any

from picproof.core.cases import Case
from picproof.core.custody import parse_jsonl
from picproof.core.errors import BundleError, TimestampError
from picproof.core.progress import NULL_PROGRESS, Progress
from picproof.services.bundle_format import CUSTODY_LOG, MANIFEST
from picproof.services.bundle_verify import verify_bundle
from picproof.services.bundle_zip import check_entries
from picproof.services.cases import CaseService, ImportedCase, ImportedItem, TokenFacts
from picproof.services.evidence import StoredFile
from picproof.store.evidence_rows import acquisition_from_json


class _Limited:
    """A read-only stream that refuses to yield more than ``limit`` bytes."""

    def __init__(self, fh: IO[bytes], limit: int) -> None:
        self.fh, self.left = fh, limit

    def read(self, n: int = -1) -> bytes:
        chunk = self.fh.read(n if n >= 0 else 1 << 20)
        self.left -= len(chunk)
        if self.left < 0:
            raise BundleError("entry-size-mismatch")
        return chunk


def import_bundle(cases: CaseService, path: Path, *, progress: Progress = NULL_PROGRESS) -> Case:
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BundleError("not-a-bundle", path=str(path)) from exc
    with zf:
        structural = check_entries(zf)
        if structural:
            first = structural[0]
            raise BundleError(f"unsafe-{first.code}", path=str(path), entry=first.path or "")
    report = verify_bundle(path)
    if not report.ok:
        first_issue = report.issues[0]
        raise BundleError(
            "bundle-verify-failed",
            path=str(path),
            problem=first_issue.code,
            entry=first_issue.path or "",
            count=len(report.issues),
        )
    with zipfile.ZipFile(path) as zf:
        return _import(cases, path, zf, progress)


def _import(cases: CaseService, path: Path, zf: zipfile.ZipFile, progress: Progress) -> Case:

    manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
    case_info = manifest["case"]
    if cases.has_case_uid(case_info["uid"]):
        raise BundleError("case-exists", uid=case_info["uid"], title=case_info.get("title", ""))
    listed = {f["path"]: f for f in manifest["files"]}
    evidence = [f for f in manifest["files"] if f.get("role") == "evidence"]
    # 1. Files first: durable in the store before any row refers to them.
    for n, f in enumerate(evidence):
        progress.update(n, len(evidence), f["path"])
        info = zf.getinfo(f["path"])
        with zf.open(info) as fh:
            sha, size = cases.put_evidence_stream(_Limited(fh, info.file_size))
        if (sha, size) != (f["sha256"], f["size"]):
            raise BundleError("entry-changed-during-import", entry=f["path"])
    # 2. Tokens, verified again against the roots they shipped with.
    tokens = _verified_tokens(zf, evidence, listed)
    entries, problems = parse_jsonl(zf.read(CUSTODY_LOG))
    if problems:
        raise BundleError("log-invalid", problem=problems[0].code)
    items = [
        ImportedItem(
            kind=f.get("kind", "other"),
            file=StoredFile(
                sha256=f["sha256"],
                size=f["size"],
                filename=f.get("filename") or Path(f["path"]).name,
                media_type=f.get("media_type", "application/octet-stream"),
                facts=acquisition_from_json(f.get("acquisition") or {}),
            ),
            description=f.get("description", ""),
            note=f.get("note", ""),
            token=tokens.get(f["path"]),
        )
        for f in evidence
    ]
    # 3. One transaction for every row.
    received: ImportedCase = {
        "uid": case_info["uid"],
        "title": case_info.get("title") or path.stem,
        "kind": case_info.get("kind", "other"),
        "status": case_info.get("status", "open"),
        "details": {
            "platforms": case_info.get("platforms", []),
            "accounts": case_info.get("accounts", []),
            "rights_holder": {"name": case_info.get("rights_holder", "")},
            "language": case_info.get("language", "en"),
            "notes": "",
        },
        "operator": case_info.get("operator", ""),
    }
    case = cases.add_imported_case(
        received,
        source_name=path.name,
        log=entries,
        items=items,
        note={
            "file": path.name,
            "items": len(evidence),
            "received_head": entries[-1].hash,
            "operator": cases.settings.operator_name,
        },
    )
    progress.update(len(evidence), len(evidence), "")
    return case


def _verified_tokens(
    zf: zipfile.ZipFile, evidence: list[dict[str, Any]], listed: dict[str, Any]
) -> dict[str, TokenFacts]:
    """Each item's token, verified again against the roots it shipped with (by item path)."""
    from picproof.net.tsa import verify_response

    tokens: dict[str, TokenFacts] = {}
    for f in evidence:
        stamp = f.get("timestamp")
        if not stamp:
            continue
        raw = zf.read(stamp["token"])
        roots_pem = zf.read(stamp["ca_file"]) if stamp.get("ca_file") in listed else b""
        try:
            token = verify_response(raw, bytes.fromhex(f["sha256"]), _roots_from(roots_pem))
        except TimestampError as exc:
            raise BundleError("token-invalid", entry=stamp["token"], reason=exc.code) from exc
        tokens[f["path"]] = TokenFacts(
            digest_sha256=f["sha256"],
            tsa_url=stamp.get("tsa", ""),
            tsa_name=token.tsa_name,
            gen_time=token.gen_time,
            serial=token.serial,
            policy=token.policy,
            response_der=raw,
            roots_pem=roots_pem,
        )
    return tokens


def _roots_from(pem: bytes) -> list[Any]:
    from cryptography import x509

    try:
        return x509.load_pem_x509_certificates(pem) if pem else []
    except ValueError:
        return []
