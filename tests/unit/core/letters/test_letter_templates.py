"""Letter templates: the shipped files, the element check per type, and broken custom templates."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from picproof.core.errors import LetterError, NotFound
from picproof.core.letters.catalog import LetterCatalog
from picproof.core.letters.context import apply_values, split_list
from picproof.core.letters.model import EvidenceEntry, LetterContext, normalize_language
from picproof.core.letters.render import format_date, render_letter
from picproof.core.letters.rules import aucl_confusion_article, check_elements
from picproof.core.resources import resource_dir

TYPES = (
    "impersonation",
    "cn-takedown",
    "dmca",
    "cease-desist",
    "market-supervision",
    "police-report",
    "eu-notice",
    "lawyer-letter",
)
LANGS = ("en", "zh_CN")
HASH = "9f" * 32


@pytest.fixture(scope="module")
def catalog() -> LetterCatalog:
    return LetterCatalog(resource_dir() / "letters")


def _full_context(catalog: LetterCatalog, type_id: str, lang: str) -> LetterContext:
    tpl = catalog.get(type_id, lang)
    ctx = LetterContext(
        language=lang,
        date="2026-11-26",
        evidence=[
            EvidenceEntry(
                "E1",
                "profile screenshot",
                HASH,
                "2026-11-02T10:00:00Z",
                "2026-11-02T10:00:04Z",
                "Test TSA",
                "https://example.net/p/1",
            )
        ],
    )
    return apply_values(tpl, ctx, [(f.name, f.example) for f in tpl.fields if f.example])


def test_every_type_ships_in_both_languages_with_the_same_fields(catalog):
    assert catalog.type_ids() == sorted(TYPES)
    for type_id in TYPES:
        en, zh = catalog.get(type_id, "en"), catalog.get(type_id, "zh-CN")
        assert [f.name for f in en.fields] == [f.name for f in zh.fields]
        assert [(f.name, f.required) for f in en.fields] == [
            (f.name, f.required) for f in zh.fields
        ]
        assert [e.id for e in en.elements] == [e.id for e in zh.elements]
        assert en.elements and en.checklist and "not-legal-advice" in en.checklist
        for spec in (*en.fields, *zh.fields):
            assert spec.label and spec.example, (type_id, spec.name)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("type_id", TYPES)
def test_each_element_is_refused_when_missing(catalog, type_id, lang):
    tpl = catalog.get(type_id, lang)
    pack = catalog.pack(lang)
    full = _full_context(catalog, type_id, lang)
    assert check_elements(tpl, full, render_letter(tpl, full, pack)) == []
    for element in tpl.elements:
        ctx = _full_context(catalog, type_id, lang)
        edited = tpl
        for cond in element.any_of if not element.requires else element.requires[:1]:
            kind, _, name = cond.partition(":")
            if kind == "field":
                ctx.values.pop(name, None)
            elif kind == "urls":
                ctx.values.pop("infringing_urls", None)
            elif kind == "evidence":
                ctx.evidence = []
            elif kind == "statement":
                # A custom copy that lost the statement (here: renamed away) must be refused too.
                edited = replace(
                    tpl,
                    body=tpl.body.replace(f"@statement {name}\n", "@statement something-else\n"),
                )
        letter = render_letter(edited, ctx, pack)
        missing = {m.id for m in check_elements(edited, ctx, letter)}
        assert element.id in missing, (type_id, lang, element.id)


def test_dmca_has_the_six_statutory_elements(catalog):
    ids = [e.id for e in catalog.get("dmca", "en").elements]
    assert ids == [
        "signature",
        "work",
        "infringing-material",
        "contact",
        "good-faith",
        "accuracy-perjury",
    ]
    ctx = _full_context(catalog, "dmca", "en")
    for name in ("signature", "confirm_good_faith", "confirm_accuracy"):
        ctx.values.pop(name)
    tpl = catalog.get("dmca", "en")
    letter = render_letter(tpl, ctx, catalog.pack("en"))
    assert {m.id for m in check_elements(tpl, ctx, letter)} == {
        "signature",
        "good-faith",
        "accuracy-perjury",
    }
    assert "penalty of perjury" not in letter.plain_text()  # no statement the user did not make


def test_cn_notice_needs_identity_url_evidence_and_truthfulness(catalog):
    tpl = catalog.get("cn-takedown", "zh_CN")
    ctx = LetterContext(language="zh_CN")
    apply_values(tpl, ctx, [("sender_name", "林美"), ("platform_name", "某平台")])
    missing = check_elements(tpl, ctx, render_letter(tpl, ctx, catalog.pack("zh_CN")))
    ids = {m.id for m in missing}
    assert {"identity", "infringing-url", "preliminary-evidence", "truthfulness"} <= ids
    identity = next(m for m in missing if m.id == "identity")
    assert identity.missing_fields == ("您的身份证件（类型和号码）",)
    full = _full_context(catalog, "cn-takedown", "zh_CN")
    text = render_letter(tpl, full, catalog.pack("zh_CN")).plain_text()
    assert "终止交易和服务" in text and "真实性负责" in text and "第一千一百九十五条" in text


def test_aucl_confusion_article_follows_the_2025_revision(catalog):
    assert aucl_confusion_article("2025-10-14") == ("6", "2019")
    assert aucl_confusion_article("2025-10-15") == ("7", "2025")
    tpl = catalog.get("market-supervision", "zh_CN")
    for day, article in (("2025-09-01", "第六条"), ("2026-01-05", "第七条")):
        ctx = _full_context(catalog, "market-supervision", "zh_CN")
        ctx.values["infringement_date"] = day
        text = render_letter(tpl, ctx, catalog.pack("zh_CN")).plain_text()
        assert (
            f"反不正当竞争法》（{'2019' if article == '第六条' else '2025'}年版）{article}" in text
        )
    en = catalog.get("market-supervision", "en")
    ctx = _full_context(catalog, "market-supervision", "en")
    assert (
        "Article 7 of the Anti-Unfair Competition Law"
        in render_letter(en, ctx, catalog.pack("en")).plain_text()
    )


def test_dates_lists_and_languages():
    catalog = LetterCatalog(resource_dir() / "letters")
    assert format_date("2026-11-26", catalog.pack("en")) == "26 November 2026"
    assert format_date("2026-11-26", catalog.pack("zh-CN")) == "2026年11月26日"
    assert split_list("https://a.example/x?a=1 | https://b.example/y\nthird") == [
        "https://a.example/x?a=1",
        "https://b.example/y",
        "third",
    ]
    assert normalize_language("zh-CN") == normalize_language("zh_cn") == "zh_CN"
    with pytest.raises(LetterError) as err:
        catalog.pack("fr")
    assert err.value.code == "unknown-language"
    with pytest.raises(NotFound):
        catalog.get("no-such-letter", "en")


def test_set_values_override_and_confirm_needs_a_clear_yes(catalog):
    tpl = catalog.get("dmca", "en")
    ctx = LetterContext(language="en", values={"infringing_urls": ["https://case.example/1"]})
    apply_values(
        tpl,
        ctx,
        [
            ("infringing_urls", "https://x.example/1"),
            ("infringing_urls", "https://x.example/2"),
            ("confirm_good_faith", "no"),
            ("confirm_accuracy", "YES"),
        ],
    )
    assert ctx.values["infringing_urls"] == ["https://x.example/1", "https://x.example/2"]
    assert "confirm_good_faith" not in ctx.values and ctx.values["confirm_accuracy"] == "yes"
    with pytest.raises(LetterError) as err:
        apply_values(tpl, ctx, [("no_such_field", "x")])
    assert err.value.code == "unknown-field"


def test_chinese_lines_join_without_spaces(catalog, tmp_path):
    custom = tmp_path / "letters" / "zh_CN"
    custom.mkdir(parents=True)
    (custom / "note.letter").write_text(
        '[letter]\ntype = "note"\ntitle = "说明"\nrequired = ["sender_name"]\n'
        "--- body ---\n第一行文字\n第二行文字 and English\ncontinues here\n",
        encoding="utf-8",
    )
    cat = LetterCatalog(resource_dir() / "letters", tmp_path / "letters")
    tpl = cat.get("note", "zh_CN")
    ctx = LetterContext(language="zh_CN", values={"sender_name": "林美"})
    blocks = render_letter(tpl, ctx, cat.pack("zh_CN")).blocks
    assert blocks[0].text == "第一行文字第二行文字 and English continues here"


BROKEN = {
    "toml": ('[letter]\ntype = "x"\ntitle = "X"\nrequired = ["sender_name"\n--- body ---\nhi\n', 4),
    "directive": ('[letter]\ntype = "x"\ntitle = "X"\n--- body ---\nHello\n@singature\n', 6),
    "jinja": ('[letter]\ntype = "x"\ntitle = "X"\n--- body ---\nHello\n\n{% if x %}\nno end\n', 8),
    "element": (
        (
            '[letter]\ntype = "x"\ntitle = "X"\n\n[[element]]\nid = "sig"\nlabel = "S"\n'
            'requires = ["field:signature"]\n--- body ---\nhi\n'
        ),
        6,
    ),
    "separator": ('[letter]\ntype = "x"\ntitle = "X"\n', 3),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_custom_template_names_its_line(tmp_path, case):
    text, line = BROKEN[case]
    folder = tmp_path / "letters" / "en"
    folder.mkdir(parents=True)
    path = folder / "mine.letter"
    path.write_text(text, encoding="utf-8")
    cat = LetterCatalog(resource_dir() / "letters", tmp_path / "letters")
    assert "dmca" in cat.type_ids()  # the built-ins are not hidden by a broken copy
    with pytest.raises(LetterError) as err:
        cat.get("mine", "en")
    assert err.value.code == "template-broken"
    assert err.value.fields["path"] == str(path) and err.value.fields["line"] == line, err.value


def test_runtime_errors_and_sandbox_name_the_line(tmp_path):
    folder = tmp_path / "letters" / "en"
    folder.mkdir(parents=True)
    (folder / "typo.letter").write_text(
        '[letter]\ntype = "typo"\ntitle = "T"\n--- body ---\nfine\n\n{{ sender_nmae }}\n',
        encoding="utf-8",
    )
    (folder / "evil.letter").write_text(
        '[letter]\ntype = "evil"\ntitle = "E"\n--- body ---\n'
        "{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
        encoding="utf-8",
    )
    cat = LetterCatalog(resource_dir() / "letters", tmp_path / "letters")
    for type_id, line in (("typo", 7), ("evil", 5)):
        tpl = cat.get(type_id, "en")
        with pytest.raises(LetterError) as err:
            render_letter(tpl, LetterContext(language="en"), cat.pack("en"))
        assert err.value.code == "template-broken" and err.value.fields["line"] == line


def test_custom_template_appears_beside_and_can_replace_builtins(tmp_path):
    source = resource_dir() / "letters" / "en" / "dmca.letter"
    folder = tmp_path / "letters" / "en"
    folder.mkdir(parents=True)
    edited = source.read_text(encoding="utf-8").replace("Dear Designated Agent,", "Dear Agent,")
    (folder / "dmca.letter").write_text(edited, encoding="utf-8")
    (folder / "clinic-dmca.letter").write_text(
        edited.replace('type = "dmca"', 'type = "clinic-dmca"'), encoding="utf-8"
    )
    cat = LetterCatalog(resource_dir() / "letters", tmp_path / "letters")
    assert {"dmca", "clinic-dmca"} <= set(cat.type_ids())
    assert cat.get("dmca", "en").custom and "Dear Agent," in cat.get("dmca", "en").body
    assert not cat.get("dmca", "zh_CN").custom
    assert Path(cat.get("clinic-dmca", "en").path).parent == folder


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("type_id", TYPES)
def test_no_statement_swallows_the_next_section(catalog, type_id, lang):
    """A statement ends at its blank line: a heading or a list never ends up inside it."""
    tpl = catalog.get(type_id, lang)
    full = _full_context(catalog, type_id, lang)
    letter = render_letter(tpl, full, catalog.pack(lang))
    for block in letter.blocks:
        if block.kind in ("statement", "paragraph"):
            assert " # " not in block.text and not block.text.startswith("# "), block.text
            assert " - Name:" not in block.text and " - 姓名" not in block.text, block.text
    headings = [b.text for b in letter.blocks if b.kind == "heading"]
    body_headings = [line for line in tpl.body.splitlines() if line.startswith("# ")]
    assert len(headings) == len(body_headings), (headings, body_headings)
