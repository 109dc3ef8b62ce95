"""The PDF evidence report inside a bundle: an index a lawyer or a platform reads first.

Every glyph comes from the embedded WenQuanYi face (``pdf.fonts``), so Chinese names and titles
render anywhere and no base-14 font is referenced.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from picproof.core.cases import Case, EvidenceItem, MatchRecord


@dataclass(frozen=True)
class ReportRow:
    path: str
    """Path of the file inside the bundle."""
    item: EvidenceItem
    thumbnail_jpeg: bytes | None = None
    token_path: str | None = None


def _wrap_hex(value: str, width: int = 32) -> str:
    return "<br/>".join(value[i : i + width] for i in range(0, len(value), width))


def _esc(text: object) -> str:
    # Escaped, with fallback-face runs for scripts the main face lacks (pdf.scripts).
    from picproof.pdf.scripts import markup, show_codepoints

    # A record shows every name and note: a character no font has is written as [U+XXXX].
    return markup(show_codepoints(str(text)))


@dataclass(frozen=True)
class _Look:
    """What every part of the report is written with: the language, its words, font and styles."""

    lang: str
    w: dict[str, str]
    font: str
    base: Any
    small: Any
    sub: Any


def render_evidence_report(
    case: Case,
    rows: Sequence[ReportRow],
    *,
    generated_at: str,
    head_seq: int,
    head_hash: str,
    app_version: str,
    matches: Sequence[MatchRecord] = (),
    paths_by_evidence: dict[int, str] | None = None,
    show_paths: bool = False,
) -> bytes:
    """The report in the case's language; local folder paths only when ``show_paths``."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    from picproof.pdf.fonts import register_fonts
    from picproof.pdf.report_words import words
    from picproof.pdf.scripts import ScriptParagraph as Paragraph

    lang = case.language
    w = words(lang)
    font = register_fonts()
    base = ParagraphStyle("base", fontName=font, fontSize=8, leading=10)
    look = _Look(
        lang=lang,
        w=w,
        font=font,
        base=base,
        small=ParagraphStyle("small", parent=base, fontSize=6.5, leading=8),
        sub=ParagraphStyle(
            "sub", parent=base, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
        ),
    )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=w["title"].format(title=case.title),
        author=case.operator or "PicProof",
        creator=f"PicProof {app_version}",
        initialFontName=font,
    )  # else every page starts in Helvetica
    story = _case_heading(
        case,
        look,
        generated_at=generated_at,
        head_seq=head_seq,
        head_hash=head_hash,
        app_version=app_version,
    )
    story.append(_evidence_table(rows, look, show_paths=show_paths))
    if matches:
        story += _matches_table(matches, look, paths_by_evidence or {})
    story += [
        Spacer(1, 4 * mm),
        Paragraph(_esc(w["how"]), base),
    ]
    doc.build(story)
    return buffer.getvalue()


def _case_heading(
    case: Case, look: _Look, *, generated_at: str, head_seq: int, head_hash: str, app_version: str
) -> list[object]:
    """Title, the case line, the custody log's head, platforms and accounts, the index heading."""
    from reportlab.lib.styles import ParagraphStyle

    from picproof.pdf.report_words import code
    from picproof.pdf.scripts import ScriptParagraph as Paragraph

    w, base = look.w, look.base
    head = ParagraphStyle("head", parent=base, fontSize=15, leading=19, spaceAfter=6)
    story: list[object] = [
        Paragraph(_esc(w["title"].format(title=case.title)), head),
        Paragraph(
            _esc(
                w["case_line"].format(
                    uid=case.uid,
                    kind=code(look.lang, case.kind),
                    status=code(look.lang, case.status),
                    operator=case.operator or "-",
                    generated=generated_at,
                    version=app_version,
                )
            ),
            base,
        ),
        # a 64-digit hash in two halves: never one digit per line in a narrow place
        Paragraph(
            f"{_esc(w['log_line'].format(count=head_seq))} {_wrap_hex(head_hash)}",
            base,
        ),
    ]
    if case.platforms or case.accounts:
        accounts = "; ".join(
            f"{a.platform} {a.name} {a.account_id} {a.profile_url}".strip() for a in case.accounts
        )
        story.append(
            Paragraph(
                f"{w['platforms']}: {_esc(', '.join(case.platforms) or '-')} · "
                f"{w['accounts']}: {_esc(accounts or '-')}",
                base,
            )
        )
    story += [Paragraph(_esc(w["index"]), look.sub)]
    return story


def _evidence_table(rows: Sequence[ReportRow], look: _Look, *, show_paths: bool) -> object:
    """One row an evidence file: thumbnail, description, source, times, SHA-256, timestamp."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    from picproof.pdf.scripts import ScriptParagraph as Paragraph

    header = [_esc(h) for h in look.w["cols"].split("|")]
    data: list[list[object]] = [[Paragraph(h, look.base) for h in header]]
    for n, row in enumerate(rows, start=1):
        data.append(_evidence_cells(n, row, look, show_paths=show_paths))
    widths = [8 * mm, 27 * mm, 55 * mm, 52 * mm, 45 * mm, 44 * mm, 42 * mm]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), look.font),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
            ]
        )
    )
    return table


def _evidence_cells(n: int, row: ReportRow, look: _Look, *, show_paths: bool) -> list[object]:
    from reportlab.lib.units import mm
    from reportlab.platypus import Image

    from picproof.pdf.report_words import code
    from picproof.pdf.scripts import ScriptParagraph as Paragraph

    w, lang, small = look.w, look.lang, look.small
    item, facts = row.item, row.item.acquisition
    thumb: object = Paragraph("—", look.base)
    if row.thumbnail_jpeg:
        thumb = Image(
            io.BytesIO(row.thumbnail_jpeg), width=24 * mm, height=24 * mm, kind="proportional"
        )
    image = facts.image or {}
    desc = [
        f"<b>{_esc(code(lang, item.kind))}</b>",
        _esc(item.filename),
        _esc(w["bytes"].format(n=item.size)),
    ]
    if image:
        desc.append(f"{image.get('width')}×{image.get('height')} {_esc(image.get('format', ''))}")
        if image.get("camera"):
            desc.append(_esc(w["camera"].format(v=image["camera"])))
        if image.get("captured_at"):
            desc.append(_esc(w["exif_time"].format(v=image["captured_at"])))
    if item.description:
        desc.append(_esc(item.description))
    if item.note:
        desc.append(_esc(w["note"].format(v=item.note)))
    desc.append(_esc(w["file"].format(v=row.path)))
    source = [_esc(code(lang, facts.source))]
    for label, value in (
        ("url", facts.url),
        ("platform", facts.platform),
        ("account", facts.account),
        # the folder a file came from names the user's own folders: only when asked
        ("path", facts.source_path if show_paths else None),
        ("original_name", None if show_paths else facts.original_filename),
    ):
        if value:
            source.append(f"{_esc(w[label])}: {_esc(value)}")
    times = [
        _esc(w["utc"].format(v=facts.acquired_at_utc)),
        _esc(w["local"].format(v=facts.acquired_at_local)),
        _esc(w["by"].format(v=facts.operator or "-")),
    ]
    if facts.file_modified_utc:
        times.append(_esc(w["modified"].format(v=facts.file_modified_utc)))
    stamp = item.timestamp
    ts = (
        f"<b>{_esc(w['not_stamped'])}</b>"
        if stamp is None
        else f"{_esc(stamp.gen_time)}<br/>{_esc(stamp.tsa_url)}<br/>"
        f"{_esc(w['serial'].format(v=stamp.serial))}"
        + (f"<br/>{_esc(row.token_path)}" if row.token_path else "")
    )
    return [
        Paragraph(str(n), look.base),
        thumb,
        Paragraph("<br/>".join(desc), small),
        Paragraph("<br/>".join(source), small),
        Paragraph("<br/>".join(times), small),
        Paragraph(_wrap_hex(item.sha256), small),
        Paragraph(ts, small),
    ]


def _matches_table(
    matches: Sequence[MatchRecord], look: _Look, where: dict[int, str]
) -> list[object]:
    """The heading and table of matches: which file shows which photo, how sure, decided how."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    from picproof.pdf.report_words import code
    from picproof.pdf.scripts import ScriptParagraph as Paragraph

    lang, small = look.lang, look.small
    mdata: list[list[object]] = [
        [Paragraph(_esc(h), look.base) for h in look.w["match_cols"].split("|")]
    ]
    for m in matches:
        mdata.append(
            [
                Paragraph(_esc(where.get(m.suspect_evidence_id, m.suspect_evidence_id)), small),
                Paragraph(
                    _esc(where.get(m.original_evidence_id or -1, f"sha256 {m.photo_sha256[:16]}…")),
                    small,
                ),
                Paragraph(_esc(code(lang, m.level)), small),
                # A link the user made by hand has no score of its own (not a 0.000 one).
                Paragraph("-" if m.level == "user-linked" else f"{m.score:.3f}", small),
                Paragraph(_esc(m.bbox or "-"), small),
                Paragraph(_esc(code(lang, m.decision)), small),
            ]
        )
    mt = Table(
        mdata, colWidths=[70 * mm, 70 * mm, 25 * mm, 20 * mm, 45 * mm, 25 * mm], repeatRows=1
    )
    mt.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), look.font),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ]
        )
    )
    return [Paragraph(_esc(look.w["matches"]), look.sub), mt]
