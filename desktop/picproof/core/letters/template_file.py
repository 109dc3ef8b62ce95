"""Reading letter template files: a TOML header, a ``--- body ---`` line, then a Jinja2 body.

A template file (``resources/letters/<lang>/<type>.letter`` or a user's copy under the data dir)::

    [letter]
    type = "dmca"
    title = "DMCA takedown notice"
    required = ["sender_name", "signature"]      # fields that must have a value
    optional = ["sender_phone"]
    checklist = ["licence", "fair-use"]          # ids from _language.toml

    [field.signature]                            # add or override a field of _fields.toml
    label = "Your typed name as electronic signature"

    [[element]]                                  # an element the law requires
    id = "signature"
    label = "Signature of the person authorised to act"
    requires = ["field:signature"]

    --- body ---
    @subject DMCA notice: {{ work_description }}
    ...

Every problem becomes ``LetterError("template-broken", path=..., line=N, detail=...)`` naming the
line of the file, so a clinic editing a copy can find its mistake.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from picproof.core.errors import LetterError
from picproof.core.letters.forum import FORUMS
from picproof.core.letters.model import ElementSpec, FieldSpec, LanguagePack, LetterTemplate

BODY_SEPARATOR = re.compile(r"^-{3,}\s*body\s*-{3,}\s*$", re.IGNORECASE)
BODY_DIRECTIVES = frozenset(
    {
        "sender",
        "recipient",
        "subject",
        "signature",
        "statement",
        "evidence-index",
        "pagebreak",
        "confidential",
    }
)
_SOURCES = ("case", "rights_holder", "evidence", "user", "auto")
_KINDS = ("text", "multiline", "list", "date", "confirm")
_CONDITION = re.compile(r"^(field|statement):([A-Za-z0-9_\-]+)$|^(evidence|urls)$")
_TOML_LINE = re.compile(r"line (\d+)")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
ENCLOSURES = ("identity", "ownership", "authorisation")


def _broken(path: Path, line: int, detail: str) -> LetterError:
    return LetterError("template-broken", path=str(path), line=line, detail=detail)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _broken(path, 1, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise LetterError(
            "template-unreadable", path=str(path), detail=exc.strerror or str(exc)
        ) from None


def _find_line(text: str, needle: str, default: int = 1) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return default


def _load_toml(path: Path, text: str, first_line: int = 1) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        if found:
            line = int(found.group(1)) + first_line - 1
        elif "end of document" in str(exc):
            line = first_line + max(len(text.rstrip().splitlines()), 1) - 1
        else:
            line = first_line
        raise _broken(path, line, str(exc).split(" (at")[0]) from None


def _field_from(
    name: str, table: dict[str, Any], base: FieldSpec | None, path: Path, line: int
) -> FieldSpec:
    if not _NAME.match(name):
        raise _broken(path, line, f"field name {name!r} must be lower_case_with_underscores")
    known = {"label", "source", "example", "kind", "help", "required"}
    unknown = set(table) - known
    if unknown:
        raise _broken(path, line, f"field {name!r}: unknown key(s) {sorted(unknown)}")
    source = table.get("source", base.source if base else "user")
    kind = table.get("kind", base.kind if base else "text")
    if source not in _SOURCES:
        raise _broken(path, line, f"field {name!r}: source must be one of {', '.join(_SOURCES)}")
    if kind not in _KINDS:
        raise _broken(path, line, f"field {name!r}: kind must be one of {', '.join(_KINDS)}")
    label = table.get("label", base.label if base else "")
    if not isinstance(label, str) or not label:
        raise _broken(path, line, f"field {name!r} has no label")
    return FieldSpec(
        name=name,
        label=label,
        source=source,
        kind=kind,
        required=bool(table.get("required", base.required if base else False)),
        example=str(table.get("example", base.example if base else "")),
        help=str(table.get("help", base.help if base else "")),
    )


def load_field_catalogue(path: Path) -> dict[str, FieldSpec]:
    """``_fields.toml``: ``[field.NAME]`` tables shared by every template of one language."""
    if not path.is_file():
        return {}
    text = _read_text(path)
    data = _load_toml(path, text)
    table = data.get("field", {})
    if not isinstance(table, dict):
        raise _broken(path, _find_line(text, "field"), "expected [field.NAME] tables")
    return {
        name: _field_from(name, spec, None, path, _find_line(text, f"field.{name}]"))
        for name, spec in table.items()
    }


def load_language_pack(path: Path, language: str) -> LanguagePack:
    """``_language.toml``: date format, month names, layout words and the pre-send checklist."""
    text = _read_text(path)
    data = _load_toml(path, text)
    strings = {k: str(v) for k, v in data.get("strings", {}).items()}
    months = tuple(str(m) for m in data.get("months", ()))
    if months and len(months) != 12:
        raise _broken(path, _find_line(text, "months"), "months must list 12 names")
    checklist = {k: str(v) for k, v in data.get("checklist", {}).items()}
    return LanguagePack(
        language=language,
        strings=strings,
        months=months,
        date_format=str(data.get("date_format", "{year}-{month:02d}-{day:02d}")),
        checklist=checklist,
    )


def parse_template(
    path: Path,
    language: str,
    catalogue: dict[str, FieldSpec],
    *,
    custom: bool = False,
    checklist_ids: set[str] | None = None,
) -> LetterTemplate:
    header_text, body, body_line = _split_header_body(path, _read_text(path))
    data = _load_toml(path, header_text)

    letter = data.get("letter")
    if not isinstance(letter, dict):
        raise _broken(path, 1, "the header needs a [letter] table")
    letter_line = _find_line(header_text, "[letter]")
    type_id = letter.get("type")
    if not isinstance(type_id, str) or not re.match(r"^[a-z][a-z0-9\-]*$", type_id):
        raise _broken(
            path,
            _find_line(header_text, "type", letter_line),
            "[letter] type must be a lower-case id such as 'dmca'",
        )
    title = letter.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _broken(path, letter_line, "[letter] needs a title")

    fields = _template_fields(path, data, header_text, letter_line, catalogue)
    statements = _body_statements(path, body, body_line)
    elements = [
        _element_from(path, raw, header_text, fields, statements) for raw in data.get("element", [])
    ]

    checklist = tuple(str(c) for c in letter.get("checklist", ()))
    if checklist_ids is not None:
        for item in checklist:
            if item not in checklist_ids:
                raise _broken(
                    path,
                    _find_line(header_text, item, letter_line),
                    f"checklist item {item!r} is not in _language.toml",
                )
    forums = _listed(path, letter, "forums", FORUMS, header_text, letter_line)
    enclosures = _listed(path, letter, "enclosures", ENCLOSURES, header_text, letter_line)
    _compile_check(path, body, body_line)
    return LetterTemplate(
        type_id=type_id,
        language=language,
        title=title.strip(),
        fields=tuple(fields.values()),
        elements=tuple(elements),
        body=body,
        path=path,
        body_line=body_line,
        checklist=checklist,
        custom=custom,
        description=str(letter.get("description", "")),
        forums=tuple(forums),
        enclosures=tuple(enclosures),
    )


def _split_header_body(path: Path, text: str) -> tuple[str, str, int]:
    """The TOML header, the body, and the body's first line number (1-based) in the file."""
    lines = text.splitlines()
    sep = next((i for i, line in enumerate(lines) if BODY_SEPARATOR.match(line)), None)
    if sep is None:
        raise _broken(
            path, len(lines) or 1, "no '--- body ---' line separates the header from the body"
        )
    return "\n".join(lines[:sep]), "\n".join(lines[sep + 1 :]), sep + 2


def _template_fields(
    path: Path,
    data: dict[str, Any],
    header_text: str,
    letter_line: int,
    catalogue: dict[str, FieldSpec],
) -> dict[str, FieldSpec]:
    """The letter's required and optional fields, then any other [field.NAME] it defines."""
    letter = data["letter"]
    fields: dict[str, FieldSpec] = {}
    for key in ("required", "optional"):
        names = letter.get(key, [])
        if not isinstance(names, list):
            raise _broken(
                path,
                _find_line(header_text, key, letter_line),
                f"{key} must be a list of field names",
            )
        for name in names:
            base = catalogue.get(name)
            overrides = data.get("field", {}).get(name)
            if base is None and overrides is None:
                raise _broken(
                    path,
                    _find_line(header_text, f'"{name}"', letter_line),
                    f"field {name!r} is not defined in _fields.toml nor in a [field.{name}] table",
                )
            spec = _field_from(
                name,
                overrides or {},
                base,
                path,
                _find_line(header_text, f"field.{name}]", letter_line),
            )
            fields[name] = FieldSpec(**{**spec.__dict__, "required": key == "required"})
    for name, table in data.get("field", {}).items():
        if name not in fields:
            fields[name] = _field_from(
                name, table, catalogue.get(name), path, _find_line(header_text, f"field.{name}]")
            )
    return fields


def _element_from(
    path: Path,
    raw: dict[str, Any],
    header_text: str,
    fields: dict[str, FieldSpec],
    statements: set[str],
) -> ElementSpec:
    """One [[element]], each of its conditions checked against the fields and the body."""
    eid = raw.get("id", "")
    line = _find_line(header_text, f'"{eid}"') if eid else _find_line(header_text, "[[element]]")
    if not eid or not raw.get("label"):
        raise _broken(path, line, "every [[element]] needs an id and a label")
    conds = tuple(raw.get("requires", ())), tuple(raw.get("any_of", ()))
    if not conds[0] and not conds[1]:
        raise _broken(path, line, f"element {eid!r} has neither 'requires' nor 'any_of'")
    for cond in (*conds[0], *conds[1]):
        match = _CONDITION.match(str(cond))
        if not match:
            raise _broken(
                path,
                line,
                f"element {eid!r}: condition {cond!r} is not field:NAME, "
                "statement:ID, evidence or urls",
            )
        if match.group(1) == "field" and match.group(2) not in fields:
            raise _broken(
                path,
                line,
                f"element {eid!r} needs field {match.group(2)!r}, "
                "which the letter does not declare",
            )
        if match.group(1) == "statement" and match.group(2) not in statements:
            raise _broken(
                path,
                line,
                f"element {eid!r} needs '@statement {match.group(2)}' "
                "in the body, which is not there",
            )
    return ElementSpec(
        id=eid,
        label=str(raw["label"]),
        requires=conds[0],
        any_of=conds[1],
        basis=str(raw.get("basis", "")),
    )


def _listed(
    path: Path,
    letter: dict[str, Any],
    key: str,
    allowed: Sequence[str],
    header_text: str,
    letter_line: int,
) -> list[str]:
    """[letter] KEY: a list drawn from ``allowed`` (forums, enclosures)."""
    values = letter.get(key, [])
    if not isinstance(values, list) or any(v not in allowed for v in values):
        raise _broken(
            path,
            _find_line(header_text, key, letter_line),
            f"{key} must list some of {', '.join(allowed)}",
        )
    return values


def _body_statements(path: Path, body: str, body_line: int) -> set[str]:
    found: set[str] = set()
    for offset, line in enumerate(body.splitlines()):
        stripped = line.strip()
        if not stripped.startswith("@"):
            continue
        word, _, rest = stripped[1:].partition(" ")
        if word not in BODY_DIRECTIVES:
            raise _broken(
                path,
                body_line + offset,
                f"unknown directive '@{word}' (known: {', '.join(sorted(BODY_DIRECTIVES))})",
            )
        if word == "statement":
            if not rest.strip():
                raise _broken(
                    path, body_line + offset, "@statement needs an id, e.g. '@statement good-faith'"
                )
            found.add(rest.strip())
    return found


def _compile_check(path: Path, body: str, body_line: int) -> None:
    from jinja2 import TemplateSyntaxError

    from picproof.core.letters.render import jinja_environment

    try:
        jinja_environment().parse(body)
    except TemplateSyntaxError as exc:
        raise _broken(
            path, body_line + (exc.lineno or 1) - 1, exc.message or "template syntax error"
        ) from None
