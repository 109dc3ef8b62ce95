"""Secrets go to the keyring only; without a secure backend nothing is stored anywhere."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from picproof.core.errors import SecretStoreError
from picproof.services import secrets


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.data.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.data[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.data:
            raise PasswordDeleteError(username)
        del self.data[(service, username)]


@pytest.fixture
def backend(request):
    previous = keyring.get_keyring()
    chosen = request.param()
    keyring.set_keyring(chosen)
    yield chosen
    keyring.set_keyring(previous)


@pytest.mark.parametrize("backend", [MemoryKeyring], indirect=True)
def test_round_trip_in_a_secure_backend(backend):
    name = secrets.tsa_secret_name("alice", "https://tsa.example/")
    secrets.set_secret("tsa", name, "s3cret")
    assert secrets.get_secret("tsa", name) == "s3cret"
    assert backend.data == {("PicProof", f"tsa:{name}"): "s3cret"}
    secrets.delete_secret("tsa", name)
    secrets.delete_secret("tsa", name)  # deleting twice is fine
    assert secrets.get_secret("tsa", name) is None and secrets.secure_store_available()


def _fail():
    from keyring.backends import fail

    return fail.Keyring()


def _null():
    from keyring.backends import null

    return null.Keyring()


@pytest.mark.parametrize("backend", [_fail, _null], indirect=True)
def test_no_secure_backend_refuses_and_writes_nothing(backend, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert not secrets.secure_store_available()
    with pytest.raises(SecretStoreError) as err:
        secrets.set_secret("tsa", "bob@https://tsa.example/", "pw")
    assert err.value.code == "no-secret-store"
    assert "pw" not in str(err.value)
    assert list(tmp_path.rglob("*")) == []
