"""The photo library use cases: folders, incremental scans, queries, thumbnails."""

from __future__ import annotations

import os
import stat
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack, cast

from picproof.core.errors import BadInput, NotFound
from picproof.core.imaging import is_image_name
from picproof.core.indexing import FailedFile, IndexedFile, features_only, index_file
from picproof.core.models import Folder, Photo, ScanReport, SkippedFile
from picproof.core.progress import NULL_PROGRESS, Progress
from picproof.core.workers import worker_pool
from picproof.services.paths import AppPaths
from picproof.services.settings import Settings
from picproof.store.library_store import KnownFile, LibraryStore, PhotoOrder, display_path, utc_now

#: How often (results or seconds) finished files are committed; a kill loses at most this much work.
COMMIT_EVERY = 64
COMMIT_SECONDS = 2.0
#: A worker that has not finished a file after this long is taken as hung (a decoder stuck in a
#: loop on a hostile file) and ended; a 100 MP photo decodes in ~2 s on a slow, busy machine.
FILE_SECONDS = 60.0


@dataclass
class _Walk:
    """Files found under the registered folders, and what could not be read."""

    files: dict[bytes, tuple[int, int, int]] = field(default_factory=dict)
    """path_key -> (folder_id, size, mtime_ns)"""
    problems: list[tuple[int, bytes, str, str]] = field(default_factory=list)
    """(folder_id, path_key, reason, detail) for unreadable folders and files."""
    incomplete_folders: set[int] = field(default_factory=set)
    """Folders we could not fully list: photos missing under them are not treated as removed."""


class LibraryService:
    def __init__(self, paths: AppPaths, settings: Settings) -> None:
        self.paths = paths
        self.settings = settings
        self.store = LibraryStore(paths.library_db, paths.fingerprint_db)
        self._lock = threading.RLock()

    def close(self) -> None:
        self.store.close()

    # -- folders ---------------------------------------------------------------------------------

    def add_folder(self, path: str | Path) -> Folder:
        folder = Path(path).expanduser()
        if not folder.exists():
            raise BadInput("folder-missing", path=str(folder))
        if not folder.is_dir():
            raise BadInput("not-a-folder", path=str(folder))
        with self._lock:
            return self.store.add_folder(str(folder.resolve()))

    def remove_folder(self, folder_id: int) -> None:
        with self._lock:
            self.store.remove_folder(folder_id)

    def folders(self) -> list[Folder]:
        with self._lock:
            return self.store.folders()

    # -- scan ------------------------------------------------------------------------------------

    def scan(self, *, progress: Progress = NULL_PROGRESS, workers: int | None = None) -> ScanReport:
        """Bring the index up to date with the folders on disk.

        Unchanged files (same size and mtime_ns, current features) cost one ``stat``. Work is
        committed every few dozen files, so a killed scan leaves a consistent database and the next
        scan resumes where it stopped.
        """
        started = time.monotonic()
        folders = self.folders()
        if not folders:
            raise BadInput("no-folders")
        progress.update(0, None, "")
        walk = self._walk(folders, progress)
        with self._lock:
            known = self.store.known_files()
            skips = self.store.known_skips()
            self.store.upgrade_features()  # after a features-version change: only what changed
            versions = self.store.feature_versions()
        from picproof.core.matching.features import FEATURES_VERSION

        to_index: list[tuple[bytes, int, int, int]] = []
        refeature: list[tuple[int, bytes]] = []
        unchanged = 0
        for key, (folder_id, size, mtime_ns) in walk.files.items():
            old = known.get(key)
            if old is not None and old.size == size and old.mtime_ns == mtime_ns:
                unchanged += 1
                if versions.get(old.id) != FEATURES_VERSION:
                    refeature.append((old.id, key))
                continue
            skip = skips.get(key)
            if old is None and skip is not None and skip == (size, mtime_ns):
                continue  # failed before and unchanged since: not retried
            to_index.append((key, folder_id, size, mtime_ns))
        missing = {
            k: v
            for k, v in known.items()
            if k not in walk.files and v.folder_id not in walk.incomplete_folders
        }
        report = _Counts(unchanged=unchanged)
        now = utc_now()
        with self._lock, self.store.transaction():
            for folder_id, key, reason, detail in walk.problems:
                self.store.record_skip(folder_id, key, None, None, reason, detail, now)
                report.skipped.append(SkippedFile(os.fsdecode(key), reason, detail))
            stale_skips = [
                k for k in skips if k not in walk.files and k not in {p[1] for p in walk.problems}
            ]
            self.store.clear_skips(stale_skips)
        cancelled = False
        try:
            self._index(to_index, refeature, missing, report, progress, workers)
        except BaseException:
            cancelled = True
            raise
        finally:
            if not cancelled:
                self._remove_missing(missing, report)
                with self._lock:
                    self.store.prune_orphan_features()
                    for folder in folders:
                        status = "incomplete" if folder.id in walk.incomplete_folders else "ok"
                        self.store.mark_folder_scanned(folder.id, status)
        with self._lock:
            total = self.store.photo_count()
            all_skips = self.store.skipped_files()
        reported = {s.path for s in report.skipped}
        skipped = list(report.skipped) + [s for s in all_skips if s.path not in reported]
        progress.update(len(to_index), len(to_index), "")
        return ScanReport(
            photos=total,
            added=report.added,
            updated=report.updated,
            removed=report.removed,
            unchanged=report.unchanged,
            moved=report.moved,
            skipped=tuple(skipped),
            seconds=time.monotonic() - started,
        )

    def _walk(self, folders: Sequence[Folder], progress: Progress) -> _Walk:
        walk = _Walk()
        for folder in folders:
            root = os.fsencode(folder.path)
            try:
                st = os.stat(root)
            except OSError as exc:
                walk.incomplete_folders.add(folder.id)
                walk.problems.append((folder.id, root, "folder-missing", exc.strerror or str(exc)))
                continue
            seen_dirs = {(st.st_dev, st.st_ino)}
            for key, size, mtime_ns in self._iter_files(root, folder.id, seen_dirs, walk):
                walk.files.setdefault(key, (folder.id, size, mtime_ns))
                if len(walk.files) % 500 == 0:
                    progress.update(0, None, display_path(key))
        return walk

    def _iter_files(
        self, root: bytes, folder_id: int, seen_dirs: set[tuple[int, int]], walk: _Walk
    ) -> Iterator[tuple[bytes, int, int]]:
        stack = [root]
        while stack:
            directory = stack.pop()
            try:
                entries = list(os.scandir(directory))
            except OSError as exc:
                walk.incomplete_folders.add(folder_id)
                walk.problems.append(
                    (folder_id, directory, "unreadable-folder", exc.strerror or str(exc))
                )
                continue
            for entry in entries:
                name = entry.name
                if name.startswith(b"."):
                    continue  # hidden: .thumbnails, .Trash, AppleDouble "._x.jpg"
                try:
                    st = entry.stat()  # follows symlinks; loops are cut by the (dev, inode) set
                except OSError as exc:
                    if is_image_name(os.fsdecode(name)):
                        walk.problems.append(
                            (folder_id, entry.path, "unreadable", exc.strerror or str(exc))
                        )
                    continue
                if stat.S_ISDIR(st.st_mode):
                    ident = (st.st_dev, st.st_ino)
                    if ident not in seen_dirs:
                        seen_dirs.add(ident)
                        stack.append(entry.path)
                elif stat.S_ISREG(st.st_mode) and is_image_name(os.fsdecode(name)):
                    yield entry.path, st.st_size, st.st_mtime_ns

    def _index(
        self,
        to_index: list[tuple[bytes, int, int, int]],
        refeature: list[tuple[int, bytes]],
        missing: dict[bytes, KnownFile],
        report: _Counts,
        progress: Progress,
        workers: int | None,
    ) -> None:
        total = len(to_index) + len(refeature)
        if total == 0:
            return
        n_workers = max(1, min(workers or self.settings.scan_workers or os.cpu_count() or 1, total))
        missing_by_sha: dict[str, list[bytes]] = {}
        for key, old in missing.items():
            missing_by_sha.setdefault(old.sha256, []).append(key)
        pending: list[IndexedFile | FailedFile] = []
        pending_features: list[tuple[int, int, bytes]] = []
        done = 0
        last_commit = time.monotonic()

        def flush() -> None:
            nonlocal last_commit
            self._commit(pending, folder_of, missing, missing_by_sha, report)
            pending.clear()
            with self._lock:
                self.store.put_features(pending_features)
            pending_features.clear()
            last_commit = time.monotonic()

        folder_of = {key: folder_id for key, folder_id, _, _ in to_index}
        jobs: deque[tuple[str, tuple[object, ...]]] = deque(
            [("index", item) for item in to_index] + [("features", item) for item in refeature]
        )
        crashes: dict[bytes, int] = {}
        while jobs:  # a broken pool returns with jobs left: the next round starts a new one
            results = _serial(jobs) if n_workers == 1 else self._run_pool(jobs, n_workers, crashes)
            try:
                for result in results:
                    done += 1
                    self._collect(result, pending, pending_features)
                    progress.update(done, total, _label(result))
                    if (
                        len(pending) >= COMMIT_EVERY
                        or time.monotonic() - last_commit > COMMIT_SECONDS
                    ):
                        flush()
            except BaseException:
                flush()  # keep what finished before the cancel: the next scan resumes after it
                raise
        flush()

    @staticmethod
    def _run_pool(
        jobs: deque[tuple[str, tuple[object, ...]]], n_workers: int, crashes: dict[bytes, int]
    ) -> Iterator[IndexedFile | FailedFile | tuple[int, tuple[bytes, int] | None]]:
        """Yield results in order while taking jobs off ``jobs``.

        A worker that dies (a decoder crashing on a hostile file) breaks the pool: the jobs that
        were in flight go back to the front of the queue and the caller starts a new pool. A file
        that was in flight during two crashes is reported as damaged instead of being tried again.
        Workers are spawned (core/workers.py) and end by themselves if this process is killed.
        """
        window = n_workers * 4
        in_flight: deque[tuple[tuple[str, tuple[object, ...]], Future[object]]] = deque()
        with worker_pool(n_workers) as pool:
            try:
                while jobs or in_flight:
                    while jobs and len(in_flight) < window:
                        # off the queue only once submitted: submitting to a pool a worker has
                        # just broken raises, and the job must then still be waiting
                        future = pool.submit(*_call_for(jobs[0]))
                        in_flight.append((jobs.popleft(), future))
                    job, future = in_flight[0]
                    try:
                        result = future.result(timeout=FILE_SECONDS)
                    except FutureTimeout:
                        _end_workers(pool)  # the pool breaks: handled as a crash below
                        raise BrokenProcessPool("a worker hung") from None
                    in_flight.popleft()
                    yield result  # type: ignore[misc]
            except BrokenProcessPool:
                finished = [(j, f) for j, f in in_flight if _succeeded(f)]
                for _, future in finished:  # done before the break: their work is not lost
                    yield future.result()  # type: ignore[misc]
                for job, future in reversed(in_flight):
                    if (job, future) in finished:
                        continue
                    kind, item = job
                    key = cast(bytes, item[0] if kind == "index" else item[1])
                    crashes[key] = crashes.get(key, 0) + 1
                    if crashes[key] >= 2 and kind == "index":
                        _, _folder, size, mtime_ns = item
                        yield FailedFile(
                            key,
                            cast(int, size),
                            cast(int, mtime_ns),
                            "corrupt",
                            "the decoder crashed or hung",
                        )
                    elif crashes[key] < 2:
                        jobs.appendleft(job)
            finally:
                for _, future in in_flight:
                    future.cancel()

    @staticmethod
    def _collect(
        result: object,
        pending: list[IndexedFile | FailedFile],
        pending_features: list[tuple[int, int, bytes]],
    ) -> None:
        if isinstance(result, (IndexedFile, FailedFile)):
            pending.append(result)
        elif isinstance(result, tuple) and result[1] is not None:
            photo_id, (data, version) = result
            pending_features.append((photo_id, version, data))

    def _commit(
        self,
        results: list[IndexedFile | FailedFile],
        folder_of: dict[bytes, int],
        missing: dict[bytes, KnownFile],
        missing_by_sha: dict[str, list[bytes]],
        report: _Counts,
    ) -> None:
        if not results:
            return
        now = utc_now()
        features: list[tuple[int, int, bytes]] = []
        with self._lock:
            known = self.store.known_for([r.path_key for r in results])
            with self.store.transaction():
                for r in results:
                    folder_id = folder_of[r.path_key]
                    if isinstance(r, FailedFile):
                        old = known.get(r.path_key)
                        if old is not None:  # a good photo that became unreadable leaves the index
                            self.store.delete_photos([(old.id, r.path_key, old.sha256)], now)
                            report.removed += 1
                        self.store.record_skip(
                            folder_id, r.path_key, r.size, r.mtime_ns, r.reason, r.detail, now
                        )
                        report.skipped.append(
                            SkippedFile(os.fsdecode(r.path_key), r.reason, r.detail)
                        )
                        continue
                    self.store.clear_skips([r.path_key])
                    old = known.get(r.path_key)
                    if old is not None:
                        self.store.update_photo(old.id, folder_id, r, now, "changed")
                        features.append((old.id, r.features_version, r.features))
                        report.updated += 1
                        continue
                    moved_from = missing_by_sha.get(r.sha256)
                    if moved_from:
                        old_key = moved_from.pop(0)
                        old = missing.pop(old_key)
                        self.store.update_photo(old.id, folder_id, r, now, "moved")
                        features.append((old.id, r.features_version, r.features))
                        report.moved += 1
                        continue
                    photo_id = self.store.insert_photo(folder_id, r, now)
                    features.append((photo_id, r.features_version, r.features))
                    report.added += 1
            self.store.put_features(features)

    def _remove_missing(self, missing: dict[bytes, KnownFile], report: _Counts) -> None:
        if not missing:
            return
        now = utc_now()
        with self._lock:
            with self.store.transaction():
                self.store.delete_photos([(v.id, k, v.sha256) for k, v in missing.items()], now)
            self.store.delete_features(v.id for v in missing.values())
        report.removed += len(missing)
        missing.clear()

    # -- queries ---------------------------------------------------------------------------------

    def photo_count(self, search: str = "") -> int:
        with self._lock:
            return self.store.photo_count(search)

    def photo_ids(self, search: str = "", **order: Unpack[PhotoOrder]) -> list[int]:
        with self._lock:
            return self.store.photo_ids(search, **order)

    def photos_by_ids(self, ids: Sequence[int]) -> list[Photo]:
        with self._lock:
            return self.store.photos_by_ids(ids)

    def photo(self, photo_id: int) -> Photo:
        found = self.photos_by_ids([photo_id])
        if not found:
            raise NotFound(what=f"photo {photo_id}")
        return found[0]

    def find_by_sha256(self, sha256: str) -> list[Photo]:
        with self._lock:
            return self.store.find_by_sha256(sha256)

    def skipped_files(self) -> list[SkippedFile]:
        with self._lock:
            return self.store.skipped_files()

    def history(self, photo_id: int) -> list[tuple[str, str, str]]:
        with self._lock:
            return self.store.history(photo_id)

    def stats(self) -> dict[str, object]:
        folders = self.folders()
        with self._lock:
            skipped = len(self.store.skipped_files())
            photos = self.store.photo_count()
        return {
            "photos": photos,
            "folders": [
                {
                    "id": f.id,
                    "path": display_path(os.fsencode(f.path)),
                    "photos": f.photo_count,
                    "last_scan_at": f.last_scan_at,
                }
                for f in folders
            ],
            "skipped": skipped,
        }

    def thumbnail(self, photo_id: int, size: int = 256) -> Path:
        """A cached JPEG thumbnail of a library photo.

        Made on first request: call it off the GUI thread.
        """
        from picproof.services.thumbnails import thumbnail_for

        photo = self.photo(photo_id)
        return thumbnail_for(self.paths.thumbnails_dir, photo.path, photo.sha256, size)


@dataclass
class _Counts:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    moved: int = 0
    skipped: list[SkippedFile] = field(default_factory=list)


def _succeeded(future: Future[object]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _end_workers(pool: Any) -> None:
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()


def _features_job(photo_id: int, key: bytes) -> tuple[int, tuple[bytes, int] | None]:
    return photo_id, features_only(key)


def _call_for(job: tuple[str, tuple[object, ...]]) -> tuple[Any, ...]:
    """The worker function and arguments of one scan job (``index`` or ``features`` only)."""
    kind, item = job
    if kind == "index":
        key, _folder, size, mtime_ns = item
        return (index_file, key, size, mtime_ns)
    photo_id, key = item
    return (_features_job, photo_id, key)


def _serial(
    jobs: deque[tuple[str, tuple[object, ...]]],
) -> Iterator[IndexedFile | FailedFile | tuple[int, tuple[bytes, int] | None]]:
    while jobs:
        fn, *args = _call_for(jobs.popleft())
        yield fn(*args)


def _label(result: object) -> str:
    if isinstance(result, (IndexedFile, FailedFile)):
        return display_path(result.path_key)
    return ""
