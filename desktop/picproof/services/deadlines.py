"""Deadlines of a case (a reply due, a limitation period) and the reminders they raise."""

from __future__ import annotations

from datetime import date

from picproof.core.cases import Deadline, DueReminder
from picproof.core.deadlines import due_date, parse_date
from picproof.core.errors import NotFound
from picproof.services.case_base import CaseBase


class DeadlineMixin(CaseBase):
    def add_deadline(
        self,
        case_id: int,
        kind: str,
        *,
        due: str | None = None,
        start: str | None = None,
        description: str = "",
        remind_days_before: int = 3,
    ) -> Deadline:
        """A deadline with a reminder. Known kinds compute ``due`` from ``start`` (ISO date)."""
        case = self.get_case(case_id)
        due = due_date(kind, due=due, start=start)
        with self._logged(case, "deadline-added") as log:
            did = self.store.insert_deadline(
                case.id, kind, due, description, remind_days_before, log.now
            )
            log.data = {"deadline_id": did, "kind": kind, "due": due}
        return self._deadline(did)

    def complete_deadline(self, deadline_id: int, done: bool = True) -> None:
        case = self.get_case(self._deadline(deadline_id).case_id)
        with self._logged(case, "deadline-done" if done else "deadline-reopened") as log:
            self.store.set_deadline_done(deadline_id, done)
            log.data = {"deadline_id": deadline_id}

    def _deadline(self, deadline_id: int) -> Deadline:
        found = self.store.deadline(deadline_id)
        if found is None:
            raise NotFound(what=f"deadline {deadline_id}")
        return found

    def deadlines(self, case_id: int | None = None) -> list[Deadline]:
        return self.store.deadlines(case_id)

    def due_soon(self, today: date | None = None) -> list[DueReminder]:
        """Open deadlines inside their reminder window (or overdue), soonest first."""
        today = today or date.today()
        titles = {c.id: c.title for c in self.store.list_cases()}
        out = []
        for d in self.store.deadlines():
            left = (parse_date(d.due) - today).days
            if not d.done and left <= d.remind_days_before:
                out.append(DueReminder(d.case_id, titles.get(d.case_id, ""), d, left))
        return sorted(out, key=lambda r: r.days_left)
