"""Letters end to end: a realistic case (evidence, matches, real RFC 3161 timestamps from a local
OpenSSL TSA) -> all seven types in both languages through the CLI, read back from PDF and Word."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from tests.conftest import save_photo

from picproof.cli import main
from picproof.core.cases import InfringingAccount, RightsHolder
from picproof.core.letters.render import format_date, format_instant
from picproof.core.models import Match
from picproof.services.context import open_services
from picproof.services.settings import TsaSettings

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
PROFILE = "https://heartlink.example/profile/884213"
PHOTO_PAGE = "https://heartlink.example/profile/884213/photos?id=2&utm_source=share"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return _squash("\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages))


def _screenshot(original: Path, path: Path, box: tuple[int, int, int, int]) -> Path:
    shot = Image.new("RGB", (720, 1560), (246, 246, 246))
    shot.paste(Image.open(original).resize(box[2:]), box[:2])
    shot.save(path)
    return path


def _match(original: Path, box: tuple[int, int, int, int], score: float) -> Match:
    return Match(
        photo_id=1,
        photo_path=str(original),
        photo_sha256=hashlib.sha256(original.read_bytes()).hexdigest(),
        level="same-photo",
        score=score,
        bbox=box,
    )


@pytest.fixture
def case(tmp_path, data_dir, tsa):
    """Mei Lin's case: two screenshots matching her photo (one from a captured page), one screenshot
    whose match she rejected, every item timestamped by the local TSA."""
    svc = open_services(data_dir)
    c = svc.cases.create_case(
        "Fake HeartLink profile",
        "impersonation",
        rights_holder=RightsHolder(
            name="Mei Lin",
            contact="mei.lin.photo@example.com; +852 5123 4567",
            address="Flat 5B, 18 Harbour View Road, Sai Kung, Hong Kong",
            id_document="HKID K123456(7)",
        ),
        platforms=["HeartLink"],
        accounts=[InfringingAccount("HeartLink", "Mei Lin", "884213", PROFILE)],
    )
    original = save_photo(tmp_path / "IMG_2045.jpg", 600, 800, seed=11)
    other = save_photo(tmp_path / "someone-else.jpg", 600, 800, seed=12)
    box = (120, 300, 480, 640)
    s1 = svc.cases.add_evidence(
        c.id,
        [_screenshot(original, tmp_path / "profile.png", box)],
        platform="HeartLink",
        url=PROFILE,
    )[0]
    s2 = svc.cases.add_evidence_bytes(
        c.id,
        _screenshot(original, tmp_path / "page.png", (60, 200, 300, 400)).read_bytes(),
        "photo2.png",
        kind="page-image",
        source="url",
        url=PHOTO_PAGE,
        description="Photo 2",
    )
    s3 = svc.cases.add_evidence(c.id, [_screenshot(other, tmp_path / "wrong.png", box)])[0]
    svc.cases.add_match(c.id, s1.id, _match(original, box, 0.97))
    svc.cases.add_match(c.id, s2.id, _match(original, (60, 200, 300, 400), 0.91))
    svc.cases.add_match(c.id, s3.id, _match(other, box, 0.55), decision="rejected")
    svc.settings.tsas = [TsaSettings(tsa.url, [str(tsa.config.root_pem)])]
    svc.save_settings()
    assert svc.timestamps.timestamp_case(c.id).pending == 0
    yield svc, c, s3
    svc.close()


def _user_values(svc, case_id: int, type_id: str, lang: str) -> list[str]:
    """What the user types in: every field the case does not provide, at its template example."""
    tpl, ctx = svc.letters.context_for_case(case_id, type_id, lang)
    return [f"{f.name}={f.example}" for f in tpl.fields if not ctx.has(f.name)]


def _run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_fourteen_letters_from_one_case(case, tmp_path, data_dir, capsys):
    svc, c, rejected = case
    evidence = {i.id: i for i in svc.cases.list_evidence(c.id)}
    stamps = [
        i.timestamp
        for i in evidence.values()
        if i.kind in ("suspect", "page-image") and i.id != rejected.id
    ]
    assert len(stamps) == 2 and all(stamps)
    for lang in ("en", "zh-CN"):
        for type_id in TYPES:
            pdf, docx_path = tmp_path / f"{type_id}-{lang}.pdf", tmp_path / f"{type_id}-{lang}.docx"
            sets = [
                arg for value in _user_values(svc, c.id, type_id, lang) for arg in ("--set", value)
            ]
            code, out, err = _run(
                capsys,
                [
                    "--data-dir",
                    str(data_dir),
                    "letter",
                    str(c.id),
                    "--type",
                    type_id,
                    "--lang",
                    lang,
                    "-o",
                    str(pdf),
                    "--docx",
                    str(docx_path),
                    "--json",
                    *sets,
                ],
            )
            assert code == 0, err
            result = json.loads(out)
            assert result["pdf_sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
            assert result["checklist"] and result["pages"] >= 2
            _check_document(
                svc, c.id, type_id, lang, pdf, docx_path, [s for s in stamps if s], rejected.sha256
            )
            # Drafts are drafts: generating adds nothing to the case.
            assert result["recorded_evidence_ids"] == []
    assert len(svc.cases.list_evidence(c.id)) == len(evidence)
    assert not [e for e in svc.cases.custody_log(c.id) if e.event.startswith("letter-")]
    # The user sends one: that very file becomes evidence, with its custody entry.
    sent = tmp_path / "dmca-en.pdf"
    code, out, err = _run(
        capsys,
        [
            "--data-dir",
            str(data_dir),
            "letter",
            str(c.id),
            "--type",
            "dmca",
            "--lang",
            "en",
            "--mark-sent",
            str(sent),
            "--json",
        ],
    )
    assert code == 0, err
    kept = svc.cases.get_evidence(json.loads(out)["evidence_id"])
    assert kept.kind == "letter" and kept.sha256 == hashlib.sha256(sent.read_bytes()).hexdigest()
    log = [e for e in svc.cases.custody_log(c.id) if e.event.startswith("letter-")]
    assert [(e.event, e.data["letter_type"], e.data["language"]) for e in log] == [
        ("letter-sent", "dmca", "en")
    ]
    assert svc.cases.verify_log(c.id) == []


def _check_document(svc, case_id, type_id, lang, pdf, docx_path, stamps, rejected_sha) -> None:
    import docx

    tpl, ctx = svc.letters.context_for_case(
        case_id, type_id, lang, _user_values(svc, case_id, type_id, lang)
    )
    letter, missing = svc.letters.prepare(tpl, ctx)
    assert missing == []
    text = _pdf_text(pdf)
    document = docx.Document(str(docx_path))
    word = _squash(
        "\n".join(
            [p.text for p in document.paragraphs]
            + [c.text for t in document.tables for r in t.rows for c in r.cells]
        )
    )
    expected: list[str] = []
    for element in tpl.elements:
        for cond in (*element.requires, *element.any_of):
            kind, _, name = cond.partition(":")
            spec = tpl.field(name) if kind == "field" else None
            if spec is not None and spec.kind == "date" and ctx.has(name):
                expected.append(format_date(str(ctx.values[name]), letter.pack))
            elif spec is not None and name in ("sender_id", "sender_address"):
                # identifiers: on the enclosure for the recipient, or in the text, never lost
                assert any(str(ctx.values[name]) in line for line in letter.confidential) or (
                    str(ctx.values[name]) in letter.plain_text()
                )
            elif spec is not None and spec.kind not in ("confirm",) and ctx.has(name):
                value = ctx.values[name]
                expected += value if isinstance(value, list) else [value]
            elif kind == "statement":
                expected += [
                    b.text for b in letter.blocks if b.kind == "statement" and b.tag == name
                ]
            elif kind == "evidence":
                expected += [e.sha256 for e in letter.evidence]
    expected += [PROFILE, PHOTO_PAGE, letter.subject, letter.date_text]
    expected += [format_instant(s.gen_time) for s in stamps]
    expected += [s.tsa_name or s.tsa_url for s in stamps]
    for snippet in expected:
        assert _squash(snippet) in text, (type_id, lang, snippet)
        assert _squash(snippet) in word, (type_id, lang, snippet)
    assert rejected_sha not in text  # a rejected match is never cited
    assert len(letter.evidence) == 2
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    assert sum(len(p.images) for p in reader.pages) == 4  # suspect + original per item
    assert len(document.inline_shapes) == 4
    if shutil.which("pdffonts"):
        listing = subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert listing and all(" yes yes yes " in line for line in listing), listing


def test_refusal_lists_missing_elements_and_writes_nothing(case, tmp_path, data_dir, capsys):
    svc, c, _ = case
    for type_id, lang in [(t, lang) for t in TYPES for lang in ("en", "zh-CN")]:
        out_pdf = tmp_path / f"{type_id}.pdf"
        before = len(svc.cases.list_evidence(c.id))
        code, out, err = _run(
            capsys,
            [
                "--data-dir",
                str(data_dir),
                "letter",
                str(c.id),
                "--type",
                type_id,
                "--lang",
                lang,
                "-o",
                str(out_pdf),
                "--json",
            ],
        )
        assert code == 3
        report = json.loads(out)
        assert report["error"] == "missing-elements" and report["missing"]
        tpl = svc.letters.template(type_id, lang)
        labels = {e.label for e in tpl.elements} | {f.label for f in tpl.fields}
        assert all(m["label"] in labels for m in report["missing"])
        assert report["checklist"] and "letter was not produced" in err
        assert not out_pdf.exists() and len(svc.cases.list_evidence(c.id)) == before
        # With every value given except one required element's field, that element is named.
        values = _user_values(svc, c.id, type_id, lang)
        element = next(
            e
            for e in tpl.elements
            if any(
                cond.startswith("field:")
                and not svc.letters.context_for_case(c.id, type_id, lang)[1].has(cond[6:])
                for cond in e.requires
            )
        )
        dropped = next(
            cond[6:]
            for cond in element.requires
            if cond.startswith("field:") and any(v.startswith(cond[6:] + "=") for v in values)
        )
        sets = [a for v in values if not v.startswith(dropped + "=") for a in ("--set", v)]
        code, out, _ = _run(
            capsys,
            [
                "--data-dir",
                str(data_dir),
                "letter",
                str(c.id),
                "--type",
                type_id,
                "--lang",
                lang,
                "-o",
                str(out_pdf),
                "--json",
                *sets,
            ],
        )
        assert code == 3 and [m["id"] for m in json.loads(out)["missing"]] == [element.id]


def test_list_and_set_overrides_the_case(case, tmp_path, data_dir, capsys):
    svc, c, _ = case
    code, out, _ = _run(capsys, ["--data-dir", str(data_dir), "letter", "--list", "--json"])
    listing = json.loads(out)
    assert code == 0 and [t["type"] for t in listing] == sorted(TYPES)
    for entry in listing:
        assert entry["languages"] == ["en", "zh-CN"]
        assert all(
            set(f) >= {"name", "required", "example"} and f["example"] for f in entry["fields"]
        )
    sets = [a for v in _user_values(svc, c.id, "dmca", "en") for a in ("--set", v)]
    out_pdf = tmp_path / "dmca.pdf"
    code, _, err = _run(
        capsys,
        [
            "--data-dir",
            str(data_dir),
            "letter",
            str(c.id),
            "--type",
            "dmca",
            "--lang",
            "en",
            "-o",
            str(out_pdf),
            *sets,
            "--set",
            "platform_name=PhotoShare Europe",
            "--set",
            "sender_name=Mei Lin (by her agent)",
        ],
    )
    assert code == 0, err
    text = _pdf_text(out_pdf)
    assert _squash("PhotoShare Europe") in text and _squash("Mei Lin (by her agent)") in text
    assert "onHeartLinkthat" not in text
    code, _, err = _run(
        capsys,
        [
            "--data-dir",
            str(data_dir),
            "letter",
            str(c.id),
            "--type",
            "dmca",
            "-o",
            str(out_pdf),
            "--set",
            "no_such_field=1",
        ],
    )
    assert code == 3 and "no field 'no_such_field'" in err


def test_custom_template_in_the_data_folder(case, tmp_path, data_dir, capsys):
    svc, c, _ = case
    folder = data_dir / "letters" / "en"
    folder.mkdir(parents=True)
    builtin = Path(svc.letters.template("dmca", "en").path).read_text(encoding="utf-8")
    (folder / "clinic-dmca.letter").write_text(
        builtin.replace('type = "dmca"', 'type = "clinic-dmca"').replace(
            "Dear Designated Agent,", "Dear Agent, from the Harbour clinic,"
        ),
        encoding="utf-8",
    )
    (folder / "broken.letter").write_text(
        builtin.replace("{% endif %}", "{% endfi %}", 1), encoding="utf-8"
    )
    code, out, err = _run(capsys, ["--data-dir", str(data_dir), "letter", "--list", "--json"])
    assert "clinic-dmca" in [t["type"] for t in json.loads(out)]
    assert "broken.letter has a mistake at line" in err
    sets = [a for v in _user_values(svc, c.id, "dmca", "en") for a in ("--set", v)]
    code, _, err = _run(
        capsys,
        [
            "--data-dir",
            str(data_dir),
            "letter",
            str(c.id),
            "--type",
            "clinic-dmca",
            "--lang",
            "en",
            "-o",
            str(tmp_path / "c.pdf"),
            *sets,
        ],
    )
    assert code == 0, err
    assert _squash("from the Harbour clinic") in _pdf_text(tmp_path / "c.pdf")
    code, _, err = _run(
        capsys,
        [
            "--data-dir",
            str(data_dir),
            "letter",
            str(c.id),
            "--type",
            "broken",
            "--lang",
            "en",
            "-o",
            str(tmp_path / "b.pdf"),
        ],
    )
    line = next(n for n, text in enumerate(builtin.splitlines(), 1) if "{% endif %}" in text)
    assert code == 3 and f"line {line}" in err and "broken.letter" in err
