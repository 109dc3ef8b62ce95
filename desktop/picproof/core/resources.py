"""Locating the read-only ``resources/`` folder (source checkout or PyInstaller bundle)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resource_dir() -> Path:
    """``PICPROOF_RESOURCES`` if set, else ``sys._MEIPASS/resources`` when frozen, else the
    checkout's ``resources/``."""
    override = os.environ.get("PICPROOF_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[3] / "resources"
