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


def test_letter_sign_names_a_first_key_after_the_sender(data_dir, tsa, tmp_path, capsys):
    """A case that names nobody: ``letter --sign --set sender_name=…`` makes the first key in the
    sender's name (it was refused: "Give your name for the signing key")."""
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        svc = open_services(data_dir)
        svc.settings.tsas = [TsaSettings(tsa.url, [str(tsa.config.root_pem)])]
        svc.save_settings()
        case = svc.cases.create_case("Fake profile", "impersonation")
        example = svc.letters.example_context("eu-notice", "en").values
        svc.close()
        example["sender_name"] = "Mei Lin"
        given = [f"{k}={' | '.join(v) if isinstance(v, list) else v}" for k, v in example.items()]
        out = tmp_path / "letter.pdf"
        argv = ["--data-dir", str(data_dir), "letter", str(case.id), "--type", "eu-notice"]
        argv += ["-o", str(out), "--sign", *[a for g in given for a in ("--set", g)]]
        assert main(argv) == 0, capsys.readouterr().err
        assert out.is_file()
        svc = open_services(data_dir)
        info = svc.signing.key_info()
        svc.close()
        assert info is not None and "Mei Lin" in info.name
    finally:
        keyring.set_keyring(previous)
