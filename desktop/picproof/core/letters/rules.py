"""Legal rules that are facts, not prose: which article applies, which elements are missing.

The element check reads the elements a template declares (see template_file) and reports each one
the filled letter lacks, by id and the template's own label; it never composes sentences itself.
"""

from __future__ import annotations

from picproof.core.letters.model import (
    LetterContext,
    LetterTemplate,
    MissingElement,
    RenderedLetter,
)

#: The revised Anti-Unfair Competition Law (adopted 2025-06-27) took effect on this day and moved
#: the "confusion" article from art. 6 (2019 text) to art. 7.
AUCL_2025_IN_FORCE = "2025-10-15"


def aucl_confusion_article(act_date: str) -> tuple[str, str]:
    """(article number, law version) for acts of confusion on ``act_date`` (ISO date)."""
    if act_date[:10] >= AUCL_2025_IN_FORCE:
        return "7", "2025"
    return "6", "2019"


def _condition_met(cond: str, ctx: LetterContext, letter: RenderedLetter | None) -> bool:
    kind, _, name = cond.partition(":")
    if kind == "field":
        return ctx.has(name)
    if kind == "statement":
        if letter is None:
            return True
        return any(
            b.kind == "statement" and b.tag == name and b.text.strip() for b in letter.blocks
        )
    if kind == "evidence":
        return any(e.sha256 for e in ctx.evidence)
    if kind == "urls":
        return ctx.has("infringing_urls")
    return False


def check_elements(
    template: LetterTemplate, ctx: LetterContext, letter: RenderedLetter | None = None
) -> list[MissingElement]:
    """Every declared element the letter lacks (empty list = ready to send).

    Required fields not tied to an element are reported too, as elements named after the field.
    """
    missing: list[MissingElement] = []
    covered: set[str] = set()
    for element in template.elements:
        failed = [c for c in element.requires if not _condition_met(c, ctx, letter)]
        if element.any_of and not any(_condition_met(c, ctx, letter) for c in element.any_of):
            failed += list(element.any_of)
        for cond in (*element.requires, *element.any_of):
            if cond.startswith("field:"):
                covered.add(cond[6:])
        if failed:
            labels = []
            for cond in failed:
                if cond.startswith("field:"):
                    spec = template.field(cond[6:])
                    labels.append(spec.label if spec else cond[6:])
            missing.append(
                MissingElement(
                    id=element.id,
                    label=element.label,
                    missing_fields=tuple(labels),
                    missing_conditions=tuple(failed),
                )
            )
    for spec in template.fields:
        if spec.required and spec.name not in covered and not ctx.has(spec.name):
            missing.append(
                MissingElement(
                    id=f"field-{spec.name}",
                    label=spec.label,
                    missing_fields=(spec.label,),
                    missing_conditions=(f"field:{spec.name}",),
                )
            )
    return missing
