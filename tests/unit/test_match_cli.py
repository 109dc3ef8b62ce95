"""``picproof match`` never stays silent: an empty library, an empty folder and a missing path are
each said in words, and one bad path does not hide the other files' results (issues #19, #23)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.conftest import save_photo

from picproof.cli import main


@pytest.fixture
def library(tmp_path: Path, data_dir: Path) -> Path:
    photos = tmp_path / "photos"
    save_photo(photos / "beach.jpg", 480, 360, seed=3, quality=92)
    assert main(["library", "add", str(photos), "--scan"]) == 0
    return photos


def test_an_empty_library_is_said_not_reported_as_no_match(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suspect = save_photo(tmp_path / "shot.png", 300, 200, seed=1, format="PNG")
    assert main(["match", str(suspect)]) == 3
    out, err = capsys.readouterr()
    assert "none of your photos found" not in out
    assert "library is empty" in err and "picproof library add" in err
    assert main(["match", "--json", str(suspect)]) == 3
    assert json.loads(capsys.readouterr().out)["error"] == "library-empty"


def test_a_batch_reports_every_file_and_the_exit_code_says_one_failed(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    copy = tmp_path / "copy.jpg"
    shutil.copy(library / "beach.jpg", copy)
    empty_folder = tmp_path / "nothing-here"
    empty_folder.mkdir()
    (empty_folder / "notes.txt").write_text("not a picture")
    zero = tmp_path / "zero.jpg"
    zero.write_bytes(b"")
    missing = tmp_path / "gone.jpg"
    args = [str(copy), str(missing), str(empty_folder), str(zero)]

    assert main(["match", *args]) == 3
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("copy.jpg:") and "IDENTICAL FILE" in lines[1]
    assert lines[2] == f"{missing}: not checked: no such file."
    assert lines[3].startswith(f"{empty_folder}: not checked: no pictures in this folder")
    assert lines[4] == f"{zero}: not checked: empty file (0 bytes)."
    assert not any("the file the file" in line.lower() for line in lines)

    assert main(["match", "--json", *args]) == 3
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r.get("error") for r in rows] == [None, "not-a-file", "no-pictures", "empty"]
    assert rows[0]["matches"][0]["level"] == "identical"

    assert main(["match", str(copy)]) == 0  # nothing failed: exit 0


def test_an_empty_folder_alone_is_said(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    assert main(["match", str(empty_folder)]) == 3
    assert "no pictures in this folder" in capsys.readouterr().out


def test_a_batch_leaves_no_helper_process_behind(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The small-region helper starts with a batch's second screenshot; the command ends it
    itself rather than leaving the pool to interpreter exit (where CPython 3.11 can print a
    traceback at the user)."""
    import multiprocessing

    from picproof.services.region_helper import SmallRegionHelper

    if not SmallRegionHelper()._enabled:
        pytest.skip("one CPU: the helper process is never used")
    shots = [save_photo(tmp_path / f"shot{n}.png", 320, 240, seed=n, format="PNG") for n in (5, 6)]
    assert main(["match", "--json", *map(str, shots)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert multiprocessing.active_children() == []
