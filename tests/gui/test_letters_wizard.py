"""The letters wizard: defaults from the case (and why), honest provenance, examples that read as
examples, a missing list that says each thing once, evidence per letter, letterhead in the wizard,
drafts marked as sent."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from tests.gui.conftest import wait_jobs

from picproof.core.cases import InfringingAccount, RightsHolder


def _shot(path: Path, colour: tuple[int, int, int]) -> Path:
    Image.new("RGB", (300, 500), colour).save(path)
    return path


def _case(services, tmp_path: Path, kind: str, platform: str) -> int:
    c = services.cases.create_case(
        f"{kind} on {platform}",
        kind,
        rights_holder=RightsHolder(name="Lin Mei"),
        platforms=[platform],
        accounts=[InfringingAccount(platform, "Fake", "1", "https://x.example/u/1")],
    )
    services.cases.add_evidence(
        c.id, [_shot(tmp_path / f"{kind}.png", (9, 9, 9))], platform=platform
    )
    services.cases.add_evidence(
        c.id, [_shot(tmp_path / f"{kind}-other.png", (99, 9, 9))], platform="Elsewhere"
    )
    return c.id


def test_defaults_say_why_and_the_form_is_honest(window, qtbot, services, tmp_path):
    product = _case(services, tmp_path, "product", "Taobao")
    person = _case(services, tmp_path, "impersonation", "HeartLink")
    window.ctx.cases_changed.emit()
    letters = window.views["letters"]
    window.show_area("letters")
    window.resize(1280, 720)

    letters.case_combo.setCurrentIndex(letters.case_combo.findData(product))
    assert letters.selection()[1:] == ("cn-takedown", "zh_CN")
    assert letters.forum_combo.forum() == "cn"
    assert "Taobao" in letters.reason.text() and "Chinese" in letters.reason.text()

    letters.case_combo.setCurrentIndex(letters.case_combo.findData(person))
    assert letters.selection()[1:] == ("impersonation", "en")  # UI language, place unknown
    assert letters.forum_combo.forum() == ""
    assert "HeartLink" in letters.reason.text() and "choose the place" in letters.reason.text()

    # the letterhead is set in the wizard and kept in the settings
    letters.letterhead.name.setText("Harbour Legal Aid Clinic")
    letters.letterhead.name.editingFinished.emit()
    assert services.settings.extra["letterhead"]["name"] == "Harbour Legal Aid Clinic"

    letters.forum_combo.set_forum("hk")
    qtbot.mouseClick(letters.next_button, Qt.MouseButton.LeftButton)
    assert letters.stack.currentIndex() == 1
    # only what the case really gave is said to come from it
    text = letters.provenance.text()
    assert "Your full legal name" in text and "Platform or website" in text
    assert "identity document" not in text.lower()
    # examples are marked as examples, never look like a filled-in value
    for name in letters.fields.names:
        _, widget, initial = letters.fields._widgets[name]
        if isinstance(widget, (QLineEdit, QPlainTextEdit)) and not initial:
            hint = widget.placeholderText()
            assert not hint or hint.startswith(("Example", "One per line", "Date as")), hint
    # the capture from HeartLink is ticked, the one from elsewhere is not
    assert letters.evidence_list.labels() == ["E1"]
    # the wizard asks for the enclosures; a file given goes into the case as evidence
    _, status, _ = letters.enclosure_box.rows["identity-document"]
    assert status.text() == "to be supplied"
    id_card = _shot(tmp_path / "hkid-copy.png", (200, 200, 200))
    letters.enclosure_box.add_requested.emit("identity-document", str(id_card))
    wait_jobs(qtbot, window, 60)
    assert status.text() == "hkid-copy.png"
    assert [e.kind for e in services.cases.list_evidence(person)].count("identity-document") == 1

    qtbot.mouseClick(letters.next_button, Qt.MouseButton.LeftButton)
    assert letters.stack.currentIndex() == 2 and letters.missing
    assert letters.missing_list.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    for i in range(letters.missing_list.count()):
        lines = letters.missing_list.item(i).text().split("\n")
        first = lines[0]
        assert all(first not in line for line in lines[1:]), lines  # no label said twice
        assert " — " not in first

    # fill what is missing, tick the checklist, save a draft, then mark it sent
    letters.go(1)
    for name, value in {
        "sender_id": "HKID A1234567",
        "recipient_name": "Trust & Safety",
        "confirm_accuracy": "yes",
        "sender_email": "lin@example.org",
    }.items():
        letters.fields.set_value(name, value)
    letters.go(2)
    assert letters.missing == []
    for i in range(letters.checklist.count()):
        letters.checklist.item(i).setCheckState(Qt.CheckState.Checked)
    letters.go(3)
    out = tmp_path / "notice.pdf"
    panel = letters.save_panel
    assert not panel.sent_button.isEnabled()
    panel.save_to(str(out), docx=False)
    wait_jobs(qtbot, window, 60)
    assert out.exists() and "draft" in panel.saved_label.text()
    assert not [e for e in services.cases.list_evidence(person) if e.kind == "letter"]
    qtbot.mouseClick(panel.sent_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot, window, 60)
    kept = [e for e in services.cases.list_evidence(person) if e.kind == "letter"]
    assert len(kept) == 1 and kept[0].filename == "notice.pdf"
    assert services.cases.custody_log(person)[-1].event == "letter-sent"
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "Harbour Legal Aid Clinic" in text and "HKID A1234567" in text
    assert "Cap. 486" in text  # Hong Kong law, as chosen
    assert "hkid-copy.png): enclosed" in " ".join(text.split())
