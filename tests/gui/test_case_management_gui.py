"""Cases in words and their management: custody events and statuses translated, matches by file
name, rename / close / archive logged, deadlines by case kind, evidence opened from a read-only
copy, bundle import through the service's checks, and a failed web capture leaving no case."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget
from tests.gui.conftest import wait_jobs
from tests.gui.test_review_session_gui import _answer, _click, _new_case, _results

from picproof.gui.case_dialogs import DeadlineDialog, documents_path


def _column(model, col: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(model.data(model.index(r, col))) for r in range(model.rowCount())]


def _saved_case(window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window.ctx.set_results(_results(tmp_path))
    window.ctx.decide(0, 0, "accepted")
    case = window.services.cases.create_case("Fake profile 'Grace'", "impersonation")
    window.views["results"].save_match_to_case((0, 0), case.id)
    wait_jobs(qtbot, window)
    window.show_area("cases")
    return case


def test_case_tables_speak_words(window, qtbot, tmp_path) -> None:
    case = _saved_case(window, qtbot, tmp_path)
    detail = window.views["cases"].detail
    assert detail.case_id == case.id
    events = _column(detail.custody_model, 2)
    assert events[0] == "Case opened" and "Match accepted as your photo" in events
    assert not any("-" in e and e == e.lower() for e in events)  # no raw codes
    assert _column(detail.match_model, 0) == ["portrait.jpg"]
    assert _column(detail.match_model, 1) == ["dating_profile.jpg"]
    assert _column(detail.match_model, 2) == ["Same photo"]
    assert "status: open" in detail.facts.text()
    assert "Fake profile / impersonation" in detail.facts.text()


def test_rename_close_archive_keep_the_log_honest(window, qtbot, tmp_path) -> None:
    case = _saved_case(window, qtbot, tmp_path)
    cases_view = window.views["cases"]
    detail = cases_view.detail

    def rename(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Grace — fake dating profile")
        dialog.accept()

    _answer(qtbot, rename)
    detail.act_rename.trigger()
    wait_jobs(qtbot, window)
    assert window.services.cases.get_case(case.id).title == "Grace — fake dating profile"
    detail.act_close.trigger()
    wait_jobs(qtbot, window)
    assert window.services.cases.get_case(case.id).status == "closed"
    assert "status: closed" in detail.facts.text()

    seen = _answer(qtbot, _click("Yes"))
    detail.act_archive.trigger()
    wait_jobs(qtbot, window)
    assert "nothing is erased" in seen[0]
    assert window.services.cases.get_case(case.id).status == "archived"
    assert cases_view.case_list.count() == 0  # out of the list ...
    cases_view.show_archived.setChecked(True)
    wait_jobs(qtbot, window)
    assert cases_view.case_list.count() == 1  # ... not gone
    assert "archived" in cases_view.case_list.item(0).text()
    log = window.services.cases.custody_log(case.id)
    assert [e.event for e in log].count("case-updated") == 3
    assert window.services.cases.verify_log(case.id) == []
    assert window.services.cases.list_evidence(case.id)  # nothing erased


def test_deadlines_fit_the_case_kind(qapp_ready) -> None:
    impersonation = DeadlineDialog("impersonation")
    kinds = [impersonation.kind.itemData(i) for i in range(impersonation.kind.count())]
    assert "ecommerce-43-counter-notice" not in kinds and "dmca-counter-notice" in kinds
    product = DeadlineDialog("product")
    kinds = [product.kind.itemData(i) for i in range(product.kind.count())]
    assert kinds[0] == "ecommerce-43-counter-notice"
    product.kind.setCurrentIndex(kinds.index("platform-reply"))
    assert "due" in product.values() and "start" not in product.values()
    name = documents_path('Shop: "copied" listing', ".zip")
    assert Path(name).name.startswith("Shop copied listing 2") and name.endswith(".zip")


def test_evidence_opens_from_a_read_only_copy(window, qtbot, tmp_path, monkeypatch) -> None:
    _saved_case(window, qtbot, tmp_path)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    detail = window.views["cases"].detail
    row = _column(detail.evidence_model, 1).index("dating_profile.jpg")
    detail.evidence_view.selectRow(row)
    detail.open_button.click()
    wait_jobs(qtbot, window)
    qtbot.waitUntil(lambda: bool(opened), timeout=3000)
    copy = Path(opened[0])
    assert (
        copy.name == "dating_profile.jpg"
        and copy.read_bytes() == Path(window.ctx.results[0].path).read_bytes()
    )
    assert not os.stat(copy).st_mode & stat.S_IWUSR  # an editor cannot save over it
    assert isinstance(QUrl.fromLocalFile(str(copy)), QUrl)


def test_bundle_import_uses_the_same_checks(window, qtbot, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    not_zip = tmp_path / "holiday.zip"
    not_zip.write_bytes(b"this is no zip")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(not_zip), ""))
    seen = _answer(qtbot, _click("OK"))
    window.views["cases"].import_bundle()
    wait_jobs(qtbot, window)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert "holiday.zip is not an evidence bundle" in seen[0]
    assert window.services.cases.list_cases() == []


def test_a_failed_capture_leaves_no_case(window, qtbot) -> None:
    check = window.views["check"]
    check.url.setText("http://127.0.0.1:9/profile")  # nothing listens there
    details: list[str] = []

    def read_error(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        details.append(dialog.detailedText())
        dialog.accept()

    seen = _answer(qtbot, _new_case("Fake shop"), read_error)
    check.check_url()
    wait_jobs(qtbot, window)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10000)
    assert "could not be reached" in seen[1] and "ConnectError" not in seen[1]
    assert "capture-unreachable" in details[0]
    assert window.services.cases.list_cases() == []
