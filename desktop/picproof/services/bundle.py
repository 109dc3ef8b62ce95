"""Exporting a case as an evidence bundle: one ZIP a lawyer, a platform or a court can check
without PicProof. The layout is in services/bundle_format.py; checking one is bundle_verify.py,
receiving one bundle_import.py.
"""

from __future__ import annotations

import hashlib
import io
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from picproof import __version__
from picproof.core.atomic import atomic_write, owned_prefix, remove_stale_temps
from picproof.core.cases import Case, EvidenceItem, TimestampRecord
from picproof.core.errors import StoreError
from picproof.core.progress import NULL_PROGRESS, Progress
from picproof.services import acquisition as acq
from picproof.services import bundle_format as fmt
from picproof.services.bundle_contents import BundleContents, manifest_for
from picproof.services.bundle_import import import_bundle
from picproof.services.cases import CaseService
from picproof.services.timestamps import TimestampService, TsaTarget

if TYPE_CHECKING:
    from picproof.pdf.evidence_report import ReportRow


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
    report_signed: bool = False
    """report.pdf carries a PAdES signature (``--sign``); PDF/A-2b either way."""


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
        """Write the case as a bundle at ``out`` (atomically); time-stamp what can be first."""
        case = self.cases.get_case(case_id)
        out = Path(out)
        targets, errors = self._stamp_before_export(case, url, roots)
        everything = self.cases.list_evidence(case.id)
        items = [i for i in everything if include_originals or i.kind != "original"]
        self.cases.log_event(
            case.id,
            "bundle-exported",
            {"items": len(items), "include_originals": include_originals, "file": out.name},
        )
        log = self.cases.custody_log(case.id)
        stamps = self.cases.timestamps(case.id)
        contents = BundleContents(include_paths=include_paths)
        paths_by_evidence, report_rows = self._add_items(contents, items, stamps, progress)
        head = log[-1]
        contents.add_log(log, stamps)
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
        contents.add(fmt.REPORT, report, "report", signed=sign_report is not None)
        contents.add_tsa_files()
        manifest, manifest_bytes = manifest_for(
            case, generated, head, matches, paths_by_evidence, contents.entries
        )
        manifest_stamp = self._stamp_manifest(case, manifest_bytes, targets, errors)
        contents.finish(manifest, manifest_bytes, manifest_stamp, errors)
        digest = _write_zip(out, contents.files)
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
            len(contents.files),
            done,
            len(items) - done,
            manifest_stamp is not None,
            tuple(sorted(set(errors))),
            _left_out(self.cases.list_evidence(case.id), include_originals, include_paths),
            report_signed=sign_report is not None,
        )

    def _add_items(
        self,
        contents: BundleContents,
        items: Sequence[EvidenceItem],
        stamps: Sequence[TimestampRecord],
        progress: Progress,
    ) -> tuple[dict[int, str], list[ReportRow]]:
        """Every item's file (checked against its name) and tokens; their paths and report rows."""
        from picproof.pdf.evidence_report import ReportRow

        paths_by_evidence: dict[int, str] = {}
        report_rows = []
        for n, item in enumerate(items, start=1):
            progress.update(n - 1, len(items), item.filename)
            data = self.cases.evidence_bytes(item)
            if hashlib.sha256(data).hexdigest() != item.sha256:
                raise StoreError("evidence-file-corrupt", sha256=item.sha256, evidence_id=item.id)
            path, stamp_info = contents.add_item(n, item, data, stamps)
            paths_by_evidence[item.id] = path
            token = stamp_info["token"] if stamp_info else None
            report_rows.append(ReportRow(path, item, _thumbnail(data, item.media_type), token))
        return paths_by_evidence, report_rows

    def _stamp_before_export(
        self, case: Case, url: str | None, roots: Sequence[str]
    ) -> tuple[list[TsaTarget], list[tuple[str, str]]]:
        """Time-stamp pending items and the log head; the TSAs still worth asking, the errors."""
        targets = self.timestamps.targets(url, roots)
        errors: list[tuple[str, str]] = []
        if not targets:
            errors.append(("", self.timestamps.why_none()))  # said, never silently skipped
            return targets, errors
        run = self.timestamps.timestamp_case(case.id, url=url, roots=roots)
        errors.extend(run.errors)
        if run.pending:
            return [], errors  # every TSA just failed: do not wait for them twice more
        self.timestamps.stamp_log_head(case.id, targets, errors)
        return targets, errors

    def _stamp_manifest(
        self,
        case: Case,
        manifest_bytes: bytes,
        targets: Sequence[TsaTarget],
        errors: list[tuple[str, str]],
    ) -> TimestampRecord | None:
        if not targets:
            return None
        digest = hashlib.sha256(manifest_bytes).hexdigest()
        result = self.timestamps.stamp_digest(digest, targets, errors)
        if result is None:
            return None
        target, raw, info = result
        return self.timestamps.record(case.id, case.uid, None, "manifest", target, raw, info)

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
