"""CaseService: copies, acquisition facts, corrections, tombstones, matches, letters, deadlines."""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
from datetime import date

import pytest
from PIL import Image
from tests.conftest import save_photo

from picproof.core.errors import BadInput, NotFound
from picproof.core.models import Match, Transform
from picproof.services.context import open_services


@pytest.fixture(params=["sqlite", "postgres"])
def svc(request, tmp_path, monkeypatch):
    """The same services on the local store and on a clinic database (a lawyer's login)."""
    monkeypatch.delenv("PICPROOF_DB", raising=False)
    if request.param == "postgres":
        clinic = request.getfixturevalue("clinic")
        monkeypatch.setenv("PICPROOF_DB", clinic.url(clinic.add("lawyer", "lawyer")))
    services = open_services(tmp_path / "data")
    services.settings.operator_name = "Li Lei"
    yield services
    services.close()


def _data(entry):
    """An entry's data as the service wrote it (the clinic store adds the database user)."""
    return {k: v for k, v in entry.data.items() if k != "db_user"}


def _exif_jpeg(path, seed=3):
    img = Image.open(save_photo(path.with_suffix(".png"), seed=seed))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "EOS R6"
    exif.get_ifd(0x8769)[0x9003] = "2024:05:06 07:08:09"
    img.save(path, "JPEG", exif=exif.tobytes())
    return path


def test_create_and_update_case_is_logged(svc):
    c = svc.cases.create_case("假冒账号 Fake profile", "impersonation")
    assert c.operator == "Li Lei" and c.status == "open" and len(c.uid) == 36
    c2 = svc.cases.update_case(c.id, status="notice-sent", platforms=["WeChat"])
    assert c2.status == "notice-sent" and c2.platforms == ("WeChat",)
    events = [e.event for e in svc.cases.custody_log(c.id)]
    assert events == ["case-created", "case-updated"]
    assert _data(svc.cases.custody_log(c.id)[1]) == {
        "status": "notice-sent",
        "platforms": ["WeChat"],
    }
    with pytest.raises(BadInput):
        svc.cases.create_case("   ")
    with pytest.raises(BadInput):
        svc.cases.update_case(c.id, kind="nonsense")
    with pytest.raises(NotFound):
        svc.cases.get_case(999)


def test_add_evidence_copies_bytes_and_records_facts(svc, tmp_path):
    c = svc.cases.create_case("shop", "product")
    src = _exif_jpeg(tmp_path / "mine.jpg")
    before = (src.read_bytes(), os.stat(src).st_mtime_ns)
    [item] = svc.cases.add_evidence(
        c.id,
        [src],
        kind="original",
        platform="Taobao",
        account="shop123",
        url="https://item.example/1",
    )
    assert (src.read_bytes(), os.stat(src).st_mtime_ns) == before  # the user's file is untouched
    stored = svc.cases.evidence_path(item)
    assert stored != src and stored.read_bytes() == before[0]
    assert item.sha256 == hashlib.sha256(before[0]).hexdigest() == stored.name
    f = item.acquisition
    assert f.source == "file" and f.source_path == str(src.resolve()) and f.operator == "Li Lei"
    assert f.acquired_at_utc.endswith("Z") and f.acquired_at_local[-6] in "+-"
    assert f.platform == "Taobao" and f.account == "shop123" and f.app_version and f.os
    assert f.file_modified_utc and f.image["width"] == 640 and f.image["camera"] == "Canon EOS R6"
    assert f.image["captured_at"].startswith("2024-05-06")
    assert item.media_type == "image/jpeg" and item.timestamp_status == "pending"
    log = svc.cases.custody_log(c.id)
    assert log[-1].event == "evidence-added" and log[-1].data["sha256"] == item.sha256


def test_clipboard_bytes_and_non_images(svc):
    c = svc.cases.create_case("chat")
    buf = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(buf, "PNG")
    shot = svc.cases.add_evidence_bytes(c.id, buf.getvalue(), "clipboard.png")
    assert shot.acquisition.source == "clipboard" and shot.media_type == "image/png"
    chat = svc.cases.add_evidence_bytes(
        c.id, "聊天记录".encode(), "chat.txt", kind="chat", source="file"
    )
    assert chat.media_type == "text/plain" and chat.acquisition.image is None


def test_corrections_and_tombstones_never_delete(svc, tmp_path):
    c = svc.cases.create_case("c")
    a, b = svc.cases.add_evidence(
        c.id, [save_photo(tmp_path / "a.png", seed=1), save_photo(tmp_path / "b.png", seed=2)]
    )
    fixed = svc.cases.correct_evidence(a.id, note="taken from the seller's page", platform="JD")
    svc.cases.tombstone(b.id, "added by mistake")
    view = svc.cases.list_evidence(c.id)
    assert [i.id for i in view] == [fixed.id]
    assert view[0].supersedes == a.id and view[0].acquisition.platform == "JD"
    everything = svc.cases.list_evidence(c.id, include_removed=True)
    assert {i.id for i in everything} == {fixed.id, b.id}
    assert svc.cases.store.blobs.has(b.sha256)  # the file stays
    events = [e.event for e in svc.cases.custody_log(c.id)]
    assert events[-2:] == ["evidence-corrected", "evidence-removed"]
    assert svc.cases.verify_log(c.id) == []


def test_match_links_original_explanation_and_decisions(svc, tmp_path):
    c = svc.cases.create_case("romance", "impersonation")
    [suspect] = svc.cases.add_evidence(c.id, [save_photo(tmp_path / "shot.png", seed=5)])
    original = _exif_jpeg(tmp_path / "me.jpg")
    sha = hashlib.sha256(original.read_bytes()).hexdigest()
    match = Match(
        photo_id=7,
        photo_path=str(original),
        photo_sha256=sha,
        level="same-photo",
        score=0.93,
        bbox=(10, 20, 300, 200),
        transform=Transform(scale=0.5, cropped=True),
    )
    png = io.BytesIO()
    Image.new("RGB", (64, 32), "white").save(png, "PNG")
    record = svc.cases.add_match(
        c.id, suspect.id, match, explanation_png=png.getvalue(), decision="accepted"
    )
    assert record.decision == "accepted" and record.bbox == (10, 20, 300, 200)
    assert record.transform["scale"] == 0.5 and record.level == "same-photo"
    kinds = {i.id: i.kind for i in svc.cases.list_evidence(c.id)}
    assert kinds[record.original_evidence_id] == "original"
    assert kinds[record.explanation_evidence_id] == "explanation"
    orig = svc.cases.get_evidence(record.original_evidence_id)
    assert orig.sha256 == sha and orig.acquisition.image["camera"] == "Canon EOS R6"
    # A second match on the same original reuses the stored copy.
    again = svc.cases.add_match(c.id, suspect.id, match, decision="rejected")
    assert again.original_evidence_id == record.original_evidence_id
    assert svc.cases.record_decision(record.id, "rejected").decision == "rejected"
    assert svc.cases.undo_decision(record.id).decision == "accepted"
    events = [e.event for e in svc.cases.custody_log(c.id)]
    assert events[-2:] == ["match-rejected", "match-decision-undone"]
    assert svc.cases.verify_log(c.id) == []


def test_match_with_changed_original_is_not_linked(svc, tmp_path):
    c = svc.cases.create_case("x")
    [suspect] = svc.cases.add_evidence(c.id, [save_photo(tmp_path / "s.png", seed=1)])
    photo = save_photo(tmp_path / "p.png", seed=2)
    m = Match(
        photo_id=1,
        photo_path=str(photo),
        photo_sha256="0" * 64,
        level="identical",
        score=1.0,
        bbox=None,
    )
    assert svc.cases.add_match(c.id, suspect.id, m).original_evidence_id is None


def test_generated_letter_is_kept_with_its_hash(svc):
    c = svc.cases.create_case("letters")
    item = svc.cases.record_generated_document(
        c.id, "dmca-takedown", "en", b"%PDF-1.7 letter", "dmca.pdf"
    )
    assert item.kind == "letter" and item.media_type == "application/pdf"
    assert item.sha256 == hashlib.sha256(b"%PDF-1.7 letter").hexdigest()
    last = svc.cases.custody_log(c.id)[-1]
    assert last.event == "letter-generated"
    assert last.data["letter_type"] == "dmca-takedown" and last.data["language"] == "en"


def test_deadlines_and_reminders(svc):
    c = svc.cases.create_case("seller counter-declaration", "product")
    d = svc.cases.add_deadline(c.id, "ecommerce-43-counter-notice", start="2026-03-01")
    assert d.due == "2026-03-16"
    dmca = svc.cases.add_deadline(c.id, "dmca-counter-notice", start="2026-03-06")  # a Friday
    assert dmca.due == "2026-03-20"  # 10 business days
    custom = svc.cases.add_deadline(c.id, "custom", due="2026-06-01", remind_days_before=1)
    due = svc.cases.due_soon(today=date(2026, 3, 14))
    assert [r.deadline.id for r in due] == [d.id]
    assert due[0].days_left == 2 and due[0].case_title == c.title
    svc.cases.complete_deadline(d.id)
    assert svc.cases.due_soon(today=date(2026, 3, 14)) == []
    assert custom.id not in [r.deadline.id for r in svc.cases.due_soon(today=date(2026, 5, 1))]
    with pytest.raises(BadInput):
        svc.cases.add_deadline(c.id, "custom")


def test_unknown_match_or_deadline_is_named_and_logs_nothing(svc):
    c = svc.cases.create_case("empty")
    before = len(svc.cases.custody_log(c.id))
    with pytest.raises(NotFound):
        svc.cases.record_decision(999, "accepted")
    with pytest.raises(NotFound):
        svc.cases.undo_decision(999)
    with pytest.raises(NotFound):
        svc.cases.complete_deadline(999)
    with pytest.raises(BadInput):
        svc.cases.record_decision(999, "maybe")
    assert len(svc.cases.custody_log(c.id)) == before


def test_tampering_with_the_database_log_is_named(svc, tmp_path):
    if os.environ.get("PICPROOF_DB"):
        pytest.skip("SQLite file tampering; the clinic server refuses it (test_clinic_rights)")
    c = svc.cases.create_case("tamper")
    svc.cases.add_evidence(c.id, [save_photo(tmp_path / "a.png", seed=1)])
    svc.cases.add_evidence(c.id, [save_photo(tmp_path / "b.png", seed=2)])
    db = svc.paths.evidence_db
    svc.close()
    raw = sqlite3.connect(db)  # an attacker with file access bypasses the triggers
    raw.execute("DROP TRIGGER custody_no_update")
    raw.execute("UPDATE custody SET entry = replace(entry, 'a.png', 'z.png') WHERE seq = 2")
    raw.commit()
    raw.close()
    again = open_services(tmp_path / "data")
    problems = again.cases.verify_log(c.id)
    assert [(p.code, p.seq) for p in problems] == [("bad-hash", 2)]
    again.close()
