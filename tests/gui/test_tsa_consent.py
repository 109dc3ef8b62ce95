"""The question before the first time stamp: asked once, remembered, in both languages."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def _answer(choice: str, seen: list[str]) -> None:
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox) and box.objectName() == "tsa-consent"
    seen.append(box.text())
    [button] = [b for b in box.buttons() if b.text() == choice]
    button.click()


def test_asked_once_and_remembered(window, qtbot) -> None:
    from picproof.gui.tsa_consent import ask_tsa_consent
    from picproof.services.settings import load_settings

    services = window.services
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer("Allow", seen))
    assert ask_tsa_consent(window, services) is True
    text = seen[0]
    assert (
        "Only a fingerprint of each file is sent to DigiCert and Sectigo, never the picture" in text
    )
    assert "GlobalSign and SSL.com" in text and text.rstrip().endswith("Allow?")
    assert load_settings(services.paths.settings_file).tsa_consent is True
    # not asked again (a second dialog would block this call)
    assert ask_tsa_consent(window, services) is True and len(seen) == 1
    # Settings shows the answer and can take it back
    view = window.views["settings"]
    view.retranslate()
    assert view.tsa_consent.isChecked()
    view.tsa_consent.setChecked(False)
    assert load_settings(services.paths.settings_file).tsa_consent is False
    statuses = {view.tsa_table.item(r, 2).text() for r in range(view.tsa_table.rowCount())}
    assert "not allowed" in statuses
    # the account-based Chinese service says it is paid, and how to add it
    row = next(
        r
        for r in range(view.tsa_table.rowCount())
        if "UniTrust" in view.tsa_table.item(r, 0).text()
    )
    assert view.tsa_table.item(row, 2).text() == "needs an account (paid)"
    assert "paid service" in view.tsa_table.item(row, 0).toolTip()


def test_not_asked_while_the_users_own_service_can_stamp(window, qtbot, tmp_path) -> None:
    from picproof.gui.tsa_consent import ask_tsa_consent
    from picproof.services.settings import TsaSettings

    services = window.services
    root = tmp_path / "root.pem"
    root.write_text("not read here")
    services.settings.tsas = [TsaSettings("http://127.0.0.1:9/tsa", [str(root)])]
    seen: list[str] = []
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget() and _answer("Allow", seen))
    assert ask_tsa_consent(window, services) is True
    assert seen == [] and services.settings.tsa_consent is None  # the public ones stay off
    qtbot.wait(20)  # the guard above has run, with no question to answer
    # once the user's own service is switched off, the question comes back
    services.settings.tsas[0].enabled = False
    QTimer.singleShot(0, lambda: _answer("Do not allow", seen))
    assert ask_tsa_consent(window, services) is False
    assert len(seen) == 1 and services.settings.tsa_consent is False


def test_refusal_is_remembered_and_said_at_export(window, qtbot, monkeypatch) -> None:
    from types import SimpleNamespace

    from picproof.gui.tsa_consent import ask_tsa_consent, show_export_result

    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer("Do not allow", seen))
    assert ask_tsa_consent(window, window.services) is False
    assert window.services.settings.tsa_consent is False
    warnings: list[str] = []
    monkeypatch.setattr(
        "picproof.gui.tsa_consent.QMessageBox.warning",
        lambda parent, title, text: warnings.append(title + "\n" + text),
    )
    result = SimpleNamespace(manifest_timestamped=False, tsa_errors=(("", "tsa-consent-refused"),))
    show_export_result(window, result)
    assert "without a time stamp" in warnings[0] and "Allow them in Settings" in warnings[0]
    show_export_result(window, SimpleNamespace(manifest_timestamped=True, tsa_errors=()))
    assert len(warnings) == 1


def test_question_in_chinese(qapp_ready) -> None:
    # Read the compiled translation directly: switching the whole app's language here would also
    # reach windows other tests have closed.
    from PySide6.QtCore import QTranslator

    from picproof.core.resources import resource_dir

    translator = QTranslator()
    assert translator.load("picproof_zh_CN", str(resource_dir() / "i18n"))
    source = (
        "To prove when you collected this evidence, PicProof asks public time-stamping services to "
        "sign it. Only a fingerprint of each file is sent to {first}, never the picture."
    )
    text = translator.translate("TsaConsent", source)
    assert "{first}" in text and "指纹" in text and "never" not in text
    for words in ("Allow?", "Do not allow", "Bundle saved without a time stamp"):
        assert translator.translate("TsaConsent", words) not in ("", words)
