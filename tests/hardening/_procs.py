"""Process-tree helpers for the hardening harnesses (Linux /proc; no third-party library)."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

needs_proc = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the process table from /proc (Linux)"
)


def _fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None when it is gone."""
    fields = _fields(pid)
    return None if fields is None else (fields[0], int(fields[1]))


def session_members(sid: int) -> set[int]:
    """Live processes of session ``sid``: a process started with ``start_new_session=True`` and
    everything it spawned, even those whose parent has died since (they keep the session)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _fields(int(entry))
            if fields is not None and int(fields[3]) == sid and fields[0] not in ("Z", "X"):
                found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent to reap it does not count: it holds nothing)."""
    st = _stat(pid)
    return st is not None and st[0] not in ("Z", "X")


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` in the process tree."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st is not None:
                children.setdefault(st[1], []).append(int(entry))
    found: set[int] = set()
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found and alive(child):
                found.add(child)
                stack.append(child)
    return found


def cmdline(pid: int) -> str:
    try:
        return (
            Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        )
    except OSError:
        return ""


def wait_gone(pids: set[int], seconds: float) -> set[int]:
    """Wait up to ``seconds`` for ``pids`` to end; return those still running."""
    deadline = time.monotonic() + seconds
    left = {p for p in pids if alive(p)}
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = {p for p in left if alive(p)}
    return left


def kill_all(pids: set[int]) -> None:
    """Clean-up after a failed check: never leave a test's processes behind."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def wait_for(predicate, seconds: float, step: float = 0.02) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())
