"""The services container: the only door the GUI and the CLI use.

Each service is built on first use so a CLI command pays only for what it touches.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from picproof.core.models import ScanReport
from picproof.core.progress import NULL_PROGRESS, Progress
from picproof.services.paths import AppPaths, resolve_paths
from picproof.services.settings import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from picproof.services.bundle import BundleService
    from picproof.services.cases import CaseService
    from picproof.services.letters import LetterService
    from picproof.services.library import LibraryService
    from picproof.services.matching import MatchingService
    from picproof.services.signing import SigningService
    from picproof.services.timestamps import TimestampService


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

    @cached_property
    def matching(self) -> MatchingService:
        from picproof.services.matching import MatchingService

        return MatchingService(self.paths, self.settings, self.library)

    def scan_library(self, *, progress: Progress = NULL_PROGRESS) -> ScanReport:
        """Scan every registered folder, then bring the matching index up to date."""
        report = self.library.scan(progress=progress)
        self.matching.refresh_index(progress=progress)
        return report

    @cached_property
    def cases(self) -> CaseService:
        from picproof.services.cases import CaseService
        from picproof.services.clinic_retry import with_reconnect_retry

        return with_reconnect_retry(CaseService(self.paths, self.settings))

    @cached_property
    def timestamps(self) -> TimestampService:
        from picproof.services.timestamps import TimestampService

        return TimestampService(self.cases, self.settings)

    @cached_property
    def bundles(self) -> BundleService:
        from picproof.services.bundle import BundleService

        return BundleService(self.cases, self.timestamps)

    @cached_property
    def signing(self) -> SigningService:
        from picproof.services.signing import SigningService

        return SigningService(self.paths, self.settings, self.timestamps)

    @cached_property
    def letters(self) -> LetterService:
        from picproof.services.letters import LetterService

        return LetterService(
            self.paths, self.settings, lambda: self.cases, library=lambda: self.library
        )

    def close(self) -> None:
        """Close every service opened so far, once: a closed one is forgotten, so closing again
        does nothing and a later use opens it afresh."""
        for name in list(self.__dict__):
            service = self.__dict__.get(name)
            closer = getattr(service, "close", None)
            if callable(closer) and name != "settings":
                del self.__dict__[name]
                closer()


def open_services(data_dir: str | Path | None = None) -> Services:
    return Services(resolve_paths(data_dir))
