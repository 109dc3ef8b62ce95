"""Results page: keys act on the match shown, the record says only what the user did, and the
review session comes back in a new window."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from tests.gui.conftest import SAMPLE, wait_jobs

from picproof.core.models import Match, SuspectResult, Transform


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _results(tmp_path: Path) -> list[SuspectResult]:
    """Two checked pictures (real files, real hashes); the first shows three library photos."""
    shots, photos = tmp_path / "shots", tmp_path / "lib"
    shots.mkdir(exist_ok=True)
    photos.mkdir(exist_ok=True)
    out = []
    for shot_name, photo_names in (
        ("dating_profile.jpg", ("portrait.jpg", "pagoda.jpg", "panda.jpg")),
        ("shop_listing.jpg", ("dahlia.jpg",)),
    ):
        shot = shots / shot_name
        shutil.copy(SAMPLE / "screenshots" / shot_name, shot)
        matches = []
        for i, name in enumerate(photo_names):
            photo = photos / name
            shutil.copy(SAMPLE / "photos" / name, photo)
            matches.append(
                Match(
                    i + 1,
                    str(photo),
                    _sha(photo),
                    "same-photo",
                    0.9 - i / 10,
                    (10, 10, 100, 100),
                    Transform(1.0, mirrored=True),
                    inliers=50,
                )
            )
        out.append(SuspectResult(str(shot), _sha(shot), 720, 1440, tuple(matches)))
    return out


def _answer(qtbot, *acts: Callable[[QWidget], None]) -> list[str]:  # type: ignore[no-untyped-def]
    """Handle the next modal dialogs, one act each, in turn; returns their texts as seen."""
    seen: list[str] = []
    handled: list[QWidget] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or (handled and dialog is handled[-1]):
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle())
        handled.append(dialog)
        acts[len(handled) - 1](dialog)
        if len(handled) < len(acts):
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def _click(label: str) -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        button = next(b for b in dialog.buttons() if b.text().replace("&", "") == label)
        button.click()

    return act


def _new_case(title: str) -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        dialog.new_radio.setChecked(True)  # type: ignore[attr-defined]
        dialog.title.setText(title)  # type: ignore[attr-defined]
        dialog._accept()  # type: ignore[attr-defined]

    return act


def test_keys_act_on_the_match_shown_with_the_list_focused(window, qtbot, tmp_path) -> None:
    window.ctx.set_results(_results(tmp_path))
    window.show_area("results")
    results = window.views["results"]
    review = results.review
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    results.matches.setFocus()
    results.matches.setCurrentRow(0)
    assert review.key == (0, 0)  # portrait.jpg
    qtbot.waitUntil(lambda: review.points_box.isEnabled(), timeout=3000)

    # P shows the points; it must not jump to the photo whose name starts with "p"
    qtbot.keyClick(results.matches, Qt.Key.Key_P)
    assert results.matches.currentRow() == 0 and review.key == (0, 0)
    assert review.points_box.isChecked()
    # A accepts the portrait, the match shown, then the review moves to the next open one
    qtbot.keyClick(results.matches, Qt.Key.Key_A)
    assert window.ctx.decisions == {(0, 0): "accepted"}
    assert review.key == (0, 1) and results.matches.currentRow() == 1
    qtbot.keyClick(results.matches, Qt.Key.Key_N)
    assert window.ctx.decisions == {(0, 0): "accepted", (0, 1): "rejected"}
    # Undo takes back the last decision only
    qtbot.keyClick(results.matches, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.ctx.decisions == {(0, 0): "accepted"}
    # The table of pictures has no type-ahead either: "s" does not select shop_listing.jpg
    results.table.setFocus()
    qtbot.keyClick(results.table, Qt.Key.Key_S)
    assert results.selected_result() == 0


def test_add_to_case_asks_for_the_decision_first(window, qtbot, tmp_path) -> None:
    window.ctx.set_results(_results(tmp_path))
    results = window.views["results"]
    review = results.review
    results.matches.setCurrentRow(2)
    assert review.key == (0, 2) and (0, 2) not in window.ctx.decisions

    seen = _answer(qtbot, _click("Cancel"))
    review.case_button.click()
    assert "not reviewed this match yet" in seen[0]
    assert window.ctx.decisions == {} and window.services.cases.list_cases() == []

    # A rejected match is not added at all
    window.ctx.decide(0, 1, "rejected")
    results.matches.setCurrentRow(1)
    seen = _answer(qtbot, _click("OK"))
    review.case_button.click()
    assert "marked this match as not a match" in seen[0]

    results.matches.setCurrentRow(2)
    seen = _answer(qtbot, _click("Yes, accept and add"), _new_case("Fake profile"))
    review.case_button.click()
    wait_jobs(qtbot, window)
    assert seen[1] == "Add to case"
    [case] = window.services.cases.list_cases()
    assert case.title.startswith("Fake profile")
    events = [e.event for e in window.services.cases.custody_log(case.id)]
    assert events.count("match-accepted") == 1
    assert window.ctx.decisions[(0, 2)] == "accepted" and (0, 2) in window.ctx.case_links


def test_add_all_accepted_and_the_quit_question(window, qtbot, tmp_path) -> None:
    window.ctx.set_results(_results(tmp_path))
    window.ctx.decide(0, 0, "accepted")
    window.ctx.decide(1, 0, "accepted")
    window.ctx.decide(0, 1, "rejected")

    # Quitting with accepted matches outside any case asks; Cancel keeps the window open
    window.ask_before_quit = True
    seen = _answer(qtbot, _click("Cancel"))
    window.close()
    assert "2 matches that are not saved in a case" in seen[0]
    assert window.isVisible()

    suggested: list[str] = []

    def remember_title(dialog: QWidget) -> None:
        suggested.append(dialog.title.text())  # type: ignore[attr-defined]
        _new_case("Copied photos")(dialog)

    _answer(qtbot, remember_title)
    window.views["results"].add_all_button.click()
    wait_jobs(qtbot, window)
    assert suggested[0].startswith("Copies of my photo portrait")
    [case] = window.services.cases.list_cases()
    records = window.services.cases.matches(case.id)
    assert sorted(r.photo_sha256 for r in records) == sorted(
        [
            window.ctx.results[0].matches[0].photo_sha256,
            window.ctx.results[1].matches[0].photo_sha256,
        ]
    )
    assert window.ctx.session.unsaved_accepted() == []


def test_a_picture_changed_after_the_check_is_refused(window, qtbot, tmp_path) -> None:
    window.ctx.set_results(_results(tmp_path))
    case = window.services.cases.create_case("Shop", "product")
    window.ctx.decide(1, 0, "accepted")
    shot = Path(window.ctx.results[1].path)
    shot.write_bytes(shot.read_bytes() + b"edited")
    seen = _answer(qtbot, _click("OK"))
    window.views["results"].save_match_to_case((1, 0), case.id)
    wait_jobs(qtbot, window)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert "shop_listing.jpg has changed since it was checked" in seen[0]
    assert "Nothing was saved" in seen[0]
    assert window.services.cases.list_evidence(case.id) == []
    assert (1, 0) not in window.ctx.case_links


def test_the_session_comes_back_and_rechecks_do_not_pile_up(window, qtbot, tmp_path) -> None:
    from picproof.gui.main_window import MainWindow

    checked = _results(tmp_path)
    window.ctx.add_results(checked)
    window.ctx.decide(0, 2, "accepted")
    window.ctx.decide(0, 0, "rejected")
    # The same screenshot checked again, its matches found in another order: one row, same marks
    again = checked[0].__class__(**{**checked[0].__dict__, "matches": checked[0].matches[::-1]})
    window.ctx.add_results([again])
    assert len(window.ctx.results) == 2
    assert window.ctx.decisions == {(0, 0): "accepted", (0, 2): "rejected"}
    window.ctx.jobs.wait(5000)

    second = MainWindow(window.services)
    second.ask_before_quit = False
    qtbot.addWidget(second)
    try:
        assert [r.path for r in second.ctx.results] == [r.path for r in window.ctx.results]
        assert second.ctx.decisions == window.ctx.decisions
        assert "Pictures checked: 2" in second.views["results"].summary.text()
    finally:
        second.ctx.jobs.wait(5000)
        second.deleteLater()


def test_no_empty_case_when_the_picture_changed(window, qtbot, tmp_path) -> None:
    window.ctx.set_results(_results(tmp_path))
    window.ctx.decide(1, 0, "accepted")
    shot = Path(window.ctx.results[1].path)
    shot.write_bytes(b"another picture now")
    results = window.views["results"]
    results.table.selectRow(1)
    results.matches.setCurrentRow(0)
    assert results.review.key == (1, 0)
    seen = _answer(qtbot, _new_case("Copied shop"), _click("OK"))
    results.review.case_button.click()
    wait_jobs(qtbot, window)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert "has changed since it was checked" in seen[1]
    assert window.services.cases.list_cases() == []  # the new case was never made


def test_the_review_log_keeps_the_order_of_the_decisions(window, qtbot, tmp_path) -> None:
    """Session writes run on the worker pool side by side; one that starts first may end last.
    The review log must still read in the order the user decided."""
    import json
    import time

    ctx = window.ctx
    ctx.set_results(_results(tmp_path))
    ctx.jobs.wait(5000)
    save = ctx.review_store.save

    def slow_early_saves(snapshot, seq):  # type: ignore[no-untyped-def]
        time.sleep(max(0.0, 0.3 - 0.02 * seq))  # earlier writes finish later
        save(snapshot, seq)

    ctx.review_store.save = slow_early_saves  # type: ignore[method-assign]
    made = ["accepted", "rejected", None, "accepted", "rejected", "accepted"]
    for decision in made:
        ctx.decide(0, 1, decision)
    assert ctx.jobs.wait(10000)
    log = (window.services.paths.data_dir / "review-log.jsonl").read_text().splitlines()
    assert [json.loads(line)["decision"] for line in log] == [d or "undecided" for d in made]
