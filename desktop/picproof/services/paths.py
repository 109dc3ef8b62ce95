"""Where PicProof keeps its files.

Default: the platform's data, cache and config folders (platformdirs). ``--data-dir DIR`` or the
``PICPROOF_DATA_DIR`` environment variable put everything under one folder (portable mode, tests).
Nothing here runs at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from picproof.core.resources import resource_dir  # noqa: F401  (re-exported for services)

APP_NAME = "PicProof"
ENV_DATA_DIR = "PICPROOF_DATA_DIR"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    cache_dir: Path
    config_dir: Path

    @property
    def library_db(self) -> Path:
        return self.data_dir / "library.sqlite3"

    @property
    def fingerprint_db(self) -> Path:
        """Droppable cache of matching features; rebuilt by a rescan."""
        return self.cache_dir / "fingerprints.sqlite3"

    @property
    def evidence_db(self) -> Path:
        return self.data_dir / "evidence.sqlite3"

    @property
    def evidence_dir(self) -> Path:
        """Content-addressed, write-once evidence files."""
        return self.data_dir / "evidence"

    @property
    def custom_letters_dir(self) -> Path:
        return self.data_dir / "letters"

    @property
    def thumbnails_dir(self) -> Path:
        return self.cache_dir / "thumbnails"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    def ensure(self) -> AppPaths:
        for folder in (self.data_dir, self.cache_dir, self.config_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resolve_paths(data_dir: str | Path | None = None) -> AppPaths:
    """Explicit folder, else ``PICPROOF_DATA_DIR``, else the platform folders."""
    chosen = data_dir or os.environ.get(ENV_DATA_DIR)
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(data_dir=root, cache_dir=root / "cache", config_dir=root / "config")
    import platformdirs

    return AppPaths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )
