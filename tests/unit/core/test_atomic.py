"""core/atomic.py: a crash or an error at any step leaves the old file or the new one, whole."""

from __future__ import annotations

import errno
import stat
from pathlib import Path

import pytest

from picproof.core.atomic import STEPS, atomic_write, atomic_write_bytes, fault_points


def _leftovers(folder: Path, target: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p != target)


def test_writes_the_new_content_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "settings.json"
    atomic_write_bytes(target, b"one")
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert _leftovers(target.parent, target) == []


def test_an_error_inside_the_block_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_write(target) as out:
        out.write(b"half of the new")
        raise RuntimeError("renderer failed")
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path, target) == []


@pytest.mark.parametrize("step", STEPS)
def test_a_fault_at_each_step(tmp_path: Path, step: str) -> None:
    target = tmp_path / "bundle.zip"
    target.write_bytes(b"old")
    seen: list[str] = []

    def hook(name: str, where: Path) -> None:
        seen.append(name)
        if name == step:
            raise OSError(errno.ENOSPC, "No space left on device")

    with fault_points(hook), pytest.raises(OSError), atomic_write(target) as out:
        out.write(b"new")
    assert seen == list(STEPS[: STEPS.index(step) + 1])
    # Before the rename the old file stands; a failure after it (the folder's fsync) is reported
    # although the new file is already in place, whole.
    assert target.read_bytes() == (b"new" if step == "dirsync" else b"old")
    assert _leftovers(tmp_path, target) == []


def test_a_target_chosen_inside_the_block_and_discard(tmp_path: Path) -> None:
    spool = tmp_path / "tmp"
    with atomic_write(None, temp_dir=spool, read_only=True) as out:
        out.write(b"content")
        out.target = tmp_path / "ab" / "abcdef"
    stored = tmp_path / "ab" / "abcdef"
    assert stored.read_bytes() == b"content"
    assert not stored.stat().st_mode & stat.S_IWUSR
    with atomic_write(None, temp_dir=spool) as out:
        out.write(b"content")
        out.discard()
    assert list(spool.iterdir()) == []


def test_a_cache_write_skips_the_fsyncs(tmp_path: Path) -> None:
    seen: list[str] = []
    with fault_points(lambda name, where: seen.append(name)):
        atomic_write_bytes(tmp_path / "thumb.jpg", b"jpeg", durable=False)
    assert seen == ["write", "rename"]
