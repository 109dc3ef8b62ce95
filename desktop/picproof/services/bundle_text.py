"""VERIFY.md: how a third party checks a bundle with standard tools only.

The text is the Jinja2 template ``resources/bundle/VERIFY.md.j2``; this module hands it the
facts from the manifest (which tokens exist, which items are pending, which roots to compare).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import jinja2

from picproof.core.resources import resource_dir
from picproof.services import bundle_format as fmt

CHAIN_CHECK = """python3 - <<'PY'
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


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(resource_dir() / "bundle"),
        autoescape=False,  # Markdown for a terminal and a text editor, not HTML
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
    )
    return env.get_template("VERIFY.md.j2")


#: Why no token was asked for at all, in words for the person checking the bundle.
_WHY_NOT = {
    "tsa-consent-needed": "the user had not yet allowed the public time-stamping services",
    "tsa-consent-refused": "the user chose not to use public time-stamping services",
    "tsa-none-configured": "no time-stamping service was set up",
}


def verify_md(
    manifest: dict[str, Any],
    manifest_token: dict[str, Any] | None,
    errors: Sequence[tuple[str, str]],
) -> str:
    files = manifest["files"]
    item_checks, pending = [], []
    for f in files:
        if f.get("role") != "evidence":
            continue
        stamp = f.get("timestamp")
        if not stamp:
            pending.append(f["path"])
            continue
        # the first token, then those of other operators over the same file
        for s in [stamp, *(f.get("more_timestamps") or [])]:
            item_checks.append(
                {
                    "token": s["token"],
                    "data_arg": f"-data {f['path']}",
                    "ca_file": s.get("ca_file"),
                    "untrusted_file": s.get("untrusted_file"),
                }
            )
    head_token = next((f for f in files if f["path"] == fmt.LOG_HEAD_TOKEN), None)
    reasons = "; ".join(dict.fromkeys(_WHY_NOT.get(code, f"{url}: {code}") for url, code in errors))
    return _template().render(
        manifest=manifest,
        case=manifest["case"],
        head=manifest["custody_head"],
        manifest_token=manifest_token,
        manifest_token_path=fmt.MANIFEST_TOKEN,
        reasons=reasons or _WHY_NOT["tsa-none-configured"],
        item_checks=item_checks,
        pending=pending,
        head_token=head_token,
        roots=[f["path"] for f in files if f.get("role") == "tsa-root"],
        chain_check=CHAIN_CHECK,
    )
