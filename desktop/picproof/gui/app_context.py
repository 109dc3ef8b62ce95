"""What every view shares: the services, the job runner and change notifications.

Views never talk to each other directly; they emit or listen to these signals. The review session
(check results, decisions, links to cases) lives here, not in widgets, so it survives a language
switch; every change is also written to disk off the GUI thread (services/review.py), so it
survives a restart or a crash.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from picproof.core.models import SuspectResult
from picproof.gui.jobs import JobRunner
from picproof.services.context import Services
from picproof.services.review import Key, ReviewSession, ReviewStore

V = TypeVar("V")


def _remap(table: dict[Key, V], r: int, moved: dict[int, int]) -> None:
    """Move the entries of result ``r`` to their new match indexes; drop those that vanished."""
    entries = {k: table.pop(k) for k in [k for k in table if k[0] == r]}
    table.update({(r, moved[m]): v for (_, m), v in entries.items() if m in moved})


class AppContext(QObject):
    library_changed = Signal()
    results_changed = Signal()
    cases_changed = Signal()
    decision_changed = Signal(int, int)
    """(result index, match index)."""
    navigate = Signal(str)
    """Ask the main window to show an area: photos, check, results, cases, letters, settings."""
    open_review = Signal(int, int)
    letter_for_case = Signal(object)
    check_files = Signal(list)
    """Ask the Check area to check these paths (used by the sample-photos tour)."""

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.jobs = JobRunner(self)
        self.review_store = ReviewStore(services.paths.data_dir)
        self.session: ReviewSession = self.review_store.load()
        self._seq = 0
        # Review-log lines in the order the decisions were made: each write drains every line
        # queued so far, one write at a time (persist jobs may run side by side on the pool).
        self._log_queue: list[dict[str, Any]] = []
        self._log_queue_lock = threading.Lock()
        self._log_write_lock = threading.Lock()
        # Undo pops the last entry: (key, the decision before).
        self.decision_log: list[tuple[Key, str | None]] = []

    @property
    def results(self) -> list[SuspectResult]:
        return self.session.results

    @property
    def decisions(self) -> dict[Key, str]:
        return self.session.decisions

    @property
    def case_links(self) -> dict[Key, tuple[int, int]]:
        return self.session.case_links

    # ---- the session ---------------------------------------------------------------------------

    def set_results(self, results: list[SuspectResult]) -> None:
        self.session = ReviewSession(list(results))
        self.decision_log.clear()
        self.persist()
        self.results_changed.emit()

    def add_results(self, results: list[SuspectResult]) -> None:
        """Append new results; a picture checked again (same file, same content) replaces its row.

        Decisions and case links carry over to the new row by the library photo they are about.
        """
        for result in results:
            old = next(
                (
                    i
                    for i, r in enumerate(self.results)
                    if r.path == result.path and r.sha256 == result.sha256
                ),
                None,
            )
            if old is None:
                self.results.append(result)
                continue
            self._replace(old, result)
        self.persist()
        self.results_changed.emit()

    def _replace(self, r: int, result: SuspectResult) -> None:
        before = self.results[r]
        # old match index -> new match index, by the library photo's SHA-256
        moved = {
            m: i
            for m, old in enumerate(before.matches)
            for i, new in enumerate(result.matches)
            if old.photo_sha256 == new.photo_sha256
        }
        _remap(self.session.decisions, r, moved)
        _remap(self.session.case_links, r, moved)
        self.decision_log = [e for e in self.decision_log if e[0][0] != r]
        self.results[r] = result

    def decide(self, r: int, m: int, decision: str | None) -> None:
        previous = self.decisions.get((r, m))
        self.decision_log.append(((r, m), previous))
        self._set_decision(r, m, decision, decision or "undecided")

    def undo_decision(self) -> Key | None:
        if not self.decision_log:
            return None
        key, previous = self.decision_log.pop()
        self._set_decision(*key, previous, f"undo->{previous or 'undecided'}")
        return key

    def link_to_case(self, key: Key, case_id: int, record_id: int) -> None:
        self.case_links[key] = (case_id, record_id)
        self.persist()

    def _set_decision(self, r: int, m: int, decision: str | None, logged: str) -> None:
        if decision is None:
            self.decisions.pop((r, m), None)
        else:
            self.decisions[(r, m)] = decision
        self.persist(self._log_entry(r, m, logged))
        self.decision_changed.emit(r, m)

    def persist(self, log_entry: dict[str, Any] | None = None) -> None:
        """Write the session (and a review-log line) on a worker; the newest snapshot wins."""
        self._seq += 1
        seq = self._seq
        snapshot = ReviewSession(
            list(self.session.results), dict(self.session.decisions), dict(self.session.case_links)
        )
        store = self.review_store
        log_path = self.services.paths.data_dir / "review-log.jsonl"

        if log_entry is not None:
            with self._log_queue_lock:
                self._log_queue.append(log_entry)

        def work(_progress: Any) -> None:
            store.save(snapshot, seq)
            with self._log_write_lock:
                with self._log_queue_lock:
                    lines, self._log_queue = self._log_queue, []
                if not lines:
                    return
                try:
                    with open(log_path, "a", encoding="utf-8") as fh:
                        fh.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in lines)
                except OSError:
                    pass  # the decision still stands; a full disk must not block review

        self.jobs.run(work, visible=False)

    def _log_entry(self, r: int, m: int, decision: str) -> dict[str, Any]:
        """Every review decision (also those never saved to a case), for the local review log."""
        result = self.results[r]
        match = result.matches[m]
        return {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "suspect": result.path,
            "suspect_sha256": result.sha256,
            "photo": match.photo_path,
            "photo_sha256": match.photo_sha256,
            "level": match.level,
            "score": round(float(match.score), 4),
            "decision": decision,
        }
