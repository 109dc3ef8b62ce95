"""The files of one evidence bundle as it is put together, and the manifest that lists them.

Export (services/bundle.py) decides what goes in; this module keeps the files, their manifest
entries and the TSA certificates they need, and finishes the bundle with the manifest, its
token, VERIFY.md and SHA256SUMS. The names are services/bundle_format.py's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from picproof import __version__
from picproof.core.cases import Case, CustodyEntry, EvidenceItem, MatchRecord, TimestampRecord
from picproof.core.custody import to_jsonl
from picproof.services import bundle_format as fmt
from picproof.services.bundle_text import verify_md


class BundleContents:
    def __init__(self, *, include_paths: bool) -> None:
        self.include_paths = include_paths
        self.files: dict[str, bytes] = {}
        self.entries: list[dict[str, Any]] = []
        self.certs_files: dict[bytes, str] = {}
        self.root_files: dict[bytes, str] = {}

    def add(self, path: str, data: bytes, role: str, **extra: Any) -> None:
        """A file and its manifest entry."""
        self.files[path] = data
        self.entries.append(
            {
                "path": path,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
                "role": role,
                **extra,
            }
        )

    def add_token(
        self, path: str, stamp: TimestampRecord, covers: dict[str, Any]
    ) -> dict[str, Any]:
        """A timestamp token, with its roots and certificates noted for ``tsa/``; the facts an
        item's entry and VERIFY.md cite."""
        certs = _pem_certs(_token_certs(stamp.response_der))
        cpath = self.certs_files.setdefault(certs, fmt.certs_pem_path(certs))
        rpath = self.root_files.setdefault(stamp.roots_pem, fmt.root_pem_path(stamp.roots_pem))
        info = {
            "token": path,
            "gen_time": stamp.gen_time,
            "tsa": stamp.tsa_url,
            "serial": stamp.serial,
            "ca_file": rpath,
            "untrusted_file": cpath,
        }
        extra = {k: v for k, v in info.items() if k != "token"}
        self.add(path, stamp.response_der, "timestamp", covers=covers, **extra)
        return info

    def add_item(
        self, n: int, item: EvidenceItem, data: bytes, stamps: Sequence[TimestampRecord]
    ) -> tuple[str, dict[str, Any] | None]:
        """The ``n``-th evidence item with its tokens: (its path, its first token's facts)."""
        path = fmt.item_path(n, item.kind, item.filename)
        stamp_info = None
        more_stamps = []
        covers = {"path": path, "sha256": item.sha256}
        if item.timestamp is not None:
            stamp_info = self.add_token(
                fmt.item_token_path(n, item.filename), item.timestamp, covers
            )
            # Tokens from other operators over the same file (a second, independent proof).
            first_tsa = item.timestamp.tsa_url
            others = [
                t
                for t in stamps
                if t.subject == "evidence"
                and t.digest_sha256 == item.sha256
                and t.tsa_url != first_tsa
            ]
            for k, other in enumerate(dict((t.tsa_url, t) for t in others).values(), 2):
                token_path = fmt.item_token_path(n, item.filename, k)
                more_stamps.append(self.add_token(token_path, other, covers))
        self.add(
            path,
            data,
            "evidence",
            evidence_id=item.id,
            kind=item.kind,
            filename=item.filename,
            media_type=item.media_type,
            description=item.description,
            note=item.note,
            acquisition=public_facts(item.acquisition.to_json(), self.include_paths),
            supersedes=item.supersedes,
            timestamp=stamp_info,
            more_timestamps=more_stamps,
            timestamp_status="timestamped" if stamp_info else "not yet timestamped",
        )
        return path, stamp_info

    def add_log(self, log: Sequence[CustodyEntry], stamps: Sequence[TimestampRecord]) -> None:
        """The custody log and the token over its head taken at export (if any)."""
        head_stamp = next((t for t in reversed(stamps) if t.subject == "log-head"), None)
        if head_stamp is not None:
            seq = next((e.seq for e in log if e.hash == head_stamp.digest_sha256), None)
            covers = {"custody_seq": seq, "hash": head_stamp.digest_sha256}
            self.add_token(fmt.LOG_HEAD_TOKEN, head_stamp, covers)
        self.add(fmt.CUSTODY_LOG, to_jsonl(log), "custody-log")

    def add_tsa_files(self) -> None:
        for pem, path in self.root_files.items():
            self.add(path, pem, "tsa-root")
        for pem, path in self.certs_files.items():
            self.add(path, pem, "tsa-certificates")

    def finish(
        self,
        manifest: dict[str, Any],
        manifest_bytes: bytes,
        manifest_stamp: TimestampRecord | None,
        errors: Sequence[tuple[str, str]],
    ) -> None:
        """The fixed files: the manifest (and its token), VERIFY.md, SHA256SUMS."""
        self.files[fmt.MANIFEST] = manifest_bytes
        manifest_token = None
        if manifest_stamp is not None:
            self.files[fmt.MANIFEST_TOKEN] = manifest_stamp.response_der
            certs = _pem_certs(_token_certs(manifest_stamp.response_der))
            manifest_token = {
                "gen_time": manifest_stamp.gen_time,
                "tsa": manifest_stamp.tsa_url,
                "ca_file": self.root_files.get(manifest_stamp.roots_pem),
                "untrusted_file": self.certs_files.get(certs),
            }
            if manifest_token["ca_file"] is None or manifest_token["untrusted_file"] is None:
                # The manifest's TSA was not used for any item: its certificates are not listed
                # in the (already frozen) manifest, so they go beside the token and are covered
                # by SHA256SUMS only.
                manifest_token["ca_file"] = fmt.MANIFEST_ROOT_PEM
                manifest_token["untrusted_file"] = fmt.MANIFEST_CERTS_PEM
                self.files[fmt.MANIFEST_ROOT_PEM] = manifest_stamp.roots_pem
                self.files[fmt.MANIFEST_CERTS_PEM] = certs
        text = verify_md(manifest, manifest_token, sorted(set(errors)))
        self.files[fmt.VERIFY_MD] = text.encode()
        files = self.files
        sums = "".join(f"{hashlib.sha256(files[p]).hexdigest()}  {p}\n" for p in sorted(files))
        self.files[fmt.SUMS] = sums.encode("ascii")


def manifest_for(
    case: Case,
    created_at: str,
    head: CustodyEntry,
    matches: Sequence[MatchRecord],
    paths_by_evidence: dict[int, str],
    entries: Sequence[dict[str, Any]],
) -> tuple[dict[str, Any], bytes]:
    """manifest.json: as a dict and as the exact bytes written (and timestamped)."""
    manifest = {
        "format": fmt.FORMAT,
        "version": fmt.FORMAT_VERSION,
        "created_at": created_at,
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
    text = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True)
    return manifest, text.encode("utf-8") + b"\n"


def public_facts(facts: dict[str, Any], include_paths: bool) -> dict[str, Any]:
    """Acquisition facts for the bundle: the file name, not the folder it sat in (a user's folder
    names reach the platform and the infringer), unless the user asks for paths."""
    if include_paths:
        return facts
    return {k: v for k, v in facts.items() if k != "source_path"}


def _pem_certs(ders: Sequence[bytes]) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return b"".join(x509.load_der_x509_certificate(d).public_bytes(Encoding.PEM) for d in ders)


def _token_certs(raw: bytes) -> list[bytes]:
    from asn1crypto import tsp

    signed = tsp.TimeStampResp.load(raw)["time_stamp_token"]["content"]
    return [c.chosen.dump() for c in signed["certificates"]] if signed["certificates"] else []
