"""The main flow, driven through the widgets: photos → check → review → case → letter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication
from tests.gui.conftest import SAMPLE, wait_jobs


def _drop(widget, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)


def _answer_add_to_case(title: str) -> None:
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.objectName() == "" and hasattr(dialog, "title")
    dialog.new_radio.setChecked(True)
    dialog.title.setText(title)
    dialog._accept()


def test_sample_photos_to_letter(window, qtbot, sample_photos: Path, tmp_path: Path) -> None:
    photos = window.views["photos"]
    photos.add_folder(str(sample_photos))
    wait_jobs(qtbot, window, 120)
    assert photos.model.rowCount() == 7

    # Check: drop the dating-profile screenshot onto the drop zone
    check = window.views["check"]
    window.show_area("check")
    _drop(check.drop, [SAMPLE / "screenshots" / "dating_profile.jpg"])
    wait_jobs(qtbot, window, 120)
    assert window.current_area == "results"
    assert len(window.ctx.results) == 1
    result = window.ctx.results[0]
    names = {Path(m.photo_path).name for m in result.matches}
    assert "portrait.jpg" in names  # mirrored and cropped on the fake profile
    portrait = next(m for m in result.matches if Path(m.photo_path).name == "portrait.jpg")
    assert portrait.level != "possible" and portrait.transform and portrait.transform.mirrored

    # Review: the first match is shown once its pictures are loaded, with both hashes
    results = window.views["results"]
    review = results.review
    qtbot.waitUntil(
        lambda: review.suspect_pane.has_picture and review.original_pane.has_picture, timeout=20000
    )
    assert result.sha256[:32] in review.suspect_hash.text()
    m_portrait = result.matches.index(portrait)
    results.matches.setCurrentRow(m_portrait)
    assert review.key == (0, m_portrait)
    assert "mirrored" in review.verdict.text()
    # what the matcher cannot tell apart, the reviewer is told to check
    assert "another shot of the same scene" in review.caution.text().lower()

    # "Not a match" is recorded, and undo brings it back to open
    qtbot.mouseClick(review.reject_button, Qt.MouseButton.LeftButton)
    assert window.ctx.decisions[(0, m_portrait)] == "rejected"
    results.matches.setCurrentRow(m_portrait)
    qtbot.mouseClick(review.undo_button, Qt.MouseButton.LeftButton)
    assert (0, m_portrait) not in window.ctx.decisions
    qtbot.mouseClick(review.accept_button, Qt.MouseButton.LeftButton)
    assert window.ctx.decisions[(0, m_portrait)] == "accepted"
    window.ctx.jobs.wait(5000)  # the session and its log are written off the GUI thread
    log = (window.services.paths.data_dir / "review-log.jsonl").read_text().splitlines()
    assert len(log) == 3 and '"rejected"' in log[0] and '"accepted"' in log[2]

    # Add to case through the dialog
    results.matches.setCurrentRow(m_portrait)
    QTimer.singleShot(0, lambda: _answer_add_to_case("Fake profile 'Grace'"))
    qtbot.mouseClick(review.case_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot, window, 60)
    cases = window.services.cases
    [case] = cases.list_cases()
    kinds = sorted(e.kind for e in cases.list_evidence(case.id))
    assert "suspect" in kinds and "original" in kinds
    [record] = cases.matches(case.id)
    assert record.decision == "accepted" and record.photo_sha256 == portrait.photo_sha256
    assert cases.verify_log(case.id) == []
    window.show_area("cases")
    cases_view = window.views["cases"]
    assert cases_view.case_list.count() == 1
    assert cases_view.detail.evidence_model.rowCount() == len(kinds)

    # Letter: impersonation report in English
    letters = window.views["letters"]
    cases_view.detail.letter_button.click()
    assert window.current_area == "letters"
    types = [
        letters.type_list.item(i).data(Qt.ItemDataRole.UserRole)["type"]
        for i in range(letters.type_list.count())
    ]
    letters.type_list.setCurrentRow(types.index("impersonation"))
    letters.language_combo.setCurrentIndex(letters.language_combo.findData("en"))
    assert letters.reason.text()  # the wizard says why it proposes what it proposes
    letters.forum_combo.set_forum("hk")  # DateApp is not a platform PicProof knows: asked
    qtbot.mouseClick(letters.next_button, Qt.MouseButton.LeftButton)
    assert letters.stack.currentIndex() == 1
    assert letters.evidence_list.labels()  # the case's capture, ticked by default
    fill = {
        "sender_name": "Grace Example",
        "sender_id": "ID 12345",
        "recipient_name": "Trust & Safety",
        "platform_name": "DateApp",
        "infringing_urls": "https://dateapp.example/u/grace27",
        "confirm_accuracy": "yes",
        "sender_email": "grace@example.org",
        "signature": "Grace Example",
    }
    for name, value in fill.items():
        if name in letters.fields.names:
            letters.fields.set_value(name, value)
    qtbot.mouseClick(letters.next_button, Qt.MouseButton.LeftButton)
    assert letters.stack.currentIndex() == 2
    assert letters.missing == []
    assert not letters.next_button.isEnabled()  # the checklist must be ticked first
    for i in range(letters.checklist.count()):
        letters.checklist.item(i).setCheckState(Qt.CheckState.Checked)
    assert letters.next_button.isEnabled()
    qtbot.mouseClick(letters.next_button, Qt.MouseButton.LeftButton)
    assert "Grace Example" in letters.save_panel.preview.toPlainText()
    out = tmp_path / "report.pdf"
    letters.save_panel.save_to(str(out), docx=False)
    wait_jobs(qtbot, window, 60)
    assert not any(e.kind == "letter" for e in cases.list_evidence(case.id))  # a draft
    qtbot.mouseClick(letters.save_panel.sent_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot, window, 60)
    assert out.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "Grace Example" in text
    assert any(e.kind == "letter" for e in cases.list_evidence(case.id))
