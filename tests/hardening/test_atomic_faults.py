"""Harness 6: a fault at every step of every atomic write PicProof makes leaves exactly the old
state or the new one.

Writers: the settings, an evidence file (content-addressed blob, then its row and custody entry in
one database transaction), an exported bundle, a thumbnail. Faults: an error (a full disk,
``OSError(ENOSPC)``) before each step of core/atomic.py (write, fsync, rename, directory fsync),
the database commit failing, and the process ending (``os._exit``) at each step. After each: the
visible state equals the old or the new one (never a mix), nothing half-written is visible, and a
restart leaves no temp file behind.
"""

from __future__ import annotations

import errno
import json
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import save_photo
from tests.hardening._kill import ROOT

from picproof.core.atomic import STEPS, fault_points
from picproof.core.errors import PicProofError
from picproof.services.bundle_verify import verify_bundle
from picproof.services.context import Services, open_services


@dataclass
class AtomicRun:
    results: list[tuple[str, str, str]] = field(default_factory=list)
    """(writer, fault, outcome: "old", "new" or what went wrong)."""

    def line(self) -> str:
        old = sum(1 for r in self.results if r[2] == "old")
        new = sum(1 for r in self.results if r[2] == "new")
        return (
            f"atomic-write faults: {len(self.results)} fault points over "
            f"{len({r[0] for r in self.results})} writers, {old} left the old state, {new} the "
            f"new, {len(self.failures())} anything else"
        )

    def failures(self) -> list[str]:
        return [f"{w} / {f}: {o}" for w, f, o in self.results if o not in ("old", "new")]


def _fail_at(step: str) -> Callable[[str, Path], None]:
    def hook(name: str, _target: Path) -> None:
        if name == step:
            raise OSError(errno.ENOSPC, "No space left on device (injected)")

    return hook


class _CommitFails:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.strip().upper() == "COMMIT":
            raise sqlite3.OperationalError("disk I/O error (injected)")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@contextmanager
def _commit_fails(services: Services):  # type: ignore[no-untyped-def]
    """The next COMMIT of the evidence store fails, as a full disk or an I/O error makes it."""
    store = services.cases.store
    cls = type(store)
    original = next(c.__dict__["conn"] for c in cls.__mro__ if "conn" in c.__dict__)
    proxy = _CommitFails(store.conn)
    cls.conn = property(lambda self: proxy if self is store else original.fget(self))  # type: ignore[assignment]
    try:
        yield
    finally:
        if "conn" in cls.__dict__ and cls.__dict__["conn"] is not original:
            del cls.conn
        if not hasattr(cls, "conn"):
            cls.conn = original  # type: ignore[assignment]


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and p.suffix == ".partial")


def _evidence_state(services: Services) -> tuple[Any, ...]:
    cases = services.cases
    items = tuple(
        (i.id, i.sha256, cases.store.blobs.check(i.sha256)) for i in cases.list_evidence(1)
    )
    log = tuple((e.seq, e.event) for e in cases.custody_log(1))
    return items, log, tuple(cases.verify_log(1))


def run_atomic_faults() -> AtomicRun:
    run = AtomicRun()
    with tempfile.TemporaryDirectory(prefix="picproof-atomic-") as tmp:
        root = Path(tmp)
        faults: list[tuple[str, Any]] = [(f"error before {s}", _fail_at(s)) for s in STEPS]

        # settings
        for fault, hook in faults:
            data = root / f"settings-{fault.replace(' ', '-')}"
            services = open_services(data)
            services.settings.operator_name = "Old Name"
            services.save_settings()
            old = services.paths.settings_file.read_bytes()
            services.settings.operator_name = "New Name"
            try:
                with fault_points(hook):
                    services.save_settings()
            except OSError:
                pass
            now = services.paths.settings_file.read_bytes()
            name = json.loads(now)["operator_name"]
            outcome = "old" if now == old else ("new" if name == "New Name" else "mixed")
            if _temps(data):
                outcome = f"temp left: {_temps(data)}"
            run.results.append(("settings", fault, outcome))

        # evidence: blob steps and the database commit
        shot = save_photo(root / "shot.png", 160, 120, seed=6)
        for fault, hook in [*faults, ("database commit fails", None)]:
            data = root / f"evidence-{fault.replace(' ', '-')}"
            services = open_services(data)
            services.cases.create_case("Case")
            services.cases.add_evidence(1, [shot])
            before = _evidence_state(services)
            try:
                if hook is None:
                    with _commit_fails(services):
                        services.cases.add_evidence_bytes(1, b"new evidence " * 1000, "new.bin")
                else:
                    with fault_points(hook):
                        services.cases.add_evidence_bytes(1, b"new evidence " * 1000, "new.bin")
            except (OSError, PicProofError):
                pass
            after = _evidence_state(services)
            services.close()
            reopened = open_services(data)
            restarted = _evidence_state(reopened)
            leftovers = [p.name for p in reopened.cases.store.blobs.tmp.iterdir()]
            reopened.close()
            if after != restarted:
                outcome = "changed on restart"
            elif after == before:
                outcome = "old"
            elif (
                len(after[0]) == len(before[0]) + 1
                and all(ok for *_, ok in after[0])
                and not after[2]
            ):
                outcome = "new"
            else:
                outcome = f"mixed {after}"
            if leftovers:
                outcome = f"temp left: {leftovers}"
            run.results.append(("evidence", fault, outcome))

        # bundle export over an older bundle, and a thumbnail
        source = root / "evidence-error-before-write"
        for fault, hook in faults:
            services = open_services(source)
            out = root / "exports" / "bundle.zip"
            out.parent.mkdir(exist_ok=True)
            out.write_bytes(b"an older file the user keeps")
            try:
                with fault_points(hook):
                    services.bundles.export(1, out)
            except (OSError, PicProofError):
                pass
            if out.read_bytes() == b"an older file the user keeps":
                outcome = "old"
            else:
                outcome = "new" if verify_bundle(out).ok else "invalid bundle"
            if [p.name for p in out.parent.iterdir() if p != out]:
                outcome = f"temp left: {[p.name for p in out.parent.iterdir()]}"
            run.results.append(("bundle export", fault, outcome))

            thumbs = root / f"thumbs-{fault.replace(' ', '-')}"
            from picproof.services.thumbnails import thumbnail_for

            try:
                with fault_points(hook):
                    thumbnail_for(thumbs, shot, "ab" * 32, 64)
            except OSError:
                pass
            made = list(thumbs.rglob("*")) if thumbs.exists() else []
            files = [p for p in made if p.is_file()]
            if not files:
                outcome = "old"
            elif [p.name for p in files] == ["ab" * 32 + "_64.jpg"]:
                from PIL import Image

                Image.open(files[0]).load()
                outcome = "new"
            else:
                outcome = f"temp left: {[p.name for p in files]}"
            run.results.append(("thumbnail", fault, outcome))
            services.close()

        # the process ends at each step
        for what in ("settings", "evidence"):
            for step in STEPS:
                data = root / f"exit-{what}-{step}"
                services = open_services(data)
                services.settings.operator_name = "Old Name"
                services.save_settings()
                services.cases.create_case("Case")
                services.cases.add_evidence(1, [shot])
                before_settings = services.paths.settings_file.read_bytes()
                before = _evidence_state(services)
                services.close()
                cmd = [
                    sys.executable,
                    "-m",
                    "tests.hardening._atomic_driver",
                    str(data),
                    what,
                    step,
                ]
                code = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=120).returncode
                reopened = open_services(data)  # the restart
                if what == "settings":
                    now = reopened.paths.settings_file.read_bytes()
                    name = reopened.settings.operator_name
                    outcome = (
                        "old"
                        if now == before_settings
                        else ("new" if name == "New Name" else "mixed")
                    )
                else:
                    after = _evidence_state(reopened)
                    outcome = (
                        "old"
                        if after == before
                        else ("new" if len(after[0]) == 2 and not after[2] else "mixed")
                    )
                left = _temps(data) + [p.name for p in reopened.cases.store.blobs.tmp.iterdir()]
                reopened.close()
                if code != 86 and not (step == "dirsync" and code == 0):
                    outcome = f"exit point not reached ({code})"
                elif left:
                    outcome = f"temp left after restart: {left}"
                run.results.append((what, f"process ends before {step}", outcome))
    return run


def test_a_fault_at_any_step_leaves_old_or_new_state() -> None:
    run = run_atomic_faults()
    print(run.line())
    assert len(run.results) == 25
    assert not run.failures(), run.failures()
