"""The command line says what happened and documents every option (#23 point 10)."""

from __future__ import annotations

import argparse
import json

import pytest
from tests.conftest import save_photo

from picproof.cli import build_parser, main


def _options_without_help() -> list[str]:
    missing: list[str] = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}")
            elif isinstance(action, argparse._HelpAction):
                continue
            elif not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{path} {(action.option_strings or [action.dest])[0]}")

    walk(build_parser(), "picproof")
    return missing


def test_every_option_and_argument_has_help() -> None:
    assert _options_without_help() == []


def test_case_list_without_cases_says_so(data_dir, capsys) -> None:
    assert main(["case", "list"]) == 0
    assert "No cases yet" in capsys.readouterr().out
    assert main(["case", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"cases": []}


@pytest.mark.parametrize("spelling", ["zh-CN", "zh_CN", "zh"])
def test_case_new_takes_the_letter_language_spellings(data_dir, capsys, spelling) -> None:
    assert main(["case", "new", "假冒账号", "--language", spelling, "--json"]) == 0
    case_id = json.loads(capsys.readouterr().out)["id"]
    from picproof.services.context import open_services

    services = open_services(data_dir)
    assert services.cases.get_case(case_id).language == "zh_CN"
    services.close()
    with pytest.raises(SystemExit):
        main(["case", "new", "x", "--language", "fr"])


def test_library_stats_counts_in_words(data_dir, tmp_path, capsys) -> None:
    folder = tmp_path / "photos"
    save_photo(folder / "a.png", seed=1)
    assert main(["library", "add", str(folder)]) == 0
    assert main(["library", "scan"]) == 0
    capsys.readouterr()
    assert main(["library", "stats"]) == 0
    out = capsys.readouterr().out
    assert "1 photo in 1 folder; 0 files skipped." in out
