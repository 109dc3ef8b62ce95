"""``picproof clinic …`` and ``--db URL`` end to end, on the real throwaway PostgreSQL server."""

from __future__ import annotations

import io
import json
import os

import psycopg
from tests.conftest import save_photo

from picproof.cli import main


def _run(capsys, monkeypatch, *argv: str, stdin: str = "") -> tuple[int, object, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    # main() sets these from --db / --data-dir: set them here so the test's end restores them.
    monkeypatch.setenv("PICPROOF_DB", "")
    monkeypatch.setenv("PICPROOF_DATA_DIR", os.environ.get("PICPROOF_DATA_DIR", ""))
    code = main(list(argv))
    captured = capsys.readouterr()
    try:
        return code, json.loads(captured.out.strip().splitlines()[-1]), captured.err
    except (ValueError, IndexError):
        return code, captured.out, captured.err


def test_init_users_and_cases_through_the_command_line(
    clinic, pg_cluster, tmp_path, capsys, monkeypatch
):
    data = str(tmp_path / "data")
    # A second init on the same database (by its owner) upgrades nothing and keeps the admin.
    code, out, _ = _run(
        capsys, monkeypatch, "--data-dir", data, "clinic", "init", "--db", clinic.owner_url,
        "--admin", clinic.admin, "--password-stdin", "--json", stdin="ignored\n",
    )  # fmt: skip
    assert code == 0 and out["version_after"] == 1 and out["admin_created"] is None
    admin = clinic.admin_url
    for name, role in (("ann", "staff"), ("bob", "staff")):
        code, out, err = _run(
            capsys, monkeypatch, "--data-dir", data, "clinic", "user", "add",
            f"{clinic.name}_{name}", "--role", role, "--db", admin, "--password-stdin", "--json",
            stdin=f"secret-{name}\n",
        )  # fmt: skip
        assert code == 0, err
        clinic.passwords[f"{clinic.name}_{name}"] = f"secret-{name}"
    ann, bob = f"{clinic.name}_ann", f"{clinic.name}_bob"
    code, out, _ = _run(capsys, monkeypatch, "--data-dir", data, "clinic", "user", "list",
                        "--db", admin, "--json")  # fmt: skip
    assert {(p["name"], p["role"]) for p in out} >= {(ann, "staff"), (bob, "staff")}
    # Staff cannot add people.
    code, out, err = _run(
        capsys, monkeypatch, "--data-dir", data, "clinic", "user", "add", f"{clinic.name}_x",
        "--role", "admin", "--db", clinic.url(ann), "--password-stdin", stdin="x\n",
    )  # fmt: skip
    assert code == 4 and "not allowed" in err and "Traceback" not in err

    # Ann's case, through the ordinary case commands and --db.
    photo = save_photo(tmp_path / "shot.png", seed=4)
    ann_db = ["--data-dir", data, "--db", clinic.url(ann)]
    code, case, _ = _run(capsys, monkeypatch, *ann_db, "case", "new", "Fake profile", "--json")
    assert code == 0
    code, out, err = _run(capsys, monkeypatch, *ann_db, "case", "add", str(case["id"]),
                          str(photo), "--no-timestamp", "--json")  # fmt: skip
    assert code == 0, err
    code, log, _ = _run(capsys, monkeypatch, *ann_db, "case", "log", str(case["id"]), "--json")
    assert code == 0
    bob_db = ["--data-dir", data, "--db", clinic.url(bob)]
    code, listed, _ = _run(capsys, monkeypatch, *bob_db, "case", "list", "--json")
    assert code == 0 and listed["cases"] == []
    code, out, err = _run(capsys, monkeypatch, *bob_db, "case", "show", str(case["id"]))
    assert code == 3 and "Not found" in err
    code, out, _ = _run(capsys, monkeypatch, *["--data-dir", data], "clinic", "assign",
                        str(case["id"]), bob, "--db", admin)  # fmt: skip
    assert code == 0
    code, listed, _ = _run(capsys, monkeypatch, *bob_db, "case", "list", "--json")
    assert [c["id"] for c in listed["cases"]] == [case["id"]]
    # Nothing of it was written locally.
    assert not (tmp_path / "data" / "evidence.sqlite3").exists()


def test_local_cases_move_in_and_their_bundles_verify_before_and_after(
    clinic, tmp_path, capsys, monkeypatch
):
    data = str(tmp_path / "data")
    local = ["--data-dir", data]
    lea = clinic.add("lea", "lawyer")
    code, case, _ = _run(capsys, monkeypatch, *local, "case", "new", "Shop copy", "--json")
    photos = [save_photo(tmp_path / f"p{i}.png", seed=10 + i) for i in range(3)]
    code, items, err = _run(capsys, monkeypatch, *local, "case", "add", str(case["id"]),
                            *map(str, photos), "--no-timestamp", "--json")  # fmt: skip
    assert code == 0, err
    code, _, _ = _run(capsys, monkeypatch, *local, "case", "deadline", str(case["id"]), "custom",
                      "--due", "2030-01-01")  # fmt: skip
    before = tmp_path / "before.zip"
    code, _, err = _run(capsys, monkeypatch, *local, "case", "export", str(case["id"]), "-o",
                        str(before))  # fmt: skip
    assert code == 0, err

    code, moved, err = _run(capsys, monkeypatch, *local, "clinic", "import", str(case["id"]),
                            "--db", clinic.url(lea), "--json")  # fmt: skip
    assert code == 0, err
    [m] = moved
    assert m["items"] == 3
    # Moving it twice is refused; nothing doubles.
    code, _, err = _run(capsys, monkeypatch, *local, "clinic", "import", str(case["id"]),
                        "--db", clinic.url(lea))  # fmt: skip
    assert code == 3 and "already in the clinic" in err

    remote = [*local, "--db", clinic.url(lea)]
    code, log, _ = _run(capsys, monkeypatch, *remote, "case", "log", str(m["clinic_id"]), "--json")
    entries = log["entries"] if isinstance(log, dict) else log
    assert entries[-1]["event"] == "case-moved-to-clinic"
    assert entries[-1]["data"]["db_user"] == lea
    after = tmp_path / "after.zip"
    code, _, err = _run(capsys, monkeypatch, *remote, "case", "export", str(m["clinic_id"]), "-o",
                        str(after))  # fmt: skip
    assert code == 0, err
    for bundle in (before, after):
        code, report, err = _run(capsys, monkeypatch, "verify", str(bundle), "--json")
        assert code == 0 and report["ok"], (bundle, report)
    # The server holds every file, each hashing to its name; the local log says where it went.
    with psycopg.connect(clinic.owner_url) as conn:
        bad = conn.execute(
            "SELECT b.sha256 FROM picproof.blobs b WHERE encode(sha256(("
            " SELECT string_agg(data, ''::bytea ORDER BY n) FROM picproof.blob_chunks c"
            " WHERE c.sha256 = b.sha256)), 'hex') <> b.sha256"
        ).fetchall()
        count = conn.execute("SELECT count(*) FROM picproof.evidence").fetchone()
    assert bad == [] and count == (3,)
    code, log, _ = _run(capsys, monkeypatch, *local, "case", "log", str(case["id"]), "--json")
    entries = log["entries"] if isinstance(log, dict) else log
    assert entries[-1]["event"] == "case-moved"


def test_unreachable_server_is_a_sentence_not_a_traceback(tmp_path, capsys, monkeypatch):
    url = "postgresql://ann:pw@127.0.0.1:1/clinic"
    code, out, err = _run(capsys, monkeypatch, "--data-dir", str(tmp_path / "d"), "--db", url,
                          "case", "list")  # fmt: skip
    assert code == 4
    assert (
        "cannot be reached" in err
        and "Traceback" not in err
        and "pw" not in err.replace("picproof", "")
    )


def test_passwords_are_reset_by_admins_and_changed_by_their_owner(
    clinic, tmp_path, capsys, monkeypatch
):
    data = ["--data-dir", str(tmp_path / "data")]
    ann, bob = clinic.add("ann", "staff"), clinic.add("bob", "staff")
    code, out, err = _run(capsys, monkeypatch, *data, "clinic", "user", "password", ann,
                          "--db", clinic.admin_url, "--password-stdin", "--json",
                          stdin="reset-by-admin\n")  # fmt: skip
    assert code == 0 and out == {"name": ann, "changed": True}, err
    clinic.passwords[ann] = "reset-by-admin"
    code, out, err = _run(capsys, monkeypatch, *data, "clinic", "password", "--db",
                          clinic.url(ann), "--password-stdin", stdin="mine-now\n")  # fmt: skip
    assert code == 0, err
    clinic.passwords[ann] = "mine-now"
    with psycopg.connect(clinic.url(ann)) as conn:
        assert conn.execute("SELECT session_user").fetchone() == (ann,)
    code, out, err = _run(capsys, monkeypatch, *data, "clinic", "user", "password", bob,
                          "--db", clinic.url(ann), "--password-stdin", stdin="x\n")  # fmt: skip
    assert code == 4 and "not allowed" in err
