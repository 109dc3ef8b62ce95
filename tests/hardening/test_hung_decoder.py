"""A decoder that hangs on one file is ended after the scan's per-file time limit; the file is
reported as damaged and every other photo is indexed (the scan used to wait for ever)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests.conftest import save_photo
from tests.hardening._decode_worker import hang

import picproof.services.library as library
from picproof.services.context import open_services


def test_a_hung_decoder_is_ended_and_its_file_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photos = tmp_path / "photos"
    for i in range(6):
        save_photo(photos / f"IMG_{i}.jpg", 320, 240, seed=40 + i)
    save_photo(photos / "stuck.jpg", 320, 240, seed=99)
    real_call_for = library._call_for

    def call_for(job):  # type: ignore[no-untyped-def]
        kind, item = job
        if kind == "index" and item[0].endswith(b"stuck.jpg"):
            return (hang, *item[:1])
        return real_call_for(job)

    monkeypatch.setattr(library, "_call_for", call_for)
    monkeypatch.setattr(library, "FILE_SECONDS", 3.0)
    services = open_services(tmp_path / "data")
    try:
        services.library.add_folder(photos)
        started = time.monotonic()
        report = services.library.scan(workers=2)
        seconds = time.monotonic() - started
    finally:
        services.close()
    assert report.photos == 6
    (skip,) = report.skipped
    assert skip.path.endswith("stuck.jpg") and skip.reason == "corrupt" and "hung" in skip.detail
    assert seconds < 40, seconds  # two 3 s limits and two new pools, not an hour
