"""The review shows other shots of the same scene side by side (issue 17): two real frames of a
burst, the one that fits best first."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from tests.gui.conftest import SAMPLE, wait_jobs

from picproof.core.models import Match, SuspectResult, Transform

FRAMES = Path(__file__).resolve().parents[1] / "unit" / "core" / "matching" / "data"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _results(tmp_path: Path) -> list[SuspectResult]:
    shot = tmp_path / "feed.jpg"
    shutil.copy(SAMPLE / "screenshots" / "social_feed.jpg", shot)
    lib = tmp_path / "lib"
    lib.mkdir()
    for name in ("basketball1.jpg", "basketball2.jpg"):
        shutil.copy(FRAMES / name, lib / name)
    shutil.copy(SAMPLE / "photos" / "panda.jpg", lib / "panda.jpg")
    best, other, panda = lib / "basketball1.jpg", lib / "basketball2.jpg", lib / "panda.jpg"
    box = (10, 10, 300, 220)
    matches = (
        Match(1, str(best), _sha(best), "same-photo", 0.95, box, Transform(1.0), 80,
              near_duplicates=(2,)),
        Match(3, str(panda), _sha(panda), "same-photo", 0.9, (400, 10, 100, 100), Transform(1.0)),
        Match(2, str(other), _sha(other), "possible", 0.7, box, Transform(1.0), 60,
              near_duplicate_of=1),
    )  # fmt: skip
    return [SuspectResult(str(shot), _sha(shot), 1080, 1920, matches)]


def test_near_duplicates_side_by_side(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window.ctx.set_results(_results(tmp_path))
    window.show_area("results")
    review = window.views["results"].review
    near = review.near_duplicates

    review.show_match((0, 0))  # the best fit: its near duplicate beside it
    wait_jobs(qtbot, window)
    assert near.isVisible() and len(near.tiles) == 2
    captions = [c.text() for _, c in near.tiles]
    assert captions[0].startswith("basketball1.jpg\nfits best")
    assert "(the match you are reviewing)" in captions[0]
    assert captions[1].startswith("basketball2.jpg\nanother shot")
    assert all(not p.pixmap().isNull() for p, _ in near.tiles)
    window.grab().save(str(tmp_path / "near.png"))

    review.show_match((0, 2))  # the demoted one: the same row, best first, this one marked
    wait_jobs(qtbot, window)
    captions = [c.text() for _, c in near.tiles]
    assert captions[0].startswith("basketball1.jpg") and "reviewing" not in captions[0]
    assert "(the match you are reviewing)" in captions[1]

    review.show_match((0, 1))  # a photo without near duplicates: nothing extra
    wait_jobs(qtbot, window)
    assert not near.isVisible() and near.tiles == []
