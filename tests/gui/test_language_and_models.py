from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.gui.conftest import SAMPLE, wait_jobs

from picproof.core.models import Match, SuspectResult, Transform

ROOT = Path(__file__).resolve().parents[2]


def test_every_ui_string_is_translated() -> None:
    """lupdate over gui/ and app.py finds nothing missing or unfinished in the committed .ts."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_translations.py"), "--check", "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_language_switch_keeps_state_and_title(window, qtbot, sample_photos: Path) -> None:
    window.views["photos"].add_folder(str(sample_photos))
    wait_jobs(qtbot, window)
    window.show_area("photos")
    window.views["photos"].search.setText("pan")
    qtbot.waitUntil(lambda: window.views["photos"].model.rowCount() == 1, timeout=5000)
    assert window.windowTitle() == "PicProof — My photos"

    settings = window.views["settings"]
    settings.language.setCurrentIndex(settings.language.findData("zh_CN"))
    qtbot.waitUntil(lambda: window.windowTitle().startswith("PicProof — 我的照片"), timeout=3000)
    assert window.nav.item(1).text() == "检查"
    assert window.views["photos"].search.text() == "pan"  # state survives
    assert window.views["photos"].model.rowCount() == 1
    assert window.services.settings.ui_language == "zh_CN"
    assert '"zh_CN"' in window.services.paths.settings_file.read_text(encoding="utf-8")

    settings.language.setCurrentIndex(settings.language.findData("en"))
    qtbot.waitUntil(lambda: window.windowTitle() == "PicProof — My photos", timeout=3000)


def test_system_locale_chooses_language_on_first_run(monkeypatch) -> None:
    from PySide6.QtCore import QLocale

    from picproof.gui.translation import effective_language

    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("zh_CN")))
    assert effective_language(None) == "zh_CN"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert effective_language(None) == "en"
    assert effective_language("zh_CN") == "zh_CN"


def _fake_results() -> list[SuspectResult]:
    # Value objects only (the matching itself is exercised in test_end_to_end).
    shot = str(SAMPLE / "screenshots" / "shop_listing.jpg")
    photo = str(SAMPLE / "photos" / "dahlia.jpg")
    m = Match(
        1,
        photo,
        "ab" * 32,
        "same-photo",
        0.91,
        (40, 170, 640, 582),
        Transform(1.4, mirrored=True, cropped=True),
        inliers=120,
        point_pairs=((50.0, 200.0, 10.0, 20.0),),
    )
    return [
        SuspectResult(shot, "cd" * 32, 720, 1440, (m,)),
        SuspectResult("/nope.jpg", "", 0, 0, (), error="truncated"),
    ]


def test_results_and_records_models_pass_modeltester(window, qtmodeltester) -> None:
    window.ctx.set_results(_fake_results())
    results = window.views["results"]
    qtmodeltester.check(results.model, force_py=True)
    assert (
        results.model.data(results.model.index(1, 1)) == "Could not be read: the file is cut short"
    )
    from picproof.gui.records_model import RecordsModel

    model = RecordsModel([(lambda: "A", lambda r: r[0]), (lambda: "B", lambda r: r[1])])
    model.set_records([(1, "x"), (2, None)])
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(1, 1)) == ""


def test_review_never_shows_a_stale_picture(window, qtbot) -> None:
    window.ctx.set_results(_fake_results())
    review = window.views["results"].review
    qtbot.waitUntil(lambda: review.suspect_pane.has_picture, timeout=10000)
    # Switching clears at once: no picture of the previous pair while the next one loads.
    review.show_match(None)
    assert not review.suspect_pane.has_picture and not review.original_pane.has_picture
    review.show_match((0, 0))
    assert not review.suspect_pane.has_picture
    review.show_match(None)  # the load started above finishes later and must be dropped
    qtbot.wait(800)
    assert not review.suspect_pane.has_picture
    assert review.verdict.text() == "Select a match to review it."


def test_match_words_describe_the_alteration(window) -> None:
    from dataclasses import replace

    from picproof.gui.match_words import level_words

    match = _fake_results()[0].matches[0]
    assert level_words(match) == "Same photo, mirrored, cropped and resized"
    other = replace(match, level="possible", another_shot=True)  # the pixels saw the scene move
    assert level_words(other).startswith("Probably another shot of the same scene, not this photo")


def test_score_words_never_say_zero_matching_points(window) -> None:
    from dataclasses import replace

    from picproof.gui.match_words import score_words

    match = _fake_results()[0].matches[0]
    assert score_words(match).endswith(f"{match.inliers} matching points")
    by_pixels = replace(match, inliers=0, score=0.81)  # a small avatar settled by its pixels
    assert score_words(by_pixels) == (
        "Score 81 of 100 · found by its pixels (too small for matching points)"
    )
    same_file = replace(match, level="identical", inliers=0, score=1.0)
    assert "0 matching points" not in score_words(same_file)
    assert "same file" in score_words(same_file)
