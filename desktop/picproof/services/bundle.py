"""Exporting a case as an evidence bundle: one ZIP a lawyer, a platform or a court can check
without PicProof. The layout is in services/bundle_format.py; checking one is bundle_verify.py,
receiving one bundle_import.py.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from picproof import __version__
from picproof.core.atomic import atomic_write, owned_prefix, remove_stale_temps
from picproof.core.cases import Case, TimestampRecord
from picproof.core.custody import to_jsonl
from picproof.core.errors import StoreError
from picproof.core.progress import NULL_PROGRESS, Progress
from picproof.services import acquisition as acq
from picproof.services import bundle_format as fmt
from picproof.services.bundle_import import import_bundle
from picproof.services.bundle_text import verify_md
from picproof.services.cases import CaseService
from picproof.services.timestamps import TimestampService


@dataclass(frozen=True)
class ExportResult:
    path: str
    sha256: str
    files: int
    timestamped_items: int
    pending_items: int
    manifest_timestamped: bool
    tsa_errors: tuple[tuple[str, str], ...] = ()
    left_out: tuple[tuple[str, int], ...] = ()
    """What the bundle does not carry, said to the user: ("originals", n), ("local-paths", n)."""


def _pem_certs(ders: Sequence[bytes]) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return b"".join(x509.load_der_x509_certificate(d).public_bytes(Encoding.PEM) for d in ders)


def _token_certs(raw: bytes) -> list[bytes]:
    from asn1crypto import tsp

    signed = tsp.TimeStampResp.load(raw)["time_stamp_token"]["content"]
    return [c.chosen.dump() for c in signed["certificates"]] if signed["certificates"] else []


def _public_facts(facts: dict[str, Any], include_paths: bool) -> dict[str, Any]:
    """Acquisition facts for the bundle: the file name, not the folder it sat in (a user's folder
    names reach the platform and the infringer), unless the user asks for paths."""
    if include_paths:
        return facts
    return {k: v for k, v in facts.items() if k != "source_path"}


def _left_out(
    items: Sequence[Any], include_originals: bool, include_paths: bool
) -> tuple[tuple[str, int], ...]:
    out = []
    originals = sum(1 for i in items if i.kind == "original")
    if originals and not include_originals:
        out.append(("originals", originals))
    paths = sum(1 for i in items if i.acquisition.source_path)
    if paths and not include_paths:
        out.append(("local-paths", paths))
    return tuple(out)


class BundleService:
    def __init__(self, cases: CaseService, timestamps: TimestampService) -> None:
        self.cases = cases
        self.timestamps = timestamps

    def export(
        self,
        case_id: int,
        out: str | Path,
        *,
        include_originals: bool = False,
        include_paths: bool = False,
        url: str | None = None,
        roots: Sequence[str] = (),
        progress: Progress = NULL_PROGRESS,
        sign_report: Callable[[bytes], bytes] | None = None,
    ) -> ExportResult:
        case = self.cases.get_case(case_id)
        out = Path(out)
        targets = self.timestamps.targets(url, roots)
        errors: list[tuple[str, str]] = []
        if not targets:
            errors.append(("", self.timestamps.why_none()))  # said, never silently skipped
        else:
            run = self.timestamps.timestamp_case(case.id, url=url, roots=roots)
            errors.extend(run.errors)
            if run.pending:
                targets = []  # every TSA just failed: do not wait for them twice more
            else:
                self.timestamps.stamp_log_head(case.id, targets, errors)
        items = [
            i
            for i in self.cases.list_evidence(case.id)
            if include_originals or i.kind != "original"
        ]
        self.cases.log_event(
            case.id,
            "bundle-exported",
            {"items": len(items), "include_originals": include_originals, "file": out.name},
        )
        log = self.cases.custody_log(case.id)
        stamps = self.cases.timestamps(case.id)
        files: dict[str, bytes] = {}
        entries: list[dict[str, Any]] = []
        certs_files: dict[bytes, str] = {}
        root_files: dict[bytes, str] = {}

        def add(path: str, data: bytes, role: str, **extra: Any) -> None:
            files[path] = data
            entries.append(
                {
                    "path": path,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "size": len(data),
                    "role": role,
                    **extra,
                }
            )

        def add_token(path: str, stamp: TimestampRecord, covers: dict[str, Any]) -> dict[str, Any]:
            certs = _pem_certs(_token_certs(stamp.response_der))
            cpath = certs_files.setdefault(certs, fmt.certs_pem_path(certs))
            rpath = root_files.setdefault(stamp.roots_pem, fmt.root_pem_path(stamp.roots_pem))
            info = {
                "token": path,
                "gen_time": stamp.gen_time,
                "tsa": stamp.tsa_url,
                "serial": stamp.serial,
                "ca_file": rpath,
                "untrusted_file": cpath,
            }
            add(
                path,
                stamp.response_der,
                "timestamp",
                covers=covers,
                **{k: v for k, v in info.items() if k != "token"},
            )
            return info

        paths_by_evidence: dict[int, str] = {}
        report_rows = []
        from picproof.pdf.evidence_report import ReportRow

        for n, item in enumerate(items, start=1):
            progress.update(n - 1, len(items), item.filename)
            data = self.cases.evidence_bytes(item)
            if hashlib.sha256(data).hexdigest() != item.sha256:
                raise StoreError("evidence-file-corrupt", sha256=item.sha256, evidence_id=item.id)
            path = fmt.item_path(n, item.kind, item.filename)
            paths_by_evidence[item.id] = path
            stamp_info = None
            more_stamps = []
            if item.timestamp is not None:
                stamp_info = add_token(
                    fmt.item_token_path(n, item.filename),
                    item.timestamp,
                    {"path": path, "sha256": item.sha256},
                )
                # Tokens from other operators over the same file (a second, independent proof).
                others = [
                    t
                    for t in stamps
                    if t.subject == "evidence"
                    and t.digest_sha256 == item.sha256
                    and t.tsa_url != item.timestamp.tsa_url
                ]
                for k, other in enumerate(dict((t.tsa_url, t) for t in others).values(), 2):
                    more_stamps.append(
                        add_token(
                            fmt.item_token_path(n, item.filename, k),
                            other,
                            {"path": path, "sha256": item.sha256},
                        )
                    )
            add(
                path,
                data,
                "evidence",
                evidence_id=item.id,
                kind=item.kind,
                filename=item.filename,
                media_type=item.media_type,
                description=item.description,
                note=item.note,
                acquisition=_public_facts(item.acquisition.to_json(), include_paths),
                supersedes=item.supersedes,
                timestamp=stamp_info,
                more_timestamps=more_stamps,
                timestamp_status="timestamped" if stamp_info else "not yet timestamped",
            )
            report_rows.append(
                ReportRow(
                    path,
                    item,
                    _thumbnail(data, item.media_type),
                    stamp_info["token"] if stamp_info else None,
                )
            )
        head = log[-1]
        head_stamp = next((t for t in reversed(stamps) if t.subject == "log-head"), None)
        if head_stamp is not None:
            seq = next((e.seq for e in log if e.hash == head_stamp.digest_sha256), None)
            add_token(
                fmt.LOG_HEAD_TOKEN,
                head_stamp,
                {"custody_seq": seq, "hash": head_stamp.digest_sha256},
            )
        add(fmt.CUSTODY_LOG, to_jsonl(log), "custody-log")
        matches = [
            m for m in self.cases.matches(case.id) if m.suspect_evidence_id in paths_by_evidence
        ]
        from picproof.pdf.evidence_report import render_evidence_report
        from picproof.pdf.pdfa import to_pdfa

        generated = acq.utc_now()
        report = render_evidence_report(
            case,
            report_rows,
            generated_at=generated,
            head_seq=head.seq,
            head_hash=head.hash,
            app_version=__version__,
            matches=matches,
            paths_by_evidence=paths_by_evidence,
            show_paths=include_paths,
        )
        # PDF/A-2b always; signed and timestamped (PAdES) when asked (services/signing.py).
        report = sign_report(report) if sign_report is not None else to_pdfa(report)
        add(fmt.REPORT, report, "report", signed=sign_report is not None)
        for pem, path in root_files.items():
            add(path, pem, "tsa-root")
        for pem, path in certs_files.items():
            add(path, pem, "tsa-certificates")
        manifest = {
            "format": fmt.FORMAT,
            "version": fmt.FORMAT_VERSION,
            "created_at": generated,
            "app_version": __version__,
            "case": {
                "uid": case.uid,
                "title": case.title,
                "kind": case.kind,
                "status": case.status,
                "language": case.language,
                "operator": case.operator,
                "rights_holder": case.rights_holder.name,
                "platforms": list(case.platforms),
                "accounts": [a.__dict__ for a in case.accounts],
            },
            "custody_head": {"seq": head.seq, "hash": head.hash},
            "matches": [
                {
                    "suspect": paths_by_evidence.get(m.suspect_evidence_id),
                    "original": paths_by_evidence.get(m.original_evidence_id or -1),
                    "explanation": paths_by_evidence.get(m.explanation_evidence_id or -1),
                    "photo_sha256": m.photo_sha256,
                    "level": m.level,
                    "score": m.score,
                    "bbox": list(m.bbox) if m.bbox else None,
                    "transform": m.transform,
                    "decision": m.decision,
                }
                for m in matches
            ],
            "files": sorted(entries, key=lambda e: e["path"]),
        }
        manifest_bytes = (
            json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True).encode("utf-8")
            + b"\n"
        )
        manifest_stamp = None
        if targets:
            result = self.timestamps.stamp_digest(
                hashlib.sha256(manifest_bytes).hexdigest(), targets, errors
            )
            if result is not None:
                target, raw, info = result
                manifest_stamp = self.timestamps.record(
                    case.id, case.uid, None, "manifest", target, raw, info
                )
        files[fmt.MANIFEST] = manifest_bytes
        manifest_token = None
        if manifest_stamp is not None:
            files[fmt.MANIFEST_TOKEN] = manifest_stamp.response_der
            certs = _pem_certs(_token_certs(manifest_stamp.response_der))
            manifest_token = {
                "gen_time": manifest_stamp.gen_time,
                "tsa": manifest_stamp.tsa_url,
                "ca_file": root_files.get(manifest_stamp.roots_pem),
                "untrusted_file": certs_files.get(certs),
            }
            if manifest_token["ca_file"] is None or manifest_token["untrusted_file"] is None:
                # The manifest's TSA was not used for any item: its certificates are not listed in
                # the (already frozen) manifest, so they go beside the token and are covered by
                # SHA256SUMS only.
                manifest_token["ca_file"] = fmt.MANIFEST_ROOT_PEM
                manifest_token["untrusted_file"] = fmt.MANIFEST_CERTS_PEM
                files[fmt.MANIFEST_ROOT_PEM] = manifest_stamp.roots_pem
                files[fmt.MANIFEST_CERTS_PEM] = certs
        files[fmt.VERIFY_MD] = verify_md(manifest, manifest_token, sorted(set(errors))).encode()
        sums = "".join(f"{hashlib.sha256(files[p]).hexdigest()}  {p}\n" for p in sorted(files))
        files[fmt.SUMS] = sums.encode("ascii")
        digest = _write_zip(out, files)
        self.cases.log_event(
            case.id,
            "bundle-written",
            {
                "file": out.name,
                "sha256": digest,
                "manifest_timestamped": manifest_stamp is not None,
            },
        )
        progress.update(len(items), len(items), "")
        done = sum(1 for i in items if i.timestamp is not None)
        return ExportResult(
            str(out),
            digest,
            len(files),
            done,
            len(items) - done,
            manifest_stamp is not None,
            tuple(sorted(set(errors))),
            _left_out(self.cases.list_evidence(case.id), include_originals, include_paths),
        )

    def import_bundle(self, path: str | Path, *, progress: Progress = NULL_PROGRESS) -> Case:
        """Receive a bundle as a new case (refused unless it passes every check)."""
        return import_bundle(self.cases, Path(path), progress=progress)


def _thumbnail(data: bytes, media_type: str) -> bytes | None:
    if not media_type.startswith("image/"):
        return None
    from picproof.core.errors import ImageError
    from picproof.core.imaging import load_image

    try:
        img = load_image(data, max_side=256).image
    except ImageError:
        return None
    img.thumbnail((256, 256))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()


#: Suffix of a bundle being written (``.bundle-<pid>-<random>.partial``): never a ``.zip`` a user
#: could take for a bundle, and removed by the next export once its writer is gone (kill -9).
PARTIAL = ".partial"


def _write_zip(out: Path, files: dict[str, bytes]) -> str:
    """Write atomically (core/atomic.py); return the ZIP's SHA-256."""
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(out.parent, ".bundle-", PARTIAL)
    order = list(fmt.FIXED) + sorted(p for p in files if p not in fmt.FIXED)
    stamp = time.gmtime()[:6]
    partial = atomic_write(out, prefix=owned_prefix(".bundle-"), suffix=PARTIAL)
    with partial as written, zipfile.ZipFile(written.file, "w") as zf:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            # Deflating evidence (mostly compressed media) costs time and gains little.
            text = fmt.is_text(name)
            info.compress_type = zipfile.ZIP_DEFLATED if text else zipfile.ZIP_STORED
            zf.writestr(info, files[name])
    h = hashlib.sha256()
    with open(out, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
