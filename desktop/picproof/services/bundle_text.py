"""VERIFY.md: how a third party checks a bundle with standard tools only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_CHAIN_CHECK = """python3 - <<'PY'
import hashlib, json
prev = "0" * 64
for n, line in enumerate(open("custody/log.jsonl", encoding="utf-8"), 1):
    e = json.loads(line)
    body = {k: e[k] for k in ("seq", "case", "at", "event", "data", "prev")}
    h = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"),
                                  ensure_ascii=False).encode()).hexdigest()
    assert e["seq"] == n and e["prev"] == prev and e["hash"] == h, f"entry {n} is broken"
    prev = h
head = json.load(open("manifest.json", encoding="utf-8"))["custody_head"]
assert (e["seq"], e["hash"]) == (head["seq"], head["hash"]), "log does not end at the head"
print("custody log OK:", n, "entries")
PY"""


def _openssl(token: str, data_arg: str, ca: str | None, untrusted: str | None) -> str:
    cmd = f"openssl ts -verify -in {token} {data_arg}"
    if ca:
        cmd += f" -CAfile {ca}"
    if untrusted:
        cmd += f" -untrusted {untrusted}"
    return cmd


def verify_md(
    manifest: dict[str, Any],
    manifest_token: dict[str, Any] | None,
    errors: Sequence[tuple[str, str]],
) -> str:
    case = manifest["case"]
    head = manifest["custody_head"]
    lines = [
        f"# How to verify this evidence bundle ({case['title']})",
        "",
        (
            f"Created {manifest['created_at']} by PicProof {manifest['app_version']}. Case id "
            f"`{case['uid']}`. Unzip the bundle and run these commands inside the unzipped folder."
        ),
        "Every check below uses standard tools only (sha256sum, OpenSSL, Python 3).",
        "",
        "## 1. Every file is intact",
        "",
        "```sh",
        "sha256sum -c SHA256SUMS          # macOS: shasum -a 256 -c SHA256SUMS",
        "```",
        (
            "On Windows, compare `certutil -hashfile FILE SHA256` with the line for FILE in "
            "SHA256SUMS (or use `sha256sum` from Git for Windows)."
        ),
        (
            "Every line must say `OK`. SHA256SUMS covers every other file, manifest.json included; "
            "manifest.json lists every file with its SHA-256, size and how it was acquired. A file "
            "that is in the folder but not in SHA256SUMS was added after export."
        ),
        "",
        "## 2. The manifest existed unchanged at a trusted time",
        "",
    ]
    if manifest_token is not None:
        lines += [
            "```sh",
            _openssl(
                "timestamps/manifest.tsr",
                "-data manifest.json",
                manifest_token.get("ca_file"),
                manifest_token.get("untrusted_file"),
            ),
            "```",
            (
                f"Expected: `Verification: OK`. Time asserted by the TSA "
                f"({manifest_token['tsa']}): {manifest_token['gen_time']} (UTC). Because the "
                "manifest lists every file's SHA-256, this one token covers the whole bundle."
            ),
            "",
        ]
    else:
        reasons = (
            ", ".join(f"{url or 'settings'}: {code}" for url, code in errors) or "no TSA configured"
        )
        lines += [
            (
                "**The manifest was NOT timestamped**: no time-stamping authority was "
                f"reachable when this bundle was exported ({reasons}). The files can still be "
                "checked by their hashes (step 1) and by any per-item tokens below, which were "
                "obtained when the items were acquired."
            ),
            "",
        ]
    lines += [
        "## 3. Each item's own trusted timestamp",
        "",
        "Each token covers one file's SHA-256 and was obtained when the item was added:",
        "",
        "```sh",
    ]
    pending = []
    for f in manifest["files"]:
        if f.get("role") != "evidence":
            continue
        stamp = f.get("timestamp")
        if stamp:
            # the first token, then those of other operators over the same file
            for s in [stamp, *(f.get("more_timestamps") or [])]:
                lines.append(
                    _openssl(
                        s["token"], f"-data {f['path']}", s.get("ca_file"), s.get("untrusted_file")
                    )
                )
        else:
            pending.append(f["path"])
    lines.append("```")
    if pending:
        lines += [
            "",
            "Not yet timestamped (check these by hash only): "
            + ", ".join(f"`{p}`" for p in pending),
        ]
    lines += ["", "To read a token's time and TSA: `openssl ts -reply -in TOKEN.tsr -text`.", ""]
    head_token = next(
        (f for f in manifest["files"] if f["path"] == "timestamps/log-head.tsr"), None
    )
    lines += [
        "## 4. The custody log is complete and unedited",
        "",
        (
            f"`custody/log.jsonl` has {head['seq']} entries; each includes the SHA-256 of the "
            f"one before it, and the last one's hash is `{head['hash']}` (recorded in "
            "manifest.json). This checks the chain:"
        ),
        "",
        "```sh",
        _CHAIN_CHECK,
        "```",
        "",
    ]
    if head_token is not None:
        covers = head_token["covers"]
        lines += [
            f"The log up to entry {covers['custody_seq']} was timestamped at export:",
            "",
            "```sh",
            _openssl(
                "timestamps/log-head.tsr",
                f"-digest {covers['hash']}",
                head_token.get("ca_file"),
                head_token.get("untrusted_file"),
            ),
            "```",
            "",
        ]
    roots = [f["path"] for f in manifest["files"] if f.get("role") == "tsa-root"]
    lines += [
        "## 5. Whose timestamps these are",
        "",
        (
            "The files under `tsa/` are the trust roots the tokens were checked against and "
            "the certificates the tokens carry. Compare each root's fingerprint with the one "
            "the TSA publishes before relying on it:"
        ),
        "",
        "```sh",
    ]
    lines += [f"openssl x509 -in {r} -noout -subject -fingerprint -sha256" for r in roots] or [
        "# (no tokens in this bundle)"
    ]
    lines += [
        "```",
        "",
        (
            "A trusted timestamp proves a file existed unchanged at that time. It does not by "
            "itself prove what a page showed when it was captured; the acquisition facts in "
            "manifest.json and the custody log record how each item was obtained."
        ),
        "",
        "PicProof users can run every check at once: `picproof verify BUNDLE.zip`.",
        "",
    ]
    return "\n".join(lines)
