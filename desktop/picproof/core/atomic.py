"""One way to write a file so that a crash leaves either the old file or the new one, whole.

``atomic_write(target)`` yields a temp file in the target's folder (the same file system, so the
rename is atomic); on a clean exit it flushes, fsyncs, renames the temp file over the target and
fsyncs the folder (the rename itself survives a power cut). On an exception, or when the caller
calls ``discard()``, the temp file is removed and the target is untouched. Every file PicProof
writes that matters (settings, evidence files, bundles, letters, checked pictures, thumbnails,
the matching index) goes through here.

Fault injection (tests/hardening): each step calls the hook installed with ``fault_points``
first, with the step's name and the target, so a test can raise (a full disk: ``OSError(ENOSPC)``)
or end the process at that exact point. Steps, in order: ``"write"`` (before the caller's
block), ``"fsync"``, ``"rename"``, ``"dirsync"``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

#: The steps of a write, in order, as the fault hook sees them.
STEPS = ("write", "fsync", "rename", "dirsync")

FaultHook = Callable[[str, Path], None]
_hook: FaultHook | None = None


@contextmanager
def fault_points(hook: FaultHook) -> Iterator[None]:
    """Call ``hook(step, target)`` before each step of every atomic write inside the block."""
    global _hook
    previous, _hook = _hook, hook
    try:
        yield
    finally:
        _hook = previous


def _step(name: str, target: Path) -> None:
    if _hook is not None:
        _hook(name, target)


class AtomicFile:
    """The open temp file of one ``atomic_write``."""

    def __init__(self, file: BinaryIO, temp_path: Path, target: Path | None) -> None:
        self.file = file
        self.temp_path = temp_path
        self.target = target
        """Where the file goes; may be set inside the block (content-addressed names)."""
        self.discarded = False

    def write(self, data: bytes) -> int:
        return self.file.write(data)

    def discard(self) -> None:
        """Keep the target as it is; the temp file is removed at the end of the block."""
        self.discarded = True


@contextmanager
def atomic_write(
    target: Path | None,
    *,
    temp_dir: Path | None = None,
    prefix: str = ".tmp-",
    suffix: str = ".partial",
    durable: bool = True,
    read_only: bool = False,
) -> Iterator[AtomicFile]:
    """Write ``target`` all or nothing (see the module docstring).

    ``temp_dir``: where the temp file is made (default: the target's folder; it must be on the
    same file system). ``durable=False`` skips both fsyncs, for caches that can be rebuilt
    (thumbnails, the matching index): still all or nothing for a crash of the process, not
    for a power cut. ``read_only`` makes the file 0o444 before it is renamed into place.
    """
    if temp_dir is not None:
        folder = temp_dir
    elif target is not None:
        folder = target.parent
    else:
        raise ValueError("atomic_write needs a target or a temp_dir")
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            handle = AtomicFile(fh, temp, target)
            _step("write", target or temp)
            yield handle
            if handle.discarded:
                pass
            elif durable:
                fh.flush()
                _step("fsync", handle.target or temp)
                os.fsync(fh.fileno())
        if handle.discarded:
            temp.unlink(missing_ok=True)
            return
        final = handle.target
        if final is None:
            raise ValueError("atomic_write: no target was set")
        final.parent.mkdir(parents=True, exist_ok=True)
        if read_only:
            os.chmod(temp, 0o444)
        _step("rename", final)
        os.replace(temp, final)
        if durable:
            _step("dirsync", final)
            fsync_dir(final.parent)
    except BaseException:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass  # the original error matters more; a stray temp file is swept later
        raise


def atomic_write_bytes(
    target: Path, data: bytes, *, prefix: str = ".tmp-", durable: bool = True
) -> None:
    """Write ``data`` to ``target`` through :func:`atomic_write`."""
    with atomic_write(target, prefix=prefix, durable=durable) as out:
        out.write(data)


def owned_prefix(prefix: str) -> str:
    """``prefix`` with this process's id: its temp files can be told from a live writer's once
    the process is gone (see :func:`remove_stale_temps`)."""
    return f"{prefix}{os.getpid()}-"


def remove_stale_temps(folder: Path, prefix: str, suffix: str = ".partial") -> None:
    """Remove ``<prefix><pid>-…<suffix>`` temp files whose writer has ended without cleaning up
    (kill -9, a crash, a power cut): a live writer's (another PicProof process) are kept."""
    for leftover in folder.glob(f"{prefix}*{suffix}"):
        pid_text = leftover.name[len(prefix) :].split("-", 1)[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid() or _alive(int(pid_text)):
            continue
        try:
            leftover.unlink()
        except OSError:
            pass  # Windows: a live writer holds its file open, and it cannot be removed


def _alive(pid: int) -> bool:
    if os.name != "posix":  # Windows: os.kill(pid, 0) would end that process; see above
        return False
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (no-op where folders cannot be opened: Windows)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
