"""The command line as a user or a script meets it: exit codes, JSON, plain errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import save_photo

from picproof import __version__


def run(*args: str, data: Path | None = None) -> subprocess.CompletedProcess[str]:
    base = [sys.executable, "-m", "picproof"] + (["--data-dir", str(data)] if data else [])
    return subprocess.run([*base, *args], capture_output=True, text=True, timeout=120)


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0 and __version__ in out.stdout


def test_usage_error_exits_2() -> None:
    out = run("library", "frobnicate")
    assert out.returncode == 2 and "usage" in out.stderr.lower()


def test_bad_input_exits_3_with_a_sentence_not_a_traceback(tmp_path: Path) -> None:
    out = run("library", "add", str(tmp_path / "does-not-exist"), data=tmp_path / "d")
    assert out.returncode == 3
    assert "does not exist" in out.stderr and "Traceback" not in out.stderr
    out = run("library", "scan", "--json", data=tmp_path / "d")
    assert out.returncode == 3
    assert json.loads(out.stdout)["error"] == "no-folders"


def test_add_scan_stats_round_trip(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    for i in range(3):
        save_photo(lib / f"p{i}.jpg", 200, 150, seed=i)
    data = tmp_path / "d"
    assert run("library", "add", str(lib), data=data).returncode == 0
    scan = run("library", "scan", data=data)
    assert scan.returncode == 0 and "3 photos indexed" in scan.stdout
    stats = json.loads(run("library", "stats", "--json", data=data).stdout)
    assert stats["photos"] == 3 and stats["skipped"] == 0
    assert stats["folders"][0]["path"] == str(lib.resolve())


def test_self_test_reports_components() -> None:
    out = run("self-test", "--json")
    data = json.loads(out.stdout)
    names = {c["component"] for c in data["components"]}
    assert {"images", "opencv", "heif", "fonts", "keyring", "translations", "sqlite"} <= names
    assert out.returncode == (0 if data["ok"] else 1)
    assert all(c["ok"] for c in data["components"] if c["required"])
