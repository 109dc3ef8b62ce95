"""The typed settings file (``settings.json``), with a version and forward upgrade steps.

Secrets are never stored here: TSA passwords live in the system keyring (see services/secrets.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from picproof.core.atomic import atomic_write_bytes, owned_prefix, remove_stale_temps

SETTINGS_VERSION = 2


@dataclass
class TsaSettings:
    """One RFC 3161 time-stamping authority, tried in list order."""

    url: str
    trust_roots: list[str] = field(default_factory=list)
    """Paths of PEM files with the root (or intermediate) certificates we trust for this TSA."""
    username: str | None = None
    """When set, the password is looked up in the keyring under this user name."""
    enabled: bool = True
    name: str = ""
    """A short name for ``picproof tsa enable NAME`` (the host name when not given)."""


@dataclass
class Settings:
    version: int = SETTINGS_VERSION
    ui_language: str | None = None
    """``en`` or ``zh_CN``; None follows the system locale."""
    operator_name: str = ""
    """Who captures evidence on this machine (recorded in acquisition facts)."""
    operator_asked: bool = False
    theme: str = "system"
    """``system`` (follow the system's light or dark mode), ``light`` or ``dark``."""
    text_size: float = 1.0
    """Factor applied to the system's font size (1.0, 1.15, 1.3 or 1.5)."""
    """The app asked for the name once (it may have been left empty on purpose)."""
    tsas: list[TsaSettings] = field(default_factory=list)
    """Services the user added, tried before the presets."""
    tsa_presets: dict[str, TsaSettings] = field(default_factory=dict)
    """What the user changed about a built-in service (net/tsa_presets.py), by preset name."""
    tsa_consent: bool | None = None
    """Whether fingerprints may be sent to the built-in services; None until the user is asked."""
    first_run_done: bool = False
    match_mirrored: bool = True
    scan_workers: int | None = None
    """Worker processes for a library scan; None uses every core."""
    clinic_db: str = ""
    """The shared clinic database (``postgresql://user@host/db``, never with its password: that
    is in the keyring); empty: cases are kept on this computer."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys written by a newer version that we keep but do not understand."""


def _upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    # Version 1 had a single ``tsa_url``; version 2 holds a list of TSAs with trust roots.
    url = data.pop("tsa_url", None)
    data["tsas"] = [{"url": url, "trust_roots": []}] if url else []
    return data


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _upgrade_1_to_2}


def _tsa(data: dict[str, Any]) -> TsaSettings:
    known = {f.name for f in fields(TsaSettings)}
    return TsaSettings(**{k: v for k, v in data.items() if k in known})


def settings_from_dict(data: dict[str, Any]) -> Settings:
    version = int(data.get("version", 1))
    while version < SETTINGS_VERSION:
        data = UPGRADES[version](dict(data))
        version += 1
        data["version"] = version
    known = {f.name for f in fields(Settings)}
    extra = {k: v for k, v in data.items() if k not in known}
    values = {k: v for k, v in data.items() if k in known and k != "extra"}
    values["tsas"] = [
        _tsa(t) for t in values.get("tsas", []) if isinstance(t, dict) and t.get("url")
    ]
    values["tsa_presets"] = {
        str(name): _tsa(t)
        for name, t in (values.get("tsa_presets") or {}).items()
        if isinstance(t, dict)
    }
    values["version"] = SETTINGS_VERSION
    settings = Settings(**values)
    settings.extra = {**data.get("extra", {}), **extra}
    return settings


def load_settings(path: Path) -> Settings:
    """Read settings; a missing or unreadable file gives defaults (a broken one is kept aside)."""
    if path.parent.is_dir():  # what a save killed half-way left behind
        remove_stale_temps(path.parent, ".settings-")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("settings root is not an object")
        return settings_from_dict(data)
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError, TypeError, KeyError):
        try:
            path.replace(path.with_suffix(".broken.json"))
        except OSError:
            pass
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    """Written atomically (core/atomic.py): a crash leaves the old settings or the new ones."""
    data = asdict(settings)
    extra = data.pop("extra", {})
    data = {**extra, **data}
    text = json.dumps(data, indent=2, ensure_ascii=False)
    atomic_write_bytes(path, text.encode("utf-8"), prefix=owned_prefix(".settings-"))
