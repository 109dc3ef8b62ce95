"""A link the user made by hand (``picproof case link``) reads as such in the bundle's report: in
words in a Chinese report, and with no made-up 0.000 score."""

from __future__ import annotations

import io
import zipfile

from pypdf import PdfReader
from tests.conftest import save_photo

from picproof.cli import main
from picproof.services.case_links import link_original
from picproof.services.context import open_services


def test_report_says_a_user_link_in_words_without_a_score(tmp_path, data_dir, capsys):
    svc = open_services(data_dir)
    case = svc.cases.create_case("盗图", "impersonation", language="zh_CN")
    (shot,) = svc.cases.add_evidence(case.id, [save_photo(tmp_path / "shot.png", 120, 90, seed=1)])
    (mine,) = svc.cases.add_evidence(
        case.id, [save_photo(tmp_path / "mine.jpg", 120, 90, seed=2)], kind="original"
    )
    svc.close()
    base = ["--data-dir", str(data_dir), "case"]
    assert (
        main([*base, "link", str(case.id), "--original", str(mine.id), "--to", str(shot.id)]) == 0
    )
    out = tmp_path / "bundle.zip"
    assert main([*base, "export", str(case.id), "-o", str(out)]) == 0
    capsys.readouterr()
    with zipfile.ZipFile(out) as bundle:
        report = PdfReader(io.BytesIO(bundle.read("report.pdf")))
    text = "".join(page.extract_text() for page in report.pages)
    assert "本人手动关联" in text
    assert "user-linked" not in text and "0.000" not in text


def test_linking_the_same_pair_twice_records_it_once(tmp_path, data_dir):
    svc = open_services(data_dir)
    case = svc.cases.create_case("Fake", "impersonation")
    (shot,) = svc.cases.add_evidence(case.id, [save_photo(tmp_path / "shot.png", 120, 90, seed=1)])
    (mine,) = svc.cases.add_evidence(
        case.id, [save_photo(tmp_path / "mine.jpg", 120, 90, seed=2)], kind="original"
    )
    first = link_original(svc.cases, case.id, f"E{mine.id}", f"E{shot.id}")
    again = link_original(svc.cases, case.id, mine.id, shot.id)
    assert again.id == first.id
    assert [m.id for m in svc.cases.matches(case.id)] == [first.id]
    svc.close()
