"""Incremental library scans over real folders and a real SQLite index."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from tests.conftest import photo_array, save_photo

from picproof.core.errors import BadInput
from picproof.core.progress import CallbackProgress, CancelToken
from picproof.services.context import open_services

ROOT = Path(__file__).resolve().parents[3]


def _library(tmp_path: Path, n: int = 4) -> Path:
    lib = tmp_path / "photos"
    for i in range(n):
        save_photo(lib / f"IMG_{i:04d}.jpg", 480, 360, seed=i, quality=90)
    return lib


def test_scan_is_incremental_and_tracks_changes_moves_and_removals(tmp_path: Path) -> None:
    lib = _library(tmp_path, 5)
    services = open_services(tmp_path / "data")
    services.library.add_folder(lib)
    first = services.scan_library()
    assert (first.photos, first.added, first.unchanged, first.skipped) == (5, 5, 0, ())

    second = services.scan_library()
    assert (second.added, second.updated, second.removed, second.unchanged) == (0, 0, 0, 5)

    moved_photo = services.library.find_by_sha256(
        services.library.photos_by_ids(services.library.photo_ids())[0].sha256
    )[0]
    (lib / "trip").mkdir()
    new_path = lib / "trip" / "renamed.jpg"
    shutil.move(moved_photo.path, new_path)
    save_photo(lib / "IMG_0001.jpg", 480, 360, seed=99, quality=90)  # same name, new content
    os.unlink(lib / "IMG_0002.jpg")
    save_photo(lib / "new.png", 300, 200, seed=50, format="PNG")

    third = services.scan_library()
    assert (third.added, third.updated, third.moved, third.removed, third.unchanged) == (
        1,
        1,
        1,
        1,
        2,
    )
    assert third.photos == 5
    after = services.library.photo(moved_photo.id)  # a moved photo keeps its id and history
    assert Path(after.path) == new_path.resolve()
    events = [e for e, _, _ in services.library.history(moved_photo.id)]
    assert events == ["added", "moved"]
    assert services.library.stats()["photos"] == 5


def test_broken_files_are_skipped_with_reasons_and_not_retried(tmp_path: Path) -> None:
    lib = _library(tmp_path, 2)
    (lib / "zero.jpg").write_bytes(b"")
    (lib / "letter.jpg").write_text("Dear landlord, ...\n" * 50)
    good = (lib / "IMG_0000.jpg").read_bytes()
    (lib / "half.jpg").write_bytes(good[: len(good) // 2])
    bomb = tmp_path / "bomb.png"
    Image.new("1", (1, 1)).save(bomb)
    from tests.unit.core.test_imaging import _png_header_only

    (lib / "bomb.png").write_bytes(_png_header_only(20000, 20000))
    frames = [Image.fromarray(photo_array(60, 40, s)) for s in range(3)]
    frames[0].save(lib / "anim.gif", save_all=True, append_images=frames[1:])
    Image.fromarray(photo_array(200, 150, 7)).convert("CMYK").save(lib / "cmyk.jpg")
    Image.fromarray(photo_array(200, 150, 8)[..., 0].astype("uint16") * 257).save(lib / "deep.png")
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.fromarray(photo_array(200, 120, 9)).save(lib / "rotated.jpg", exif=exif)
    import pillow_heif

    pillow_heif.register_heif_opener()
    Image.fromarray(photo_array(90, 60, 10)).save(lib / "phone.heic", format="HEIF")
    weird = os.fsencode(str(lib)) + b"/caf\xe9-\xff.jpg"  # Latin-1 bytes: not valid UTF-8
    with open(weird, "wb") as fh:
        fh.write(good)
    (lib / ("long-" + "x" * 240 + ".jpg")).write_bytes(
        (lib / "IMG_0001.jpg").read_bytes()[:-1] + b"\xd9"
    )
    os.symlink(lib, lib / "loop")  # a folder symlink pointing at its own parent
    os.symlink(lib / "missing-target.jpg", lib / "dangling.jpg")

    services = open_services(tmp_path / "data")
    services.library.add_folder(lib)
    report = services.scan_library()
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert reasons == {
        "zero.jpg": "empty",
        "letter.jpg": "not-an-image",
        "half.jpg": "truncated",
        "bomb.png": "too-large",
        "dangling.jpg": "unreadable",
    }
    names = {
        Path(p.path).name for p in services.library.photos_by_ids(services.library.photo_ids())
    }
    assert {
        "anim.gif",
        "cmyk.jpg",
        "deep.png",
        "rotated.jpg",
        "phone.heic",
        "IMG_0000.jpg",
        "IMG_0001.jpg",
    } <= names
    assert os.fsdecode(b"caf\xe9-\xff.jpg") in names
    assert any(n.startswith("long-") for n in names)
    rotated = next(
        p
        for p in services.library.photos_by_ids(services.library.photo_ids())
        if p.path.endswith("rotated.jpg")
    )
    assert (rotated.width, rotated.height) == (120, 200)

    totals: list[int | None] = []
    again = services.scan_library(progress=CallbackProgress(lambda d, t, m: totals.append(t)))
    assert again.added == 0 and again.updated == 0
    assert {Path(s.path).name: s.reason for s in again.skipped}["half.jpg"] == "truncated"
    assert set(totals) <= {None, 0}  # nothing was decoded again: known failures are not retried

    (lib / "half.jpg").write_bytes(good)  # repaired: retried and indexed
    repaired = services.scan_library()
    assert repaired.added == 1 or repaired.moved == 1
    assert "half.jpg" not in {Path(s.path).name for s in repaired.skipped}

    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "picproof",
            "--data-dir",
            str(tmp_path / "data"),
            "library",
            "scan",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout)
    assert {"photos", "added", "updated", "removed", "unchanged", "skipped"} <= set(data)
    assert all({"path", "reason"} <= set(s) for s in data["skipped"])


def _scan_as_nobody(data: Path) -> dict:  # type: ignore[type-arg]
    """Root reads everything, so scan in a forked child that dropped to an unprivileged user."""
    import pwd

    nobody = pwd.getpwnam("nobody")
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: every module the scan needs is already imported by the parent
        code = 1
        try:
            os.close(read_fd)
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            services = open_services(data)
            report = services.library.scan(workers=1).to_json()
            os.write(write_fd, json.dumps(report).encode())
            code = 0
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as fh:
        payload = fh.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0
    return json.loads(payload)


def test_unreadable_folder_is_reported_and_its_photos_kept(tmp_path: Path) -> None:
    lib = _library(tmp_path, 2)
    private = lib / "private"
    save_photo(private / "secret.jpg", 200, 150, seed=20)
    data = tmp_path / "data"
    services = open_services(data)
    services.library.add_folder(lib)
    assert services.scan_library().photos == 3
    services.close()
    os.chmod(private, 0)
    try:
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            for ancestor in tmp_path.parents:  # pytest makes its temp folders private to root
                if ancestor == Path(ancestor.anchor) or str(ancestor) == "/tmp":
                    break
                os.chmod(ancestor, os.stat(ancestor).st_mode | 0o011)
            for p in (tmp_path, *tmp_path.rglob("*")):
                if p != private and not p.is_relative_to(private):
                    os.chown(p, 65534, 65534) if p.is_relative_to(data) else None
                    os.chmod(p, 0o777 if p.is_dir() else 0o666)
            report = _scan_as_nobody(data)
        else:
            report = open_services(data).library.scan().to_json()
    finally:
        os.chmod(private, 0o755)
    assert report["photos"] == 3 and report["removed"] == 0
    assert [s["reason"] for s in report["skipped"]] == ["unreadable-folder"]
    assert open_services(data).scan_library().photos == 3


def test_missing_folder_keeps_photos_and_bad_folder_is_bad_input(tmp_path: Path) -> None:
    lib = _library(tmp_path, 2)
    services = open_services(tmp_path / "data")
    services.library.add_folder(lib)
    services.scan_library()
    shutil.move(lib, tmp_path / "unplugged")
    report = services.scan_library()
    assert report.photos == 2 and report.removed == 0
    assert report.skipped[0].reason == "folder-missing"
    with pytest.raises(BadInput):
        services.library.add_folder(tmp_path / "nope")


def test_cancel_keeps_finished_work_and_next_scan_resumes(tmp_path: Path) -> None:
    lib = _library(tmp_path, 40)
    services = open_services(tmp_path / "data")
    services.library.add_folder(lib)
    token = CancelToken()
    seen: list[int] = []

    def on_progress(done: int, total: int | None, message: str) -> None:
        seen.append(done)
        if done >= 20:
            token.cancel()

    from picproof.core.errors import Cancelled
    from picproof.services import library as library_module

    library_module.COMMIT_EVERY = 5
    try:
        with pytest.raises(Cancelled):
            services.scan_library(progress=CallbackProgress(on_progress, token))
    finally:
        library_module.COMMIT_EVERY = 64
    kept = services.library.photo_count()
    assert 15 <= kept < 40
    report = services.scan_library()
    assert report.photos == 40 and report.added == 40 - kept and report.unchanged == kept


def test_kill_during_scan_leaves_consistent_db_and_resume_completes(tmp_path: Path) -> None:
    lib = _library(tmp_path, 160)
    data = tmp_path / "data"
    base = [sys.executable, "-m", "picproof", "--data-dir", str(data), "library"]
    subprocess.run([*base, "add", str(lib)], check=True, capture_output=True)
    proc = subprocess.Popen(
        [*base, "scan", "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    db = data / "library.sqlite3"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.2)
        try:
            with sqlite3.connect(db) as conn:
                if conn.execute("SELECT COUNT(*) FROM photos").fetchone()[0] >= 64:
                    break
        except sqlite3.Error:
            continue
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = conn.execute("SELECT COUNT(*) FROM photos").fetchone()[0]
    assert 0 < partial < 160
    out = subprocess.run([*base, "scan", "--json"], capture_output=True, text=True, check=True)
    report = json.loads(out.stdout)
    assert report["photos"] == 160
    assert report["added"] + report["unchanged"] == 160 and report["unchanged"] >= partial


def test_thumbnails_are_cached_on_disk(tmp_path: Path) -> None:
    lib = _library(tmp_path, 1)
    services = open_services(tmp_path / "data")
    services.library.add_folder(lib)
    services.scan_library()
    photo_id = services.library.photo_ids()[0]
    thumb = services.library.thumbnail(photo_id, 128)
    assert thumb.is_file() and max(Image.open(thumb).size) == 128
    mtime = thumb.stat().st_mtime_ns
    assert services.library.thumbnail(photo_id, 128).stat().st_mtime_ns == mtime


def test_search_sort_and_paging(tmp_path: Path) -> None:
    lib = _library(tmp_path, 6)
    services = open_services(tmp_path / "data")
    services.library.add_folder(lib)
    services.scan_library()
    lib_svc = services.library
    assert lib_svc.photo_count("IMG_0003") == 1
    ids = lib_svc.photo_ids(sort="path")
    assert [Path(p.path).name for p in lib_svc.photos_by_ids(ids)] == [
        f"IMG_{i:04d}.jpg" for i in range(6)
    ]
    assert lib_svc.photo_ids(sort="path", descending=True, offset=1, limit=2) == ids[::-1][1:3]


def test_a_worker_that_dies_does_not_stop_the_scan(tmp_path: Path) -> None:
    """A decoder crashing on a hostile file kills its worker process; the scan must carry on."""
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    if not children.exists():
        pytest.skip("needs Linux /proc to find the worker processes")
    lib = _library(tmp_path, 24)
    services = open_services(tmp_path / "data")
    services.library.add_folder(lib)
    killed: list[int] = []

    def on_progress(done: int, total: int | None, message: str) -> None:
        if done == 4 and not killed:
            workers = [
                int(p)
                for p in children.read_text().split()
                if b"resource_tracker" not in Path(f"/proc/{p}/cmdline").read_bytes()
            ]
            if workers:
                os.kill(workers[0], signal.SIGKILL)
                killed.append(workers[0])

    report = services.library.scan(progress=CallbackProgress(on_progress), workers=2)
    assert killed, "no worker process was found to kill"
    assert report.photos == 24 and report.added == 24 and not report.skipped


class _PoolBrokenOnSubmit:
    """A process pool that runs jobs in this process and, like a real pool whose worker has just
    died, refuses one submission with BrokenProcessPool: the race that lost a file to a scan
    (23 of 24 photos recorded, nothing reported) when the crash was noticed at submission."""

    submissions = 0

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def __enter__(self) -> _PoolBrokenOnSubmit:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def submit(self, fn, *args):  # type: ignore[no-untyped-def]
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        type(self).submissions += 1
        if type(self).submissions == 5:
            raise BrokenProcessPool("a worker died")
        future: Future[object] = Future()
        future.set_result(fn(*args))
        return future


def test_a_pool_broken_at_submission_loses_no_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import picproof.services.library as library

    monkeypatch.setattr(library, "worker_pool", _PoolBrokenOnSubmit)
    monkeypatch.setattr(_PoolBrokenOnSubmit, "submissions", 0)
    lib = _library(tmp_path, 12)
    services = open_services(tmp_path / "data")
    services.library.add_folder(lib)
    report = services.library.scan(workers=2)
    assert _PoolBrokenOnSubmit.submissions > 5
    assert report.photos == 12 and report.added == 12 and not report.skipped
