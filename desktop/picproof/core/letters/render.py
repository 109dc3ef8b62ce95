"""Filling a template: a sandboxed Jinja2 pass, then the small block markup into :class:`Block`.

Body markup (after Jinja has run), one construct per line:
``@sender`` / ``@recipient`` / ``@signature`` followed by lines up to a blank line;
``@subject TEXT``; ``@statement ID`` followed by the statement paragraph; ``@evidence-index``
(``@evidence-index full`` adds capture time and source URL columns); ``@pagebreak``;
``# Heading``; ``- bullet``; ``1. numbered``; any other lines are paragraphs (a blank line ends
one). ``@confidential`` + lines: personal identifiers (ID number, home address), printed on a
separate enclosure page for the recipient only, never in the text a platform forwards.

User text is text: every ``{{ expression }}`` is wrapped in two private-use marks while Jinja runs,
so the block parser can tell a line the template wrote from a line a field value brought in. A value
holding ``@subject …``, ``# H``, ``@pagebreak`` or ``- item`` lines prints those lines literally; it
never replaces the subject, adds a heading or breaks the page.
"""

from __future__ import annotations

import re
from datetime import UTC, date
from typing import Any

from picproof.core.errors import LetterError
from picproof.core.letters.cjk_spacing import space_marked
from picproof.core.letters.context import is_yes, split_list
from picproof.core.letters.model import (
    Block,
    Enclosure,
    LanguagePack,
    LetterContext,
    LetterTemplate,
    RenderedLetter,
)
from picproof.core.letters.rules import aucl_confusion_article

_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(.*)$")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_env = None
#: Marks around every expression's output (Unicode private use: never produced by a keyboard).
USER_OPEN, USER_CLOSE = "\ue000", "\ue001"
_MARKS = re.compile("[\ue000\ue001]")


def _mark_user_text(value: Any) -> Any:
    """Jinja ``finalize``: what an expression prints is the user's (or the case's) text."""
    if value is None or value == "":
        return value
    return f"{USER_OPEN}{_MARKS.sub('', str(value))}{USER_CLOSE}"


def _clean(text: str) -> str:
    return _MARKS.sub("", text)


def _space_chinese(text: str) -> str:
    """Apply :mod:`cjk_spacing` to the template's words, keeping the marks around values."""
    seq: list[tuple[str, bool]] = []
    inside = False
    for char in text:
        if char == USER_OPEN:
            inside = True
        elif char == USER_CLOSE:
            inside = False
        else:
            seq.append((char, inside))
    out, user = [], False
    for char, flag in space_marked(seq):
        if flag != user:
            out.append(USER_OPEN if flag else USER_CLOSE)
            user = flag
        out.append(char)
    if user:
        out.append(USER_CLOSE)
    return "".join(out)


def jinja_environment() -> Any:
    """One sandboxed environment: templates from a user's folder must not reach Python internals."""
    global _env
    if _env is None:
        from jinja2 import StrictUndefined
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        _env = ImmutableSandboxedEnvironment(
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=False,
            finalize=_mark_user_text,
        )
    return _env


def format_date(iso: str, pack: LanguagePack) -> str:
    day = date.fromisoformat(iso[:10])
    month_name = pack.months[day.month - 1] if pack.months else str(day.month)
    return pack.date_format.format(
        year=day.year, month=day.month, day=day.day, month_name=month_name
    )


def _variables(
    template: LetterTemplate, ctx: LetterContext, pack: LanguagePack, letter_date: str
) -> dict[str, Any]:
    variables: dict[str, Any] = {}
    for spec in template.fields:
        value = ctx.values.get(spec.name)
        if spec.kind == "list":
            if value is None:
                value = []
            elif isinstance(value, str):
                value = split_list(value)
            variables[spec.name] = [_clean(v).strip() for v in value if v.strip()]
        elif spec.kind == "confirm":
            variables[spec.name] = is_yes(value if isinstance(value, str) else "")
        else:
            if isinstance(value, list):
                value = "\n".join(value)
            text = _clean(value or "").strip()
            if spec.kind != "multiline":
                # A one-line field stays one line (a pasted address keeps its parts, joined).
                text = ", ".join(part.strip() for part in text.splitlines() if part.strip())
            variables[spec.name] = text
            if spec.kind == "date" and variables[spec.name]:
                try:
                    variables[spec.name + "_text"] = format_date(variables[spec.name], pack)
                except ValueError:
                    variables[spec.name + "_text"] = variables[spec.name]
            elif spec.kind == "date":
                variables[spec.name + "_text"] = ""
    # The law in force is chosen by the date the user states; without it, no article is chosen
    # (the letter date or an import date would be a fact the user never gave).
    act_date = str(ctx.values.get("infringement_date") or "")
    article, version = aucl_confusion_article(act_date) if act_date else ("", "")
    variables.update(
        evidence=list(ctx.evidence),
        # What the appendix really shows, so the text can say the same (never "beside each
        # capture" when an original is missing).
        acting_as_agent=_acting_as_agent(ctx),
        case_kind=ctx.case_kind,
        with_original=[e.label for e in ctx.evidence if e.original_image is not None],
        without_original=[e.label for e in ctx.evidence if e.original_image is None],
        date_text=format_date(letter_date, pack),
        date=letter_date,
        aucl_article=article,
        aucl_version=version,
        language=ctx.language,
    )
    return variables


def _enclosures(template: LetterTemplate, ctx: LetterContext) -> tuple[Enclosure, ...]:
    """The list of enclosures: what the template asks for (the authorisation only when an agent
    acts), each enclosed when the case holds it, and the evidence appendix."""
    held = {e.kind: e for e in ctx.enclosures}
    out = []
    for kind in template.enclosures:
        if kind == "authorisation" and not _acting_as_agent(ctx):
            continue
        out.append(held.get(kind) or Enclosure(kind, False))
    if template.enclosures and ctx.evidence:
        out.append(Enclosure("evidence", True))
    return tuple(out)


def _author(ctx: LetterContext) -> str:
    for name in ("lawyer_name", "sender_name", "rights_holder_name", "law_firm"):
        value = ctx.values.get(name)
        if isinstance(value, str) and value.strip():
            return " ".join(_clean(value).split())
    return ""


def _acting_as_agent(ctx: LetterContext) -> bool:
    """The sender acts for someone else: signs as agent (代理人), and encloses an authorisation."""
    holder = str(ctx.values.get("rights_holder_name") or "").strip()
    sender = str(ctx.values.get("sender_name") or "").strip()
    return bool(str(ctx.values.get("agent_authority") or "").strip()) or bool(
        holder and sender and holder != sender
    )


def _template_line(exc: BaseException, name: str) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_text(template: LetterTemplate, variables: dict[str, Any]) -> str:
    from jinja2 import TemplateError

    env = jinja_environment()
    name = f"<letter:{template.path}>"
    try:
        code = env.compile(template.body, name=name, filename=name)
        compiled = env.template_class.from_code(env, code, env.make_globals(None), None)
        return str(compiled.render(variables))
    except TemplateError as exc:
        line = _template_line(exc, name) or getattr(exc, "lineno", None) or 1
        raise LetterError(
            "template-broken",
            path=str(template.path),
            line=template.body_line + line - 1,
            detail=str(exc),
        ) from None


def _join(lines: list[str]) -> str:
    out = ""
    for piece in (line.strip() for line in lines):
        if not piece:
            continue
        if out and not (_CJK.search(out[-1]) or _CJK.search(piece[0])):
            out += " "
        out += piece
    return out


def _mark_lines(text: str) -> list[tuple[str, bool]]:
    """Each line without the marks, and whether its first visible character is user text."""
    out: list[tuple[str, bool]] = []
    inside = False
    for raw in text.split("\n"):
        starts_inside: bool | None = None
        for char in raw:
            if char == USER_OPEN:
                inside = True
            elif char == USER_CLOSE:
                inside = False
            elif starts_inside is None and not char.isspace():
                starts_inside = inside
        out.append((_clean(raw), bool(starts_inside)))
    return out


def parse_blocks(text: str) -> dict[str, Any]:
    """Split rendered text into the letter's parts and body blocks.

    Only lines the template wrote can be markup; a line that begins inside a field's value is text.
    """
    return _BlockParser(text).parse()


class _BlockParser:
    """One pass over the rendered lines; ``i`` is the line being read."""

    def __init__(self, text: str) -> None:
        marked = _mark_lines(text)
        self.lines = [line for line, _ in marked]
        self.user = [flag for _, flag in marked]
        self.parts: dict[str, Any] = {
            "sender": [],
            "recipient": [],
            "signature": [],
            "confidential": [],
            "subject": "",
            "blocks": [],
        }
        self.blocks: list[Block] = self.parts["blocks"]
        self.para: list[str] = []
        self.i = 0

    def parse(self) -> dict[str, Any]:
        while self.i < len(self.lines):
            line = self.lines[self.i].strip()
            if not line:
                self.flush()
            elif self.user[self.i]:
                self.para.append(line)
            elif line.startswith("@"):
                self.directive(line)
                continue  # the directive moved ``i`` past what it read
            else:
                self.template_line(line)
            self.i += 1
        self.flush()
        return self.parts

    def take_group(self, start: int) -> tuple[list[str], int]:
        group: list[str] = []
        j = start
        while j < len(self.lines) and self.lines[j].strip():
            group.append(self.lines[j].strip())
            j += 1
        return group, j

    def continues(self, j: int, *, bullet: bool) -> bool:
        """Line ``j`` carries on the item above: more of a value, or an indented template line."""
        lines = self.lines
        if j >= len(lines) or not lines[j].strip():
            return False
        if self.user[j]:
            return True
        if not lines[j].startswith("  "):
            return False
        return not (bullet and lines[j].strip().startswith(("- ", "@", "# ")))

    def flush(self) -> None:
        if self.para:
            self.blocks.append(Block("paragraph", _join(self.para)))
            self.para.clear()

    def item(self, first: str, *, bullet: bool) -> str:
        """A list item with the lines that carry it on; ``i`` is left on its last line."""
        item = [first]
        while self.continues(self.i + 1, bullet=bullet):
            self.i += 1
            item.append(self.lines[self.i])
        return _join(item)

    def directive(self, line: str) -> None:
        """An ``@word`` line the template wrote; ``i`` is left on the next line to read."""
        self.flush()
        word, _, rest = line[1:].partition(" ")
        if word in ("sender", "recipient", "signature", "confidential"):
            self.parts[word], self.i = self.take_group(self.i + 1)
            return
        if word == "subject":
            self.parts["subject"] = rest.strip()
        elif word == "statement":
            group, self.i = self.take_group(self.i + 1)
            self.blocks.append(Block("statement", _join(group), tag=rest.strip()))
            return
        elif word in ("evidence-index", "pagebreak"):
            self.blocks.append(Block(word, tag=rest.strip()))  # type: ignore[arg-type]
        self.i += 1

    def template_line(self, line: str) -> None:
        """A heading, a list item or a line of a paragraph."""
        if line.startswith("# "):
            self.flush()
            self.blocks.append(Block("heading", line[2:].strip()))
        elif line.startswith("- "):
            self.flush()
            self.blocks.append(Block("bullet", self.item(line[2:], bullet=True)))
        elif (match := _NUMBERED.match(line)) and not self.para:
            text = self.item(match.group(2), bullet=False)
            self.blocks.append(Block("numbered", text, tag=match.group(1)))
        else:
            self.para.append(line)


def render_letter(
    template: LetterTemplate, ctx: LetterContext, pack: LanguagePack, today: str | None = None
) -> RenderedLetter:
    letter_date = ctx.date or today or date.today().isoformat()
    try:
        date_text = format_date(letter_date, pack)
    except ValueError:
        raise LetterError("bad-date", value=letter_date) from None
    variables = _variables(template, ctx, pack, letter_date)
    text = render_text(template, variables)
    if template.language.startswith("zh"):
        text = _space_chinese(text)
    parts = parse_blocks(text)
    checklist = tuple(pack.checklist[c] for c in template.checklist if c in pack.checklist)
    return RenderedLetter(
        template=template,
        language=template.language,
        title=template.title,
        subject=parts["subject"],
        date_text=date_text,
        sender=tuple(parts["sender"]),
        recipient=tuple(parts["recipient"]),
        blocks=tuple(parts["blocks"]),
        signature=tuple(parts["signature"]),
        confidential=tuple(parts["confidential"]),
        enclosures=_enclosures(template, ctx),
        author=_author(ctx),
        date_iso=letter_date[:10],
        evidence=tuple(ctx.evidence),
        pack=pack,
        letterhead=ctx.letterhead,
        checklist=checklist,
    )


def format_instant(iso: str | None) -> str:
    """ISO time -> ``YYYY-MM-DD HH:MM:SS UTC`` (converted to UTC when it carries an offset)."""
    if not iso:
        return ""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
