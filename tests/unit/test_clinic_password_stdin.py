"""``--password-stdin`` reads every password the command needs from standard input, the connecting
user's first when no other place has it (README: ``clinic init`` "asks picproof_owner's and then
alice's password"); before, such a script was told to run ``clinic login`` instead."""

from __future__ import annotations

import io
import os

from picproof.cli import main


def test_connecting_password_is_the_first_line(clinic, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setenv("PICPROOF_DB", "")
    monkeypatch.setenv("PICPROOF_DATA_DIR", os.environ.get("PICPROOF_DATA_DIR", ""))
    bare = clinic.cluster.url(clinic.admin, "", clinic.name)  # no password in the address
    assert ":@" not in bare and clinic.admin_password not in bare
    name = f"{clinic.name}_stdin"
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{clinic.admin_password}\nnew-secret\n"))
    argv = ["--data-dir", str(tmp_path / "data"), "clinic", "user", "add", name]
    code = main([*argv, "--role", "staff", "--db", bare, "--password-stdin"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"Added {name} (staff)." in captured.out
    # The second line became the new person's password.
    clinic.passwords[name] = "new-secret"
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    status = ["--data-dir", str(tmp_path / "data"), "clinic", "status", "--db", clinic.url(name)]
    assert main(status) == 0
