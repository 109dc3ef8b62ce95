"""Bundles: clean round trips verify (also with OpenSSL per VERIFY.md); any tampering is named."""

from __future__ import annotations

import hashlib
import io
import json
import random
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from tests.conftest import save_photo

from picproof.core.models import Match
from picproof.services.bundle_verify import verify_bundle, verify_members
from picproof.services.context import open_services


def read_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def rehash(members: dict[str, bytes], changed: str) -> dict[str, bytes]:
    """What a careful forger does: update manifest.json and SHA256SUMS for a changed file."""
    out = dict(members)
    manifest = json.loads(out["manifest.json"])
    for f in manifest["files"]:
        if f["path"] == changed:
            f["sha256"] = hashlib.sha256(out[changed]).hexdigest()
            f["size"] = len(out[changed])
    out["manifest.json"] = (
        json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True).encode() + b"\n"
    )
    out["SHA256SUMS"] = "".join(
        f"{hashlib.sha256(out[p]).hexdigest()}  {p}\n" for p in sorted(out) if p != "SHA256SUMS"
    ).encode()
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory, _tsa_servers):
    tsa = _tsa_servers["chain"]
    tsa.mode = "ok"
    tmp = tmp_path_factory.mktemp("bundle")
    svc = open_services(tmp / "data")
    svc.settings.operator_name = "王芳"
    case = svc.cases.create_case("盗图 Stolen product photos", "product")
    shots = svc.cases.add_evidence(
        case.id,
        [
            save_photo(tmp / "shot1.png", 200, 150, seed=1),
            save_photo(tmp / "shot2.jpg", 200, 150, seed=2),
        ],
        url="https://shop.example/item/9",
        platform="Taobao",
        account="cloneshop",
    )
    mine = save_photo(tmp / "mine.png", 200, 150, seed=3)
    png = io.BytesIO()
    Image.new("RGB", (80, 40), "white").save(png, "PNG")
    svc.cases.add_match(
        case.id,
        shots[0].id,
        Match(
            photo_id=1,
            photo_path=str(mine),
            photo_sha256=hashlib.sha256(mine.read_bytes()).hexdigest(),
            level="same-photo",
            score=0.91,
            bbox=(5, 5, 100, 80),
        ),
        explanation_png=png.getvalue(),
    )
    root = str(tsa.config.root_pem)
    svc.timestamps.timestamp_case(case.id, url=tsa.url, roots=[root])
    out = tmp / "bundle.zip"
    result = svc.bundles.export(case.id, out, url=tsa.url, roots=[root])
    plain = tmp / "plain.zip"
    offline = svc.bundles.export(case.id, plain)  # no TSA configured: hashes only
    svc.close()
    return {
        "path": out,
        "result": result,
        "tmp": tmp,
        "root": root,
        "plain": plain,
        "offline": offline,
        "members": read_members(out),
        "case_uid": case.uid,
    }


def test_clean_bundle_verifies(exported):
    result = exported["result"]
    assert result.manifest_timestamped and result.pending_items == 0
    members = exported["members"]
    assert not any(n.startswith("originals/") for n in members)  # originals are off by default
    assert {
        "manifest.json",
        "SHA256SUMS",
        "VERIFY.md",
        "report.pdf",
        "custody/log.jsonl",
        "timestamps/manifest.tsr",
        "timestamps/log-head.tsr",
    } <= set(members)
    report = verify_bundle(exported["path"])
    assert report.ok, report.issues
    tokens = [n for n in members if n.endswith(".tsr")]
    assert report.tokens_verified == len(tokens) == 5  # 3 items + log head + manifest
    assert report.manifest_timestamp is not None
    pinned = verify_bundle(exported["path"], extra_roots=[exported["root"]])
    assert pinned.ok and not any(w.code == "roots-from-bundle" for w in pinned.warnings)
    manifest = json.loads(members["manifest.json"])
    assert manifest["custody_head"]["seq"] == len(members["custody/log.jsonl"].splitlines())
    shot = next(f for f in manifest["files"] if f["path"].endswith("shot1.png"))
    assert shot["acquisition"]["platform"] == "Taobao"
    assert shot["acquisition"]["operator"] == "王芳"
    assert manifest["matches"][0]["level"] == "same-photo"


def test_pinned_wrong_root_fails(exported, tsa_pki):
    report = verify_bundle(exported["path"], extra_roots=[str(tsa_pki.other_root_pem)])
    assert not report.ok
    assert {i.code for i in report.issues} == {"token-tsa-untrusted"}


def test_verify_md_commands_work_with_standard_tools(exported, tmp_path):
    with zipfile.ZipFile(exported["path"]) as zf:
        zf.extractall(tmp_path)
    out = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stdout
    text = (tmp_path / "VERIFY.md").read_text()
    commands = [line for line in text.splitlines() if line.startswith("openssl ts -verify")]
    assert len(commands) == 5
    assert any("-in timestamps/manifest.tsr -data manifest.json" in c for c in commands)
    for cmd in commands:
        run = subprocess.run(
            cmd, shell=True, cwd=tmp_path, capture_output=True, text=True, check=False
        )
        assert "Verification: OK" in run.stdout, (cmd, run.stdout, run.stderr)
    script = re.search(r"```sh\n(python3 - <<'PY'.*?PY)\n```", text, re.DOTALL).group(1)
    run = subprocess.run(
        script, shell=True, cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert "custody log OK" in run.stdout, run.stderr


def test_report_pdf_embeds_its_fonts(exported, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(exported["members"]["report.pdf"])
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=False
    ).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in r for r in rows) and "Helvetica" not in fonts
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "shot1.png" in text and "Taobao" in text


def test_offline_export_says_so_and_verifies_by_hashes(exported):
    assert not exported["offline"].manifest_timestamped
    members = read_members(exported["plain"])
    assert "timestamps/manifest.tsr" not in members
    assert "NOT timestamped" in members["VERIFY.md"].decode()
    report = verify_bundle(exported["plain"])
    assert report.ok and any(w.code == "manifest-not-timestamped" for w in report.warnings)


def test_every_manifest_byte_flip_is_detected(exported):
    members = exported["members"]
    raw = members["manifest.json"]
    for pos in range(len(raw)):
        changed = dict(members)
        changed["manifest.json"] = raw[:pos] + bytes([raw[pos] ^ 0x01]) + raw[pos + 1 :]
        assert not verify_members(changed, quick=True).ok, f"manifest byte {pos}"
    # A sample with every check on: the manifest's own token names the change too.
    for pos in random.Random(1).sample(range(len(raw)), 15):
        changed = dict(members)
        changed["manifest.json"] = raw[:pos] + bytes([raw[pos] ^ 0x01]) + raw[pos + 1 :]
        codes = {i.code for i in verify_members(changed).issues}
        assert "file-changed" in codes


def test_every_log_byte_flip_is_detected_even_with_rehashed_manifest(exported):
    members = exported["members"]
    raw = members["custody/log.jsonl"]
    old_sha = hashlib.sha256(raw).hexdigest().encode()
    manifest_sha = hashlib.sha256(members["manifest.json"]).hexdigest().encode()
    assert rehash(members, "custody/log.jsonl") == members  # the forger's tool is faithful
    for pos in range(len(raw)):
        changed = dict(members)
        changed["custody/log.jsonl"] = raw[:pos] + bytes([raw[pos] ^ 0x01]) + raw[pos + 1 :]
        assert not verify_members(changed, quick=True).ok, f"log byte {pos} (plain)"
        # Forge: the same size, so only the two hashes change in manifest.json and SHA256SUMS
        # (a byte-level version of rehash(), fast enough for every position).
        new_sha = hashlib.sha256(changed["custody/log.jsonl"]).hexdigest().encode()
        changed["manifest.json"] = members["manifest.json"].replace(old_sha, new_sha)
        new_manifest_sha = hashlib.sha256(changed["manifest.json"]).hexdigest().encode()
        changed["SHA256SUMS"] = (
            members["SHA256SUMS"].replace(old_sha, new_sha).replace(manifest_sha, new_manifest_sha)
        )
        report = verify_members(changed, quick=True)
        assert any(i.code.startswith("log-") for i in report.issues), f"log byte {pos} (forged)"


def test_forged_manifest_is_caught_by_its_token(exported):
    members = dict(exported["members"])
    shot = next(n for n in members if n.endswith("shot1.png"))
    members[shot] = members[shot] + b"appended"
    forged = rehash(members, shot)
    report = verify_members(forged)
    codes = {(i.code, i.path) for i in report.issues}
    assert ("token-tsa-imprint-mismatch", "timestamps/manifest.tsr") in codes
    # The item's own token still covers the old hash, so it no longer matches the forged entry.
    assert any(
        c in ("token-tsa-imprint-mismatch", "token-target-mismatch") and p.endswith("shot1.png.tsr")
        for c, p in codes
    )


def test_random_payload_flips_are_detected_and_named(exported, tmp_path):
    members = exported["members"]
    rng = random.Random(7)
    names = sorted(n for n in members if n not in ("manifest.json", "custody/log.jsonl"))
    for n in range(16):
        name = names[n % len(names)]
        data = bytearray(members[name])
        pos = rng.randrange(len(data))
        data[pos] ^= 1 << rng.randrange(8)
        report = verify_bundle(write_zip(tmp_path / f"t{n}.zip", {**members, name: bytes(data)}))
        assert any(
            i.path == name or (name == "SHA256SUMS" and "SHA256SUMS" in i.detail)
            for i in report.issues
        ), (name, pos, report.issues)


def test_structural_attacks_are_named(exported, tmp_path):
    m = exported["members"]
    evidence = sorted(n for n in m if n.startswith("evidence/"))
    tokens = sorted(n for n in m if n.startswith("timestamps/0"))

    def codes(members):
        return {
            (i.code, i.path) for i in verify_bundle(write_zip(tmp_path / "x.zip", members)).issues
        }

    assert ("unexpected-file", "evidence/999-extra.png") in codes(
        {**m, "evidence/999-extra.png": b"x"}
    )
    removed = {k: v for k, v in m.items() if k != evidence[0]}
    assert ("missing-file", evidence[0]) in codes(removed)
    renamed = {("evidence/renamed.png" if k == evidence[0] else k): v for k, v in m.items()}
    got = codes(renamed)
    assert ("missing-file", evidence[0]) in got and (
        "unexpected-file",
        "evidence/renamed.png",
    ) in got
    swapped = {**m, evidence[0]: m[evidence[1]], evidence[1]: m[evidence[0]]}
    got = codes(swapped)
    assert ("file-changed", evidence[0]) in got and ("file-changed", evidence[1]) in got
    tok_swap = rehash(
        rehash({**m, tokens[0]: m[tokens[1]], tokens[1]: m[tokens[0]]}, tokens[0]), tokens[1]
    )
    got = codes(tok_swap)
    assert ("token-tsa-imprint-mismatch", tokens[0]) in got  # a token for another file
    lines = m["custody/log.jsonl"].splitlines(keepends=True)
    reordered = rehash(
        {**m, "custody/log.jsonl": b"".join([lines[1], lines[0]] + lines[2:])}, "custody/log.jsonl"
    )
    got = {c for c, _ in codes(reordered)}
    assert {"log-bad-seq", "log-broken-link"} <= got
    truncated = rehash({**m, "custody/log.jsonl": b"".join(lines[:-2])}, "custody/log.jsonl")
    got = verify_bundle(write_zip(tmp_path / "t.zip", truncated)).issues
    assert any(i.code == "log-truncated" and i.seq == len(lines) for i in got)
    assert codes({k: v for k, v in m.items() if k != "SHA256SUMS"}) >= {
        ("missing-file", "SHA256SUMS")
    }


def test_not_a_zip(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 nonsense")
    assert [i.code for i in verify_bundle(bad).issues] == ["not-a-bundle"]


def test_cli_verify_exit_codes(exported, tmp_path):
    from picproof.cli import main

    assert main(["verify", str(exported["path"])]) == 0
    m = dict(exported["members"])
    m["VERIFY.md"] = m["VERIFY.md"] + b"\nrun evil.sh\n"
    assert main(["verify", str(write_zip(tmp_path / "b.zip", m)), "--json"]) == 1


def test_originals_only_when_asked(exported, tmp_path):
    svc = open_services(exported["tmp"] / "data")
    case = svc.cases.list_cases()[0]
    out = tmp_path / "with-originals.zip"
    svc.bundles.export(case.id, out, include_originals=True)
    svc.close()
    names = read_members(out)
    originals = [n for n in names if n.startswith("originals/")]
    assert len(originals) == 1 and originals[0].endswith("mine.png")
    assert verify_bundle(out).ok


def test_export_while_the_tsa_is_offline(tmp_path):
    import socket

    from picproof.services.settings import TsaSettings

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/"
    svc = open_services(tmp_path / "data")
    svc.settings.tsas = [TsaSettings(dead, [str(tmp_path / "unused.pem")])]
    case = svc.cases.create_case("offline")
    svc.cases.add_evidence(case.id, [save_photo(tmp_path / "a.png", 60, 40, seed=1)])
    result = svc.bundles.export(case.id, tmp_path / "b.zip")
    svc.close()
    assert not result.manifest_timestamped and result.pending_items == 1
    assert result.tsa_errors and all(code for _, code in result.tsa_errors)
    text = read_members(tmp_path / "b.zip")["VERIFY.md"].decode()
    assert "NOT timestamped" in text and "Not yet timestamped" in text
    assert verify_bundle(tmp_path / "b.zip").ok
