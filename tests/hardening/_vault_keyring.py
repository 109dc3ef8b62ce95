"""A keyring backend standing in for the system's password store in subprocesses (harness 10).

Selected with ``PYTHON_KEYRING_BACKEND=tests.hardening._vault_keyring.VaultKeyring``; it keeps the
secrets in the JSON file ``PICPROOF_TEST_VAULT`` names, outside every PicProof folder, as the
Windows Credential Manager or the macOS Keychain keep them outside.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class VaultKeyring(KeyringBackend):
    priority = 10  # type: ignore[assignment]

    @staticmethod
    def _path() -> Path:
        return Path(os.environ["PICPROOF_TEST_VAULT"])

    def _load(self) -> dict[str, str]:
        try:
            return dict(json.loads(self._path().read_text()))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\n{username}"] = password
        self._path().write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError(username)
        self._path().write_text(json.dumps(data))
