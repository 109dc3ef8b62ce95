"""``picproof self-test`` in plain words, and ``--json`` on either side of the command."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "picproof", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
    )


def test_json_before_the_command_is_accepted() -> None:
    before = _run("--json", "self-test")
    after = _run("self-test", "--json")
    assert before.returncode == after.returncode, before.stderr
    first, second = json.loads(before.stdout), json.loads(after.stdout)
    assert [c["component"] for c in first["components"]] == [
        c["component"] for c in second["components"]
    ]


def test_no_password_store_is_said_in_words() -> None:
    # keyring's "fail" backend is what a headless Linux without a Secret Service gets
    out = _run("--json", "self-test", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    keyring = next(c for c in json.loads(out.stdout)["components"] if c["component"] == "keyring")
    assert not keyring["ok"] and not keyring["required"]
    assert "No secure password store" in keyring["detail"]
    assert "Error" not in keyring["detail"]
    text = _run("self-test", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring").stdout
    assert "RuntimeError" not in text and "No secure password store" in text
