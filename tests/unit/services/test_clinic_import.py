"""Moving a local case with everything in it (corrections, removals, matches and their decisions,
deadlines) into the clinic database: the same case there, ids renumbered, the chain continued."""

from __future__ import annotations

import hashlib
import io

from PIL import Image
from tests.conftest import save_photo

from picproof.core.models import Match, Transform
from picproof.services.bundle_verify import verify_bundle
from picproof.services.clinic import ClinicService
from picproof.services.context import open_services


def _view(svc, case_id):
    items = svc.cases.list_evidence(case_id, include_removed=True)
    matches = svc.cases.matches(case_id)
    return (
        sorted((i.sha256, i.kind, i.tombstoned, i.note, i.supersedes is not None) for i in items),
        sorted((m.photo_sha256, m.level, m.decision, m.bbox) for m in matches),
        sorted((d.kind, d.due, d.done) for d in svc.cases.deadlines(case_id)),
    )


def test_everything_in_a_case_moves_and_stays_the_same(clinic, tmp_path, monkeypatch):
    monkeypatch.delenv("PICPROOF_DB", raising=False)
    local = open_services(tmp_path / "data")
    case = local.cases.create_case("move me", "impersonation")
    a, b = local.cases.add_evidence(
        case.id, [save_photo(tmp_path / "a.png", seed=1), save_photo(tmp_path / "b.png", seed=2)]
    )
    local.cases.correct_evidence(a.id, note="from the seller's page")
    local.cases.tombstone(b.id, "added by mistake")
    photo = save_photo(tmp_path / "mine.png", seed=3)
    png = io.BytesIO()
    Image.new("RGB", (32, 16), "white").save(png, "PNG")
    match = Match(
        photo_id=1,
        photo_path=str(photo),
        photo_sha256=hashlib.sha256(photo.read_bytes()).hexdigest(),
        level="same-photo",
        score=0.9,
        bbox=(1, 2, 30, 20),
        transform=Transform(scale=0.5),
    )
    record = local.cases.add_match(case.id, a.id, match, explanation_png=png.getvalue())
    local.cases.record_decision(record.id, "rejected")
    local.cases.undo_decision(record.id)
    deadline = local.cases.add_deadline(case.id, "custom", due="2030-01-01")
    local.cases.complete_deadline(deadline.id)
    before_view = _view(local, case.id)
    before = tmp_path / "before.zip"
    local.bundles.export(case.id, before)
    local_log = local.cases.custody_log(case.id)
    local.close()

    lea = clinic.add("lea", "lawyer")
    [moved] = ClinicService(local.paths, local.settings).import_cases(clinic.url(lea), [case.id])

    monkeypatch.setenv("PICPROOF_DB", clinic.url(lea))
    remote = open_services(tmp_path / "data")
    assert _view(remote, moved.clinic_id) == before_view
    log = remote.cases.custody_log(moved.clinic_id)
    assert log[: len(local_log)] == local_log  # the very same entries, then the move
    assert log[-1].event == "case-moved-to-clinic" and log[-1].data["db_user"] == lea
    assert remote.cases.verify_log(moved.clinic_id) == []
    after = tmp_path / "after.zip"
    remote.bundles.export(moved.clinic_id, after)
    assert verify_bundle(before).ok and verify_bundle(after).ok
    remote.close()
