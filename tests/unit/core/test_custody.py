"""The custody hash chain names the entry that was edited, deleted, inserted, reordered or cut."""

from __future__ import annotations

import dataclasses

from picproof.core.custody import GENESIS, make_entry, parse_jsonl, to_jsonl, verify_chain


def _chain(n: int = 6):
    entries, prev = [], None
    for i in range(n):
        prev = make_entry(
            prev,
            "case-uid",
            f"2026-01-0{i + 1}T00:00:00Z",
            "evidence-added",
            {"i": i, "name": "照片.jpg"},
        )
        entries.append(prev)
    return entries


def test_intact_chain_round_trips_through_jsonl():
    entries = _chain()
    assert entries[0].prev == GENESIS
    parsed, problems = parse_jsonl(to_jsonl(entries))
    assert problems == [] and parsed == entries
    assert verify_chain(parsed, case_uid="case-uid", expected_head=(6, entries[-1].hash)) == []


def test_edited_entry_is_named():
    entries = _chain()
    entries[2] = dataclasses.replace(entries[2], data={"i": 99, "name": "照片.jpg"})
    problems = verify_chain(entries)
    assert [(p.code, p.seq) for p in problems] == [("bad-hash", 3)]


def test_deleted_entry_breaks_the_next_link():
    entries = _chain()
    del entries[3]
    codes = {(p.code, p.seq) for p in verify_chain(entries)}
    assert ("broken-link", 5) in codes


def test_inserted_entry_is_named():
    entries = _chain()
    forged = make_entry(entries[1], "case-uid", "2026-01-02T12:00:00Z", "evidence-added", {})
    entries.insert(2, forged)
    codes = {(p.code, p.seq) for p in verify_chain(entries)}
    assert ("broken-link", 3) in codes  # the original entry 3 no longer follows its predecessor


def test_reordered_entries_are_named():
    entries = _chain()
    entries[1], entries[2] = entries[2], entries[1]
    codes = {p.code for p in verify_chain(entries)}
    assert {"bad-seq", "broken-link"} <= codes


def test_truncation_is_caught_against_the_recorded_head():
    entries = _chain()
    head = (6, entries[-1].hash)
    problems = verify_chain(entries[:4], expected_head=head)
    assert [(p.code, p.seq) for p in problems] == [("truncated", 6)]
    assert verify_chain(entries[:4]) == []  # without a head a prefix is a valid chain


def test_entry_of_another_case_is_named():
    entries = _chain()
    assert {p.code for p in verify_chain(entries, case_uid="other")} == {"wrong-case"}


def test_every_byte_flip_of_a_log_file_is_detected():
    entries = _chain(3)
    raw = to_jsonl(entries)
    head = (3, entries[-1].hash)
    for pos in range(len(raw)):
        flipped = raw[:pos] + bytes([raw[pos] ^ 0x20]) + raw[pos + 1 :]
        parsed, problems = parse_jsonl(flipped)
        problems += verify_chain(parsed, case_uid="case-uid", expected_head=head)
        assert problems, f"flip at byte {pos} went unnoticed"


def test_reformatted_json_is_flagged():
    entries = _chain(2)
    raw = to_jsonl(entries).replace(b'":', b'": ', 1)
    _, problems = parse_jsonl(raw)
    assert problems and problems[0].code == "not-canonical"
