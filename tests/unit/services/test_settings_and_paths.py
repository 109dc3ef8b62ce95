"""Settings file versions and upgrades; portable data folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from picproof.services.paths import resolve_paths
from picproof.services.settings import (
    SETTINGS_VERSION,
    Settings,
    TsaSettings,
    load_settings,
    save_settings,
)


def test_round_trip_is_atomic_and_typed(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    s = Settings(
        ui_language="zh_CN",
        operator_name="Li Wei",
        tsas=[TsaSettings(url="http://127.0.0.1:9/tsa", trust_roots=["/x/root.pem"])],
    )
    save_settings(path, s)
    loaded = load_settings(path)
    assert loaded == s
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temp file left behind


def test_version_1_file_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {"version": 1, "tsa_url": "http://tsa.example/", "ui_language": "en", "future_key": 5}
        )
    )
    loaded = load_settings(path)
    assert loaded.version == SETTINGS_VERSION
    assert [t.url for t in loaded.tsas] == ["http://tsa.example/"]
    assert loaded.extra == {"future_key": 5}  # unknown keys survive a save
    save_settings(path, loaded)
    assert json.loads(path.read_text())["future_key"] == 5


def test_broken_file_gives_defaults_and_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    assert load_settings(path) == Settings()
    assert (tmp_path / "settings.broken.json").read_text() == "{not json"


def test_data_dir_option_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PICPROOF_DATA_DIR", str(tmp_path / "env"))
    assert resolve_paths().data_dir == tmp_path / "env"
    explicit = resolve_paths(tmp_path / "cli")
    assert explicit.data_dir == tmp_path / "cli"
    assert explicit.cache_dir.is_relative_to(explicit.data_dir)
    monkeypatch.delenv("PICPROOF_DATA_DIR")
    default = resolve_paths()
    assert "PicProof" in str(default.data_dir)
