"""Finding templates: the built-ins under ``resources/letters/<lang>/`` and the user's own copies.

A custom template (``<data dir>/letters/<lang>/*.letter``) with a new type id appears beside the
built-ins; one with a built-in's id replaces it for that language (a clinic's edited DMCA notice is
the one it wants used). A broken custom file does not hide the others: it is kept as an error and
raised when that type is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from picproof.core.errors import LetterError, NotFound
from picproof.core.letters.model import (
    LANGUAGES,
    FieldSpec,
    LanguagePack,
    LetterTemplate,
    normalize_language,
)
from picproof.core.letters.template_file import (
    load_field_catalogue,
    load_language_pack,
    parse_template,
)

TEMPLATE_SUFFIX = ".letter"


@dataclass
class LetterCatalog:
    builtin_dir: Path
    custom_dir: Path | None = None
    _templates: dict[tuple[str, str], LetterTemplate] = field(default_factory=dict)
    _broken: dict[tuple[str, str], LetterError] = field(default_factory=dict)
    _packs: dict[str, LanguagePack] = field(default_factory=dict)
    _loaded: bool = False

    def _load(self) -> None:
        if self._loaded:
            return
        for lang in LANGUAGES:
            base = self.builtin_dir / lang
            if not base.is_dir():
                continue
            pack = load_language_pack(base / "_language.toml", lang)
            self._packs[lang] = pack
            catalogue: dict[str, FieldSpec] = load_field_catalogue(base / "_fields.toml")
            ids = set(pack.checklist)
            for path in sorted(base.glob(f"*{TEMPLATE_SUFFIX}")):
                tpl = parse_template(path, lang, catalogue, checklist_ids=ids)
                self._templates[(tpl.type_id, lang)] = tpl
            if self.custom_dir is None:
                continue
            custom = self.custom_dir / lang
            if not custom.is_dir():
                continue
            try:
                catalogue = {**catalogue, **load_field_catalogue(custom / "_fields.toml")}
            except LetterError as exc:
                self._broken[("_fields", lang)] = exc
                continue
            for path in sorted(custom.glob(f"*{TEMPLATE_SUFFIX}")):
                try:
                    tpl = parse_template(path, lang, catalogue, custom=True, checklist_ids=ids)
                except LetterError as exc:
                    self._broken[(path.stem, lang)] = exc
                    continue
                self._templates[(tpl.type_id, lang)] = tpl
        self._loaded = True

    def pack(self, language: str) -> LanguagePack:
        self._load()
        lang = normalize_language(language)
        if lang not in self._packs:
            raise LetterError(
                "unknown-language", language=language, known=", ".join(sorted(self._packs))
            )
        return self._packs[lang]

    def get(self, type_id: str, language: str) -> LetterTemplate:
        self._load()
        lang = normalize_language(language)
        self.pack(lang)
        found = self._templates.get((type_id, lang))
        if found is not None:
            return found
        if (type_id, lang) in self._broken:
            raise self._broken[(type_id, lang)]
        raise NotFound(
            "letter-type",
            what=f"letter type {type_id!r} in {lang}",
            type=type_id,
            known=", ".join(self.type_ids()),
        )

    def type_ids(self) -> list[str]:
        self._load()
        return sorted({t for t, _ in self._templates})

    def templates(self) -> list[LetterTemplate]:
        self._load()
        return [self._templates[k] for k in sorted(self._templates)]

    def broken(self) -> list[LetterError]:
        self._load()
        return list(self._broken.values())

    def languages_of(self, type_id: str) -> list[str]:
        self._load()
        return [lang for lang in LANGUAGES if (type_id, lang) in self._templates]
