"""Settings -> Shared clinic database, against the real throwaway PostgreSQL server (offscreen)."""

from __future__ import annotations

import keyring
import pytest
from tests.conftest import save_photo
from tests.gui.conftest import wait_jobs
from tests.gui.test_settings_view import MemoryKeyring


@pytest.fixture
def memory_keyring():  # type: ignore[no-untyped-def]
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_connect_keeps_password_in_keyring_and_shows_who_added(
    window, qtbot, clinic, memory_keyring, tmp_path, monkeypatch
) -> None:
    monkeypatch.delenv("PICPROOF_DB", raising=False)
    ann = clinic.add("ann", "staff")
    box = window.views["settings"].clinic_box
    assert "on this computer" in box.status.text()

    box.url.setText("http://not-a-database")
    box.connect_clinic()
    assert "postgresql://" in box.status.text()

    # A wrong password: the server's answer, in words; nothing saved.
    box.url.setText(clinic.cluster.url(ann, None, clinic.name))
    box.password.setText("wrong")
    box.connect_clinic()
    qtbot.waitUntil(lambda: box.connect_button.isEnabled(), timeout=20000)
    assert "refused the password" in box.status.text()
    assert window.services.settings.clinic_db == ""

    box.password.setText(clinic.passwords[ann])
    box.connect_clinic()
    qtbot.waitUntil(lambda: "you are" in box.status.text(), timeout=20000)
    assert ann in box.status.text() and "staff" in box.status.text()
    saved = window.services.paths.settings_file.read_text(encoding="utf-8")
    assert clinic.cluster.url(ann, None, clinic.name) in saved
    assert clinic.passwords[ann] not in saved
    assert list(memory_keyring.store.values()) == [clinic.passwords[ann]]

    # The case services now work on the clinic database; the case view says who added an item.
    cases = window.services.cases
    case = cases.create_case("Clinic case")
    [item] = cases.add_evidence(case.id, [save_photo(tmp_path / "s.png", seed=3)])
    assert item.added_by == ann
    from PySide6.QtCore import Qt

    detail = window.views["cases"].detail
    wait_jobs(qtbot, window)  # the case list read on connecting (before this case existed)
    detail.show_case(case.id)
    model = detail.evidence_model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=20000)
    header = [
        model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for i in range(model.columnCount())
    ]
    column = header.index("Added by")
    assert model.data(model.index(0, column), Qt.ItemDataRole.DisplayRole) == ann

    box.use_local()
    assert window.services.settings.clinic_db == ""
    assert window.services.cases.list_cases() == []  # the local store again


def test_an_unreachable_clinic_server_is_said_not_a_crash(qtbot, qapp_ready, services) -> None:
    from picproof.gui.main_window import MainWindow

    services.settings.clinic_db = "postgresql://ann@127.0.0.1:1/clinic"  # nothing listens there
    win = MainWindow(services)
    qtbot.addWidget(win)
    try:
        win.ctx.navigate.emit("cases")
        reminders = win.views["cases"].reminders
        qtbot.waitUntil(lambda: "cannot be reached" in reminders.text(), timeout=20000)
        assert "on this computer" not in win.views["settings"].clinic_box.status.text()
    finally:
        win.shutdown()
        win.close()
