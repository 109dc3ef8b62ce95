"""Content-addressed, write-once evidence files.

A file is stored as ``<root>/<sha[:2]>/<sha>``. Writing goes to ``<root>/tmp``, is fsynced, then
renamed into place and the folder fsynced (core/atomic.py), *before* the database row that refers
to it is committed.
A crash therefore leaves at worst an unreferenced complete file (harmless, reused by a later import
of the same bytes) or a temp file (deleted on the next open), never a half file under a real name.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from picproof.core.atomic import atomic_write
from picproof.core.errors import BadInput, StoreError

CHUNK = 1024 * 1024


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)
        for leftover in self.tmp.iterdir():
            if _stale(leftover):
                try:
                    leftover.unlink()
                except OSError:
                    pass

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise StoreError("bad-digest", digest=sha256)
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        import io

        return self.put_stream(io.BytesIO(data))

    def put_file(self, path: Path, *, max_size: int | None = None) -> tuple[str, int]:
        try:
            with open(path, "rb") as fh:
                return self.put_stream(fh, max_size=max_size)
        except IsADirectoryError as exc:
            raise BadInput("not-a-file", path=str(path)) from exc
        except FileNotFoundError as exc:
            raise BadInput("not-a-file", path=str(path)) from exc
        except PermissionError as exc:
            raise BadInput("unreadable", path=str(path), reason="permission denied") from exc

    def put_stream(self, fh: BinaryIO, *, max_size: int | None = None) -> tuple[str, int]:
        """Copy ``fh`` into the store; return ``(sha256, size)``. Never rewrites content."""
        with self._spooled(fh, max_size) as (sha, size, _spool):
            pass
        return sha, size

    @contextmanager
    def _spooled(self, fh: BinaryIO, max_size: int | None) -> Iterator[tuple[str, int, Path]]:
        """Copy ``fh`` to a durable temp file, hashing it, and yield ``(sha256, size, temp
        path)``; when the block ends the file takes its content name, read-only (or is dropped:
        already there). An error in the block (an upload) removes the temp file."""
        digest = hashlib.sha256()
        size = 0
        # The writer's PID in the name: another process opening the store (the GUI and the CLI
        # at once) must not delete a temp file that is still being written.
        prefix = f"in-{os.getpid()}-"
        with atomic_write(None, temp_dir=self.tmp, prefix=prefix, suffix="", read_only=True) as out:
            while chunk := fh.read(CHUNK):
                size += len(chunk)
                if max_size is not None and size > max_size:
                    raise BadInput("file-too-large", limit=max_size)
                digest.update(chunk)
                out.write(chunk)
            out.file.flush()
            sha = digest.hexdigest()
            final = BlobStore.path_for(self, sha)  # this computer's file (a clinic's cache)
            if final.is_file() and final.stat().st_size == size:
                out.discard()
            else:
                out.target = final
            yield sha, size, out.temp_path

    def read_bytes(self, sha256: str) -> bytes:
        try:
            return self.path_for(sha256).read_bytes()
        except OSError as exc:
            raise StoreError("evidence-file-missing", sha256=sha256) from exc

    def check(self, sha256: str) -> bool:
        """True when the stored file still hashes to its name."""
        path = self.path_for(sha256)
        if not path.is_file():
            return False
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest() == sha256


def _stale(path: Path) -> bool:
    """A temp file left by a process that is gone (crash, kill -9), or older than a day."""
    import time

    parts = path.name.split("-")
    if os.name == "posix" and len(parts) >= 3 and parts[0] == "in" and parts[1].isdigit():
        pid = int(parts[1])
        if pid == os.getpid():
            return False
        try:
            os.kill(pid, 0)  # signal 0: only asks whether the process exists
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    try:
        return time.time() - path.stat().st_mtime > 86400
    except OSError:
        return False
