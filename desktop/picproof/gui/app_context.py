"""What every view shares: the services, the job runner and change notifications.

Views never talk to each other directly; they emit or listen to these signals. Session state that
must survive a language switch (the current check results, review decisions) lives here, not in
widgets.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from PySide6.QtCore import QObject, Signal

from picproof.core.models import SuspectResult
from picproof.gui.jobs import JobRunner


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

    def __init__(self, services: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.jobs = JobRunner(self)
        self.results: list[SuspectResult] = []
        # (result index, match index) -> "accepted" | "rejected"; undo pops the last entry.
        self.decisions: dict[tuple[int, int], str] = {}
        self.decision_log: list[tuple[tuple[int, int], str | None]] = []
        # (result index, match index) -> (case id, match record id) once saved in a case.
        self.case_links: dict[tuple[int, int], tuple[int, int]] = {}

    def set_results(self, results: list[SuspectResult]) -> None:
        self.results = list(results)
        self.decisions.clear()
        self.decision_log.clear()
        self.case_links.clear()
        self.results_changed.emit()

    def add_results(self, results: list[SuspectResult]) -> None:
        self.results.extend(results)
        self.results_changed.emit()

    def decide(self, r: int, m: int, decision: str | None) -> None:
        previous = self.decisions.get((r, m))
        self.decision_log.append(((r, m), previous))
        if decision is None:
            self.decisions.pop((r, m), None)
        else:
            self.decisions[(r, m)] = decision
        self._log_decision(r, m, decision)
        self.decision_changed.emit(r, m)

    def undo_decision(self) -> tuple[int, int] | None:
        if not self.decision_log:
            return None
        key, previous = self.decision_log.pop()
        if previous is None:
            self.decisions.pop(key, None)
        else:
            self.decisions[key] = previous
        self._log_decision(*key, f"undo->{previous or 'undecided'}")
        self.decision_changed.emit(*key)
        return key

    def _log_decision(self, r: int, m: int, decision: str | None) -> None:
        """Append every review decision (also those never saved to a case) to a local JSONL log."""
        import json
        from datetime import datetime

        result = self.results[r]
        match = result.matches[m]
        entry = {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "suspect": result.path,
            "suspect_sha256": result.sha256,
            "photo": match.photo_path,
            "photo_sha256": match.photo_sha256,
            "level": match.level,
            "score": round(float(match.score), 4),
            "decision": decision or "undecided",
        }
        try:
            with open(
                self.services.paths.data_dir / "review-log.jsonl", "a", encoding="utf-8"
            ) as fh:
                fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        except OSError:
            pass  # the decision still stands in this session; a full disk must not block review
