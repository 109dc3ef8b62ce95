"""The services container: the only door the GUI and the CLI use.

Each service is built on first use so a CLI command pays only for what it touches.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from picproof.services.paths import AppPaths, resolve_paths
from picproof.services.settings import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from picproof.services.library import LibraryService


class Services:
    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths.ensure()
        self.settings: Settings = load_settings(paths.settings_file)

    def save_settings(self) -> None:
        save_settings(self.paths.settings_file, self.settings)

    @cached_property
    def library(self) -> LibraryService:
        from picproof.services.library import LibraryService

        return LibraryService(self.paths, self.settings)

    def close(self) -> None:
        for name in list(self.__dict__):
            service = self.__dict__.get(name)
            closer = getattr(service, "close", None)
            if callable(closer) and name != "settings":
                closer()


def open_services(data_dir: str | Path | None = None) -> Services:
    return Services(resolve_paths(data_dir))
