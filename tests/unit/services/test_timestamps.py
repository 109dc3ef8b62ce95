"""Timestamping a case: TSAs with fallback; offline items stay pending, later completed."""

from __future__ import annotations

import socket

import pytest
from tests.conftest import save_photo

from picproof.core.errors import BadInput
from picproof.net.tsa import load_roots, verify_response
from picproof.services.context import open_services
from picproof.services.settings import TsaSettings


def _dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/tsr"


@pytest.fixture
def svc(tmp_path):
    services = open_services(tmp_path / "data")
    yield services
    services.close()


def _case_with_items(svc, tmp_path, n=3):
    c = svc.cases.create_case("ts")
    files = [save_photo(tmp_path / f"{i}.png", 64, 48, seed=i) for i in range(n)]
    return c, svc.cases.add_evidence(c.id, files)


def test_offline_then_later_run_completes(svc, tmp_path, tsa):
    c, _ = _case_with_items(svc, tmp_path)
    root = str(tsa.config.root_pem)
    svc.settings.tsas = [TsaSettings(_dead_url(), [root])]
    run = svc.timestamps.timestamp_case(c.id)
    assert (run.timestamped, run.pending) == (0, 3)
    assert run.errors and run.errors[0][1] == "tsa-unreachable"
    assert all(i.timestamp_status == "pending" for i in svc.cases.list_evidence(c.id))
    svc.settings.tsas.append(TsaSettings(tsa.url, [root]))  # back online (fallback to 2nd TSA)
    run = svc.timestamps.timestamp_case(c.id)
    assert (run.timestamped, run.pending, run.tsa_url) == (3, 0, tsa.url)
    roots = load_roots([root])
    for item in svc.cases.list_evidence(c.id):
        stamp = item.timestamp
        assert stamp is not None and stamp.tsa_url == tsa.url and stamp.roots_pem
        # The stored raw response still verifies against the item's own hash.
        verify_response(stamp.response_der, bytes.fromhex(item.sha256), roots)
    assert svc.timestamps.timestamp_case(c.id).timestamped == 0  # nothing left to do
    log = svc.cases.custody_log(c.id)
    assert [e.event for e in log].count("timestamp-obtained") == 3
    assert svc.cases.verify_log(c.id) == []


def test_a_misbehaving_tsa_is_skipped_for_the_next(svc, tmp_path, tsa, tsa_chain):
    c, _ = _case_with_items(svc, tmp_path, 2)
    tsa.mode = "nonce"
    svc.settings.tsas = [
        TsaSettings(tsa.url, [str(tsa.config.root_pem)]),
        TsaSettings(tsa_chain.url, [str(tsa_chain.config.root_pem)]),
    ]
    run = svc.timestamps.timestamp_case(c.id)
    assert run.timestamped == 2 and run.tsa_url == tsa_chain.url
    assert (tsa.url, "tsa-nonce-mismatch") in run.errors


def test_untrusted_tsa_leaves_items_pending(svc, tmp_path, tsa, tsa_pki):
    c, _ = _case_with_items(svc, tmp_path, 1)
    run = svc.timestamps.timestamp_case(c.id, url=tsa.url, roots=[str(tsa_pki.other_root_pem)])
    assert run.pending == 1 and run.errors == ((tsa.url, "tsa-untrusted"),)


def test_cli_style_override_needs_roots(svc, tmp_path):
    c, _ = _case_with_items(svc, tmp_path, 1)
    with pytest.raises(BadInput):
        svc.timestamps.timestamp_case(c.id, url="http://127.0.0.1:9/")


def test_no_tsa_usable_says_why(svc, tmp_path):
    from picproof.services import tsa_config

    c, _ = _case_with_items(svc, tmp_path, 1)
    # a fresh install: the built-in services wait for the user's permission
    run = svc.timestamps.timestamp_case(c.id)
    assert run.pending == 1 and run.errors == (("", "tsa-consent-needed"),)
    svc.settings.tsa_consent = False
    run = svc.timestamps.timestamp_case(c.id)
    assert run.pending == 1 and run.errors == (("", "tsa-consent-refused"),)
    for entry in tsa_config.entries(svc.settings):
        tsa_config.set_enabled(svc.settings, entry.name, False)
    run = svc.timestamps.timestamp_case(c.id)
    assert run.pending == 1 and run.errors == (("", "tsa-none-configured"),)
