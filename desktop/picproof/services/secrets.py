"""Secrets (TSA passwords) through the system keyring only.

When the only backend is keyring's ``fail`` backend (headless Linux without a Secret Service) or an
insecure file backend (keyrings.alt's plaintext / encrypted-file stores), we raise
:class:`SecretStoreError` and store nothing: PicProof never writes a secret to a file or a log.
"""

from __future__ import annotations

from typing import Any

from picproof.core.errors import SecretStoreError

SERVICE = "PicProof"
_INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def _backend() -> Any:
    import keyring

    backend = keyring.get_keyring()
    chosen = [backend]
    # The chainer wraps several backends; judge the ones it would actually use.
    inner = getattr(backend, "backends", None)
    if inner is not None:
        chosen = list(inner)
    usable = [b for b in chosen if not type(b).__module__.startswith(_INSECURE_MODULES)]
    if not usable:
        raise SecretStoreError(backend=type(backend).__name__)
    return backend


def secure_store_available() -> bool:
    try:
        _backend()
    except SecretStoreError:
        return False
    return True


def password_store_name() -> str:
    """The secure store in use (e.g. ``Windows Credential Manager``); raises
    :class:`SecretStoreError` when there is none."""
    backend = _backend()
    return str(getattr(backend, "name", "") or type(backend).__name__)


def _key(kind: str, name: str) -> str:
    return f"{kind}:{name}"


def set_secret(kind: str, name: str, secret: str) -> None:
    """Store ``secret`` (e.g. kind ``tsa``, name ``user@https://tsa.example``)."""
    from keyring.errors import KeyringError

    backend = _backend()
    try:
        backend.set_password(SERVICE, _key(kind, name), secret)
    except KeyringError as exc:
        raise SecretStoreError(backend=type(backend).__name__, detail=type(exc).__name__) from exc


def get_secret(kind: str, name: str) -> str | None:
    from keyring.errors import KeyringError

    backend = _backend()
    try:
        value = backend.get_password(SERVICE, _key(kind, name))
        return None if value is None else str(value)
    except KeyringError as exc:
        raise SecretStoreError(backend=type(backend).__name__, detail=type(exc).__name__) from exc


def delete_secret(kind: str, name: str) -> None:
    from keyring.errors import KeyringError, PasswordDeleteError

    backend = _backend()
    try:
        backend.delete_password(SERVICE, _key(kind, name))
    except PasswordDeleteError:
        pass
    except KeyringError as exc:
        raise SecretStoreError(backend=type(backend).__name__, detail=type(exc).__name__) from exc


def tsa_secret_name(username: str, url: str) -> str:
    return f"{username}@{url}"
