"""PAdES signatures with RFC 3161 timestamps (pyHanko), and their verification.

:func:`sign_pdf` turns a finished PDF into PDF/A-2b (``pdf.pdfa``), signs it with a PAdES baseline
signature (CAdES-detached CMS, ``ETSI.CAdES.detached``) that carries a signature timestamp from the
configured TSA (PAdES B-T), then adds a document timestamp (``ETSI.RFC3161``) over the whole signed
file. Adobe Reader, Foxit and poppler's ``pdfsig`` then show who signed, when a trusted clock saw
the file, and that nothing changed since. The TSA is reached through a callable the service layer
passes in (``stamp(digest) -> TimeStampResp DER``), so this module does no network I/O of its own
and every token is verified against the configured TSA roots before it is embedded.

:func:`verify_pdf` checks every signature and document timestamp with pyHanko: the CMS signature,
that the signed byte ranges cover the document (and what, if anything, was added after), and each
timestamp's chain to the given TSA roots.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from picproof.pdf.pdfa import pdfa_identification, to_pdfa

SIGNATURE_FIELD = "PicProofSignature"
TIMESTAMP_FIELD = "PicProofDocumentTimestamp"
#: digest (SHA-256, 32 bytes) -> the TSA's TimeStampResp, DER, already verified by the caller.
StampFunction = Callable[[bytes], bytes]


def _timestamper(stamp: StampFunction) -> Any:
    from asn1crypto import tsp
    from pyhanko.sign.timestamps.api import TimeStamper

    class ServiceTimeStamper(TimeStamper):  # type: ignore[misc]
        """pyHanko's timestamp client, answered by PicProof's own TSA service (presets, fallback
        between TSAs, keyring passwords, full token verification against pinned roots)."""

        def __init__(self) -> None:
            super().__init__(include_nonce=False)  # our client sends and checks its own nonce

        async def async_timestamp(self, message_digest: bytes, md_algorithm: str) -> Any:
            if md_algorithm != "sha256":
                raise ValueError(f"timestamps are requested over SHA-256, not {md_algorithm}")
            raw = await asyncio.get_running_loop().run_in_executor(None, stamp, message_digest)
            return tsp.TimeStampResp.load(raw)["time_stamp_token"]

    return ServiceTimeStamper()


def _pdf17_signer_class() -> Any:
    from pyhanko.sign.signers.pdf_signer import PdfSigner

    class Pdf17Signer(PdfSigner):  # type: ignore[misc]
        """pyHanko declares PDF 2.0 (ISO/TS 32002) for an ECDSA P-256 signature; ours stay PDF/A-2b,
        which is PDF 1.7 based, where PAdES ECDSA signatures are valid too (Adobe, Foxit and poppler
        check them). Only the PAdES (ESIC) extension is registered."""

        def register_extensions(self, pdf_out: Any, *, md_algorithm: str) -> None:
            from pyhanko.sign.signers.pdf_signer import _ensure_esic_ext

            _ensure_esic_ext(pdf_out)

    return Pdf17Signer


def _Pdf17Signer(*args: Any, **kwargs: Any) -> Any:  # noqa: N802 - a class factory
    return _pdf17_signer_class()(*args, **kwargs)


def make_signer(key_der: bytes, cert_der: bytes, chain: Sequence[bytes] = ()) -> Any:
    """A pyHanko signer from a PKCS#8 private key and its certificate (DER)."""
    from asn1crypto import keys, x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert = x509.Certificate.load(cert_der)
    registry = SimpleCertificateStore.from_certs([cert, *(x509.Certificate.load(c) for c in chain)])
    return signers.SimpleSigner(
        signing_cert=cert, signing_key=keys.PrivateKeyInfo.load(key_der), cert_registry=registry
    )


def sign_pdf(
    data: bytes,
    signer: Any,
    stamp: StampFunction,
    *,
    reason: str = "",
    location: str = "",
    name: str | None = None,
) -> bytes:
    """``data`` as PDF/A-2b, signed (PAdES B-T) and covered by a document timestamp."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.signers.pdf_signer import PdfTimeStamper

    if pdfa_identification(data) is None:
        data = to_pdfa(data)
    timestamper = _timestamper(stamp)
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        name=name,
    )
    signed = _Pdf17Signer(meta, signer=signer, timestamper=timestamper).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(data))
    )
    writer = IncrementalPdfFileWriter(signed)
    out = PdfTimeStamper(timestamper, field_name=TIMESTAMP_FIELD).timestamp_pdf(writer, "sha256")
    return bytes(out.getvalue())


@dataclass
class SignatureCheck:
    field_name: str
    kind: str
    """``signature`` or ``document-timestamp``."""
    intact: bool
    """The signed bytes hash to what the signature says."""
    valid: bool
    """The cryptographic signature verifies."""
    covers: str
    """``whole-file``, ``whole-revision`` (later revisions follow) or ``partial``."""
    changes_after: str
    """What later revisions did: ``none``, ``timestamps/validation data only``, ``form fields``,
    ``other changes``."""
    signer: str = ""
    signer_sha256: str = ""
    signer_trusted: bool = False
    signed_at: str | None = None
    timestamp_time: str | None = None
    timestamp_tsa: str = ""
    timestamp_valid: bool | None = None
    timestamp_trusted: bool | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.intact
            and self.valid
            and self.changes_after in ("none", "timestamps/validation data only")
            and self.timestamp_valid is not False
            and self.timestamp_trusted is not False
            and not self.problems
        )

    def to_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["ok"] = self.ok
        return out


@dataclass
class PdfVerification:
    signatures: list[SignatureCheck]
    pdfa: tuple[str, str] | None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and not self.problems and all(s.ok for s in self.signatures)

    @property
    def timestamped(self) -> bool:
        return any(s.timestamp_valid and s.timestamp_trusted for s in self.signatures)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "timestamped": self.timestamped,
            "pdfa": f"PDF/A-{self.pdfa[0]}{self.pdfa[1].lower()}" if self.pdfa else None,
            "signatures": [s.to_json() for s in self.signatures],
            "problems": self.problems,
        }


def _context(roots: Sequence[bytes]) -> Any:
    from asn1crypto import x509
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=[x509.Certificate.load(r) for r in roots],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def _changes(level: Any) -> str:
    from pyhanko.sign.diff_analysis import ModificationLevel

    return {
        ModificationLevel.NONE: "none",
        ModificationLevel.LTA_UPDATES: "timestamps/validation data only",
        ModificationLevel.FORM_FILLING: "form fields",
        ModificationLevel.ANNOTATIONS: "other changes",
        ModificationLevel.OTHER: "other changes",
    }.get(level, "other changes")


def _coverage(level: Any) -> str:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    return {
        SignatureCoverageLevel.ENTIRE_FILE: "whole-file",
        SignatureCoverageLevel.ENTIRE_REVISION: "whole-revision",
    }.get(level, "partial")


def _when(value: Any) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _tsa_name(status: Any) -> str:
    try:
        return str(status.signing_cert.subject.human_friendly)
    except AttributeError:
        return ""


def verify_pdf(
    data: bytes, *, tsa_roots: Sequence[bytes], signer_roots: Sequence[bytes] = ()
) -> PdfVerification:
    """Check every signature and document timestamp in ``data`` (roots as DER certificates)."""
    with _quiet_pyhanko():
        return _verify(data, tsa_roots, signer_roots)


@contextlib.contextmanager
def _quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs a traceback for every chain it cannot build (a self-signed signer, a TSA root
    the user does not trust); those are findings we report in words, not errors."""
    loggers = [logging.getLogger(n) for n in ("pyhanko", "pyhanko_certvalidator")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def _verify(
    data: bytes, tsa_roots: Sequence[bytes], signer_roots: Sequence[bytes]
) -> PdfVerification:
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        return PdfVerification([], None, [f"not a readable PDF ({type(exc).__name__})"])
    checks: list[SignatureCheck] = []
    for sig in embedded:
        name = sig.field_name
        try:
            status: Any
            if sig.sig_object_type == "/DocTimeStamp":
                status = validate_pdf_timestamp(sig, validation_context=_context(tsa_roots))
                check = SignatureCheck(
                    name,
                    "document-timestamp",
                    intact=bool(status.intact),
                    valid=bool(status.valid),
                    covers=_coverage(status.coverage),
                    changes_after=_changes(status.modification_level),
                    timestamp_time=_when(status.timestamp),
                    timestamp_tsa=_tsa_name(status),
                    timestamp_valid=bool(status.intact and status.valid),
                    timestamp_trusted=bool(status.trusted),
                )
            else:
                status = validate_pdf_signature(
                    sig,
                    signer_validation_context=_context(signer_roots),
                    ts_validation_context=_context(tsa_roots),
                )
                cert = status.signing_cert
                stamp = status.timestamp_validity
                check = SignatureCheck(
                    name,
                    "signature",
                    intact=bool(status.intact),
                    valid=bool(status.valid),
                    covers=_coverage(status.coverage),
                    changes_after=_changes(status.modification_level),
                    signer=str(cert.subject.human_friendly),
                    signer_sha256=hashlib.sha256(cert.dump()).hexdigest(),
                    signer_trusted=bool(status.trusted),
                    signed_at=_when(status.signer_reported_dt),
                    timestamp_time=_when(stamp.timestamp) if stamp else None,
                    timestamp_tsa=_tsa_name(stamp) if stamp else "",
                    timestamp_valid=bool(stamp.intact and stamp.valid) if stamp else None,
                    timestamp_trusted=bool(stamp.trusted) if stamp else None,
                )
        except (ValueError, KeyError, TypeError, PdfReadError) as exc:
            check = SignatureCheck(name, "signature", False, False, "partial", "other changes")
            check.problems.append(f"cannot be read ({type(exc).__name__}: {exc})"[:200])
        checks.append(check)
    return PdfVerification(checks, pdfa_identification(data))
