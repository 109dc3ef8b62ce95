"""Linking one of the user's originals to a screenshot by hand (``picproof case link``).

The desktop app links an original when the matcher finds it; a person who knows which of their
photos a screenshot shows (a crop too small to match, a photo outside the library) says so here.
The link is recorded as an accepted match of level ``user-linked``, with no box and no score of its
own, so letters show the original beside the capture and say that the user linked them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from picproof.core.errors import BadInput, NotFound
from picproof.core.models import Match

if TYPE_CHECKING:
    from picproof.core.cases import MatchRecord
    from picproof.services.cases import CaseService

USER_LINKED = "user-linked"
#: Evidence kinds that can show a stolen photo.
SUSPECT_KINDS = ("suspect", "page-image", "page", "chat", "other")


def evidence_id(text: str) -> int:
    """``E12`` / ``12`` -> 12 (the ids ``picproof case show`` prints)."""
    raw = str(text).strip().upper().removeprefix("E")
    if not raw.isdigit():
        raise BadInput("bad-evidence-id", value=text)
    return int(raw)


def link_original(
    cases: CaseService, case_id: int, original: str | int, suspect: str | int
) -> MatchRecord:
    case = cases.get_case(case_id)
    orig = cases.get_evidence(evidence_id(str(original)))
    shot = cases.get_evidence(evidence_id(str(suspect)))
    for item in (orig, shot):
        if item.case_id != case.id:
            raise NotFound(what=f"evidence {item.id} in case {case.id}")
    if orig.kind != "original":
        raise BadInput("not-an-original", evidence=orig.id, kind=orig.kind)
    if shot.kind not in SUSPECT_KINDS:
        raise BadInput("not-a-capture", evidence=shot.id, kind=shot.kind)
    for record in cases.matches(case.id):
        if (record.suspect_evidence_id, record.original_evidence_id, record.level) == (
            shot.id,
            orig.id,
            USER_LINKED,
        ) and record.decision == "accepted":
            return record  # linked already: a second identical link would list it twice
    match = Match(
        photo_id=0,
        photo_path=str(cases.evidence_path(orig)),
        photo_sha256=orig.sha256,
        level=USER_LINKED,  # type: ignore[arg-type]
        score=0.0,
        bbox=None,
    )
    return cases.add_match(case.id, shot.id, match, decision="accepted")
