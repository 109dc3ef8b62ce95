"""A match the user linked by hand (``picproof case link``) reads in words in the case's Matches
tab, in Chinese too, with no made-up score (it was the raw code ``user-linked`` and a 0)."""

from __future__ import annotations

from tests.gui.conftest import wait_jobs
from tests.gui.test_zh_cn_walk import _problems, _texts, zh_window  # noqa: F401 - the fixture

from picproof.services.case_links import link_original


def test_user_link_in_words_in_the_case_view(zh_window, qtbot) -> None:  # noqa: F811
    window = zh_window
    cases = window.services.cases
    (case,) = cases.list_cases()
    items = cases.list_evidence(case.id)
    original = next(i for i in items if i.kind == "original")
    shot = next(i for i in items if i.kind == "suspect")
    link_original(cases, case.id, original.id, shot.id)
    window.show_area("cases")
    detail = window.views["cases"].detail
    detail.show_case(case.id)
    wait_jobs(qtbot, window)
    detail.tabs.setCurrentIndex(1)
    model = detail.match_model
    rows = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(2)]
    linked = next(row for row in rows if "由您手动关联" in row)
    assert linked[3] in ("", None)  # no score of its own
    problems = _problems(_texts(detail.tabs.currentWidget(), "matches"))
    assert problems == [], "\n".join(problems)
