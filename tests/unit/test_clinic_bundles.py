"""Evidence bundles into and out of a clinic database (a real server, a real local TSA)."""

from __future__ import annotations

import psycopg
import pytest
from tests.unit.services.test_bundle_import import _make_bundle

from picproof.core.errors import BundleError
from picproof.services.bundle_verify import verify_bundle
from picproof.services.context import open_services


def test_a_received_bundle_goes_into_the_clinic_and_out_again_verified(
    clinic, tmp_path, tsa, monkeypatch
):
    bundle, uid = _make_bundle(tmp_path, tsa)
    assert verify_bundle(bundle).ok
    staff = clinic.add("ann", "staff")
    monkeypatch.setenv("PICPROOF_DB", clinic.url(staff))
    svc = open_services(tmp_path / "clinic")
    case = svc.bundles.import_bundle(bundle)
    assert case.uid == uid
    items = svc.cases.list_evidence(case.id)
    assert len(items) == 2 and all(i.timestamp_status == "timestamped" for i in items)
    assert all(i.added_by == staff for i in items)
    assert all(svc.cases.store.blobs.check(i.sha256) for i in items)
    log = svc.cases.custody_log(case.id)
    assert log[-1].event == "bundle-imported" and log[-1].data["db_user"] == staff
    assert svc.cases.verify_log(case.id) == []
    with pytest.raises(BundleError):
        svc.bundles.import_bundle(bundle)
    again = tmp_path / "again.zip"
    svc.bundles.export(case.id, again)
    assert verify_bundle(again).ok
    svc.close()
    # The received entries are kept as copies, written by the staff login; the last is hers.
    with psycopg.connect(clinic.owner_url) as conn:
        rows = conn.execute("SELECT db_user, copied FROM picproof.custody ORDER BY seq").fetchall()
    assert {r[0] for r in rows} == {staff}
    assert [r[1] for r in rows][-1] is False and any(r[1] for r in rows)
