"""The user's signing key, and signing / verifying court-ready PDFs (#21 item 7).

Two kinds of key:

* **own**: made on first use: an ECDSA P-256 key and a self-signed certificate in the user's name.
  The private key (PKCS#8 PEM, ~240 characters: small enough for Windows' credential store, which
  refuses secrets over 2.5 KB) lives in the system keyring only; the certificate (public) is a file
  in the data folder.
* **pkcs12**: a certificate the clinic supplies (a .p12/.pfx file). The file (its key encrypted by
  its password) is copied into the data folder; the password goes to the keyring.

Without a secure keyring nothing is stored and signing says so (``no-secret-store``), as for TSA
passwords. Timestamps come from the configured TSAs through :class:`TimestampService`, each token
verified against that TSA's pinned roots before it is embedded.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from picproof.core.atomic import atomic_write_bytes
from picproof.core.errors import BadInput, PicProofError, TimestampError
from picproof.services import secrets
from picproof.services.paths import AppPaths
from picproof.services.settings import Settings

KEY_SECRET = ("signing-key", "own")
P12_SECRET = ("signing-p12", "clinic")


class SigningError(PicProofError):
    code = "signing"


@dataclass(frozen=True)
class KeyInfo:
    kind: str
    """``own`` or ``pkcs12``."""
    name: str
    """The certificate's subject, in words."""
    sha256: str
    """SHA-256 fingerprint of the certificate (what a recipient compares)."""
    not_after: str
    issuer: str

    def to_json(self) -> dict[str, str]:
        return dict(self.__dict__)


def _info(kind: str, cert_der: bytes) -> KeyInfo:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    cert = x509.load_der_x509_certificate(cert_der)
    common = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return KeyInfo(
        kind=kind,
        name=str(common[0].value) if common else cert.subject.rfc4514_string(),
        sha256=cert.fingerprint(hashes.SHA256()).hex(),
        not_after=cert.not_valid_after_utc.strftime("%Y-%m-%d"),
        issuer=cert.issuer.rfc4514_string(),
    )


def self_signed(name: str, key: Any) -> Any:
    """A 10-year self-signed certificate in ``name`` for document signing."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )


class SigningService:
    def __init__(self, paths: AppPaths, settings: Settings, timestamps: Any) -> None:
        self.paths = paths
        self.settings = settings
        self.timestamps = timestamps

    @property
    def folder(self) -> Path:
        return self.paths.data_dir / "signing"

    @property
    def _own_cert(self) -> Path:
        return self.folder / "own-certificate.pem"

    @property
    def _p12(self) -> Path:
        return self.folder / "clinic-certificate.p12"

    def _kind(self) -> str | None:
        raw = self.settings.extra.get("signing_key")
        return raw if raw in ("own", "pkcs12") else None

    # -- the key ----------------------------------------------------------------------------------
    def key_info(self) -> KeyInfo | None:
        """The key in use (None: none yet; an own key is made on first signing)."""
        kind = self._kind()
        if kind == "pkcs12" and self._p12.is_file():
            _, cert, _ = self._load_p12()
            return _info("pkcs12", cert)
        if kind == "own" and self._own_cert.is_file():
            from cryptography import x509
            from cryptography.hazmat.primitives.serialization import Encoding

            own = x509.load_pem_x509_certificate(self._own_cert.read_bytes())
            return _info("own", own.public_bytes(Encoding.DER))
        return None

    def create_own_key(self, name: str) -> KeyInfo:
        """Make a new own key in ``name`` (replacing an earlier own key)."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        name = " ".join(name.split())
        if not name:
            raise BadInput("signing-name-missing")
        key = ec.generate_private_key(ec.SECP256R1())
        cert = self_signed(name, key)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode("ascii")
        secrets.set_secret(*KEY_SECRET, pem)  # raises no-secret-store first: nothing half-made
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self._own_cert, cert.public_bytes(serialization.Encoding.PEM))
        self._set_kind("own")
        return _info("own", cert.public_bytes(serialization.Encoding.DER))

    def import_pkcs12(self, path: str | Path, password: str) -> KeyInfo:
        """Use the clinic's certificate from a PKCS#12 file (checked before anything is kept)."""
        source = Path(path)
        if not source.is_file():
            raise BadInput("not-a-file", path=str(source))
        data = source.read_bytes()
        self._parse_p12(data, password, str(source))
        secrets.set_secret(*P12_SECRET, password)
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self._p12.with_suffix(".tmp")
        shutil.copyfile(source, tmp)
        tmp.replace(self._p12)
        self._set_kind("pkcs12")
        info = self.key_info()
        assert info is not None
        return info

    def _set_kind(self, kind: str) -> None:
        self.settings.extra["signing_key"] = kind
        from picproof.services.settings import save_settings

        save_settings(self.paths.settings_file, self.settings)

    @staticmethod
    def _parse_p12(data: bytes, password: str, where: str) -> tuple[bytes, bytes, list[bytes]]:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.serialization import pkcs12

        try:
            key, cert, extra = pkcs12.load_key_and_certificates(data, password.encode() or None)
        except ValueError as exc:
            raise BadInput("pkcs12-unreadable", path=where) from exc
        if key is None or cert is None:
            raise BadInput("pkcs12-unreadable", path=where)
        enc = serialization.Encoding.DER
        key_der = key.private_bytes(
            enc, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return key_der, cert.public_bytes(enc), [c.public_bytes(enc) for c in extra or ()]

    def _load_p12(self) -> tuple[bytes, bytes, list[bytes]]:
        password = secrets.get_secret(*P12_SECRET)
        if password is None:
            raise SigningError("signing-key-lost", kind="pkcs12")
        return self._parse_p12(self._p12.read_bytes(), password, self._p12.name)

    def _key_material(self, name_hint: str) -> tuple[bytes, bytes, list[bytes]]:
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        if self._kind() == "pkcs12":
            return self._load_p12()
        pem = secrets.get_secret(*KEY_SECRET) if self._own_cert.is_file() else None
        if pem is None:
            # First use (or the keyring lost the key): make one in the user's name.
            self.create_own_key(self.settings.operator_name or name_hint)
            pem = secrets.get_secret(*KEY_SECRET)
            if pem is None:
                raise SigningError("signing-key-lost", kind="own")
        key = serialization.load_pem_private_key(pem.encode("ascii"), None)
        der = serialization.Encoding.DER
        key_der = key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        cert = x509.load_pem_x509_certificate(self._own_cert.read_bytes())
        return key_der, cert.public_bytes(der), []

    # -- signing ----------------------------------------------------------------------------------
    def _stamp_function(self, url: str | None, roots: Sequence[str]) -> Any:
        targets = self.timestamps.targets(url, roots)
        if not targets:
            raise TimestampError(self.timestamps.why_none())

        def stamp(digest: bytes) -> bytes:
            errors: list[tuple[str, str]] = []
            found = self.timestamps.stamp_digest(digest.hex(), targets, errors)
            if found is None:
                url, code = errors[0] if errors else ("", "tsa-none-configured")
                raise TimestampError(code, url=url)
            return bytes(found[1])

        return stamp

    def sign(
        self,
        data: bytes,
        *,
        name_hint: str = "",
        reason: str = "",
        url: str | None = None,
        roots: Sequence[str] = (),
    ) -> bytes:
        """``data`` as PDF/A-2b with a PAdES signature and an RFC 3161 document timestamp."""
        from picproof.pdf.signing import make_signer, sign_pdf

        stamp = self._stamp_function(url, roots)  # no TSA: refuse before touching the key
        key_der, cert_der, chain = self._key_material(name_hint)
        signer = make_signer(key_der, cert_der, chain)
        try:
            return sign_pdf(data, signer, stamp, reason=reason)
        except TimestampError:
            raise
        except Exception as exc:  # pyHanko wraps the TSA error or fails on a damaged input
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, TimestampError):
                raise cause from exc
            raise SigningError(
                "signing-failed", detail=f"{type(exc).__name__}: {exc}"[:200]
            ) from exc

    def signer_for(
        self,
        *,
        name_hint: str = "",
        reason: str = "",
        url: str | None = None,
        roots: Sequence[str] = (),
    ) -> Any:
        """``bytes -> bytes``: what the letter and export services call to sign a PDF they made."""
        self._stamp_function(url, roots)  # say "no TSA" now, before a letter is rendered
        if self.key_info() is None and not " ".join(
            (self.settings.operator_name or name_hint).split()
        ):
            # No key and no name to make one in: say so now, before an export logs anything.
            raise BadInput("signing-name-missing")

        def sign(data: bytes) -> bytes:
            return self.sign(data, name_hint=name_hint, reason=reason, url=url, roots=roots)

        return sign

    # -- verifying --------------------------------------------------------------------------------
    def tsa_roots(self, extra: Sequence[str] = ()) -> list[bytes]:
        """DER roots of every TSA this user has (own and presets) and of ``extra`` PEM files."""
        from cryptography.hazmat.primitives.serialization import Encoding

        from picproof.net.tsa import load_roots
        from picproof.services import tsa_config

        files = [f for entry in tsa_config.entries(self.settings) for f in entry.root_files]
        out: list[bytes] = []
        for path in [*files, *extra]:
            try:
                certs = load_roots([path])
            except TimestampError:
                if path in extra:
                    raise
                continue
            out += [c.public_bytes(Encoding.DER) for c in certs]
        return list(dict.fromkeys(out))

    def verify(self, data: bytes, *, tsa_ca: Sequence[str] = ()) -> Any:
        from picproof.pdf.signing import verify_pdf

        own = self.key_info()
        signer_roots: list[bytes] = []
        if own is not None and own.kind == "own":
            from cryptography import x509
            from cryptography.hazmat.primitives.serialization import Encoding

            cert = x509.load_pem_x509_certificate(self._own_cert.read_bytes())
            signer_roots.append(cert.public_bytes(Encoding.DER))
        return verify_pdf(data, tsa_roots=self.tsa_roots(tsa_ca), signer_roots=signer_roots)
