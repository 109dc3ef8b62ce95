"""The store layer's threading rule: a connection per thread, never shared, no
``check_same_thread=False`` anywhere in the package."""

from __future__ import annotations

import ast
import sqlite3
import threading
from pathlib import Path

import pytest

from picproof.core.errors import StoreError
from picproof.services.context import open_services

PACKAGE = Path(__file__).resolve().parents[3] / "desktop" / "picproof"


def test_no_connection_is_opened_for_sharing_between_threads() -> None:
    offenders = [
        f"{p.relative_to(PACKAGE)}:{node.lineno}"
        for p in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and any(k.arg == "check_same_thread" for k in node.keywords)
    ]
    assert offenders == []


def _in_thread(fn):
    out: dict[str, object] = {}

    def run() -> None:
        try:
            out["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test thread
            out["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(30)
    if "error" in out:
        raise out["error"]  # type: ignore[misc]
    return out.get("value")


def test_each_thread_reads_and_writes_on_its_own_connection(tmp_path: Path) -> None:
    svc = open_services(tmp_path / "data")
    try:
        cases = svc.cases
        mine = cases.store.conn
        theirs = _in_thread(lambda: cases.store.conn)
        assert isinstance(theirs, sqlite3.Connection) and theirs is not mine
        # A write on a worker thread (the GUI's write lane) is seen by a read on this one.
        made = _in_thread(lambda: cases.create_case("written on the write lane"))
        assert [c.title for c in cases.list_cases()] == [made.title]  # type: ignore[union-attr]
        # Library and match-index stores follow the same rule.
        assert _in_thread(lambda: svc.library.store.db) is not svc.library.store.db
        assert _in_thread(lambda: svc.matching.index.conn) is not svc.matching.index.conn
        # Handing a connection to another thread is refused by sqlite3 itself.
        with pytest.raises(sqlite3.ProgrammingError):
            _in_thread(lambda: mine.execute("SELECT 1"))
    finally:
        svc.close()


def test_transactions_are_per_thread(tmp_path: Path) -> None:
    svc = open_services(tmp_path / "data")
    try:
        store = svc.cases.store
        case = svc.cases.create_case("one")
        entered, release = threading.Event(), threading.Event()

        def hold_a_transaction() -> None:
            with store.transaction():
                store.append_custody(case.id, case.uid, "note", {"n": 1}, "2026-01-01T00:00:00Z")
                entered.set()
                release.wait(10)
                raise RuntimeError("roll back")

        worker = threading.Thread(target=lambda: pytest.raises(RuntimeError, hold_a_transaction))
        worker.start()
        assert entered.wait(10)
        # This thread is not inside the worker's transaction: it sees the last commit only.
        assert [e.event for e in svc.cases.custody_log(case.id)] == ["case-created"]
        release.set()
        worker.join(10)
        assert [e.event for e in svc.cases.custody_log(case.id)] == ["case-created"]
    finally:
        svc.close()


def test_a_closed_store_refuses_other_threads(tmp_path: Path) -> None:
    svc = open_services(tmp_path / "data")
    cases = svc.cases
    store = cases.store
    barrier = threading.Barrier(2)
    results: list[object] = []

    def worker() -> None:
        store.list_cases()  # this thread's own connection
        barrier.wait(10)  # the main thread closes the store
        barrier.wait(10)
        try:
            store.list_cases()
        except StoreError as exc:
            results.append(exc.code)

    thread = threading.Thread(target=worker)
    thread.start()
    barrier.wait(10)
    svc.close()
    barrier.wait(10)
    thread.join(10)
    assert results == ["database-closed"]
