"""Turning raw values (from a case, or ``--set name=value``) into a clean :class:`LetterContext`."""

from __future__ import annotations

import re

from picproof.core.errors import LetterError
from picproof.core.letters.forum import check_forum
from picproof.core.letters.model import LetterContext, LetterTemplate

#: Answers that count as "yes" for ``confirm`` fields (a statement the user swears to).
YES = frozenset({"yes", "y", "true", "1", "是", "确认", "同意", "是的"})
_LIST_SPLIT = re.compile(r"\s*(?:\n|\s\|\s)\s*")
#: Fields that name where something is on the web: only http(s) addresses are locations.
URL_FIELDS = frozenset({"infringing_urls", "shop_url"})
_URL = re.compile(r"^https?://[^\s/?#@]+[^\s]*$", re.IGNORECASE)


def is_web_address(value: str) -> bool:
    return bool(_URL.match(value.strip()))


def check_url(field: str, value: str) -> str:
    """``value`` if it is an http(s) address; ``javascript:``, ``file:`` and others are refused."""
    text = value.strip()
    if not _URL.match(text):
        raise LetterError("bad-url", field=field, value=text)
    return text


def is_yes(value: str) -> bool:
    return value.strip().lower() in YES


def split_list(value: str) -> list[str]:
    """One entry per line, or entries separated by `` | ``."""
    return [part.strip() for part in _LIST_SPLIT.split(value) if part.strip()]


def parse_assignments(pairs: list[str]) -> list[tuple[str, str]]:
    out = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise LetterError("bad-assignment", text=pair)
        out.append((name.strip(), value))
    return out


def apply_values(
    template: LetterTemplate,
    ctx: LetterContext,
    assignments: list[tuple[str, str]],
    *,
    strict: bool = True,
) -> LetterContext:
    """Apply ``name=value`` overrides (they win over what the case provided).

    List fields: the first assignment for a name replaces the case's list, later ones append.
    Confirm fields keep only a clear "yes". Unknown names are refused when ``strict``.
    """
    seen: set[str] = set()
    for name, raw in assignments:
        spec = template.field(name)
        if spec is None:
            if strict:
                raise LetterError(
                    "unknown-field",
                    field=name,
                    type=template.type_id,
                    known=", ".join(f.name for f in template.fields),
                )
            continue
        if spec.kind == "list":
            items = split_list(raw)
            if name in URL_FIELDS:
                items = [check_url(name, item) for item in items]
            current = ctx.values.get(name) if name in seen else []
            base = list(current) if isinstance(current, list) else []
            ctx.values[name] = base + items
        elif spec.kind == "confirm":
            if is_yes(raw):
                ctx.values[name] = "yes"
            else:
                ctx.values.pop(name, None)
        elif name == "forum":
            ctx.values[name] = check_forum(raw) if raw.strip() else ""
        else:
            ctx.values[name] = raw.replace("\\n", "\n").strip()
            if name in URL_FIELDS and ctx.values[name]:
                check_url(name, str(ctx.values[name]))
        seen.add(name)
    return ctx


def normalize(template: LetterTemplate, ctx: LetterContext) -> LetterContext:
    """Make stored values match each field's kind (lists as lists, confirms as yes/absent)."""
    for spec in template.fields:
        value = ctx.values.get(spec.name)
        if value is None:
            continue
        if spec.kind == "list" and isinstance(value, str):
            ctx.values[spec.name] = split_list(value)
        elif spec.kind == "confirm":
            text = value if isinstance(value, str) else " ".join(value)
            if is_yes(text):
                ctx.values[spec.name] = "yes"
            else:
                ctx.values.pop(spec.name)
        elif spec.kind != "list" and isinstance(value, list):
            ctx.values[spec.name] = "\n".join(value)
        if spec.name in URL_FIELDS:
            current = ctx.values.get(spec.name)
            for item in current if isinstance(current, list) else [current or ""]:
                if item.strip():
                    check_url(spec.name, item)
    return ctx
