"""Matches kept in a case: the suspect, the matched original, the explanation and the decisions.

A match, its original photo and its explanation picture are recorded in one transaction: a
failure part way leaves no row behind (only files in the content-addressed store, which nothing
refers to and which a later identical file reuses).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from picproof.core.cases import Case, MatchRecord
from picproof.core.errors import BadInput, NotFound
from picproof.core.models import Match
from picproof.services.evidence import EvidenceMixin, StoredFile, file_sha256

DECISIONS = ("accepted", "rejected")


class MatchMixin(EvidenceMixin):
    def add_match(
        self,
        case_id: int,
        suspect_evidence_id: int,
        match: Match,
        *,
        explanation_png: bytes | None = None,
        decision: str = "accepted",
    ) -> MatchRecord:
        """Record ``match`` of the suspect item, with its original photo and explanation."""
        _check_decision(decision)
        case = self.get_case(case_id)
        suspect = self.get_evidence(suspect_evidence_id)
        if suspect.case_id != case.id:
            raise NotFound(what=f"evidence {suspect_evidence_id} in case {case_id}")
        # Files first, outside the transaction: durable before any row refers to them.
        original = self._original_of(case, match)
        explanation = None
        if explanation_png:
            explanation = self._store_bytes(
                case,
                explanation_png,
                f"match-{suspect.id}-{match.photo_id}.png",
                source="generated",
                media_type="image/png",
            )
        transform = asdict(match.transform) if match.transform else None
        bbox = list(match.bbox) if match.bbox else None
        with self.store.transaction():
            original_id: int | None
            if isinstance(original, StoredFile):
                note = "matched original (proof of authorship)"
                original_id = self._insert_item(case, "original", original, note=note).id
            else:
                original_id = original
            explanation_id = None
            if explanation is not None:
                described = f"side-by-side: evidence {suspect.id} / photo {match.photo_id}"
                explanation_id = self._insert_item(
                    case, "explanation", explanation, description=described
                ).id
            with self._logged(case, f"match-{decision}") as log:
                mid = self.store.insert_match(
                    case_id=case.id,
                    suspect_id=suspect.id,
                    original_id=original_id,
                    explanation_id=explanation_id,
                    photo_id=match.photo_id,
                    photo_sha256=match.photo_sha256,
                    level=match.level,
                    score=match.score,
                    bbox=bbox,
                    transform=transform,
                    now=log.now,
                )
                self.store.insert_decision(mid, decision, log.now)
                log.data = {
                    "match_id": mid,
                    "suspect_evidence_id": suspect.id,
                    "suspect_sha256": suspect.sha256,
                    "original_evidence_id": original_id,
                    "photo_sha256": match.photo_sha256,
                    "level": match.level,
                    "score": round(float(match.score), 4),
                    "bbox": bbox,
                    "transform": transform,
                }
        return self._match(mid)

    def _original_of(self, case: Case, match: Match) -> int | StoredFile | None:
        """The case's item holding the matched photo (its id), else the photo copied into the
        store (to be recorded with the match), else None when the file is gone or changed."""
        for item in self.list_evidence(case.id):
            if item.kind == "original" and item.sha256 == match.photo_sha256:
                return item.id
        path = Path(match.photo_path)
        if file_sha256(path) != match.photo_sha256:
            # Moved, deleted or edited since the scan: not the file the match was made with.
            return None
        stored = self._store_path(case, path, source="file")
        return stored if stored.sha256 == match.photo_sha256 else None

    def record_decision(self, match_id: int, decision: str) -> MatchRecord:
        _check_decision(decision)
        return self._decide(match_id, decision, reverses=None)

    def undo_decision(self, match_id: int) -> MatchRecord:
        """Append an entry reversing the latest decision (nothing is deleted)."""
        history = self.store.decisions(match_id)
        if not history:
            raise NotFound(what=f"decision for match {match_id}")
        previous = history[-2].decision if len(history) > 1 else "undecided"
        return self._decide(match_id, previous, reverses=history[-1].id)

    def _decide(self, match_id: int, decision: str, reverses: int | None) -> MatchRecord:
        case = self.get_case(self._match(match_id).case_id)
        event = "match-decision-undone" if reverses else f"match-{decision}"
        with self._logged(case, event) as log:
            did = self.store.insert_decision(match_id, decision, log.now, reverses=reverses)
            log.data = {
                "match_id": match_id,
                "decision": decision,
                "decision_id": did,
                "reverses": reverses,
            }
        return self._match(match_id)

    def _match(self, match_id: int) -> MatchRecord:
        record = self.store.match(match_id)
        if record is None:
            raise NotFound(what=f"match {match_id}")
        return record

    def matches(self, case_id: int) -> list[MatchRecord]:
        return self.store.matches(int(case_id))


def _check_decision(decision: str) -> None:
    if decision not in DECISIONS:
        raise BadInput("decision-unknown", decision=decision)
