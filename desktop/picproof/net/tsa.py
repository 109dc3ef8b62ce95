"""RFC 3161 trusted timestamps over HTTP (httpx), verified with rfc3161-client.

Every token is checked before we keep it: PKI status, no trailing bytes, SHA-256 imprint equal to
our digest, our nonce, the leaf certificate's critical timeStamping EKU, the CMS signature, and a
chain to the roots configured for that TSA (valid at genTime). The raw response bytes are what we
store; a copy with the certificate SET re-sorted into DER order is used only for parsing, because
OpenSSL and some commercial TSAs send certificates in chain order, which rfc3161-client's strict
parser rejects.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from picproof.core.errors import TimestampError

SHA256_OID = "2.16.840.1.101.3.4.2.1"
MAX_RESPONSE = 256 * 1024
REPLY_TYPES = ("application/timestamp-reply", "application/timestamp-response")


@dataclass(frozen=True)
class TokenInfo:
    """What a verified token asserts."""

    digest_sha256: str
    gen_time: str
    serial: str
    policy: str
    tsa_name: str
    nonce: int | None
    certificates: tuple[bytes, ...]
    """DER certificates carried in the token (leaf first when identifiable)."""


def load_roots(paths: Sequence[str | Path]) -> list[Any]:
    """Load PEM (or DER) certificates from files; unreadable files raise ``tsa-bad-roots``."""
    from cryptography import x509

    roots: list[Any] = []
    for p in paths:
        try:
            data = Path(p).read_bytes()
            roots.extend(
                x509.load_pem_x509_certificates(data)
                if b"-----BEGIN" in data
                else [x509.load_der_x509_certificate(data)]
            )
        except (OSError, ValueError) as exc:
            raise TimestampError("tsa-bad-roots", path=str(p), detail=str(exc)) from exc
    return roots


def build_request(digest: bytes, nonce: int) -> bytes:
    """A DER TimeStampReq for a precomputed SHA-256 digest (the file is never re-read)."""
    from asn1crypto import tsp

    return bytes(
        tsp.TimeStampReq(
            {
                "version": "v1",
                "message_imprint": {
                    "hash_algorithm": {"algorithm": "sha256"},
                    "hashed_message": digest,
                },
                "nonce": nonce,
                "cert_req": True,
            }
        ).dump()
    )


class TsaClient:
    """One HTTP client for a run of requests (building one per token costs tens of ms)."""

    def __init__(self, timeout: float = 15.0) -> None:
        import httpx

        self.timeout = timeout
        self.http = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    def request(
        self, url: str, digest: bytes, roots: Sequence[Any], *, auth: tuple[str, str] | None = None
    ) -> tuple[bytes, TokenInfo]:
        return request_timestamp(
            url, digest, roots, timeout=self.timeout, auth=auth, client=self.http
        )


def request_timestamp(
    url: str,
    digest: bytes,
    roots: Sequence[Any],
    *,
    timeout: float = 15.0,
    auth: tuple[str, str] | None = None,
    client: Any = None,
) -> tuple[bytes, TokenInfo]:
    """Obtain and verify a token for ``digest``; return ``(raw response bytes, info)``."""
    import httpx

    if len(digest) != 32:
        raise TimestampError("tsa-bad-digest", url=url)
    nonce = secrets.randbits(63)
    body = build_request(digest, nonce)
    headers = {"Content-Type": "application/timestamp-query", "Accept": REPLY_TYPES[0]}
    own = client is None
    if client is None:
        client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False)
    try:
        client.cookies.clear()
        with client.stream(
            "POST", url, content=body, headers=headers, auth=auth, timeout=timeout
        ) as resp:
            if resp.status_code != 200:
                raise TimestampError("tsa-http-error", url=url, status=resp.status_code)
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype not in REPLY_TYPES:
                raise TimestampError("tsa-content-type", url=url, content_type=ctype or "none")
            raw = b""
            for chunk in resp.iter_bytes():
                raw += chunk
                if len(raw) > MAX_RESPONSE:
                    raise TimestampError("tsa-too-large", url=url)
    except httpx.TimeoutException as exc:
        raise TimestampError("tsa-timeout", url=url) from exc
    except httpx.HTTPError as exc:
        raise TimestampError("tsa-unreachable", url=url, detail=type(exc).__name__) from exc
    finally:
        if own:
            client.close()
    info = verify_response(raw, digest, roots, nonce=nonce, url=url)
    return raw, info


def verify_response(
    raw: bytes, digest: bytes, roots: Sequence[Any], *, nonce: int | None = None, url: str = ""
) -> TokenInfo:
    """Check every property of a TimeStampResp; raise :class:`TimestampError` naming the first
    failure."""
    try:
        return _verify_response(raw, digest, roots, nonce=nonce, url=url)
    except (TimestampError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a hostile token or root reaches parser corners: a certificate
        # whose key algorithm was flipped raised cryptography's UnsupportedAlgorithm, one with a
        # damaged issuer a Rust panic in rfc3161-client (a BaseException): still a refusal
        raise TimestampError(
            "tsa-malformed", url=url, detail=f"{type(exc).__name__}: {exc}"[:200]
        ) from exc


def _verify_response(
    raw: bytes, digest: bytes, roots: Sequence[Any], *, nonce: int | None = None, url: str = ""
) -> TokenInfo:
    """What the token in ``raw`` asserts, once every check in the module docstring passed;
    else a TimestampError whose code names the first that failed."""
    _check_granted(raw, url)
    token = _parse_token(raw, url)
    if token.algorithm != SHA256_OID:
        raise TimestampError("tsa-wrong-hash-algorithm", url=url, algorithm=token.algorithm)
    if token.hashed != digest:
        raise TimestampError("tsa-imprint-mismatch", url=url)
    if nonce is not None and token.nonce != nonce:
        raise TimestampError("tsa-nonce-mismatch", url=url)
    leaf, tsa_name = _check_signer(token, digest, roots, nonce, url)
    return TokenInfo(
        digest_sha256=digest.hex(),
        gen_time=token.gen_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
        serial=token.serial,
        policy=token.policy,
        tsa_name=tsa_name,
        nonce=token.nonce,
        certificates=tuple([leaf] + [c for c in token.certs if c != leaf]),
    )


def _check_granted(raw: bytes, url: str) -> None:
    """Raise unless the response's PKI status grants the request (and nothing trails it)."""
    from asn1crypto import core, tsp

    try:
        # The status first, through a generic SEQUENCE: asn1crypto's TimeStampResp insists on a
        # token, which a rejection does not carry.
        outer = core.Sequence.load(raw, strict=True)
        status_info = tsp.PKIStatusInfo.load(outer[0].dump())
        status = status_info["status"].native
        text = status_info["status_string"].native
    except ValueError as exc:
        code = "tsa-trailing-data" if "extra data" in str(exc).lower() else "tsa-malformed"
        raise TimestampError(code, url=url) from exc
    if status not in ("granted", "granted_with_mods"):
        raise TimestampError(
            "tsa-rejected", url=url, status=str(status), detail="; ".join(text) if text else ""
        )


@dataclass(frozen=True)
class _Token:
    """What verification reads of a granted response's TimeStampToken."""

    algorithm: str
    hashed: bytes
    nonce: int | None
    gen_time: datetime
    serial: str
    policy: str
    tsa_name: str
    certs: list[bytes]
    signer: Any
    signer_key: tuple[bytes, int] | None
    """(issuer, serial) of the signer's certificate, when the signer names it that way."""
    content: bytes
    normalised: bytes
    """The response with its certificate SET in DER order, for rfc3161-client."""


def _parse_token(raw: bytes, url: str) -> _Token:
    from asn1crypto import tsp

    try:
        resp = tsp.TimeStampResp.load(raw, strict=True)
        token = resp["time_stamp_token"]
        if token["content_type"].native != "signed_data":
            raise ValueError("token is not SignedData")
        signed = token["content"]
        tst = signed["encap_content_info"]["content"].parsed
        imprint = tst["message_imprint"]
        algorithm = imprint["hash_algorithm"]["algorithm"].dotted
        hashed = imprint["hashed_message"].native
        token_nonce = tst["nonce"].native
        gen_time = tst["gen_time"].native.astimezone(UTC)
        serial = format(tst["serial_number"].native, "x")
        policy = tst["policy"].dotted
        tsa_name = _general_name(tst["tsa"])
        certs = [c.chosen.dump() for c in signed["certificates"]] if signed["certificates"] else []
        signer = signed["signer_infos"][0]
        sid = signer["sid"].chosen
        signer_key = (
            (sid["issuer"].dump(), sid["serial_number"].native)
            if signer["sid"].name == "issuer_and_serial_number"
            else None
        )
        content = signed["encap_content_info"]["content"].contents
        normalised = _certificates_in_der_order(raw, signed, certs)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise TimestampError("tsa-malformed", url=url, detail=str(exc)[:200]) from exc
    return _Token(
        algorithm,
        hashed,
        token_nonce,
        gen_time,
        serial,
        policy,
        tsa_name,
        certs,
        signer,
        signer_key,
        content,
        normalised,
    )


def _certificates_in_der_order(raw: bytes, signed: Any, certs: list[bytes]) -> bytes:
    """``raw`` with the token's certificate SET re-sorted into DER order for rfc3161-client.
    Same bytes, another order, so the length is unchanged and we splice instead of re-encoding
    (slow); the certificates are outside the signed attributes, so the signature is
    unaffected."""
    if certs == sorted(certs):
        return raw
    encoded = signed["certificates"].dump()
    header = encoded[: len(encoded) - sum(len(c) for c in certs)]
    return raw.replace(encoded, header + b"".join(sorted(certs)), 1)


def _check_signer(
    token: _Token, digest: bytes, roots: Sequence[Any], nonce: int | None, url: str
) -> tuple[bytes, str]:
    """The signing certificate (DER) and the TSA's name (the token's, else the certificate
    subject's), once the certificate's EKU, the CMS signature and the chain to ``roots`` are
    checked."""
    try:
        leaf = _leaf(token.certs, token.signer_key)
        if leaf is None:
            raise TimestampError("tsa-no-certificate", url=url)
        _check_eku(leaf, url)
        _check_signature(token.signer, token.content, leaf, url)
        _verify_chain(token.normalised, digest, roots, nonce, url)
        tsa_name = token.tsa_name
        if not tsa_name:
            from cryptography import x509

            tsa_name = x509.load_der_x509_certificate(leaf).subject.rfc4514_string()
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        # A damaged certificate or signer info inside an otherwise well-formed response.
        raise TimestampError("tsa-malformed", url=url, detail=str(exc)[:200]) from exc
    return leaf, tsa_name


def _general_name(name: Any) -> str:
    try:
        value = name.native
    except (ValueError, AttributeError):
        return ""
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return "" if value is None else str(value)


def _leaf(certs: list[bytes], signer_key: tuple[bytes, int] | None) -> bytes | None:
    from asn1crypto import x509 as ax509

    for der in certs:
        cert = ax509.Certificate.load(der)
        tbs = cert["tbs_certificate"]
        if signer_key is None or (
            tbs["issuer"].dump() == signer_key[0] and tbs["serial_number"].native == signer_key[1]
        ):
            return der
    return None


def _check_eku(leaf_der: bytes, url: str) -> None:
    from cryptography import x509
    from cryptography.x509.oid import ExtendedKeyUsageOID

    cert = x509.load_der_x509_certificate(leaf_der)
    try:
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    except x509.ExtensionNotFound as exc:
        raise TimestampError("tsa-no-eku", url=url) from exc
    if not eku.critical or ExtendedKeyUsageOID.TIME_STAMPING not in eku.value:
        raise TimestampError("tsa-no-eku", url=url)


def _check_signature(signer: Any, content: bytes, leaf_der: bytes, url: str) -> None:
    """The CMS signature over the signed attributes, and their messageDigest over the TSTInfo."""
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    try:
        hash_name = signer["digest_algorithm"]["algorithm"].native
        algo: hashes.HashAlgorithm = {
            "sha256": hashes.SHA256(),
            "sha384": hashes.SHA384(),
            "sha512": hashes.SHA512(),
        }[hash_name]
        attrs = signer["signed_attrs"]
        digest_attr = next(
            a["values"][0].native for a in attrs if a["type"].native == "message_digest"
        )
        signed_bytes = b"\x31" + attrs.dump()[1:]
        signature = signer["signature"].native
        sig_algo = signer["signature_algorithm"].signature_algo
    except (KeyError, ValueError, StopIteration, TypeError) as exc:
        raise TimestampError("tsa-bad-signature", url=url, detail="unreadable signer info") from exc
    h = hashes.Hash(algo)
    h.update(content)
    if h.finalize() != digest_attr:
        raise TimestampError("tsa-bad-signature", url=url, detail="content digest mismatch")
    key = x509.load_der_x509_certificate(leaf_der).public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey) and sig_algo == "rsassa_pkcs1v15":
            key.verify(signature, signed_bytes, padding.PKCS1v15(), algo)
        elif isinstance(key, rsa.RSAPublicKey) and sig_algo == "rsassa_pss":
            key.verify(
                signature,
                signed_bytes,
                padding.PSS(mgf=padding.MGF1(algo), salt_length=padding.PSS.AUTO),
                algo,
            )
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, signed_bytes, ec.ECDSA(algo))
        else:
            raise TimestampError("tsa-unsupported-signature", url=url, algorithm=str(sig_algo))
    except InvalidSignature as exc:
        raise TimestampError(
            "tsa-bad-signature", url=url, detail="signature does not verify"
        ) from exc


def _verify_chain(
    normalised: bytes, digest: bytes, roots: Sequence[Any], nonce: int | None, url: str
) -> None:
    """rfc3161-client's full verification against our configured roots only (chain at genTime)."""
    from rfc3161_client import VerificationError, VerifierBuilder, decode_timestamp_response

    if not roots:
        raise TimestampError("tsa-no-roots", url=url)
    try:
        response = decode_timestamp_response(normalised)
    except ValueError as exc:
        raise TimestampError("tsa-malformed", url=url, detail=str(exc)[:200]) from exc
    builder = VerifierBuilder()
    if nonce is not None:
        builder = builder.nonce(nonce)
    seen: list[Any] = []
    for cert in roots:
        if cert not in seen:
            seen.append(cert)
            builder = builder.add_root_certificate(cert)
    try:
        builder.build().verify(response, digest)
    except (VerificationError, ValueError) as exc:
        raise TimestampError("tsa-untrusted", url=url, detail=str(exc)[:200]) from exc
