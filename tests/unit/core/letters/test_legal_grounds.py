"""Legal grounds, read from the rendered letters (see resources/letters/LEGAL-ELEMENTS.md)."""

from __future__ import annotations

import pytest

from picproof.core.letters.catalog import LetterCatalog
from picproof.core.letters.context import apply_values
from picproof.core.letters.forum import choose_forum, forum_warnings
from picproof.core.letters.model import EvidenceEntry, LetterContext, RenderedLetter
from picproof.core.letters.render import render_letter
from picproof.core.letters.rules import check_elements
from picproof.core.resources import resource_dir


@pytest.fixture(scope="module")
def catalog() -> LetterCatalog:
    return LetterCatalog(resource_dir() / "letters")


def _letter(catalog, type_id: str, lang: str, drop=(), **values: str) -> RenderedLetter:
    tpl = catalog.get(type_id, lang)
    ctx = LetterContext(
        language=lang,
        date="2026-11-26",
        evidence=[EvidenceEntry("E1", "capture", "ab" * 32, source_url="https://e.example/1")],
    )
    pairs = [(f.name, f.example) for f in tpl.fields if f.example and f.name not in drop]
    apply_values(tpl, ctx, pairs + list(values.items()))
    return render_letter(tpl, ctx, catalog.pack(lang))


def _text(letter: RenderedLetter) -> str:
    return letter.plain_text()


def test_market_supervision_cites_the_interim_measures(catalog):
    en = _text(_letter(catalog, "market-supervision", "en", platform_name="Taobao"))
    assert "《市场监督管理投诉举报处理暂行办法》" in en
    assert "art. 27 para. 2" in en and "five working days" in en and "art. 31 para. 2" in en
    own_site = _text(_letter(catalog, "market-supervision", "en", drop=("platform_name",)))
    assert "art. 25 of the Interim Measures" in own_site
    zh = _text(_letter(catalog, "market-supervision", "zh_CN", platform_name="淘宝"))
    assert "《市场监督管理投诉举报处理暂行办法》" in zh and "第二十七条第二款" in zh
    assert "第三十一条第二款" in zh and "五个工作日内告知本人" in zh
    assert "依照规定时限" not in zh
    assert "第二十五条" in _text(
        _letter(catalog, "market-supervision", "zh_CN", drop=("platform_name",))
    )
    assert "举报人（签名/捺印）" in "\n".join(
        _letter(catalog, "market-supervision", "zh_CN").signature
    )


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_market_supervision_needs_the_date_the_user_gives(catalog, lang):
    tpl = catalog.get("market-supervision", lang)
    letter = _letter(catalog, "market-supervision", lang, drop=("infringement_date",))
    ctx = LetterContext(language=lang)
    apply_values(tpl, ctx, [(f.name, f.example) for f in tpl.fields if f.example])
    ctx.values.pop("infringement_date")
    assert "legal-basis" in {m.id for m in check_elements(tpl, ctx, letter)}
    early = _text(_letter(catalog, "market-supervision", lang, infringement_date="2025-10-14"))
    late = _text(_letter(catalog, "market-supervision", lang, infringement_date="2025-10-15"))
    if lang == "en":
        assert "Article 6 of the Anti-Unfair" in early and "(2019 text)" in early
        assert "Article 7 of the Anti-Unfair" in late and "(2025 text)" in late
    else:
        assert "（2019年版）第六条" in early and "（2025年版）第七条" in late


def test_impersonation_cites_pipl_and_keeps_the_id_out_of_the_text(catalog):
    en = _letter(catalog, "impersonation", "en", forum="cn")
    text = _text(en)
    for cite in ("Personal Information Protection Law, art. 28", "(art. 44)", "(art. 47)"):
        assert cite in text
    zh = _letter(catalog, "impersonation", "zh_CN")
    assert "《中华人民共和国个人信息保护法》第二十八条" in _text(zh)
    assert "第四十四条" in _text(zh) and "第四十七条" in _text(zh)
    for letter, example in ((en, "K123456(7)"), (zh, "330106199001011234")):
        assert example not in _text(letter)  # the text a platform forwards
        assert any(example in line for line in letter.confidential)


def test_copyright_cease_and_desist_reserves_copyright_law_56(catalog):
    en = _text(_letter(catalog, "cease-desist", "en", forum="cn"))
    assert "Copyright Law, art. 56" in en and "997" not in en
    zh = _text(_letter(catalog, "cease-desist", "zh_CN"))
    assert "《著作权法》第五十六条" in zh and "第九百九十七条" not in zh


def test_cloned_shop_cease_and_desist_cites_aucl(catalog):
    en = _text(_letter(catalog, "cease-desist", "en", forum="cn", infringement_date="2026-01-05"))
    assert "Article 7 of the Anti-Unfair Competition Law" in en
    zh = _text(_letter(catalog, "cease-desist", "zh_CN", infringement_date="2025-03-01"))
    assert "《中华人民共和国反不正当竞争法》（2019年版）第六条" in zh
    undated = _text(_letter(catalog, "cease-desist", "en", forum="cn", drop=("infringement_date",)))
    assert "Article 7 of the revised text" in undated and "Article 6 of the 2019 text" in undated
    portrait = _text(_letter(catalog, "cease-desist", "en", forum="cn", drop=("shop_name",)))
    assert "Anti-Unfair" not in portrait


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_dmca_checklist_describes_the_us_counter_notice(catalog, lang):
    checklist = " ".join(_letter(catalog, "dmca", lang).checklist)
    assert "§512(g)(3)" in checklist and "§512(g)(2)(C)" in checklist
    assert "1196" not in checklist and "第一千一百九十六条" not in checklist
    assert "43" not in checklist


def test_eu_notice_asks_for_the_receipt_under_16_4(catalog):
    assert "confirmation of receipt: Article 16(4)" in _text(_letter(catalog, "eu-notice", "en"))
    zh = _text(_letter(catalog, "eu-notice", "zh_CN"))
    assert "第十六条第四款，毫不迟延地向本人确认收到本通知" in zh


@pytest.mark.parametrize(
    ("type_id", "forum", "present", "absent"),
    [
        ("impersonation", "hk", ["Cap. 486", "Data Protection Principle 3"], ["Civil Code"]),
        ("impersonation", "eu", ["Article 17(1)(d)", "Digital Services Act"], ["Civil Code"]),
        ("impersonation", "us", ["state law"], ["Civil Code", "Personal Information"]),
        ("cease-desist", "hk", ["Cap. 528", "ss. 22, 23 and 26"], ["Civil Code", "Copyright Law"]),
        ("cease-desist", "us", ["17 U.S.C. §106(1)", "§502", "§504"], ["Civil Code", "art. 56"]),
        ("cease-desist", "eu", ["2001/29/EC", "2004/48/EC"], ["Civil Code", "art. 56"]),
        ("police-report", "hk", ["Theft Ordinance"], ["Criminal Law", "266"]),
        ("police-report", "us", ["18 U.S.C. §1343"], ["Criminal Law", "266", "受案回执"]),
        ("police-report", "eu", ["legal qualification"], ["Criminal Law", "266"]),
        ("police-report", "cn", ["Criminal Law of the People's Republic of China, art. 266"], []),
    ],
)
def test_english_letters_cite_the_law_of_the_forum(catalog, type_id, forum, present, absent):
    text = _text(_letter(catalog, type_id, "en", forum=forum))
    for cite in present:
        assert cite in text, (type_id, forum, cite)
    for cite in absent:
        assert cite not in text, (type_id, forum, cite)


def test_forum_warnings(catalog):
    def warn(type_id, lang, forum):
        tpl = catalog.get(type_id, lang)
        return [w.code for w in forum_warnings(type_id, tpl.forums, forum)]

    assert warn("dmca", "en", "cn") == ["dmca-not-us"]
    assert warn("dmca", "en", "us") == []
    assert warn("eu-notice", "en", "us") == ["eu-notice-not-eu"]
    assert warn("cn-takedown", "en", "us") == ["cn-law-not-cn"]
    assert warn("impersonation", "zh_CN", "hk") == ["cn-law-not-cn"]
    assert warn("impersonation", "en", "hk") == []
    assert choose_forum("", "Taobao").forum == "cn" and choose_forum("", "Taobao").reason
    assert choose_forum("", "HeartLink").forum == ""  # unknown: asked, never guessed
    assert choose_forum("eu", "Taobao").reason == "given"


def test_chinese_agent_signs_as_agent_on_whose_behalf(catalog):
    letter = _letter(
        catalog, "cease-desist", "zh_CN", sender_name="王律", rights_holder_name="林美"
    )
    assert any(line.startswith("代理人（签名）") for line in letter.signature)
    assert "本人受林美委托" in _text(letter)
    own = _letter(catalog, "cease-desist", "zh_CN", drop=("agent_authority", "rights_holder_name"))
    assert any(line.startswith("权利人（签名）") for line in own.signature)


def test_every_letter_lists_its_enclosures(catalog):
    from picproof.core.letters.model import Enclosure

    for type_id in ("impersonation", "cn-takedown", "dmca", "cease-desist", "market-supervision"):
        own = _letter(catalog, type_id, "en", drop=("agent_authority", "rights_holder_name"))
        lines = own.enclosure_lines()
        assert lines[0] == "Enclosures", type_id
        assert any("Proof that the photographs are mine" in x for x in lines)
        assert not any("Authorisation" in x for x in lines)  # nobody acts for anyone
        assert "Appendix: evidence (1 in all)" in lines[-1]
    agent = _letter(catalog, "cn-takedown", "zh_CN")  # the examples name an agent
    assert any("授权委托书（待补充）" in x for x in agent.enclosure_lines())
    tpl = catalog.get("impersonation", "zh_CN")
    ctx = LetterContext(language="zh_CN", date="2026-11-26")
    apply_values(tpl, ctx, [(f.name, f.example) for f in tpl.fields if f.example])
    ctx.enclosures = [Enclosure("identity", True, ("id-card.jpg",))]
    lines = render_letter(tpl, ctx, catalog.pack("zh_CN")).enclosure_lines()
    assert lines[0] == "附件清单" and "身份证件复印件" in lines[1] and "id-card.jpg" in lines[1]
    assert lines[1].endswith("（已附）")


def test_lawyer_letter_names_the_firm_the_lawyer_and_the_client(catalog):
    zh = _letter(catalog, "lawyer-letter", "zh_CN")
    text = _text(zh)
    assert "浙江某某律师事务所受林美（以下简称“委托人”）委托" in text and "指派张某律师" in text
    assert "执业证号：13301201910123456" in zh.signature and zh.signature[0] == "浙江某某律师事务所"
    assert "承办律师（签名）：张某" in zh.signature
    assert "《著作权法》第五十六条" in text
    en = _letter(catalog, "lawyer-letter", "en", forum="cn")
    assert 'We act for Mei Lin ("our client")' in _text(en)
    assert "Chan Tai Man, handling lawyer (practising certificate no. P12345)" in en.signature
    assert "Copyright Law, art. 56" in _text(en)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_product_letters_say_nothing_of_portraits(catalog, lang):
    for type_id in ("cease-desist", "lawyer-letter", "cn-takedown"):
        tpl = catalog.get(type_id, lang)
        for kind, expected in (("product", False), ("impersonation", True)):
            ctx = LetterContext(language=lang, date="2026-11-26", case_kind=kind)
            apply_values(tpl, ctx, [(f.name, f.example) for f in tpl.fields if f.example])
            text = render_letter(tpl, ctx, catalog.pack(lang)).plain_text()
            assert (("right of portrait" in text) or ("肖像权" in text)) == expected, (
                type_id,
                kind,
            )
