"""Settings -> Signing key, and the "Sign and timestamp the PDF" boxes (offscreen Qt)."""

from __future__ import annotations

import keyring
import pytest
from tests.gui.conftest import wait_jobs
from tests.unit.services.test_secrets import MemoryKeyring


@pytest.fixture
def memory_keyring():  # type: ignore[no-untyped-def]
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_signing_key_box_shows_the_key_and_its_fingerprint(window, qtbot, memory_keyring):
    box = window.views["settings"].signing_box
    wait_jobs(qtbot, window)
    assert box.title() == "Signing key"
    assert "No key yet" in box.status.text()
    info = window.ctx.services.signing.create_own_key("Mei Lin")
    box.refresh()
    wait_jobs(qtbot, window)
    text = box.status.text()
    assert "Mei Lin, your own key" in text and info.sha256 in text and "self-signed" in text
    assert ("PicProof", "signing-key:own") in memory_keyring.data


def test_sign_boxes_are_remembered(window, qtbot):
    from picproof.gui.signing_view import SIGN_SETTING, SignCheckBox

    box = SignCheckBox(window.ctx.services)
    qtbot.addWidget(box)
    assert box.text() == "Sign and timestamp the PDF" and not box.isChecked()
    box.setChecked(True)
    assert window.ctx.services.settings.extra[SIGN_SETTING] is True
    again = SignCheckBox(window.ctx.services)
    qtbot.addWidget(again)
    assert again.isChecked()


def test_boxes_sit_where_the_pdfs_are_made(window):
    from picproof.gui.case_detail_view import CaseDetailView
    from picproof.gui.letter_save_view import LetterSavePanel

    (panel,) = window.findChildren(LetterSavePanel)
    assert panel.sign_box.text() == "Sign and timestamp the PDF"
    (detail,) = window.findChildren(CaseDetailView)
    assert detail.sign_report.text() == "Sign and timestamp the bundle's report (PDF)"
