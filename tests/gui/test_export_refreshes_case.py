"""After "Export bundle…" the case view shows what the export did: the items it time-stamped and
its custody entries (the header kept saying "0 timestamped" until the case was opened again)."""

from __future__ import annotations

import pytest
from tests.conftest import save_photo
from tests.gui.conftest import wait_jobs
from tests.tsa_server import TsaServer, build_pki

from picproof.services.settings import TsaSettings


@pytest.fixture(scope="module")
def tsa(tmp_path_factory):  # type: ignore[no-untyped-def]
    pki = build_pki(tmp_path_factory.mktemp("tsa-pki"))
    with TsaServer(pki.single, pki) as server:
        yield server


def test_export_refreshes_the_case_view(window, qtbot, tsa, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from picproof.gui import case_dialogs

    services = window.services
    services.settings.tsas = [TsaSettings(tsa.url, [str(tsa.config.root_pem)])]
    services.settings.tsa_consent = False  # no question about the public services
    case = services.cases.create_case("Fake profile", "impersonation")
    services.cases.add_evidence(case.id, [save_photo(tmp_path / "shot.png", 120, 90, seed=1)])
    window.ctx.cases_changed.emit()
    window.show_area("cases")
    detail = window.views["cases"].detail
    detail.show_case(case.id)
    wait_jobs(qtbot, window)
    model = detail.evidence_model
    assert model.rowCount() == 1 and model.record(0).timestamp is None
    out = tmp_path / "bundle.zip"
    monkeypatch.setattr(case_dialogs.ExportDialog, "exec", lambda self: 1)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    detail._export()
    wait_jobs(qtbot, window, 60)
    assert out.is_file()
    qtbot.waitUntil(lambda: model.record(0).timestamp is not None, timeout=5000)
    log = detail.custody_model
    events = [log.record(row).event for row in range(log.rowCount())]
    assert "bundle-exported" in events
