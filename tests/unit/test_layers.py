"""The layer rule: only gui/ and app.py may import PySide6; core stays pure."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_services_and_cli_do_not_load_qt() -> None:
    code = (
        "import sys, importlib, pkgutil, picproof\n"
        "for pkg in ('core', 'store', 'net', 'pdf', 'services', 'cli_cmds'):\n"
        "    mod = importlib.import_module('picproof.' + pkg)\n"
        "    for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "import picproof.cli\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_import_linter_contracts_hold() -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(lint).exists():
        pytest.skip("import-linter is not installed")
    out = subprocess.run(
        [lint, str(ROOT / "pyproject.toml")], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stdout + out.stderr
