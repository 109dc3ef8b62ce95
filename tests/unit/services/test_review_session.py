"""The review session file, pasted pictures and recording a checked match (services/review.py)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest
from tests.conftest import save_photo

from picproof.core.errors import BadInput
from picproof.core.models import Match, SuspectResult, Transform
from picproof.services.context import open_services
from picproof.services.review import ReviewSession, ReviewStore, save_checked_match


@pytest.fixture
def svc(tmp_path):
    services = open_services(tmp_path / "data")
    services.settings.operator_name = "Li Lei"
    yield services
    services.close()


def _result(shot: Path, photo: Path) -> SuspectResult:
    match = Match(
        3,
        str(photo),
        hashlib.sha256(photo.read_bytes()).hexdigest(),
        "same-photo",
        0.87,
        (10, 20, 300, 200),
        Transform(0.5, rotation_deg=3.0, mirrored=True, cropped=True),
        inliers=77,
        corners=((1.0, 2.0), (3.5, 4.0), (5.0, 6.0), (7.0, 8.5)),
        original_region=(0, 0, 600, 400),
        point_pairs=((1.0, 2.0, 3.0, 4.0),),
    )
    sha = hashlib.sha256(shot.read_bytes()).hexdigest()
    return SuspectResult(str(shot), sha, 640, 480, (match,), seconds=0.25)


def test_session_round_trips_and_newest_snapshot_wins(tmp_path: Path) -> None:
    shot = save_photo(tmp_path / "shot.png", seed=1)
    photo = save_photo(tmp_path / "photo.png", seed=2)
    broken = SuspectResult(str(tmp_path / "gone.jpg"), "", 0, 0, (), error="truncated")
    checked = _result(shot, photo)
    other = replace(checked.matches[0], level="possible", another_shot=True)  # another shot
    session = ReviewSession(
        [checked, broken, replace(checked, matches=(other,))], {(0, 0): "accepted"}, {}
    )
    store = ReviewStore(tmp_path / "data")
    assert store.save(session, seq=2)
    assert not store.save(ReviewSession(), seq=1)  # an older snapshot arriving late is dropped
    loaded = ReviewStore(tmp_path / "data").load()
    assert loaded.results == session.results  # every field, floats and tuples included
    assert loaded.results[2].matches[0].another_shot
    assert loaded.decisions == {(0, 0): "accepted"}
    assert loaded.unsaved_accepted() == [(0, 0)]
    loaded.case_links[(0, 0)] = (4, 9)
    assert loaded.unsaved_accepted() == []


def test_unreadable_session_is_kept_aside(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path)
    store.path.write_text("{not json", encoding="utf-8")
    assert store.load().results == []
    assert (tmp_path / "review-session.unreadable.json").exists()
    # decisions pointing at results that do not exist are dropped, not trusted
    store.path.write_text(
        json.dumps({"version": 1, "results": [], "decisions": [[0, 0, "accepted"]]}),
        encoding="utf-8",
    )
    assert store.load().decisions == {}


def test_two_pastes_in_one_second_keep_both_pictures(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path)
    first = store.save_picture(b"\x89PNG first", "clipboard")
    second = store.save_picture(b"\x89PNG second", "clipboard")
    assert first != second
    assert first.read_bytes() == b"\x89PNG first" and second.read_bytes() == b"\x89PNG second"
    assert store.is_inbox_picture(str(first))
    assert not list(store.inbox.glob(".*"))  # no temporary files left behind


def test_checked_match_is_recorded_once_per_picture(svc, tmp_path: Path) -> None:
    shot = save_photo(tmp_path / "shot.png", seed=1)
    photo = save_photo(tmp_path / "photo.png", seed=2)
    result = _result(shot, photo)
    case = svc.cases.create_case("Fake shop", "product")
    record = save_checked_match(svc.cases, case.id, result, result.matches[0])
    assert record.decision == "accepted"
    again = save_checked_match(svc.cases, case.id, result, result.matches[0])
    suspects = [e for e in svc.cases.list_evidence(case.id) if e.kind == "suspect"]
    assert len(suspects) == 1 and suspects[0].sha256 == result.sha256
    assert again.id != record.id
    assert svc.cases.verify_log(case.id) == []


def test_a_file_changed_after_the_check_is_refused(svc, tmp_path: Path) -> None:
    shot = save_photo(tmp_path / "shot.png", seed=1)
    photo = save_photo(tmp_path / "photo.png", seed=2)
    result = _result(shot, photo)
    case = svc.cases.create_case("Fake profile", "impersonation")
    save_photo(shot, seed=5)  # another picture saved under the same name after the check
    with pytest.raises(BadInput) as err:
        save_checked_match(svc.cases, case.id, result, result.matches[0])
    assert err.value.code == "checked-file-changed" and err.value.fields["path"] == "shot.png"
    shot.unlink()
    with pytest.raises(BadInput) as err:
        save_checked_match(svc.cases, case.id, result, result.matches[0])
    assert err.value.code == "checked-file-missing"
    assert svc.cases.list_evidence(case.id) == [] and svc.cases.matches(case.id) == []
