"""Reading untrusted ZIP archives safely (bundle verify and import).

We never extract by the archive's names: entries are read as streams and written by us under names
we compute (content addresses). Still, an archive whose names try path traversal, absolute paths,
drive letters, symlinks, duplicates (also case-insensitive ones, which collide on Windows and macOS)
or whose sizes look like a zip bomb is refused outright: it was not made by PicProof.
"""

from __future__ import annotations

import hashlib
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

MAX_ENTRIES = 20_000
MAX_FILE = 1 << 30
MAX_TOTAL = 4 << 30
MAX_RATIO = 100  # our own text files deflate ~5-10:1; media is stored
_SAFE_PART = re.compile(r"^[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class ZipIssue:
    code: str
    path: str | None = None
    detail: str = ""


def check_entries(zf: zipfile.ZipFile) -> list[ZipIssue]:
    """Every structural reason to refuse this archive (empty when it is safe to read)."""
    issues: list[ZipIssue] = []
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        return [ZipIssue("too-many-entries", None, str(len(infos)))]
    seen: set[str] = set()
    folded: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        # zipfile cuts a name at its first NUL ("a.png\0../../x" reads as "a.png"): judge the
        # name as stored in the archive.
        issue = "bad-name" if "\x00" in info.orig_filename else _name_problem(name)
        if issue:
            issues.append(ZipIssue(issue, name))
            continue
        mode = info.external_attr >> 16
        if info.create_system == 3 and stat.S_ISLNK(mode):
            issues.append(ZipIssue("symlink", name))
            continue
        if info.is_dir():
            issues.append(ZipIssue("directory-entry", name))
            continue
        if name in seen:
            issues.append(ZipIssue("duplicate-name", name))
            continue
        if name.casefold() in folded:
            issues.append(ZipIssue("duplicate-name", name, "differs only in letter case"))
            continue
        seen.add(name)
        folded.add(name.casefold())
        if info.file_size > MAX_FILE:
            issues.append(ZipIssue("entry-too-large", name, str(info.file_size)))
        elif info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            issues.append(
                ZipIssue("zip-bomb", name, f"ratio {info.file_size // max(info.compress_size, 1)}")
            )
        total += info.file_size
    if total > MAX_TOTAL:
        issues.append(ZipIssue("archive-too-large", None, str(total)))
    return issues


def _name_problem(name: str) -> str | None:
    if not name or "\x00" in name:
        return "bad-name"
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "absolute-path"
    if "\\" in name:
        return "backslash-in-name"
    parts = name.rstrip("/").split("/")
    if any(p == ".." for p in parts):
        return "path-traversal"
    if any(p in ("", ".") for p in parts) or not all(_SAFE_PART.match(p) for p in parts):
        return "bad-name"
    return None


def read_entry(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    *,
    keep: bool,
    sink: Callable[[bytes], None] | None = None,
) -> tuple[str, int, bytes | None]:
    """Stream an entry: ``(sha256, size, bytes if keep)``. Reads at most the declared size + 1 so a
    lying header cannot make us inflate without bound; zipfile checks the CRC at the end."""
    h = hashlib.sha256()
    size = 0
    kept = bytearray() if keep else None
    limit = min(info.file_size, MAX_FILE)
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise zipfile.BadZipFile(f"{info.filename}: more data than declared")
            h.update(chunk)
            if kept is not None:
                kept.extend(chunk)
            if sink is not None:
                sink(chunk)
    return h.hexdigest(), size, bytes(kept) if kept is not None else None
