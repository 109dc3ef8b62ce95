"""Built-in time-stamping services: shipped roots, consent, two operators, the ``tsa`` CLI.

Nothing here reaches the internet: the presets' own addresses are only listed; every token comes
from the local OpenSSL TSA (tests/tsa_server.py), put in place of two presets of two operators.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from tests.conftest import save_photo

from picproof.core.errors import BadInput, TimestampError
from picproof.net import tsa_presets
from picproof.net.tsa import load_roots, verify_response
from picproof.services import tsa_config
from picproof.services.bundle_verify import verify_bundle
from picproof.services.context import open_services


def _cli(data: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "picproof", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )


def _fingerprint(path: Path) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    return x509.load_pem_x509_certificate(path.read_bytes()).fingerprint(hashes.SHA256()).hex()


# ---- what ships -------------------------------------------------------------------------------


def test_shipped_roots_are_certifis_copy_and_pinned() -> None:
    import certifi
    from cryptography import x509

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # certifi carries a root with a negative serial number
        mozilla = {
            c.tbs_certificate_bytes: c
            for c in x509.load_pem_x509_certificates(Path(certifi.where()).read_bytes())
        }
    shipped = sorted(tsa_presets.tsa_resource_dir().glob("*.pem"))
    pinned = {name for p in tsa_presets.PRESETS for name, _ in p.roots}
    assert {p.name for p in shipped} == pinned  # no stray root, none missing
    for path in shipped:
        cert = x509.load_pem_x509_certificate(path.read_bytes())
        assert mozilla.get(cert.tbs_certificate_bytes) == cert, f"{path.name} differs from certifi"
    for p in tsa_presets.PRESETS:
        files = tsa_presets.preset_root_files(p)
        assert [_fingerprint(Path(f)) for f in files] == [fp for _, fp in p.roots]
        readme = (tsa_presets.tsa_resource_dir() / "README.md").read_text()
        assert all(fp in readme for _, fp in p.roots)


def test_a_root_file_that_does_not_match_its_pin_is_refused(tmp_path, monkeypatch) -> None:
    for f in tsa_presets.tsa_resource_dir().glob("*.pem"):
        shutil.copy(f, tmp_path / f.name)
    digicert = tsa_presets.preset("digicert")
    assert digicert is not None
    # another genuine Mozilla root under DigiCert's file name
    shutil.copy(tmp_path / "usertrust-rsa-ca.pem", tmp_path / digicert.roots[0][0])
    monkeypatch.setattr(tsa_presets, "tsa_resource_dir", lambda: tmp_path)
    with pytest.raises(TimestampError) as err:
        tsa_presets.preset_root_files(digicert)
    assert err.value.code == "tsa-bad-roots"
    services = open_services(tmp_path / "data")
    services.settings.tsa_consent = True
    entry = tsa_config.find(services.settings, "digicert")
    services.close()
    assert entry.blocked == tsa_config.ROOTS_BROKEN
    assert "digicert" not in [t.name for t in tsa_config.targets(services.settings)]


def test_fresh_install_lists_presets_waiting_for_consent(tmp_path) -> None:
    out = _cli(tmp_path / "data", "tsa", "list", "--json")
    assert out.returncode == 0, out.stderr
    assert not list((tmp_path / "data").rglob("settings.json"))
    listed = json.loads(out.stdout)
    for e in listed:
        assert {"name", "url", "enabled", "preset", "root_fingerprints"} <= set(e)
    waiting = [
        e for e in listed if e["preset"] and e["enabled"] and e["blocked"] == "consent-needed"
    ]
    assert len(waiting) >= 3 and len({e["operator"] for e in waiting}) >= 2
    assert all(e["root_fingerprints"] and e["url"].startswith("http") for e in waiting)
    chinese = next(e for e in listed if e["name"] == "unitrust-cn")
    assert chinese["needs_account"] and not chinese["enabled"] and "paid" in chinese["cost"]
    text = _cli(tmp_path / "data", "tsa", "list").stdout
    assert "waits for your permission" in text and "cost: paid" in text


# ---- the presets at work, against the local TSA -----------------------------------------------


@pytest.fixture
def local_presets(tmp_path, monkeypatch, tsa, tsa_chain):
    """Two presets of two operators served by the local TSAs, plus one that is unreachable."""
    import socket

    folder = tmp_path / "tsa-roots"
    folder.mkdir()
    shutil.copy(tsa.config.root_pem, folder / "a.pem")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/tsr"
    presets = (
        tsa_presets.TsaPreset(
            "dead", "Op Dead", dead, (("a.pem", _fingerprint(folder / "a.pem")),)
        ),
        tsa_presets.TsaPreset("opa", "Op A", tsa.url, (("a.pem", _fingerprint(folder / "a.pem")),)),
        tsa_presets.TsaPreset(
            "opa2", "Op A", tsa_chain.url, (("a.pem", _fingerprint(folder / "a.pem")),)
        ),
        tsa_presets.TsaPreset(
            "opb", "Op B", tsa_chain.url, (("a.pem", _fingerprint(folder / "a.pem")),)
        ),
    )
    monkeypatch.setattr(tsa_presets, "PRESETS", presets)
    monkeypatch.setattr(tsa_presets, "tsa_resource_dir", lambda: folder)
    services = open_services(tmp_path / "data")
    yield services
    services.close()


def _case(services, tmp_path, n):
    case = services.cases.create_case("presets")
    files = [save_photo(tmp_path / f"p{i}.png", 64, 48, seed=i) for i in range(n)]
    services.cases.add_evidence(case.id, files)
    return case


def test_presets_wait_for_consent_then_stamp_with_two_operators(local_presets, tmp_path, tsa):
    services = local_presets
    case = _case(services, tmp_path, 3)
    run = services.timestamps.timestamp_case(case.id)
    assert (run.timestamped, run.pending) == (0, 3)
    assert run.errors == (("", "tsa-consent-needed"),)
    assert tsa_config.consent_operators(services.settings) == ["Op Dead", "Op A", "Op B"]
    assert tsa_config.consent_question_due(services.settings)
    from picproof.services.settings import TsaSettings

    services.settings.tsas = [TsaSettings(tsa.url, [str(tsa.config.root_pem)])]
    assert not tsa_config.consent_question_due(services.settings)  # the user's own can stamp
    services.settings.tsas = []

    services.settings.tsa_consent = True
    assert not tsa_config.consent_question_due(services.settings)  # answered
    run = services.timestamps.timestamp_case(case.id)
    assert (run.timestamped, run.pending) == (3, 0)
    # the unreachable preset was tried once, not once per item
    assert [e for e in run.errors if e[1] == "tsa-unreachable"] == [run.errors[0]]
    stamps = [t for t in services.cases.store.timestamps(case.id) if t.subject == "evidence"]
    urls = {t.tsa_url for t in stamps}
    by_digest: dict[str, set[str]] = {}
    for t in stamps:
        by_digest.setdefault(t.digest_sha256, set()).add(t.tsa_url)
    # one token from Op A (its first address) and one from Op B: never two of one operator
    assert all(len(u) == 2 for u in by_digest.values()) and len(by_digest) == 3
    assert tsa.url in urls
    roots = load_roots([str(tsa.config.root_pem)])
    for t in stamps:
        verify_response(t.response_der, bytes.fromhex(t.digest_sha256), roots)

    out = tmp_path / "case.zip"
    result = services.bundles.export(case.id, out)
    assert result.manifest_timestamped and result.timestamped_items == 3
    report = verify_bundle(out)
    assert report.ok, report.to_json()
    # 3 items x 2 operators, the log head and the manifest
    assert report.tokens_verified == 8
    import zipfile

    with zipfile.ZipFile(out) as z:
        verify_md = z.read("VERIFY.md").decode()
    assert verify_md.count("openssl ts -verify") >= 7


def test_refused_consent_is_said_and_own_services_still_work(local_presets, tmp_path, tsa):
    from picproof.services.settings import TsaSettings

    services = local_presets
    case = _case(services, tmp_path, 1)
    services.settings.tsa_consent = False
    result = services.bundles.export(case.id, tmp_path / "a.zip")
    assert not result.manifest_timestamped
    assert ("", "tsa-consent-refused") in result.tsa_errors
    import zipfile

    with zipfile.ZipFile(tmp_path / "a.zip") as z:
        said = z.read("VERIFY.md").decode()
    assert "NOT timestamped** when this bundle was exported: the user chose not to use" in said
    services.settings.tsas = [TsaSettings(tsa.url, [str(tsa.config.root_pem)])]
    assert services.timestamps.timestamp_case(case.id).timestamped == 1


# ---- the command line ---------------------------------------------------------------------


def test_cli_allow_enable_add_remove(tmp_path, tsa, tsa_pki) -> None:
    data = tmp_path / "data"
    out = _cli(data, "tsa", "allow")
    assert out.returncode == 0 and "never the picture" in out.stdout and "DigiCert" in out.stdout
    listed = json.loads(_cli(data, "--json", "tsa", "list").stdout)
    assert all(e["blocked"] is None for e in listed if e["preset"] and e["enabled"])
    assert _cli(data, "tsa", "disable", "globalsign").returncode == 0
    listed = json.loads(_cli(data, "tsa", "list", "--json").stdout)
    assert next(e for e in listed if e["name"] == "globalsign")["enabled"] is False

    # your own service, with its root; a bad root file is refused with a sentence
    bad = tmp_path / "bad.pem"
    bad.write_text("not a certificate")
    out = _cli(data, "tsa", "add", tsa.url, "--root", str(bad))
    assert out.returncode == 3 and "cannot be read" in out.stderr
    downloaded = tmp_path / "Downloads" / "root.pem"
    downloaded.parent.mkdir()
    shutil.copy(tsa.config.root_pem, downloaded)
    out = _cli(data, "tsa", "add", tsa.url, "--root", str(downloaded), "--name", "mine")
    assert out.returncode == 0, out.stderr
    downloaded.unlink()  # the user tidies up Downloads: PicProof kept its own copy
    added = json.loads(_cli(data, "tsa", "list", "--json").stdout)[0]
    assert added["name"] == "mine" and not added["preset"] and added["enabled"]
    assert added["root_fingerprints"] == [_fingerprint(tsa.config.root_pem)]
    assert all(Path(f).is_relative_to(data) for f in added["root_files"])
    assert _cli(data, "tsa", "add", tsa.url, "--root", str(bad), "--name", "mine").returncode == 3
    assert _cli(data, "tsa", "remove", "digicert").returncode == 3  # built in: disable instead
    assert _cli(data, "tsa", "remove", "mine").returncode == 0
    assert _cli(data, "tsa", "enable", "nosuch").returncode == 3

    # the Chinese account-based service needs its address, user and root from the contract
    out = _cli(data, "tsa", "enable", "unitrust-cn")
    assert out.returncode == 3 and "needs an account" in out.stderr
    out = _cli(
        data,
        "--json",
        "tsa",
        "enable",
        "unitrust-cn",
        "--url",
        tsa.url,
        "--user",
        "clinic",
        "--root",
        str(tsa.config.root_pem),
    )
    # no password store on this machine: said in words, nothing written to a file
    if out.returncode == 0:
        entry = json.loads(out.stdout)
        assert entry["enabled"] and entry["username"] == "clinic" and entry["in_use"]
    else:
        assert out.returncode == 4 and "password store" in out.stderr
        [settings] = data.rglob("settings.json")
        assert "clinic" not in settings.read_text()  # the failed step changed nothing


def test_account_preset_without_account_is_refused(tmp_path) -> None:
    services = open_services(tmp_path / "data")
    try:
        with pytest.raises(BadInput) as err:
            tsa_config.set_enabled(services.settings, "unitrust-cn", True)
        assert err.value.code == "tsa-account-needed"
    finally:
        services.close()


def test_cli_export_says_why_the_manifest_was_not_stamped(tmp_path) -> None:
    data = tmp_path / "data"
    photo = save_photo(tmp_path / "a.png", 60, 40, seed=3)
    assert _cli(data, "case", "new", "Fake shop").returncode == 0
    assert _cli(data, "case", "add", "1", str(photo)).returncode == 0
    out = _cli(data, "case", "export", "1", "-o", str(tmp_path / "b.zip"))
    assert out.returncode == 0, out.stderr
    assert "NOT timestamped" in out.stdout and "picproof tsa allow" in out.stdout


@pytest.mark.parametrize(
    ("mode", "code"),
    [
        ("no-eku", "tsa-no-eku"),
        ("nonce", "tsa-nonce-mismatch"),
        ("wrong-imprint", "tsa-imprint-mismatch"),
    ],
)
def test_a_preset_is_checked_like_any_tsa(local_presets, tmp_path, tsa, mode, code):
    """A built-in service gets no trust for being built in: a bad token is refused the same way."""
    services = local_presets
    services.settings.tsa_consent = True
    case = _case(services, tmp_path, 1)
    tsa.mode = mode  # Op A's first address misbehaves; Op A's other address and Op B answer
    run = services.timestamps.timestamp_case(case.id)
    assert run.timestamped == 1 and (tsa.url, code) in run.errors
    stamps = [t for t in services.cases.store.timestamps(case.id) if t.subject == "evidence"]
    assert tsa.url not in {t.tsa_url for t in stamps}
