"""The words and rows a letter's evidence appendix shows, built once for the PDF and the Word file.

Both writers lay out the same facts: an index row per item, the caption under each picture, and
the table of facts (hashes, when the file was captured or added, trusted timestamp, source, and the
authorship facts of the user's original). Keeping them here means the two files can never say
different things about the same evidence.
"""

from __future__ import annotations

from picproof.core.letters.model import EvidenceEntry, RenderedLetter
from picproof.core.letters.render import format_instant

INDEX_COLUMNS = (
    "col_no",
    "col_description",
    "col_sha256",
    "col_captured",
    "col_timestamp",
    "col_source",
)
COMPACT_COLUMNS = ("col_no", "col_description", "col_sha256", "col_timestamp")


def timestamp_text(entry: EvidenceEntry, letter: RenderedLetter) -> str:
    if not entry.timestamp_time:
        return letter.pack.text("not_timestamped")
    text = format_instant(entry.timestamp_time)
    return f"{text}\n{entry.tsa}" if entry.tsa else text


def time_text(entry: EvidenceEntry, letter: RenderedLetter) -> str:
    """When the file was captured (PicProof fetched the page) or added to the case: which one."""
    pack = letter.pack
    when = format_instant(entry.captured_at)
    if not when:
        return pack.text("unknown")
    kind = "time_captured" if entry.time_kind == "captured" else "time_imported"
    return f"{when}\n({pack.text(kind)})"


def index_rows(letter: RenderedLetter, *, compact: bool) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the evidence index (compact: number, description, hash, timestamp)."""
    columns = COMPACT_COLUMNS if compact else INDEX_COLUMNS
    rows = []
    for entry in letter.evidence:
        values = {
            "col_no": entry.label,
            "col_description": entry.description,
            "col_sha256": entry.sha256,
            "col_captured": time_text(entry, letter),
            "col_timestamp": timestamp_text(entry, letter),
            "col_source": entry.source_url or "",
        }
        rows.append([values[c] for c in columns])
    return [letter.pack.text(c) for c in columns], rows


def suspect_caption(entry: EvidenceEntry, letter: RenderedLetter) -> str:
    """Says a red outline is drawn only when one is."""
    if entry.match_box is not None:
        return letter.pack.text("suspect_caption_box")
    if entry.match_level == "user-linked":
        return letter.pack.text("suspect_caption_linked")
    return letter.pack.text("suspect_caption")


def fact_rows(entry: EvidenceEntry, letter: RenderedLetter) -> list[tuple[str, str]]:
    """(label, value) rows of one item's facts table, in the letter's language."""
    pack = letter.pack
    rows = [(pack.text("sha256"), entry.sha256)]
    if entry.original_sha256:
        rows.append((pack.text("original_sha256"), entry.original_sha256))
    time_key = "captured_at" if entry.time_kind == "captured" else "imported_at"
    rows.append((pack.text(time_key), format_instant(entry.captured_at) or pack.text("unknown")))
    rows.append(
        (
            pack.text("timestamp"),
            format_instant(entry.timestamp_time)
            if entry.timestamp_time
            else pack.text("not_timestamped"),
        )
    )
    if entry.tsa:
        rows.append((pack.text("tsa"), entry.tsa))
    if entry.source_url:
        rows.append((pack.text("source_url"), entry.source_url))
    if entry.match_score is not None:
        rows.append((pack.text("match_score"), f"{entry.match_score:.2f}"))
    rows += [(pack.text(key), value) for key, value in entry.authorship]
    if entry.original_image is None:
        rows.append((pack.text("original_caption"), pack.text("no_original")))
    return rows
