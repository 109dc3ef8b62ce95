"""The Cases page reads its cases in the background: on a clinic server every read is a round
trip and checking a long custody log takes time, so the window must not wait for them. A newer
selection wins over a read still on its way."""

from __future__ import annotations

import threading
import time

from tests.conftest import save_photo
from tests.gui.conftest import wait_jobs

from picproof.core.cases import Case
from picproof.services.cases import CaseOverview


def test_cases_are_read_off_the_gui_thread_and_the_newest_wins(
    window, qtbot, tmp_path, monkeypatch
) -> None:
    cases = window.services.cases
    slow = cases.create_case("Slow to read")
    quick = cases.create_case("Quick to read")
    cases.add_evidence(quick.id, [save_photo(tmp_path / "shot.png", 120, 90, seed=2)])
    window.show_area("cases")
    view = window.views["cases"]
    wait_jobs(qtbot, window)

    readers: list[str] = []
    overview, listed = cases.overview, cases.list_cases

    def slow_overview(case_id: int) -> CaseOverview:
        readers.append(threading.current_thread().name)
        if case_id == slow.id:
            time.sleep(1.0)  # a slow server: the answer arrives after the next selection's
        return overview(case_id)

    def watched_list() -> list[Case]:
        readers.append(threading.current_thread().name)
        return listed()

    # on the instance: the service's methods are wrapped per instance (clinic_retry)
    monkeypatch.setattr(cases, "overview", slow_overview)
    monkeypatch.setattr(cases, "list_cases", watched_list)
    detail = view.detail
    started = time.monotonic()
    detail.show_case(slow.id)
    detail.show_case(quick.id)
    assert time.monotonic() - started < 0.5  # the window did not wait for the reads
    view.refresh()
    wait_jobs(qtbot, window)

    assert readers and threading.main_thread().name not in readers
    assert detail.case is not None and detail.case.id == quick.id
    assert detail.title.text() == "Quick to read"
    assert detail.evidence_model.rowCount() == 1
    titles = [view.case_list.item(i).text().split("\n")[0] for i in range(view.case_list.count())]
    assert sorted(titles) == ["Quick to read", "Slow to read"]
