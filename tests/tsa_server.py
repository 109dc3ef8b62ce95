"""A real RFC 3161 TSA for tests: ``openssl ts -reply`` behind a ThreadingHTTPServer on 127.0.0.1.

Keys and certificates are made once per session with ``cryptography`` (RSA-2048): a root CA signing
a TSA leaf directly ("single"), a root -> intermediate -> leaf chain whose responses carry the
intermediate too ("chain", certificates in chain order, not DER order), a leaf without the
timeStamping EKU, and an unrelated root. ``server.mode`` makes the server misbehave in one specific
way for the negative tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

MODES = (
    "ok",
    "wrong-imprint",
    "wrong-hash",
    "nonce",
    "no-eku",
    "flip-signature",
    "alter-gentime",
    "reject",
    "trailing",
    "content-type",
    "http-error",
    "slow",
)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _cert(
    subject: str,
    key: rsa.RSAPrivateKey,
    issuer: x509.Certificate | None,
    issuer_key: rsa.RSAPrivateKey,
    *,
    ca: bool,
    eku: bool = True,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer.subject if issuer else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    else:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        if eku:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
            )
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@dataclass
class TsaConfig:
    name: str
    folder: Path
    root_pem: Path
    config: Path
    extra_certs: Path | None = None
    """PEM of intermediates a verifier may need (also carried in the token for the chain config)."""


@dataclass
class LocalPki:
    folder: Path
    single: TsaConfig
    chain: TsaConfig
    other_root_pem: Path
    noeku_cert: x509.Certificate
    noeku_key: rsa.RSAPrivateKey


def _tsa_cnf(folder: Path, signer: Path, key: Path, certs: Path | None) -> Path:
    cfg = folder / "tsa.cnf"
    (folder / "serial").write_text("01\n")
    lines = [
        "[tsa]",
        "default_tsa = tsa_config1",
        "",
        "[tsa_config1]",
        f"serial = {folder / 'serial'}",
        f"signer_cert = {signer}",
        f"signer_key = {key}",
        "signer_digest = sha256",
        "default_policy = 1.3.6.1.4.1.99999.1",
        "other_policies = 1.3.6.1.4.1.99999.2",
        "digests = sha256, sha384, sha512",
        "accuracy = secs:1",
        "ess_cert_id_alg = sha256",
        "ess_cert_id_chain = no",
        "crypto_device = builtin",
    ]
    if certs is not None:
        lines.append(f"certs = {certs}")
    cfg.write_text("\n".join(lines) + "\n")
    return cfg


def build_pki(folder: Path) -> LocalPki:
    folder.mkdir(parents=True, exist_ok=True)
    root_key = _key()
    root = _cert("PicProof Test Root CA", root_key, None, root_key, ca=True)
    leaf_key = _key()
    leaf = _cert("PicProof Test TSA", leaf_key, root, root_key, ca=False)
    inter_key = _key()
    inter = _cert("PicProof Test Intermediate CA", inter_key, root, root_key, ca=True)
    leaf2 = _cert("PicProof Test TSA 2", leaf_key, inter, inter_key, ca=False)
    noeku = _cert("PicProof Test No-EKU", leaf_key, root, root_key, ca=False, eku=False)
    other_key = _key()
    other = _cert("Unrelated Root CA", other_key, None, other_key, ca=True)
    (folder / "root.pem").write_bytes(_pem(root))
    (folder / "other-root.pem").write_bytes(_pem(other))
    (folder / "tsa.key").write_bytes(_key_pem(leaf_key))
    configs = {}
    for name, signer, extra in (("single", leaf, None), ("chain", leaf2, inter)):
        sub = folder / name
        sub.mkdir(exist_ok=True)
        (sub / "tsa.pem").write_bytes(_pem(signer))
        extra_path = None
        if extra is not None:
            extra_path = sub / "intermediate.pem"
            extra_path.write_bytes(_pem(extra))
        cfg = _tsa_cnf(sub, sub / "tsa.pem", folder / "tsa.key", extra_path)
        configs[name] = TsaConfig(name, sub, folder / "root.pem", cfg, extra_path)
    return LocalPki(
        folder, configs["single"], configs["chain"], folder / "other-root.pem", noeku, leaf_key
    )


class TsaServer:
    """``with TsaServer(config, pki) as server: server.url``; set ``server.mode`` to misbehave."""

    def __init__(self, config: TsaConfig, pki: LocalPki) -> None:
        self.config = config
        self.pki = pki
        self.mode = "ok"
        self.requests = 0
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                if (
                    length > 65536
                    or self.headers.get("Content-Type") != "application/timestamp-query"
                ):
                    self.send_response(400)
                    self.end_headers()
                    return
                status, ctype, body = outer.answer(self.rfile.read(length))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout test)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/tsr"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reply(self, query: bytes) -> bytes:
        with self._lock, tempfile.TemporaryDirectory() as tmp:
            q, r = Path(tmp) / "q.tsq", Path(tmp) / "r.tsr"
            q.write_bytes(query)
            subprocess.run(
                [
                    "openssl",
                    "ts",
                    "-reply",
                    "-config",
                    str(self.config.config),
                    "-queryfile",
                    str(q),
                    "-out",
                    str(r),
                ],
                check=True,
                capture_output=True,
            )
            return r.read_bytes()

    def answer(self, query: bytes) -> tuple[int, str, bytes]:
        from asn1crypto import tsp

        self.requests += 1
        mode = self.mode
        reply_type = "application/timestamp-reply"
        if mode == "http-error":
            return 500, "text/plain", b"internal error"
        if mode == "slow":
            time.sleep(1.5)
        if mode == "reject":
            info = tsp.PKIStatusInfo({"status": "rejection", "status_string": ["request refused"]})
            body = info.dump()  # TimeStampResp ::= SEQUENCE { status, timeStampToken OPTIONAL }
            return 200, reply_type, b"\x30" + bytes([len(body)]) + body
        if mode in ("wrong-imprint", "wrong-hash", "nonce"):
            req = tsp.TimeStampReq.load(query)
            if mode == "wrong-imprint":
                req["message_imprint"]["hashed_message"] = hashlib.sha256(b"other file").digest()
            elif mode == "wrong-hash":
                req["message_imprint"] = {
                    "hash_algorithm": {"algorithm": "sha512"},
                    "hashed_message": hashlib.sha512(b"x").digest(),
                }
            else:
                req["nonce"] = req["nonce"].native + 1
            query = req.dump(force=True)
        raw = self.reply(query)
        if mode == "no-eku":
            raw = resign(raw, self.pki.noeku_cert, self.pki.noeku_key)
        elif mode == "flip-signature":
            raw = raw[:-10] + bytes([raw[-10] ^ 0x01]) + raw[-9:]
        elif mode == "alter-gentime":
            raw = alter_gentime(raw)
        elif mode == "trailing":
            raw += b"\x00garbage"
        if mode == "content-type":
            reply_type = "text/html"
        return 200, reply_type, raw


def alter_gentime(raw: bytes) -> bytes:
    """Change one digit of genTime (the first GeneralizedTime) without re-signing."""
    at = raw.index(b"\x18\x0f20")
    digit_at = at + 2 + 9  # the second digit of the hour (YYYYMMDDH|H)
    new_digit = b"1" if raw[digit_at : digit_at + 1] != b"1" else b"2"
    return raw[:digit_at] + new_digit + raw[digit_at + 1 :]


def resign(raw: bytes, cert: x509.Certificate, key: rsa.RSAPrivateKey) -> bytes:
    """Re-sign a response with another certificate (a valid signature by a non-TSA certificate)."""
    from asn1crypto import cms, tsp
    from asn1crypto import x509 as ax509

    resp = tsp.TimeStampResp.load(raw)
    sd = resp["time_stamp_token"]["content"]
    der = cert.public_bytes(serialization.Encoding.DER)
    acert = ax509.Certificate.load(der)
    sd["certificates"] = cms.CertificateSet([cms.CertificateChoices({"certificate": acert})])
    si = sd["signer_infos"][0]
    si["sid"] = cms.SignerIdentifier(
        {"issuer_and_serial_number": {"issuer": acert.issuer, "serial_number": acert.serial_number}}
    )
    attrs = []
    for attr in si["signed_attrs"]:
        if attr["type"].native == "signing_certificate_v2":
            attr = cms.CMSAttribute(
                {
                    "type": "signing_certificate_v2",
                    "values": [
                        {
                            "certs": [
                                {
                                    "hash_algorithm": {"algorithm": "sha256"},
                                    "cert_hash": hashlib.sha256(der).digest(),
                                }
                            ]
                        }
                    ],
                }
            )
        attrs.append(attr)
    si["signed_attrs"] = cms.CMSAttributes(attrs)
    to_sign = b"\x31" + si["signed_attrs"].dump(force=True)[1:]
    si["signature"] = key.sign(to_sign, padding.PKCS1v15(), hashes.SHA256())
    return resp.dump(force=True)
