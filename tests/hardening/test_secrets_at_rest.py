"""Harness 10: a secret set through PicProof is never found in its data, config or cache folders,
in its logs, or in what it prints.

Through the command line, with a stand-in for the system keyring: a TSA account password (then
used for real timestamps, an export and a verify), the private key of ``picproof signing create``
and the clinic server password of ``picproof clinic login``. Every file under the data folder
(portable mode: data, config, cache and logs), the exported bundle and every output is searched
for each secret as text, UTF-16, base64 (also as an HTTP Basic credential), URL-encoded and hex.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from tests.conftest import save_photo
from tests.hardening._kill import ROOT


def forms(secret: str, user: str = "") -> list[bytes]:
    raw = secret.encode()
    out = [raw, secret.encode("utf-16-le"), base64.b64encode(raw), quote(secret, safe="").encode()]
    out.append(raw.hex().encode())
    if user:
        out.append(base64.b64encode(f"{user}:{secret}".encode()))
    return [f for f in out if len(f) >= 8]


def _private_scalar_forms(pem: str) -> list[bytes]:
    """The private part of an EC key (its public point is in the certificate, rightly)."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    key = load_pem_private_key(pem.encode(), None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    scalar = key.private_numbers().private_value.to_bytes(32, "big")
    return [scalar, scalar.hex().encode(), base64.b64encode(scalar)[:40], pem.encode()]


@dataclass
class SecretsRun:
    secrets: dict[str, list[bytes]] = field(default_factory=dict)
    files: int = 0
    outputs: int = 0
    found: list[str] = field(default_factory=list)
    stored: int = 0

    def line(self) -> str:
        return (
            f"secrets: {len(self.secrets)} secrets set ({self.stored} in the keyring), "
            f"{self.files} files and {self.outputs} command outputs searched, "
            f"found {len(self.found)}"
        )


def run_secrets(tsa_url: str, tsa_root: str, clinic_url: str | None) -> SecretsRun:
    run = SecretsRun()
    with tempfile.TemporaryDirectory(prefix="picproof-secrets-") as tmp:
        root = Path(tmp)
        data, vault = root / "data", root / "vault.json"
        env = {
            **os.environ,
            "PYTHON_KEYRING_BACKEND": "tests.hardening._vault_keyring.VaultKeyring",
            "PICPROOF_TEST_VAULT": str(vault),
            "PICPROOF_DATA_DIR": str(data),
            "PICPROOF_PROGRESS": "1",
        }
        outputs: list[bytes] = []

        def cli(*args: str, stdin: str | None = None, **extra: str) -> None:
            done = subprocess.run(
                [sys.executable, "-m", "picproof", *args],
                cwd=ROOT,
                env={**env, **extra},
                input=stdin.encode() if stdin is not None else None,
                capture_output=True,
                timeout=180,
            )
            outputs.extend([done.stdout, done.stderr])
            assert done.returncode == 0, (args, done.stderr.decode(errors="replace")[-800:])

        tsa_password = "Tsa-Pa55word-" + os.urandom(8).hex()
        run.secrets["tsa password"] = forms(tsa_password, "alice")
        cli(
            "tsa",
            "add",
            tsa_url,
            "--root",
            tsa_root,
            "--user",
            "alice",
            "--name",
            "mine",
            PICPROOF_TSA_PASSWORD=tsa_password,
        )
        shot = save_photo(root / "shot.png", 200, 150, seed=4)
        cli("case", "new", "Secrets case")
        cli("case", "add", "1", str(shot))
        cli("case", "timestamp", "1")
        cli("case", "export", "1", "-o", str(root / "bundle.zip"))
        cli("verify", str(root / "bundle.zip"))
        cli("signing", "create", "Mei Lin")
        if clinic_url is not None:
            parts = urlsplit(clinic_url)
            clinic_password = parts.password or ""
            bare = urlunsplit(
                parts._replace(netloc=f"{parts.username}@{parts.hostname}:{parts.port}")
            )
            run.secrets["clinic password"] = forms(clinic_password)
            cli(
                "clinic",
                "login",
                "--password-stdin",
                stdin=clinic_password + "\n",
                PICPROOF_DB=bare,
            )
            cli("clinic", "status", PICPROOF_DB=bare)
        vault_data = json.loads(vault.read_text())
        run.stored = len(vault_data)
        key_pem = next(v for v in vault_data.values() if "BEGIN PRIVATE KEY" in v)
        run.secrets["signing key"] = _private_scalar_forms(key_pem)
        assert tsa_password in vault_data.values()
        haystacks = [
            (str(p.relative_to(root)), p.read_bytes())
            for p in root.rglob("*")  # the data folder, and what PicProof exported
            if p.is_file() and p != vault
        ]
        run.files = len(haystacks)
        # the search itself works: each secret is found where it is kept
        in_vault = "\n".join(json.loads(vault.read_text()).values()).encode()
        assert all(any(n in in_vault for n in needles) for needles in run.secrets.values())
        run.outputs = len(outputs)
        haystacks += [(f"output {n}", out) for n, out in enumerate(outputs)]
        for name, blob in haystacks:
            for what, needles in run.secrets.items():
                if any(n in blob for n in needles):
                    run.found.append(f"{what} in {name}")
    return run


def test_secrets_never_reach_files_logs_or_output(tsa, clinic) -> None:  # type: ignore[no-untyped-def]
    run = run_secrets(tsa.url, str(tsa.config.root_pem), clinic.admin_url)
    print(run.line())
    assert run.stored >= 3 and run.files >= 5
    assert not run.found, run.found
