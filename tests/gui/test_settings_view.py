from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def memory_keyring():  # type: ignore[no-untyped-def]
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_no_secure_store_is_said_plainly(window) -> None:
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        view = window.views["settings"]
        view.retranslate()
        assert "no secure password store" in view.secret_status.text()
    finally:
        keyring.set_keyring(previous)


def test_add_tsa_stores_password_in_keyring_only(
    window, memory_keyring, tmp_path: Path, monkeypatch
) -> None:
    from picproof.gui.tsa_dialog import TsaDialog

    root = tmp_path / "root.pem"
    root.write_text("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")
    dialog = TsaDialog(window)
    dialog.url.setText("http://127.0.0.1:8318/tsr")
    dialog.username.setText("alice")
    dialog.password.setText("s3cret")
    warnings: list[str] = []
    monkeypatch.setattr(
        "picproof.gui.tsa_dialog.QMessageBox.warning",
        lambda parent, title, text: warnings.append(text),
    )
    dialog._accept()  # no trust root chosen yet: refused with an explanation
    assert dialog.result_tsa is None and "root certificate" in warnings[0]
    dialog.roots = [str(root)]
    dialog._accept()
    assert dialog.result_tsa is not None and dialog.result_tsa.username == "alice"
    assert list(memory_keyring.store.values()) == ["s3cret"]

    view = window.views["settings"]
    window.services.settings.tsas.append(dialog.result_tsa)
    window.services.save_settings()
    view.retranslate()
    from picproof.net.tsa_presets import PRESETS

    # yours first, then the built-in services
    assert view.tsa_table.rowCount() == 1 + len(PRESETS)
    assert view.tsa_table.item(0, 1).text() == "http://127.0.0.1:8318/tsr"
    saved = window.services.paths.settings_file.read_text(encoding="utf-8")
    assert "127.0.0.1:8318" in saved and "s3cret" not in saved
