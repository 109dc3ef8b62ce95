"""Court-ready PDFs (#21 item 7): a letter and the bundle's report signed with the user's key (kept
in the keyring) and timestamped by the real local OpenSSL TSA, then checked by poppler's pdfsig and
by ``picproof verify`` (pyHanko); one flipped byte makes both fail."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import keyring
import pytest
from tests.unit.services.test_secrets import MemoryKeyring

from picproof.cli import main
from picproof.core.cases import RightsHolder
from picproof.services.context import open_services
from picproof.services.settings import TsaSettings

needs_pdfsig = pytest.mark.skipif(shutil.which("pdfsig") is None, reason="needs poppler-utils")


@pytest.fixture
def store():
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


@pytest.fixture
def case_id(data_dir, tsa) -> int:
    svc = open_services(data_dir)
    svc.settings.tsas = [TsaSettings(tsa.url, [str(tsa.config.root_pem)])]
    svc.save_settings()
    case = svc.cases.create_case(
        "Fake profile", "impersonation", rights_holder=RightsHolder(name="Mei Lin")
    )
    svc.close()
    return case.id


def _letter(data_dir: Path, case_id: int, out: Path, *extra: str) -> int:
    svc = open_services(data_dir)
    example = svc.letters.example_context("eu-notice", "en").values
    svc.close()
    given = [f"{k}={' | '.join(v) if isinstance(v, list) else v}" for k, v in example.items()]
    argv = ["letter", str(case_id), "--type", "eu-notice", "-o", str(out), *extra]
    return main(argv + [a for g in given for a in ("--set", g)])


def _pdfsig(path: Path) -> str:
    run = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
    return run.stdout


def _verify_json(path: Path, capsys) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["verify", str(path), "--json"])
    return code, json.loads(capsys.readouterr().out)


def _flip(path: Path, at: int) -> Path:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    out = path.with_name(f"flipped-{at}.pdf")
    out.write_bytes(bytes(data))
    return out


@needs_pdfsig
def test_signed_letter_passes_pdfsig_and_verify_and_a_flipped_byte_fails(
    store, data_dir, case_id, tmp_path, capsys
):
    out = tmp_path / "letter.pdf"
    assert _letter(data_dir, case_id, out, "--sign") == 0
    said = capsys.readouterr().out
    assert "signed with your key and timestamped" in said
    from pypdf import PdfReader

    # The page count said is the file's own (signing adds revisions, never pages).
    assert f"({len(PdfReader(str(out)).pages)} pages," in said
    # The private key is in the keyring, nowhere in the data folder.
    key = store.data[("PicProof", "signing-key:own")]
    assert "PRIVATE KEY" in key and len(key) < 1000
    assert not any(key.encode() in p.read_bytes() for p in Path(data_dir).rglob("*") if p.is_file())

    sig = _pdfsig(out)
    first, second = sig.split("Signature #2:")
    assert "Signer Certificate Common Name: Mei Lin" in first
    assert "Signature Type: ETSI.CAdES.detached" in first
    assert "Signature Validation: Signature is Valid." in first
    # The RFC 3161 document timestamp from the local test TSA covers the whole file.
    assert "Signer Certificate Common Name: PicProof Test TSA" in second
    assert "Total document signed" in second

    code, report = _verify_json(out, capsys)
    assert code == 0 and report["ok"] and report["timestamped"]
    assert report["pdfa"] == "PDF/A-2b"
    from pypdf import PdfReader

    root = PdfReader(str(out)).trailer["/Root"]
    assert root.get("/Version") in (None, "/1.7")  # PDF/A-2 is PDF 1.7 based: no 2.0 claim
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    signature, stamp = report["signatures"]
    assert signature["kind"] == "signature" and signature["intact"] and signature["valid"]
    assert signature["signer"] == "Common Name: Mei Lin" and signature["signer_trusted"]
    assert signature["timestamp_valid"] and signature["timestamp_trusted"]
    assert signature["changes_after"] == "timestamps/validation data only"
    assert stamp["kind"] == "document-timestamp" and stamp["covers"] == "whole-file"
    assert stamp["timestamp_trusted"] and "PicProof Test TSA" in stamp["timestamp_tsa"]

    # One flipped byte inside the page content: pdfsig and pyHanko both say it changed.
    data = out.read_bytes()
    flipped = _flip(out, data.index(b"stream", 2000) + 40)
    assert "Digest Mismatch" in _pdfsig(flipped)
    code, report = _verify_json(flipped, capsys)
    assert code == 1 and not report["ok"]
    assert not report["signatures"][0]["intact"]
    capsys.readouterr()
    assert main(["verify", str(flipped)]) == 1
    assert "BROKEN" in capsys.readouterr().out


def test_verify_in_words_and_with_an_untrusted_tsa_root(
    store, data_dir, case_id, tmp_path, capsys, tsa_pki
):
    out = tmp_path / "letter.pdf"
    assert _letter(data_dir, case_id, out, "--sign") == 0
    capsys.readouterr()
    assert main(["verify", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Signature by Common Name: Mei Lin: intact; your own key." in text
    assert "covers the whole file" in text and "PDF/A-2b" in text
    assert re.search(r"OK: letter\.pdf is signed and timestamped", text)
    # Another computer that trusts no such TSA root: the timestamp is not vouched for.
    other = open_services(Path(data_dir) / "other")
    other.close()
    capsys.readouterr()
    code = main(["--data-dir", str(Path(data_dir) / "other"), "verify", str(out), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and not report["timestamped"]
    assert report["signatures"][0]["signer_trusted"] is False  # a stranger's self-signed key
    code = main(
        ["--data-dir", str(Path(data_dir) / "other"), "verify", str(out), "--json"]
        + ["--tsa-ca", str(tsa_pki.single.root_pem)]
    )
    report = json.loads(capsys.readouterr().out)
    assert report["timestamped"] and report["signatures"][1]["ok"]


@needs_pdfsig
def test_exported_report_is_signed_pdfa_and_the_bundle_still_verifies(
    store, data_dir, case_id, tmp_path, capsys
):
    from tests.conftest import save_photo

    shot = save_photo(tmp_path / "shot.png", 300, 200, seed=3)
    assert main(["case", "add", str(case_id), str(shot), "--kind", "suspect"]) == 0
    capsys.readouterr()
    bundle = tmp_path / "bundle.zip"
    assert main(["case", "export", str(case_id), "-o", str(bundle), "--sign", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["report_signed"] is True
    with zipfile.ZipFile(bundle) as z:
        report = tmp_path / "report.pdf"
        report.write_bytes(z.read("report.pdf"))
        manifest = json.loads(z.read("manifest.json"))
    entry = next(e for e in manifest["files"] if e["path"] == "report.pdf")
    assert entry["signed"] is True
    sig = _pdfsig(report)
    assert "Common Name: Mei Lin" in sig and "Signature is Valid." in sig
    assert "PicProof Test TSA" in sig.split("Signature #2:")[1]
    code, result = _verify_json(report, capsys)
    assert code == 0 and result["pdfa"] == "PDF/A-2b" and result["timestamped"]
    capsys.readouterr()
    assert main(["verify", str(bundle)]) == 0


def test_clinic_certificate_from_pkcs12(store, data_dir, case_id, tmp_path, capsys, monkeypatch):
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    from picproof.services.signing import self_signed

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = self_signed("Harbour Legal Aid Clinic", key)
    p12 = tmp_path / "clinic.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"clinic", key, cert, None, BestAvailableEncryption(b"pa55")
        )
    )
    monkeypatch.setenv("PICPROOF_P12_PASSWORD", "wrong")
    assert main(["signing", "import", str(p12)]) == 3
    assert "wrong password" in capsys.readouterr().err
    monkeypatch.setenv("PICPROOF_P12_PASSWORD", "pa55")
    assert main(["signing", "import", str(p12), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["kind"] == "pkcs12" and "Harbour Legal Aid Clinic" in info["name"]
    assert store.data[("PicProof", "signing-p12:clinic")] == "pa55"
    out = tmp_path / "letter.pdf"
    assert _letter(data_dir, case_id, out, "--sign") == 0
    code, report = _verify_json(out, capsys)
    assert code == 0 or not report["signatures"][0]["signer_trusted"]
    assert report["signatures"][0]["signer"] == "Common Name: Harbour Legal Aid Clinic"
    assert report["signatures"][0]["intact"] and report["signatures"][1]["ok"]


def test_sign_refuses_without_a_keyring_or_a_tsa(data_dir, case_id, tmp_path, capsys):
    import keyring.backends.fail

    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        out = tmp_path / "letter.pdf"
        assert _letter(data_dir, case_id, out, "--sign") == 4
        assert "password store" in capsys.readouterr().err
        assert not out.exists()
    finally:
        keyring.set_keyring(previous)
    svc = open_services(data_dir)
    svc.settings.tsas = []
    svc.settings.tsa_consent = False
    svc.save_settings()
    svc.close()
    assert _letter(data_dir, case_id, out, "--sign") == 4
    assert not out.exists()
