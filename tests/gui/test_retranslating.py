"""The letters, signing and clinic widgets take the Retranslating mixin's changeEvent: a language
switch must still reach each one's retranslate()."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox


def test_language_switch_retranslates_the_mixin_widgets(window, qtbot) -> None:
    from picproof.gui.clinic_settings_view import ClinicSettingsBox
    from picproof.gui.letter_save_view import LetterSavePanel
    from picproof.gui.letter_setup_view import LetterheadBox
    from picproof.gui.signing_view import SigningKeyBox
    from picproof.gui.translation import install_language

    letters = window.views["letters"]
    save = LetterSavePanel(letters)
    boxes: list[QGroupBox] = [
        window.findChild(ClinicSettingsBox),
        window.findChild(SigningKeyBox),
        window.findChild(LetterheadBox),
    ]
    assert all(box is not None for box in boxes)
    english = [box.title() for box in boxes]
    assert letters.title.text() == "Letters" and save.save_pdf.text() == "Save PDF…"

    install_language("zh_CN")
    qtbot.waitUntil(lambda: letters.title.text() == "函件")
    assert save.save_pdf.text() == "保存 PDF…"
    assert [box.title() for box in boxes] == [
        "共享的诊所数据库",
        "签名密钥",
        "信头（可选，供法律援助机构或商家使用）",
    ]

    install_language("en")
    qtbot.waitUntil(lambda: letters.title.text() == "Letters")
    assert [box.title() for box in boxes] == english
    save.deleteLater()
