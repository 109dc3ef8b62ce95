"""Letters from cases: fill a template from the case and its evidence, check it, render.

The only door the GUI and the CLI use for letters. A letter lacking an element the law requires
is refused (``LetterError("missing-elements", missing=[...])``). Drafts are drafts: generating a
letter writes files and adds nothing to the case; :meth:`LetterService.mark_sent` keeps the letter
the user sent as a ``letter`` evidence item with its SHA-256 and a custody-log entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from picproof.core.errors import LetterError
from picproof.core.letters.catalog import LetterCatalog
from picproof.core.letters.context import (
    apply_values,
    is_web_address,
    normalize,
    parse_assignments,
)
from picproof.core.letters.forum import ForumChoice, ForumWarning, choose_forum, forum_warnings
from picproof.core.letters.model import (
    Enclosure,
    EvidenceEntry,
    LetterContext,
    Letterhead,
    LetterTemplate,
    MissingElement,
    RenderedLetter,
    normalize_language,
    public_language,
)
from picproof.core.letters.render import render_letter
from picproof.core.letters.rules import check_elements
from picproof.core.resources import resource_dir
from picproof.services.letter_authorship import authorship_facts
from picproof.services.letter_parts import (
    LETTER_EVIDENCE_KINDS,
    PRODUCT_TYPES,
    LetterResult,
    Suggestion,
    select_evidence,
    sha256_of,
    split_contact,
    write_file,
)
from picproof.services.paths import AppPaths
from picproof.services.settings import Settings

if TYPE_CHECKING:
    from picproof.core.cases import Case, EvidenceItem, MatchRecord
    from picproof.services.cases import CaseService


class LetterService:
    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        cases: Callable[[], CaseService] | None = None,
        library: Callable[[], Any] | None = None,
    ) -> None:
        self.paths = paths
        self.settings = settings
        self._cases = cases
        self._library = library
        """The photo library, for the frames taken just before and after an original."""

    @cached_property
    def catalog(self) -> LetterCatalog:
        return LetterCatalog(resource_dir() / "letters", self.paths.custom_letters_dir)

    @property
    def cases(self) -> CaseService:
        if self._cases is None:
            raise LetterError("no-case-service")
        return self._cases()

    # -- catalogue -----------------------------------------------------------------------------
    def list_types(self) -> list[dict[str, Any]]:
        """``[{"type", "languages", "fields": [{"name", "required", "example", ...}]}]``."""
        out = []
        for type_id in self.catalog.type_ids():
            languages = self.catalog.languages_of(type_id)
            primary = self.catalog.get(type_id, "en" if "en" in languages else languages[0])
            fields = []
            for spec in primary.fields:
                labels = {
                    public_language(lang): (
                        self.catalog.get(type_id, lang).field(spec.name) or spec
                    ).label
                    for lang in languages
                }
                fields.append(
                    {
                        "name": spec.name,
                        "required": spec.required,
                        "example": spec.example,
                        "source": spec.source,
                        "kind": spec.kind,
                        "label": labels,
                    }
                )
            out.append(
                {
                    "type": type_id,
                    "languages": [public_language(lang) for lang in languages],
                    "title": {
                        public_language(lang): self.catalog.get(type_id, lang).title
                        for lang in languages
                    },
                    "custom": any(self.catalog.get(type_id, lang).custom for lang in languages),
                    "fields": fields,
                }
            )
        return out

    def template(self, type_id: str, language: str) -> LetterTemplate:
        return self.catalog.get(type_id, language)

    def checklist(self, type_id: str, language: str) -> tuple[str, ...]:
        tpl = self.template(type_id, language)
        pack = self.catalog.pack(language)
        return tuple(pack.checklist[c] for c in tpl.checklist if c in pack.checklist)

    # -- context -------------------------------------------------------------------------------
    def example_context(self, type_id: str, language: str) -> LetterContext:
        """Every field at its template example (for previews and tests)."""
        tpl = self.template(type_id, language)
        ctx = LetterContext(language=tpl.language)
        return apply_values(tpl, ctx, [(f.name, f.example) for f in tpl.fields if f.example])

    def context_for_case(
        self,
        case_id: int,
        type_id: str,
        language: str | None = None,
        assignments: list[str] | list[tuple[str, str]] = (),  # type: ignore[assignment]
        *,
        letterhead: Letterhead | None = None,
        letter_date: str | None = None,
        evidence: list[str] | None = None,
    ) -> tuple[LetterTemplate, LetterContext]:
        """The template and its filled context.

        ``evidence``: labels (``E1``, ``E3``) of the items this letter uses; ``None`` = the default,
        the usable items captured on the platform the letter goes to (all of them when none says
        where it was captured). Dates are only those the user gave: no infringement date is taken
        from a capture or import time.
        """
        case = self.cases.get_case(case_id)
        tpl = self.template(type_id, language or case.language)
        ctx = LetterContext(
            language=tpl.language,
            letterhead=letterhead or self._letterhead(),
            date=letter_date or "",
        )
        ctx.values.update(self._case_values(case))
        every = self._evidence(case.id)
        normalize(tpl, ctx)
        pairs: list[tuple[str, str]] = [p for p in assignments if isinstance(p, tuple)]
        pairs += parse_assignments([p for p in assignments if isinstance(p, str)])
        apply_values(tpl, ctx, pairs)
        platform = str(ctx.values.get("platform_name") or "")
        ctx.evidence = select_evidence(every, evidence, platform)
        for entry in ctx.evidence:
            # only a web address is a location (javascript:, file: or an app link is not)
            if entry.source_url and entry.kind != "chat" and is_web_address(entry.source_url):
                urls = ctx.values.setdefault("infringing_urls", [])
                assert isinstance(urls, list)
                if entry.source_url not in urls:
                    urls.append(entry.source_url)
        ctx.enclosures = self._enclosures(case.id, ctx.evidence)
        ctx.case_kind = case.kind
        choice = self.forum_choice(tpl, ctx)
        if choice.forum and tpl.field("forum") is not None:
            ctx.values["forum"] = choice.forum
            ctx.forum_reason, ctx.forum_platform = choice.reason, choice.platform
        return tpl, ctx

    def _enclosures(self, case_id: int, evidence: list[EvidenceEntry]) -> list[Enclosure]:
        """What the case holds for the list of enclosures (file names only, never paths)."""
        names: dict[str, list[str]] = {}
        for item in self.cases.list_evidence(case_id):
            names.setdefault(item.kind, []).append(item.filename)
        ownership = names.get("ownership-proof", []) + [
            e.original_name for e in evidence if e.original_image is not None and e.original_name
        ]
        found = {
            "identity": names.get("identity-document", []),
            "ownership": ownership,
            "authorisation": names.get("authorisation", []),
        }
        return [Enclosure(kind, True, tuple(files)) for kind, files in found.items() if files]

    def forum_choice(self, tpl: LetterTemplate, ctx: LetterContext) -> ForumChoice:
        """Where the recipient is: as the user said, else from the platform the letter names, else
        from the one platform every chosen capture was taken on; empty when none is known."""
        if ctx.forum_reason and ctx.values.get("forum"):
            return ForumChoice(str(ctx.values["forum"]), ctx.forum_reason, ctx.forum_platform)
        platform = str(ctx.values.get("platform_name") or "")
        if not platform:
            seen = {e.platform.strip() for e in ctx.evidence if e.platform.strip()}
            platform = seen.pop() if len(seen) == 1 else ""
        return choose_forum(str(ctx.values.get("forum") or ""), platform)

    def warnings(self, tpl: LetterTemplate, ctx: LetterContext) -> list[ForumWarning]:
        """Where the law the letter cites is not the law where its recipient is."""
        return forum_warnings(tpl.type_id, tpl.forums, str(ctx.values.get("forum") or ""))

    def suggest(self, case_id: int, ui_language: str) -> Suggestion:
        """Type, language and forum for a new letter on this case: from the case's kind, the
        platform it names (or its captures name) and the program's language."""
        from picproof.core.letters.forum import forum_of_platform

        case = self.cases.get_case(case_id)
        platforms = [p for p in case.platforms if p] + [a.platform for a in case.accounts]
        platforms += [e.platform for e in self._evidence(case_id) if e.platform]
        platform = next((p for p in platforms if p), "")
        forum = (forum_of_platform(platform) or "") if platform else ""
        if case.kind == "impersonation":
            type_id = "impersonation"
        elif case.kind == "product":
            type_id = PRODUCT_TYPES.get(forum, "cease-desist")
        else:
            type_id = "cease-desist"
        if forum == "cn":
            language = "zh_CN"
        elif forum in ("hk", "us", "eu"):
            language = "en"
        else:
            language = normalize_language(ui_language)
        return Suggestion(type_id, language, forum, platform, case.kind, bool(forum))

    def evidence_choices(
        self, case_id: int, platform: str = ""
    ) -> list[tuple[EvidenceEntry, bool]]:
        """Every item a letter may use, and whether it is chosen by default for ``platform``."""
        every = self._evidence(case_id)
        chosen = {e.label for e in select_evidence(every, None, platform)}
        return [(e, e.label in chosen) for e in every]

    def saved_letterhead(self) -> Letterhead | None:
        """The letterhead kept in the settings (set in the wizard), if any."""
        return self._letterhead()

    def _letterhead(self) -> Letterhead | None:
        raw = (
            self.settings.extra.get("letterhead") if isinstance(self.settings.extra, dict) else None
        )
        if not isinstance(raw, dict):
            return None
        logo = raw.get("logo")
        return Letterhead(
            name=str(raw.get("name", "")),
            lines=tuple(raw.get("lines", ())),
            logo=Path(logo) if logo else None,
        )

    def _case_values(self, case: Case) -> dict[str, str | list[str]]:
        holder = case.rights_holder
        values: dict[str, str | list[str]] = {}
        if holder.name:
            values["sender_name"] = holder.name
            values["rights_holder_name"] = holder.name
            if holder.kind == "shop":
                values["shop_name"] = holder.name
        for key, value in split_contact(holder.contact).items():
            values.setdefault(key, value)
        if holder.address:
            values["sender_address"] = holder.address
        if holder.id_document:
            values["sender_id"] = holder.id_document
        platforms = [p for p in case.platforms if p] + [
            a.platform for a in case.accounts if a.platform
        ]
        if platforms:
            values["platform_name"] = platforms[0]
            values["recipient_name"] = platforms[0]
        accounts, urls = [], []
        for account in case.accounts:
            label = account.name or account.account_id or account.profile_url
            if account.account_id and account.account_id != label:
                label = f"{label} ({account.account_id})"
            if account.platform:
                label = f"{account.platform}: {label}"
            accounts.append(label)
            if account.profile_url and is_web_address(account.profile_url):
                urls.append(account.profile_url)
            elif account.profile_url and account.profile_url not in label:
                # not a web address (an app link, a handle): it names the account, not a location
                accounts[-1] = f"{label} ({account.profile_url})"
        if accounts:
            values["accounts"] = accounts
            first = case.accounts[0]
            # On an impersonation case the account's display name is usually the victim's own
            # name: never name it as the infringer; the user says who the other party is.
            if case.kind != "impersonation":
                values["infringer_name"] = first.name or first.account_id
        if urls:
            values["infringing_urls"] = urls
        values["case_reference"] = case.uid[:8].upper()
        return values

    def _evidence(self, case_id: int) -> list[EvidenceEntry]:
        cases = self.cases
        items = cases.list_evidence(case_id)
        by_id = {i.id: i for i in items}
        matches: dict[int, list[MatchRecord]] = {}
        for record in cases.matches(case_id):
            matches.setdefault(record.suspect_evidence_id, []).append(record)
        out: list[EvidenceEntry] = []
        for item in items:
            if item.kind not in LETTER_EVIDENCE_KINDS:
                continue
            found = matches.get(item.id, [])
            accepted = [m for m in found if m.decision == "accepted"]
            if found and not accepted:
                continue  # every match on it was rejected: citing it would accuse wrongly
            best = max(accepted, key=lambda m: m.score) if accepted else None
            original: EvidenceItem | None = None
            if best is not None and best.original_evidence_id is not None:
                original = by_id.get(best.original_evidence_id) or cases.get_evidence(
                    best.original_evidence_id
                )
            out.append(self._entry(len(out) + 1, item, best, original))
        return out

    def _entry(
        self,
        number: int,
        item: EvidenceItem,
        best: MatchRecord | None,
        original: EvidenceItem | None,
    ) -> EvidenceEntry:
        facts = item.acquisition
        is_image = item.media_type.startswith("image/")
        stamp = item.timestamp
        return EvidenceEntry(
            label=f"E{number}",
            description=item.description or item.note or item.filename,
            sha256=item.sha256,
            captured_at=facts.acquired_at_utc,
            timestamp_time=stamp.gen_time if stamp else None,
            tsa=(stamp.tsa_name or stamp.tsa_url) if stamp else None,
            source_url=facts.url,
            suspect_image=self.cases.evidence_path(item) if is_image else None,
            original_image=self.cases.evidence_path(original) if original else None,
            original_name=original.filename if original else "",
            original_sha256=original.sha256 if original else (best.photo_sha256 if best else None),
            match_box=tuple(best.bbox) if best and best.bbox else None,  # type: ignore[arg-type]
            match_score=best.score if best and best.level != "user-linked" else None,
            kind=item.kind,
            platform=facts.platform or "",
            evidence_id=item.id,
            match_level=best.level if best else "",
            time_kind="captured" if facts.source == "url" else "imported",
            authorship=authorship_facts(item, original, self._library),
        )

    # -- rendering -----------------------------------------------------------------------------
    def prepare(
        self, tpl: LetterTemplate, ctx: LetterContext
    ) -> tuple[RenderedLetter, list[MissingElement]]:
        letter = render_letter(tpl, ctx, self.catalog.pack(tpl.language))
        return letter, check_elements(tpl, ctx, letter)

    def render(
        self,
        tpl: LetterTemplate,
        ctx: LetterContext,
        *,
        include_checklist: bool = False,
        docx: bool = False,
    ) -> tuple[RenderedLetter, bytes, bytes | None]:
        """PDF (and Word) bytes; refuses with ``missing-elements`` when an element is missing."""
        letter, missing = self.prepare(tpl, ctx)
        if missing:
            raise LetterError(
                "missing-elements", type=tpl.type_id, language=tpl.language, missing=missing
            )
        from picproof.pdf.scripts import check_letter_text

        check_letter_text(tpl, ctx)  # refuses text no bundled font can draw, naming the field
        from picproof.pdf.letter_pdf import render_pdf

        pdf = render_pdf(letter, include_checklist=include_checklist)
        word = None
        if docx:
            from picproof.pdf.letter_docx import render_docx

            word = render_docx(letter, include_checklist=include_checklist)
        return letter, pdf, word

    def generate(
        self,
        case_id: int,
        type_id: str,
        language: str | None = None,
        *,
        pdf_path: Path | None,
        docx_path: Path | None = None,
        assignments: list[str] | list[tuple[str, str]] = (),  # type: ignore[assignment]
        include_checklist: bool = False,
        letterhead: Letterhead | None = None,
        letter_date: str | None = None,
        evidence: list[str] | None = None,
        sign: Callable[[bytes], bytes] | None = None,
    ) -> LetterResult:
        """Write the draft (PDF, and Word when asked). Nothing is added to the case: a draft is not
        evidence until the user marks the letter as sent (:meth:`mark_sent`). ``sign`` (from
        ``SigningService.signer_for``) makes the PDF a signed, timestamped PDF/A."""
        tpl, ctx = self.context_for_case(
            case_id,
            type_id,
            language,
            assignments,
            letterhead=letterhead,
            letter_date=letter_date,
            evidence=evidence,
        )
        letter, pdf, word = self.render(
            tpl, ctx, include_checklist=include_checklist, docx=docx_path is not None
        )
        # Counted before signing: the signed file's incremental updates repeat page objects.
        pages = len(re.findall(rb"/Type /Page\b(?!s)", pdf)) or None
        if sign is not None:
            pdf = sign(pdf)
        result = LetterResult(
            type_id=tpl.type_id,
            language=tpl.language,
            pdf_path=None,
            pdf_sha256=sha256_of(pdf),
            checklist=letter.checklist,
            warnings=self.warnings(tpl, ctx),
            forum=self.forum_choice(tpl, ctx),
            evidence_labels=[e.label for e in ctx.evidence],
        )
        result.pages = pages
        result.signed = sign is not None
        if pdf_path is not None:
            write_file(Path(pdf_path), pdf)
            result.pdf_path = Path(pdf_path)
        if word is not None and docx_path is not None:
            write_file(Path(docx_path), word)
            result.docx_path, result.docx_sha256 = Path(docx_path), sha256_of(word)
        return result

    def mark_sent(self, case_id: int, path: Path, type_id: str, language: str) -> EvidenceItem:
        """The user sent this letter: keep the very file as evidence, with its custody entry."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise LetterError(
                "letter-unreadable", path=Path(path).name, detail=exc.strerror or str(exc)
            ) from None
        return self.cases.record_generated_document(
            case_id, type_id, normalize_language(language), data, Path(path).name, sent=True
        )
