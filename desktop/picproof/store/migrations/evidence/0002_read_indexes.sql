-- Indexes for the one-row reads: a match's latest decision, an item's tombstone, a case's matches.
CREATE INDEX match_decisions_match ON match_decisions(match_id);
CREATE INDEX tombstones_evidence ON tombstones(evidence_id);
CREATE INDEX matches_case ON matches(case_id);
