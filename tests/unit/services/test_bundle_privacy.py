"""Exports say what they leave out, carry file names and not the user's folders, and a Chinese
case gets a Chinese report."""

from __future__ import annotations

import json
import zipfile

from pypdf import PdfReader
from tests.conftest import save_photo

from picproof.cli import main
from picproof.services.context import open_services


def test_bundle_has_file_names_not_folders_and_says_what_is_left_out(tmp_path, data_dir, capsys):
    folder = tmp_path / "Mei Lin private photos"
    folder.mkdir()
    svc = open_services(data_dir)
    case = svc.cases.create_case("盗图", "product", language="zh_CN")
    svc.cases.add_evidence(case.id, [save_photo(folder / "shot.png", 120, 90, seed=1)])
    svc.cases.add_evidence(
        case.id, [save_photo(folder / "DSC_0042.jpg", 120, 90, seed=2)], kind="original"
    )
    svc.close()
    out = tmp_path / "bundle.zip"
    code = main(["--data-dir", str(data_dir), "case", "export", str(case.id), "-o", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "Left out: your 1 original photo(s)" in printed
    assert "Left out: the folders 2 file(s) came from" in printed
    with zipfile.ZipFile(out) as bundle:
        manifest = bundle.read("manifest.json").decode()
        report = bundle.read("report.pdf")
    assert "private photos" not in manifest and str(tmp_path) not in manifest
    assert "shot.png" in manifest
    (tmp_path / "report.pdf").write_bytes(report)
    text = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "report.pdf")).pages)
    assert "private photos" not in text
    assert "证据目录" in text and "涉嫌侵权截图" in text and "Evidence index" not in text
    # the user may ask for the folders
    code = main(
        [
            "--data-dir",
            str(data_dir),
            "case",
            "export",
            str(case.id),
            "-o",
            str(out),
            "--include-paths",
            "--json",
        ]
    )
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and ["originals", 1] in result["left_out"]
    with zipfile.ZipFile(out) as bundle:
        assert "private photos" in bundle.read("manifest.json").decode()
