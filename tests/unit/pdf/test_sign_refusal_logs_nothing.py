"""``case export --sign`` with no signing key and no name to make one in (a clinic case: no rights
holder, no operator) is refused before anything happens: no bundle, and no "bundle exported" entry
in the custody log for a bundle that was never written."""

from __future__ import annotations

import keyring
from tests.conftest import save_photo
from tests.unit.services.test_secrets import MemoryKeyring

from picproof.cli import main
from picproof.services.context import open_services
from picproof.services.settings import TsaSettings


def test_export_sign_without_a_name_is_refused_before_the_log(data_dir, tsa, tmp_path, capsys):
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        svc = open_services(data_dir)
        svc.settings.tsas = [TsaSettings(tsa.url, [str(tsa.config.root_pem)])]
        svc.save_settings()
        case = svc.cases.create_case("Fake profile", "impersonation")
        svc.cases.add_evidence(case.id, [save_photo(tmp_path / "shot.png", 120, 90, seed=1)])
        before = [e.event for e in svc.cases.custody_log(case.id)]
        svc.close()
        out = tmp_path / "bundle.zip"
        argv = ["--data-dir", str(data_dir), "case", "export", str(case.id), "-o", str(out)]
        assert main([*argv, "--sign"]) == 3
        assert "signing create NAME" in capsys.readouterr().err
        assert not out.exists()
        svc = open_services(data_dir)
        assert [e.event for e in svc.cases.custody_log(case.id)] == before
        svc.close()
    finally:
        keyring.set_keyring(previous)
