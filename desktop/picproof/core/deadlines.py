"""Legal deadlines: which kinds have a rule for their due date, and how the days are counted.

Pure calendar logic (no storage): the case service records deadlines and reminds about them.
"""

from __future__ import annotations

from datetime import date, timedelta

from picproof.core.errors import BadInput

#: Deadline kinds with a rule for the due date, counted from the day the clock starts.
DEADLINE_RULES: dict[str, tuple[int, bool]] = {
    # E-commerce Law art. 43: measures end if no complaint / suit notice within 15 days after the
    # seller's counter-declaration reaches the rights holder.
    "ecommerce-43-counter-notice": (15, False),
    # 17 U.S.C. §512(g)(2)(C): material is restored 10-14 business days after a counter-notice
    # unless the sender files suit; we remind for the earliest day.
    "dmca-counter-notice": (10, True),
}


def parse_date(text: str) -> date:
    """An ISO date, or BadInput("bad-date")."""
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise BadInput("bad-date", value=text) from exc


def add_days(start: date, days: int, business: bool) -> date:
    """``days`` calendar days after ``start``, or ``days`` working days (Monday-Friday)."""
    if not business:
        return start + timedelta(days=days)
    current, left = start, days
    while left:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def due_date(kind: str, *, due: str | None, start: str | None) -> str:
    """The ISO due date: ``due`` as given (checked), else computed from ``start`` by the rule of
    ``kind`` (BadInput("deadline-date-missing") when there is no rule or no start)."""
    if due is not None:
        return parse_date(due).isoformat()
    if kind not in DEADLINE_RULES or start is None:
        raise BadInput("deadline-date-missing", kind=kind)
    days, business = DEADLINE_RULES[kind]
    return add_days(parse_date(start), days, business).isoformat()
