"""Letters: which evidence a letter uses, where its recipient is, exit codes, and the CLI link."""

from __future__ import annotations

import json

import pytest
from PIL import Image
from pypdf import PdfReader
from tests.conftest import save_photo

from picproof.cli import main
from picproof.core.errors import LetterError
from picproof.services.context import open_services

DMCA = [
    "sender_name=Mei Lin",
    "sender_address=1 Harbour Road, Hong Kong",
    "sender_email=mei@example.com",
    "recipient_name=Copyright Agent",
    "work_description=My portrait photographs",
    "signature=/Mei Lin/",
    "confirm_good_faith=yes",
    "confirm_accuracy=yes",
]


@pytest.fixture
def shop(tmp_path, data_dir):
    """A product case: the user's original (with EXIF camera and time), a Taobao capture of it,
    and an Instagram capture not linked to anything."""
    svc = open_services(data_dir)
    c = svc.cases.create_case("cloned listing", "product")
    original = save_photo(tmp_path / "DSC_0042.jpg", 900, 600, seed=5)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "NIKON CORPORATION", "NIKON D7500"
    exif.get_ifd(0x8769)[0x9003] = "2025:03:14 10:21:33"
    Image.open(original).save(original, exif=exif)
    shot = Image.new("RGB", (600, 900), (240, 240, 240))
    shot.paste(Image.open(original).resize((450, 300)), (75, 200))
    shot.save(tmp_path / "taobao.png")
    Image.new("RGB", (400, 400), (10, 90, 200)).save(tmp_path / "insta.png")
    orig = svc.cases.add_evidence(c.id, [original], kind="original")[0]
    taobao = svc.cases.add_evidence(
        c.id, [tmp_path / "taobao.png"], platform="Taobao", url="https://item.taobao.com/i?id=1"
    )[0]
    svc.cases.add_evidence(
        c.id, [tmp_path / "insta.png"], platform="Instagram", url="https://www.instagram.com/p/x/"
    )
    yield svc, c, orig, taobao
    svc.close()


def _run(capsys, data_dir, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _sets(values: list[str]) -> list[str]:
    return [a for v in values for a in ("--set", v)]


def test_exit_codes_tell_usage_from_bad_values(shop, tmp_path, data_dir, capsys):
    _, c, _, _ = shop
    pdf = str(tmp_path / "x.pdf")
    base = ["letter", str(c.id), "--type", "dmca", "-o", pdf]
    assert _run(capsys, data_dir, "letter", "999", "--type", "dmca", "-o", pdf)[0] == 2
    assert _run(capsys, data_dir, "letter", str(c.id), "--type", "nope", "-o", pdf)[0] == 2
    assert _run(capsys, data_dir, *base, "--lang", "fr")[0] == 2
    assert _run(capsys, data_dir, *base)[0] == 3  # fields missing
    code, _, err = _run(
        capsys, data_dir, *base, *_sets(DMCA), "--set", "infringing_urls=javascript:alert(1)"
    )
    assert code == 3 and "http:// or https://" in err
    code, _, err = _run(capsys, data_dir, *base, *_sets(DMCA), "--evidence", "E9")
    assert code == 3 and "E9" in err
    assert not (tmp_path / "x.pdf").exists()


def test_evidence_per_letter_and_forum_warning(shop, tmp_path, data_dir, capsys):
    svc, c, orig, taobao = shop
    from picproof.services.case_links import link_original

    link_original(svc.cases, c.id, f"E{orig.id}", str(taobao.id))
    pdf = tmp_path / "dmca.pdf"
    args = ["letter", str(c.id), "--type", "dmca", "-o", str(pdf), "--json", *_sets(DMCA)]
    # A notice about Taobao: by default only the Taobao capture, and a warning (DMCA is US law).
    code, out, err = _run(capsys, data_dir, *args, "--set", "platform_name=Taobao")
    assert code == 0, err
    result = json.loads(out)
    assert result["evidence"] == ["E1"] and result["forum"] == "cn"
    assert result["forum_reason"] == "platform"
    assert [w["code"] for w in result["warnings"]] == ["dmca-not-us"]
    assert "United States procedure" in err
    text = "\n".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages)
    assert "instagram" not in text.lower()
    assert "NIKON D7500" in text and "2025-03-14 10:21:33" in text  # the original's EXIF
    assert "match area outlined in red" not in text  # a user link draws no box
    assert "the sender identified the original" in text
    assert sum(len(p.images) for p in PdfReader(str(pdf)).pages) == 2
    # The user picks the Instagram capture: no original is linked to it, and the letter says so.
    code, out, err = _run(
        capsys, data_dir, *args, "--set", "platform_name=Instagram", "--evidence", "E2"
    )
    assert code == 0, err
    assert json.loads(out)["warnings"] == []  # Instagram: US
    text = "\n".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages)
    assert "No original file of mine is linked" in " ".join(text.split())
    assert "No original photo is linked to this capture" in " ".join(text.split())
    assert "taobao" not in text.lower()
    # drafts are not evidence
    assert [i.kind for i in svc.cases.list_evidence(c.id)] == ["original", "suspect", "suspect"]


def test_case_link_from_the_command_line(shop, data_dir, capsys):
    svc, c, orig, taobao = shop
    code, out, err = _run(
        capsys,
        data_dir,
        *["case", "link", str(c.id), "--original", str(orig.id), "--to", f"E{taobao.id}"],
        "--json",
    )
    assert code == 0, err
    assert json.loads(out)["original_evidence_id"] == orig.id
    event = svc.cases.custody_log(c.id)[-1]
    assert event.event == "match-accepted" and event.data["level"] == "user-linked"
    tpl, ctx = svc.letters.context_for_case(c.id, "dmca", "en", DMCA)
    first = ctx.evidence[0]
    assert first.original_image is not None and first.match_score is None
    assert ("exif_camera", "NIKON CORPORATION NIKON D7500") in first.authorship
    letter, _ = svc.letters.prepare(tpl, ctx)
    proof = next(x for x in letter.enclosure_lines() if "Proof that the photographs" in x)
    assert "(DSC_0042.jpg): enclosed" in proof  # the name the user knows, not the store's
    # linking the wrong way round is refused with a plain message
    code, _, err = _run(
        capsys, data_dir, "case", "link", str(c.id), "--original", str(taobao.id), "--to", "1"
    )
    assert code == 3 and "not one of your originals" in err


def test_enclosures_come_from_the_case_by_file_name(shop, tmp_path):
    svc, c, orig, taobao = shop
    Image.new("RGB", (60, 40), (1, 2, 3)).save(tmp_path / "my-id-card.png")
    svc.cases.add_evidence(c.id, [tmp_path / "my-id-card.png"], kind="identity-document")
    tpl, ctx = svc.letters.context_for_case(c.id, "cn-takedown", "en", evidence=["E1"])
    letter, _ = svc.letters.prepare(tpl, ctx)
    lines = letter.enclosure_lines()
    assert any("my-id-card.png" in x and x.endswith(": enclosed") for x in lines)
    assert any("Proof that the photographs are mine" in x and "to be supplied" in x for x in lines)
    assert str(tmp_path) not in "\n".join(lines)  # file names, never local paths
    # the enclosure is not a capture: never listed as evidence of the infringement
    assert [e.label for e in ctx.evidence] == ["E1"]


def test_frames_shot_just_before_and_after_are_named(tmp_path, data_dir):
    """The library holds the shoot: the other frames of the same camera within 10 minutes of the
    original are listed as authorship facts; a frame from later that day is not."""
    lib = tmp_path / "library"
    lib.mkdir()
    times = {
        "DSC_0040.jpg": "2025:03:14 10:20:02",
        "DSC_0041.jpg": "2025:03:14 10:21:33",
        "DSC_0042.jpg": "2025:03:14 10:25:40",
        "DSC_0099.jpg": "2025:03:14 15:02:00",
    }
    for seed, (name, taken) in enumerate(times.items(), start=20):
        path = save_photo(lib / name, 160, 120, seed=seed)
        exif = Image.Exif()
        exif[0x010F], exif[0x0110] = "NIKON CORPORATION", "NIKON D7500"
        exif.get_ifd(0x8769)[0x9003] = taken
        Image.open(path).save(path, exif=exif)
    svc = open_services(data_dir)
    try:
        svc.library.add_folder(lib)
        svc.library.scan(workers=1)
        c = svc.cases.create_case("shoot", "product")
        orig = svc.cases.add_evidence(c.id, [lib / "DSC_0041.jpg"], kind="original")[0]
        Image.new("RGB", (300, 300), (5, 5, 5)).save(tmp_path / "copy.png")
        shot = svc.cases.add_evidence(c.id, [tmp_path / "copy.png"])[0]
        from picproof.services.case_links import link_original

        link_original(svc.cases, c.id, orig.id, shot.id)
        _, ctx = svc.letters.context_for_case(c.id, "dmca", "en", DMCA)
        facts = dict(ctx.evidence[0].authorship)
        assert facts["neighbour_frames"] == "DSC_0040.jpg (10:20:02); DSC_0042.jpg (10:25:40)"
    finally:
        svc.close()


def test_default_evidence_is_the_accepted_matches_of_the_platform():
    from picproof.core.letters.model import EvidenceEntry
    from picproof.services.letter_parts import select_evidence

    def entry(label, platform, level=""):
        return EvidenceEntry(
            label,
            label,
            "ab" * 32,
            platform=platform,
            match_level=level,
            evidence_id=int(label[1]) + 4,
        )

    every = [
        entry("E1", "Taobao", "same-photo"),
        entry("E2", "Taobao"),  # not reviewed: no match accepted on it
        entry("E3", "Instagram", "same-photo"),
        entry("E4", ""),
    ]
    assert [e.label for e in select_evidence(every, None, "taobao")] == ["E1"]
    assert [e.label for e in select_evidence(every, None, "Pinduoduo")] == ["E4"]
    assert [e.label for e in select_evidence(every, None, "")] == ["E1", "E3"]
    assert [e.label for e in select_evidence(every, ["e2", "E4"], "Taobao")] == ["E2", "E4"]
    # the evidence numbers `case add` printed (E1 is evidence 5 here) name the same items
    assert [e.label for e in select_evidence(every, ["6", "E4"], "Taobao")] == ["E2", "E4"]
    with pytest.raises(LetterError) as refused:
        select_evidence(every, ["E5"], "Taobao")  # evidence 5 written as a letter label
    assert refused.value.fields["known"].startswith("E1 (evidence 5), E2 (evidence 6)")


def test_check_lists_the_evidence_a_letter_may_use(shop, data_dir, capsys):
    _, c, _, _ = shop

    def check(*extra: str) -> str:
        code, out, err = _run(
            capsys,
            data_dir,
            "letter",
            str(c.id),
            "--type",
            "dmca",
            "--check",
            *extra,
            *_sets(DMCA),
            "--set",
            "platform_name=Instagram",
        )
        assert code == 0, err
        return out

    result = json.loads(check("--json"))
    assert [(e["label"], e["platform"], e["used"]) for e in result["available_evidence"]] == [
        ("E1", "Taobao", False),
        ("E2", "Instagram", True),
    ]
    numbers = [e["evidence_id"] for e in result["available_evidence"]]
    assert all(isinstance(n, int) for n in numbers) and len(set(numbers)) == 2
    out = check("--evidence", str(numbers[0]))
    assert f"[x] E1 (evidence {numbers[0]})" in out and f"[ ] E2 (evidence {numbers[1]})" in out


def test_a_location_from_the_case_is_a_web_address_or_nothing(tmp_path, data_dir):
    from picproof.core.cases import InfringingAccount

    svc = open_services(data_dir)
    try:
        c = svc.cases.create_case(
            "links",
            "impersonation",
            accounts=[InfringingAccount("Soul", "fake", "77", "soul://user/77")],
        )
        Image.new("RGB", (50, 50), (1, 1, 1)).save(tmp_path / "a.png")
        svc.cases.add_evidence(c.id, [tmp_path / "a.png"], url="javascript:alert(1)")
        _, ctx = svc.letters.context_for_case(c.id, "impersonation", "en")
        assert ctx.values.get("infringing_urls", []) == []
        assert ctx.values["accounts"] == ["Soul: fake (77) (soul://user/77)"]
    finally:
        svc.close()
