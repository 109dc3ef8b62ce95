"""``picproof letter CASE --type ID --lang en|zh-CN -o OUT.pdf [--docx OUT.docx] [--set f=v ...]``
and ``picproof letter --list``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from picproof.cli_cmds.common import (
    EXIT_BAD_INPUT,
    EXIT_USAGE,
    UsageError,
    emit_json,
    services_for,
)
from picproof.cli_cmds.signing import add_sign_options, signer
from picproof.core.errors import LetterError, NotFound
from picproof.core.letters.forum import FORUMS, ForumWarning
from picproof.core.letters.model import Letterhead, MissingElement, public_language


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "letter",
        help="write a complaint, takedown notice or legal letter (PDF / Word)",
        description="Fill a letter from a case and its evidence. A letter that lacks "
        "an element the law requires is refused, with the list of what is missing.",
    )
    p.add_argument("case", type=int, nargs="?", help="case number (see 'picproof case list')")
    p.add_argument("--list", action="store_true", help="list letter types, languages and fields")
    p.add_argument(
        "--type", dest="type_id", metavar="ID", help="letter type, e.g. dmca, cn-takedown"
    )
    p.add_argument("--lang", default=None, help="en or zh-CN (default: the case's language)")
    p.add_argument(
        "--forum",
        choices=FORUMS,
        help="where the platform or person you write to is: cn (mainland China), hk (Hong "
        "Kong), us, eu or other; chooses the law the letter cites (default: from a platform "
        "PicProof knows, else asked)",
    )
    p.add_argument(
        "--evidence",
        metavar="E1,E3",
        help="the evidence items this letter uses, by the letter's labels (E1,E3; '--check' "
        "lists them) or by the evidence numbers 'case add' printed (5,7); default: your "
        "accepted matches captured on the platform the letter goes to",
    )
    p.add_argument(
        "--mark-sent",
        metavar="FILE",
        help="you sent this letter file: keep it in the case as evidence (with --type and "
        "--lang); drafts are never kept",
    )
    p.add_argument("-o", "--output", metavar="OUT.pdf", help="PDF file to write")
    p.add_argument("--docx", metavar="OUT.docx", help="also write an editable Word file")
    p.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="give or override a field (repeatable); list fields take 'a | b'",
    )
    p.add_argument(
        "--date", metavar="YYYY-MM-DD", help="date printed on the letter (default today)"
    )
    p.add_argument("--letterhead", metavar="NAME", help="letterhead name (e.g. your clinic)")
    p.add_argument(
        "--letterhead-line",
        action="append",
        default=[],
        metavar="TEXT",
        help="a letterhead line under the name (repeatable)",
    )
    p.add_argument("--logo", metavar="IMAGE", help="letterhead logo image")
    p.add_argument(
        "--checklist-page",
        action="store_true",
        help="add the pre-send checklist as a last page (remove it before sending)",
    )
    p.add_argument(
        "--check", action="store_true", help="only check the required elements; write nothing"
    )
    add_sign_options(p, "the PDF")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_run)


#: Codes that mean "no such case / type / language": a usage error (exit 2), not a bad value.
_USAGE_CODES = frozenset({"letter-type", "unknown-language"})


def _run(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        if args.list:
            return _list(services, args)
        if args.case is None or not args.type_id:
            raise UsageError("give a case number and --type ID (or use --list)")
        try:
            services.cases.get_case(args.case)
            services.letters.template(args.type_id, args.lang or "en")
        except (NotFound, LetterError) as exc:
            if isinstance(exc, LetterError) and exc.code not in _USAGE_CODES:
                raise
            return _usage_error(args, exc)
        if args.mark_sent:
            return _mark_sent(services, args)
        if not args.output and not args.check:
            raise UsageError("give -o OUT.pdf (or --check)")
        return _generate(services, args)
    finally:
        services.close()


def _usage_error(args: argparse.Namespace, exc: Any) -> int:
    from picproof.cli_cmds.messages import describe_error

    sentence = describe_error(exc)
    if args.json:
        emit_json({"error": exc.code, "message": sentence})
    sys.stderr.write(f"picproof: {sentence}\n")
    return EXIT_USAGE


def _mark_sent(services: Any, args: argparse.Namespace) -> int:
    lang = args.lang or services.cases.get_case(args.case).language
    item = services.letters.mark_sent(args.case, Path(args.mark_sent), args.type_id, lang)
    if args.json:
        emit_json({"evidence_id": item.id, "sha256": item.sha256, "filename": item.filename})
    else:
        print(
            f"Kept {item.filename} in case {args.case} as evidence {item.id} "
            f"(SHA-256 {item.sha256}; custody log: letter sent)."
        )
    return 0


WARNINGS = {
    "dmca-not-us": "A DMCA notice is a United States procedure; the recipient is in {forum}. "
    "Use the notice procedure of the place where the service is run (for example cn-takedown "
    "for a mainland Chinese platform).",
    "eu-notice-not-eu": "The Digital Services Act binds services offered in the European Union; "
    "the recipient is in {forum}. Check that it offers its service in the EU, or use another "
    "letter type.",
    "cn-law-not-cn": "This letter cites the law of mainland China; the recipient is in {forum}. "
    "It may carry little weight there: choose a letter for that place, or --forum cn.",
    "law-not-forum": "This letter cites the law of {letter_forums}; the recipient is in {forum}.",
}
FORUM_NAMES = {
    "cn": "mainland China",
    "hk": "Hong Kong",
    "us": "the United States",
    "eu": "the European Union",
    "other": "another country",
}


def warning_text(warning: ForumWarning) -> str:
    return WARNINGS[warning.code].format(
        forum=FORUM_NAMES.get(warning.forum, warning.forum),
        letter_forums=", ".join(FORUM_NAMES.get(f, f) for f in warning.letter_forums),
    )


def _extra(args: argparse.Namespace) -> list[str]:
    extra = list(args.assignments)
    if args.forum:
        extra.append(f"forum={args.forum}")
    return extra


def _sender(args: argparse.Namespace) -> str:
    """The name given with ``--set sender_name=…`` (names a first signing key)."""
    given = [a.split("=", 1)[1] for a in args.assignments if a.startswith("sender_name=")]
    return given[-1].strip() if given else ""


def _evidence_labels(args: argparse.Namespace) -> list[str] | None:
    if not args.evidence:
        return None
    return [part for part in args.evidence.replace(" ", ",").split(",") if part]


def _list(services: Any, args: argparse.Namespace) -> int:
    types = services.letters.list_types()
    if args.json:
        emit_json(types)
    else:
        for entry in types:
            title = entry["title"].get("en") or next(iter(entry["title"].values()))
            print(f"{entry['type']:<20} {title}  [{', '.join(entry['languages'])}]")
            for spec in entry["fields"]:
                mark = "*" if spec["required"] else " "
                print(f"    {mark} {spec['name']:<22} e.g. {spec['example']}")
        print("\n* = required.  Give values with --set FIELD=VALUE.")
    for broken in services.letters.catalog.broken():
        from picproof.cli_cmds.messages import describe_error

        sys.stderr.write(f"picproof: {describe_error(broken)}\n")
    return 0


def _letterhead(args: argparse.Namespace) -> Letterhead | None:
    if not (args.letterhead or args.letterhead_line or args.logo):
        return None
    logo = Path(args.logo) if args.logo else None
    if logo is not None and not logo.is_file():
        raise LetterError("logo-missing", path=str(logo))
    return Letterhead(name=args.letterhead or "", lines=tuple(args.letterhead_line), logo=logo)


def _missing_lines(missing: list[MissingElement], template: Any) -> list[str]:
    lines = []
    for element in missing:
        lines.append(f"  - {element.label}")
        fields = [c[6:] for c in element.missing_conditions if c.startswith("field:")]
        for name in fields:
            spec = template.field(name)
            if spec is not None and spec.kind == "confirm":
                lines.append(f"      if true, confirm it: --set {name}=yes  ({spec.label})")
            else:
                # the element often is the field: do not say the same words twice
                label = f"  ({spec.label})" if spec and spec.label != element.label else ""
                lines.append(f"      give: --set {name}=...{label}")
        if "evidence" in element.missing_conditions:
            lines.append("      add evidence to the case: picproof case add CASE FILE")
        if "urls" in element.missing_conditions:
            lines.append("      give the address: --set infringing_urls=https://...")
        if "field:forum" in element.missing_conditions:
            lines.append("      say where the recipient is: --forum cn|hk|us|eu|other")
    return lines


def _generate(services: Any, args: argparse.Namespace) -> int:
    letters = services.letters
    try:
        if args.check:
            return _check_only(letters, args)
        result = letters.generate(
            args.case,
            args.type_id,
            args.lang,
            pdf_path=Path(args.output),
            docx_path=Path(args.docx) if args.docx else None,
            assignments=_extra(args),
            include_checklist=args.checklist_page,
            letterhead=_letterhead(args),
            letter_date=args.date,
            evidence=_evidence_labels(args),
            sign=signer(services, args, args.case, "Letter", _sender(args)),
        )
    except LetterError as exc:
        if exc.code != "missing-elements":
            raise
        return _explain_missing(letters, args, exc)
    return _report_written(args, result)


def _check_only(letters: Any, args: argparse.Namespace) -> int:
    """--check: the elements, warnings and evidence a letter would have; nothing written."""
    tpl, ctx = letters.context_for_case(
        args.case,
        args.type_id,
        args.lang,
        _extra(args),
        letter_date=args.date,
        evidence=_evidence_labels(args),
    )
    warnings = letters.warnings(tpl, ctx)
    for warning in warnings:
        sys.stderr.write(f"picproof: warning: {warning_text(warning)}\n")
    used = {e.label for e in ctx.evidence}
    available = [
        {
            "label": e.label,
            "evidence_id": e.evidence_id,
            "description": e.description,
            "platform": e.platform,
            "original_linked": e.original_image is not None,
            "used": e.label in used,
        }
        for e, _ in letters.evidence_choices(args.case)
    ]
    if not args.json:
        for item in available:
            mark = "x" if item["used"] else " "
            where = f" ({item['platform']})" if item["platform"] else ""
            number = f" (evidence {item['evidence_id']})" if item["evidence_id"] else ""
            print(f"  [{mark}] {item['label']}{number}  {item['description']}{where}")
    _, lacking = letters.prepare(tpl, ctx)
    if lacking:
        raise LetterError(
            "missing-elements", type=tpl.type_id, language=tpl.language, missing=lacking
        )
    checklist = letters.checklist(tpl.type_id, tpl.language)
    if args.json:
        emit_json(
            {
                "type": tpl.type_id,
                "language": public_language(tpl.language),
                "missing": [],
                "checklist": list(checklist),
                "warnings": [w.to_json() for w in warnings],
                "evidence": [e.label for e in ctx.evidence],
                "available_evidence": available,
            }
        )
    else:
        print("All required elements are present.")
        _print_checklist(checklist)
    return 0


def _explain_missing(letters: Any, args: argparse.Namespace, exc: LetterError) -> int:
    """The letter lacks elements the law or the recipient requires: say which, write nothing."""
    missing: list[MissingElement] = exc.fields["missing"]
    lang = exc.fields.get("language", "en")
    checklist = letters.checklist(exc.fields["type"], lang)
    if args.json:
        emit_json(
            {
                "error": "missing-elements",
                "type": exc.fields["type"],
                "language": public_language(lang),
                "missing": [m.to_json() for m in missing],
                "checklist": list(checklist),
            }
        )
    sys.stderr.write(
        "picproof: this letter was not produced because it lacks elements the "
        "law or the recipient requires:\n"
        + "\n".join(_missing_lines(missing, letters.template(exc.fields["type"], lang)))
        + "\n"
    )
    return EXIT_BAD_INPUT


def _report_written(args: argparse.Namespace, result: Any) -> int:
    for warning in result.warnings:
        sys.stderr.write(f"picproof: warning: {warning_text(warning)}\n")
    if args.json:
        emit_json(result.to_json())
        return 0
    print(f"Wrote {result.pdf_path} ({result.pages} pages, SHA-256 {result.pdf_sha256})")
    if result.signed:
        print("  PDF/A, signed with your key and timestamped; check it: picproof verify FILE.pdf")
    if result.docx_path:
        print(f"Wrote {result.docx_path} (SHA-256 {result.docx_sha256})")
    if result.forum and result.forum.reason == "platform":
        print(
            f"Law of {FORUM_NAMES[result.forum.forum]} cited, because {result.forum.platform} "
            "is run from there (give --forum to change it)."
        )
    print(f"Evidence used: {', '.join(result.evidence_labels) or 'none'}.")
    print(
        "This is a draft: it is not kept in the case. When you send it, run\n"
        f"  picproof letter {args.case} --type {result.type_id} "
        f"--lang {public_language(result.language)} --mark-sent {result.pdf_path}"
    )
    _print_checklist(result.checklist)
    return 0


def _print_checklist(checklist: tuple[str, ...] | list[str]) -> None:
    if not checklist:
        return
    print("\nBefore you send, check:")
    for item in checklist:
        print(f"  [ ] {item}")
