"""Public RFC 3161 time-stamping services PicProof knows out of the box, with their trust roots.

Each preset names the operator (two presets of one operator do not count as two independent proofs),
its address, and the root certificates its tokens chain to. The roots are shipped in
``resources/tsa/`` exactly as the Mozilla root store has them (as packaged by certifi; a test checks
the files against certifi's copy) and are pinned here by SHA-256 fingerprint: a root file that does
not match its fingerprint is refused. A preset's token is verified exactly like one from a service
the user added (status, imprint, nonce, timeStamping EKU, signature, chain to these roots).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from picproof.core.errors import TimestampError
from picproof.core.resources import resource_dir


@dataclass(frozen=True)
class TsaPreset:
    name: str
    """Short unique name used by ``picproof tsa enable NAME`` and in settings."""
    operator: str
    url: str
    """Empty when the address comes with the user's account (see ``needs_account``)."""
    roots: tuple[tuple[str, str], ...]
    """``(file name under resources/tsa, SHA-256 fingerprint)`` of each trusted root."""
    needs_account: bool = False
    """The service needs a user name and password (kept in the keyring), an address and a root
    the user installs once from their contract."""
    cost: str = "free"
    site: str = ""
    default_enabled: bool = True
    """Used once the user agrees to send fingerprints (the consent asked at the first timestamp)."""


PRESETS: tuple[TsaPreset, ...] = (
    TsaPreset(
        "digicert",
        "DigiCert",
        "http://timestamp.digicert.com",
        (
            (
                "digicert-trusted-root-g4.pem",
                "552f7bdcf1a7af9e6ce672017f4f12abf77240c78e761ac203d1d9d20ac89988",
            ),
        ),
        site="https://knowledge.digicert.com/general-information/rfc3161-compliant-time-stamp-timestamp-server",
    ),
    TsaPreset(
        "sectigo",
        "Sectigo",
        "http://timestamp.sectigo.com",
        (
            (
                "usertrust-rsa-ca.pem",
                "e793c9b02fd8aa13e21c31228accb08119643b749c898964b1746d46c3d4cbd2",
            ),
        ),
        site="https://sectigo.com/resource-library/time-stamping-server",
    ),
    TsaPreset(
        "globalsign",
        "GlobalSign",
        "http://rfc3161timestamp.globalsign.com/advanced",
        (
            (
                "globalsign-root-r6.pem",
                "2cabeafe37d06ca22aba7391c0033d25982952c453647349763a3ab5ad6ccf69",
            ),
        ),
        site="https://www.globalsign.com/en/timestamp-service",
    ),
    TsaPreset(
        "sslcom",
        "SSL.com",
        "http://ts.ssl.com",
        (
            (
                "sslcom-root-rsa.pem",
                "85666a562ee0be5ce925c1d8890a6f76a87ec16d4d7d5f29ea7419cf20123b69",
            ),
            (
                "sslcom-root-ecc.pem",
                "3417bb06cc6007da1b961c920b8ab4ce3fad820e4aa30b9acbc4a74ebdcebc65",
            ),
        ),
        site="https://www.ssl.com/guide/esigner-timestamping/",
    ),
    TsaPreset(
        "unitrust-cn",
        "UniTrust (联合信任, tsa.cn)",
        "",
        (),
        needs_account=True,
        cost=(
            "paid: a contract with UniTrust (www.tsa.cn), priced per time stamp or as a yearly "
            "package quoted by UniTrust; PicProof charges nothing. Its time stamps follow the "
            "Chinese national standard that courts in mainland China know"
        ),
        site="https://www.tsa.cn",
        default_enabled=False,
    ),
)


def preset(name: str) -> TsaPreset | None:
    return next((p for p in PRESETS if p.name == name.strip().lower()), None)


def tsa_resource_dir() -> Path:
    return resource_dir() / "tsa"


def preset_root_files(p: TsaPreset) -> list[str]:
    """Paths of the preset's shipped roots, each checked against its pinned fingerprint."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    paths = []
    for filename, fingerprint in p.roots:
        path = tsa_resource_dir() / filename
        try:
            cert = x509.load_pem_x509_certificate(path.read_bytes())
        except (OSError, ValueError) as exc:
            raise TimestampError("tsa-bad-roots", path=str(path), detail=str(exc)) from exc
        if cert.fingerprint(hashes.SHA256()).hex() != fingerprint:
            raise TimestampError(
                "tsa-bad-roots", path=str(path), detail="fingerprint differs from the pinned one"
            )
        paths.append(str(path))
    return paths


def root_fingerprints(paths: list[str]) -> list[str]:
    """SHA-256 fingerprints (hex) of every certificate in the given PEM/DER files."""
    from cryptography.hazmat.primitives import hashes

    from picproof.net.tsa import load_roots

    return [c.fingerprint(hashes.SHA256()).hex() for c in load_roots(paths)]
