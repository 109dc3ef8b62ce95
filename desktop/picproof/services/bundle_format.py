"""The evidence bundle's format: names and fixed files, shared by export, verify and import.

Layout::

    manifest.json            every file below (path, sha256, size, role, acquisition) + log head
    SHA256SUMS               ``sha256sum -c`` list of every other file, manifest.json included
    VERIFY.md                exact commands for sha256sum and openssl ts -verify
    report.pdf               the evidence index (thumbnails, sources, times, hashes, timestamps)
    custody/log.jsonl        the hash-chained custody log, one canonical JSON entry per line
    evidence/…, originals/…, matches/…, letters/…   the stored files, byte for byte
    timestamps/<file>.tsr    per-item TimeStampResp (DER, as received) over that file's SHA-256
    timestamps/log-head.tsr  token over the custody-log head hash at export
    timestamps/manifest.tsr  token over the exact bytes of manifest.json (absent when offline)
    tsa/root-*.pem, tsa/certs-*.pem   trust roots and the certificates carried in the tokens

A contract: bundles already handed to courts and platforms use these names.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

FORMAT = "picproof-evidence-bundle"
FORMAT_VERSION = 1

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
VERIFY_MD = "VERIFY.md"
#: Written first in the ZIP, in this order; not listed in the manifest (they describe it).
FIXED = (MANIFEST, SUMS, VERIFY_MD)
REPORT = "report.pdf"
CUSTODY_LOG = "custody/log.jsonl"

LOG_HEAD_TOKEN = "timestamps/log-head.tsr"
MANIFEST_TOKEN = "timestamps/manifest.tsr"
#: Beside the manifest's token when its TSA stamped no item (so its PEMs are not in the manifest).
MANIFEST_ROOT_PEM = "timestamps/manifest-root.pem"
MANIFEST_CERTS_PEM = "timestamps/manifest-certs.pem"
ROOT_PEM_PREFIX = "tsa/root-"
CERTS_PEM_PREFIX = "tsa/certs-"

#: Folder of an evidence item by its kind (anything else goes to ``evidence/``).
FOLDERS = {"original": "originals", "explanation": "matches", "letter": "letters"}


def safe_name(name: str, limit: int = 60) -> str:
    """A portable file name: ASCII letters, digits, ``._-`` (others become ``_``)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name).strip("._") or "file"
    return stem[-limit:]


def item_path(n: int, kind: str, filename: str) -> str:
    """Where the ``n``-th item (1-based) of a bundle is stored."""
    return f"{FOLDERS.get(kind, 'evidence')}/{n:03d}-{safe_name(filename)}"


def item_token_path(n: int, filename: str, k: int = 1) -> str:
    """The ``k``-th token over the ``n``-th item's file (k > 1: from another operator)."""
    suffix = "" if k == 1 else f".{k}"
    return f"timestamps/{n:03d}-{safe_name(filename)}{suffix}.tsr"


def root_pem_path(pem: bytes) -> str:
    return f"{ROOT_PEM_PREFIX}{hashlib.sha256(pem).hexdigest()[:12]}.pem"


def certs_pem_path(pem: bytes) -> str:
    return f"{CERTS_PEM_PREFIX}{hashlib.sha256(pem).hexdigest()[:12]}.pem"


def is_root_pem(name: str) -> bool:
    return name.startswith(ROOT_PEM_PREFIX) or name == MANIFEST_ROOT_PEM


def is_text(name: str) -> bool:
    """Our own text files are deflated; evidence (mostly compressed media) is stored as is."""
    return name.endswith((".json", ".jsonl", ".md", ".pem")) or name in FIXED
