"""RFC 3161 client against a real local OpenSSL TSA: good tokens accepted, every bad one refused."""

from __future__ import annotations

import hashlib
import socket
import subprocess
from pathlib import Path

import pytest

from picproof.core.errors import TimestampError
from picproof.net.tsa import build_request, load_roots, request_timestamp, verify_response

DATA = b"evidence bytes \x00\x01"
DIGEST = hashlib.sha256(DATA).digest()


@pytest.mark.parametrize("config", ["single", "chain"])
def test_good_token_is_verified_and_openssl_agrees(config, tsa, tsa_chain, tsa_pki, tmp_path):
    server = tsa if config == "single" else tsa_chain
    roots = load_roots([server.config.root_pem])
    raw, info = request_timestamp(server.url, DIGEST, roots)
    assert info.digest_sha256 == DIGEST.hex()
    assert info.gen_time.endswith("Z") and info.policy == "1.3.6.1.4.1.99999.1"
    assert len(info.certificates) == (1 if config == "single" else 2)
    assert "PicProof Test TSA" in info.tsa_name
    # The raw bytes (as received, chain order kept) verify with plain OpenSSL.
    (tmp_path / "r.tsr").write_bytes(raw)
    (tmp_path / "data.bin").write_bytes(DATA)
    out = subprocess.run(
        [
            "openssl",
            "ts",
            "-verify",
            "-in",
            "r.tsr",
            "-data",
            "data.bin",
            "-CAfile",
            str(server.config.root_pem),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Verification: OK" in out.stdout, out.stderr
    # A stored token re-verifies later without the nonce.
    assert verify_response(raw, DIGEST, roots).serial == info.serial


NEGATIVE = [
    ("wrong-imprint", "tsa-imprint-mismatch"),
    ("wrong-hash", "tsa-wrong-hash-algorithm"),
    ("nonce", "tsa-nonce-mismatch"),
    ("no-eku", "tsa-no-eku"),
    ("flip-signature", "tsa-bad-signature"),
    ("alter-gentime", "tsa-bad-signature"),
    ("reject", "tsa-rejected"),
    ("trailing", "tsa-trailing-data"),
    ("content-type", "tsa-content-type"),
    ("http-error", "tsa-http-error"),
    ("slow", "tsa-timeout"),
]


@pytest.mark.parametrize("mode,code", NEGATIVE)
def test_bad_responses_are_refused_with_a_reason(mode, code, tsa):
    tsa.mode = mode
    with pytest.raises(TimestampError) as err:
        request_timestamp(
            tsa.url,
            DIGEST,
            load_roots([tsa.config.root_pem]),
            timeout=0.6 if mode == "slow" else 20,
        )
    assert err.value.code == code


def test_chain_config_bad_signature_is_refused(tsa_chain):
    tsa_chain.mode = "flip-signature"
    with pytest.raises(TimestampError) as err:
        request_timestamp(tsa_chain.url, DIGEST, load_roots([tsa_chain.config.root_pem]))
    assert err.value.code == "tsa-bad-signature"


def test_untrusted_root_is_refused(tsa, tsa_pki):
    with pytest.raises(TimestampError) as err:
        request_timestamp(tsa.url, DIGEST, load_roots([tsa_pki.other_root_pem]))
    assert err.value.code == "tsa-untrusted"


def test_token_for_another_file_is_refused(tsa):
    roots = load_roots([tsa.config.root_pem])
    raw, _ = request_timestamp(tsa.url, DIGEST, roots)
    with pytest.raises(TimestampError) as err:
        verify_response(raw, hashlib.sha256(b"another file").digest(), roots)
    assert err.value.code == "tsa-imprint-mismatch"


def test_unreachable_tsa():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again on exit: nothing listens there
    with pytest.raises(TimestampError) as err:
        request_timestamp(f"http://127.0.0.1:{port}/", DIGEST, [], timeout=1)
    assert err.value.code == "tsa-unreachable"


def test_garbage_and_truncated_responses_are_malformed(tsa):
    roots = load_roots([tsa.config.root_pem])
    raw, _ = request_timestamp(tsa.url, DIGEST, roots)
    for bad in (b"", b"\x30\x03abc", raw[: len(raw) // 2]):
        with pytest.raises(TimestampError) as err:
            verify_response(bad, DIGEST, roots)
        assert err.value.code in ("tsa-malformed", "tsa-trailing-data")


def test_request_is_built_from_a_precomputed_digest(tmp_path):
    from asn1crypto import tsp

    req = tsp.TimeStampReq.load(build_request(DIGEST, 1234))
    assert req["message_imprint"]["hashed_message"].native == DIGEST
    assert req["message_imprint"]["hash_algorithm"]["algorithm"].native == "sha256"
    assert req["nonce"].native == 1234 and req["cert_req"].native is True


def test_unreadable_roots(tmp_path: Path):
    bad = tmp_path / "root.pem"
    bad.write_text("not a certificate")
    with pytest.raises(TimestampError) as err:
        load_roots([bad])
    assert err.value.code == "tsa-bad-roots"


def test_any_flipped_byte_in_a_token_is_refused_cleanly(tsa_chain):
    """Sampled positions across the whole response: always a TimestampError, never acceptance or
    another exception (a damaged certificate inside the token must not crash the verifier)."""
    import random

    roots = load_roots([tsa_chain.config.root_pem])
    raw, _ = request_timestamp(tsa_chain.url, DIGEST, roots)
    rng = random.Random(3)
    for pos in rng.sample(range(len(raw)), 250):
        flipped = raw[:pos] + bytes([raw[pos] ^ (1 << rng.randrange(8))]) + raw[pos + 1 :]
        try:
            verify_response(flipped, DIGEST, roots)
        except TimestampError:
            continue
        raise AssertionError(f"flip at {pos} of {len(raw)} accepted")
