"""The ``case`` and ``verify`` commands end to end (real TSA, real files, a local web page)."""

from __future__ import annotations

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image
from tests.conftest import save_photo

from picproof.cli import main


def _run(capsys, *argv: str) -> tuple[int, dict | str]:
    code = main(list(argv))
    out = capsys.readouterr().out
    try:
        return code, json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return code, out


def _site():
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buf, "PNG")
    pages = {
        "/p": ("text/html", b'<html><img src="/i.png"></html>'),
        "/i.png": ("image/png", buf.getvalue()),
    }

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            ctype, body = pages.get(self.path, ("text/plain", b""))
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_case_workflow_from_the_command_line(tmp_path, capsys, tsa):
    d = str(tmp_path / "data")
    code, out = _run(
        capsys, "--data-dir", d, "case", "new", "Fake seller", "--kind", "product", "--json"
    )
    assert code == 0 and out["id"] == 1
    shot = save_photo(tmp_path / "shot.png", 100, 80, seed=4)
    code, out = _run(
        capsys,
        "--data-dir",
        d,
        "case",
        "add",
        "1",
        str(shot),
        "--platform",
        "Pinduoduo",
        "--account",
        "seller9",
        "--json",
    )
    assert code == 0 and out["evidence"][0]["timestamp_status"] == "pending"
    server = _site()
    try:
        code, out = _run(
            capsys,
            "--data-dir",
            d,
            "case",
            "capture",
            "1",
            f"http://127.0.0.1:{server.server_address[1]}/p",
            "--json",
        )
    finally:
        server.shutdown()
        server.server_close()
    assert code == 0 and len(out["image_evidence_ids"]) == 1 and "JavaScript" in out["note"]
    root = str(tsa.config.root_pem)
    code, out = _run(
        capsys,
        "--data-dir",
        d,
        "case",
        "timestamp",
        "1",
        "--tsa",
        tsa.url,
        "--tsa-ca",
        root,
        "--json",
    )
    assert code == 0 and out == {"timestamped": 3, "pending": 0, "tsa": tsa.url, "errors": []}
    code, out = _run(capsys, "--data-dir", d, "case", "show", "1", "--json")
    kinds = sorted(i["kind"] for i in out["evidence"])
    assert kinds == ["page", "page-image", "suspect"]
    page = next(i for i in out["evidence"] if i["kind"] == "page")
    assert page["acquisition"]["http"]["status"] == 200
    code, out = _run(capsys, "--data-dir", d, "case", "log", "1", "--json")
    assert code == 0 and out["intact"] and out["entries"][0]["event"] == "case-created"
    bundle = str(tmp_path / "b.zip")
    code, _ = _run(
        capsys,
        "--data-dir",
        d,
        "case",
        "export",
        "1",
        "-o",
        bundle,
        "--tsa",
        tsa.url,
        "--tsa-ca",
        root,
    )
    assert code == 0
    code, out = _run(capsys, "verify", bundle, "--json")
    assert code == 0 and out["ok"] and out["tokens_verified"] == 5
    code, out = _run(
        capsys, "--data-dir", str(tmp_path / "clinic"), "case", "import", bundle, "--json"
    )
    assert code == 0 and out["title"] == "Fake seller"
    code, out = _run(capsys, "--data-dir", d, "case", "list", "--json")
    assert [c["title"] for c in out["cases"]] == ["Fake seller"]


def test_offline_timestamp_and_errors_exit_codes(tmp_path, capsys):
    d = str(tmp_path / "data")
    _run(capsys, "--data-dir", d, "case", "new", "x")
    code, out = _run(
        capsys,
        "--data-dir",
        d,
        "case",
        "add",
        "1",
        str(save_photo(tmp_path / "a.png", 50, 40, seed=1)),
    )
    code, out = _run(capsys, "--data-dir", d, "case", "timestamp", "1")
    assert code == 4 and "not yet timestamped" in out
    code, _ = _run(capsys, "--data-dir", d, "case", "show", "9")
    assert code == 3
    code, _ = _run(capsys, "--data-dir", d, "case", "add", "1", str(tmp_path / "missing.png"))
    assert code == 3
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    code, out = _run(capsys, "verify", str(bad), "--json")
    assert code == 1 and out["issues"][0]["code"] == "not-a-bundle"
    code, _ = _run(capsys, "--data-dir", d, "case", "import", str(bad))
    assert code == 3


def test_add_timestamps_at_acquisition_when_tsas_are_configured(tmp_path, capsys, tsa):
    from picproof.services.context import open_services
    from picproof.services.settings import TsaSettings

    d = tmp_path / "data"
    svc = open_services(d)
    svc.settings.tsas = [TsaSettings(tsa.url, [str(tsa.config.root_pem)])]
    svc.save_settings()
    svc.close()
    _run(capsys, "--data-dir", str(d), "case", "new", "auto")
    code, out = _run(
        capsys,
        "--data-dir",
        str(d),
        "case",
        "add",
        "1",
        str(save_photo(tmp_path / "a.png", 50, 40, seed=1)),
        "--json",
    )
    assert code == 0 and out["evidence"][0]["timestamp"]["tsa"] == tsa.url
    code, out = _run(
        capsys,
        "--data-dir",
        str(d),
        "case",
        "add",
        "1",
        "--no-timestamp",
        str(save_photo(tmp_path / "b.png", 50, 40, seed=2)),
        "--json",
    )
    assert code == 0 and out["evidence"][0]["timestamp_status"] == "pending"
    bundle = str(tmp_path / "b.zip")
    assert _run(capsys, "--data-dir", str(d), "case", "export", "1", "-o", bundle)[0] == 0
    code, out = _run(capsys, "--data-dir", str(d), "verify", bundle, "--json")
    assert code == 0 and [r["known"] for r in out["roots"]] == ["yes"]
    code, out = _run(capsys, "--data-dir", str(tmp_path / "elsewhere"), "verify", bundle, "--json")
    assert code == 0 and [r["known"] for r in out["roots"]] == ["no"]
    assert not (tmp_path / "elsewhere").exists()  # verifying creates nothing
