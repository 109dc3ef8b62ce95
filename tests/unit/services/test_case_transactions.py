"""add_match writes the original, the explanation, the match, its decision and their custody
entries in one transaction: a failure after the first insert leaves no row behind."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image
from tests.conftest import save_photo

from picproof.core.models import Match
from picproof.services.context import open_services
from picproof.store.evidence_store import EvidenceStore


class Injected(RuntimeError):
    pass


@pytest.fixture
def svc(tmp_path):
    services = open_services(tmp_path / "data")
    yield services
    services.close()


def _counts(svc) -> dict[str, int]:
    conn = svc.cases.store.conn
    tables = ("evidence", "matches", "match_decisions", "custody")
    return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


@pytest.mark.parametrize("fail_at", ["insert_match", "insert_decision", "append_custody"])
def test_a_failure_after_the_first_insert_leaves_nothing(svc, tmp_path, monkeypatch, fail_at):
    case = svc.cases.create_case("romance")
    [suspect] = svc.cases.add_evidence(case.id, [save_photo(tmp_path / "shot.png", seed=5)])
    original = save_photo(tmp_path / "me.png", seed=6)
    match = Match(
        photo_id=3,
        photo_path=str(original),
        photo_sha256=hashlib.sha256(original.read_bytes()).hexdigest(),
        level="same-photo",
        score=0.9,
        bbox=(1, 2, 30, 40),
    )
    png = io.BytesIO()
    Image.new("RGB", (16, 8), "white").save(png, "PNG")
    before = _counts(svc)
    inserted: list[str] = []
    real = getattr(EvidenceStore, fail_at)
    real_evidence = EvidenceStore.insert_evidence

    def counting_evidence(self, **kw):  # the first inserts: the original and the explanation
        inserted.append(kw["kind"])
        return real_evidence(self, **kw)

    def failing(self, *args, **kw):
        # append_custody also runs for the original and the explanation: fail on the match's.
        if fail_at != "append_custody" or str(args[2]).startswith("match-"):
            raise Injected(fail_at)
        return real(self, *args, **kw)

    monkeypatch.setattr(EvidenceStore, "insert_evidence", counting_evidence)
    monkeypatch.setattr(EvidenceStore, fail_at, failing)
    with pytest.raises(Injected):
        svc.cases.add_match(case.id, suspect.id, match, explanation_png=png.getvalue())
    assert inserted == ["original", "explanation"]  # rows were written before the failure
    assert _counts(svc) == before
    assert svc.cases.verify_log(case.id) == []
    monkeypatch.undo()
    # The same call works afterwards, and finds no half-written original to reuse.
    record = svc.cases.add_match(case.id, suspect.id, match, explanation_png=png.getvalue())
    after = _counts(svc)
    assert after["matches"] == before["matches"] + 1
    assert after["evidence"] == before["evidence"] + 2
    assert record.original_evidence_id is not None and record.decision == "accepted"
