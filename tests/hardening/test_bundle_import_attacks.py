"""Harness 9: hostile bundles are refused on import and nothing is written anywhere.

Each attack archive (path traversal, absolute and drive paths, backslashes, symbolic links, NUL in
names, names colliding by letter case, too many entries, an entry expanding more than 100:1,
duplicates, folders) goes through ``import_bundle`` and ``verify``; a snapshot of the file tree
around it (every file's size and hash) before and after proves that 0 bytes were written, and the
absolute targets the archives aim at do not exist afterwards.
"""

from __future__ import annotations

import hashlib
import random
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from picproof.core.errors import BundleError
from picproof.services.bundle_verify import verify_bundle
from picproof.services.context import open_services

CANARY = Path(tempfile.gettempdir()) / "picproof-evil-canary.txt"


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    return info


def _zip(
    path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]], stored: bool = False
) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are what we want here
        method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        with zipfile.ZipFile(path, "w", method) as zf:
            for info, data in entries:
                zf.writestr(info, data)
    return path


def _with_nul(path: Path, placeholder: bytes) -> Path:
    """Replace ``placeholder`` by the same number of bytes with a NUL inside, in both the local
    header and the central directory (Python's zipfile cannot write such a name)."""
    raw = path.read_bytes()
    assert raw.count(placeholder) == 2
    path.write_bytes(raw.replace(placeholder, placeholder[:1] + b"\x00" + placeholder[2:]))
    return path


def _ratio_150() -> bytes:
    """2 MB that deflates about 150:1 (zeros with a little noise): over 100:1, under the old 200."""
    rng = random.Random(9)
    out = bytearray(2 << 20)
    for _ in range(3_000):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def attacks(folder: Path) -> dict[str, tuple[Path, set[str]]]:
    """name -> (archive, the refusal codes that count as naming the attack)."""
    evil = str(CANARY)
    manifest = ("manifest.json", b"{}")
    made: dict[str, tuple[list[tuple[zipfile.ZipInfo | str, bytes]], set[str]]] = {
        "dotdot": ([("../evil.txt", b"x"), manifest], {"unsafe-path-traversal"}),
        "dotdot-deep": ([("evidence/../../../evil.txt", b"x")], {"unsafe-path-traversal"}),
        "dotdot-trailing": ([("evidence/..", b"x")], {"unsafe-path-traversal"}),
        "absolute": ([(evil, b"x")], {"unsafe-absolute-path"}),
        "absolute-backslash": ([("\\" + evil.lstrip("/"), b"x")], {"unsafe-absolute-path"}),
        "drive": ([("C:/Windows/evil.txt", b"x")], {"unsafe-absolute-path"}),
        "drive-relative": ([("c:evil.txt", b"x")], {"unsafe-absolute-path"}),
        "unc": ([("//server/share/evil.txt", b"x")], {"unsafe-absolute-path"}),
        "backslash": ([("evidence\\..\\..\\evil.txt", b"x")], {"unsafe-backslash-in-name"}),
        "symlink": ([(_symlink("evidence/link.png"), evil.encode())], {"unsafe-symlink"}),
        "symlink-dir": (
            [(_symlink("evidence"), b"/"), ("evidence/x.png", b"x")],
            {"unsafe-symlink"},
        ),
        "duplicate": ([manifest, manifest], {"unsafe-duplicate-name"}),
        "case-collision": (
            [("evidence/Photo.png", b"1"), ("evidence/photo.PNG", b"2")],
            {"unsafe-duplicate-name"},
        ),
        "directory": ([("evidence/", b"")], {"unsafe-directory-entry"}),
        "ratio-150": (
            [("evidence/flat.png", _ratio_150())],
            {"unsafe-zip-bomb"},
        ),
        "ratio-1000": ([("evidence/zeros.png", bytes(30 << 20))], {"unsafe-zip-bomb"}),
        "dot-part": ([("evidence/./x.png", b"x")], {"unsafe-bad-name"}),
        "empty-part": ([("evidence//x.png", b"x")], {"unsafe-bad-name"}),
        "control-char": ([("evidence/a\nb.png", b"x")], {"unsafe-bad-name"}),
        "too-many": (
            [(f"evidence/{n}.png", b"") for n in range(20_001)],
            {"unsafe-too-many-entries"},
        ),
    }
    out = {}
    for name, (entries, codes) in made.items():
        out[name] = (_zip(folder / f"{name}.zip", entries), codes)
    nul = _zip(folder / "nul.zip", [("evidence/aXb.png", b"x"), manifest])
    out["nul-in-name"] = (_with_nul(nul, b"aXb"), {"unsafe-bad-name"})
    nul_dir = _zip(folder / "nul-traversal.zip", [("evidence/aX/../../evil.txt", b"x")])
    out["nul-traversal"] = (
        _with_nul(nul_dir, b"aX/"),
        {"unsafe-bad-name", "unsafe-path-traversal"},
    )
    return out


def _tree(root: Path) -> dict[str, tuple[int, str]]:
    out = {}
    for p in root.rglob("*"):
        if p.is_file() and not p.is_symlink():
            out[str(p.relative_to(root))] = (
                p.stat().st_size,
                hashlib.sha256(p.read_bytes()).hexdigest(),
            )
        else:
            out[str(p.relative_to(root))] = (-1, "")
    return out


@dataclass
class ImportAttackRun:
    results: list[tuple[str, str, bool, bool]] = field(default_factory=list)
    """(attack, refusal code or "IMPORTED", code names the attack, tree unchanged)."""
    written_bytes: int = 0

    def line(self) -> str:
        refused = sum(1 for _, code, _, _ in self.results if code != "IMPORTED")
        named = sum(1 for r in self.results if r[2])
        return (
            f"bundle import attacks: {refused}/{len(self.results)} refused ({named} named), "
            f"bytes written outside or inside the target: {self.written_bytes}"
        )

    def failures(self) -> list[str]:
        return [f"{a}: {code}" for a, code, named, same in self.results if not (named and same)]


def run_import_attacks() -> ImportAttackRun:
    run = ImportAttackRun()
    with tempfile.TemporaryDirectory(prefix="picproof-attacks-") as tmp:
        root = Path(tmp)
        archives = root / "archives"
        archives.mkdir()
        (root / "outside").mkdir()
        (root / "outside" / "keep.txt").write_text("the user's own file")
        built = attacks(archives)
        services = open_services(root / "clinic")
        try:
            _ = services.cases.store  # opened first: only the import itself could write
            for name, (archive, codes) in sorted(built.items()):
                before = _tree(root)
                try:
                    services.bundles.import_bundle(archive)
                    code = "IMPORTED"
                except BundleError as exc:
                    code = exc.code
                verdict = verify_bundle(archive)
                after = _tree(root)
                changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
                run.written_bytes += sum(max(0, after.get(k, (0, ""))[0]) for k in changed)
                same = not changed and not CANARY.exists() and services.cases.list_cases() == []
                run.results.append((name, code, code in codes and not verdict.ok, same))
        finally:
            services.close()
    return run


def test_hostile_bundles_are_refused_and_nothing_is_written() -> None:
    run = run_import_attacks()
    print(run.line())
    assert len(run.results) >= 22
    assert not run.failures(), run.failures()
    assert run.written_bytes == 0
