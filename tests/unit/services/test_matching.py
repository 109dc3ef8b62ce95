"""Matching through the real services: scan, incremental index, identical files, CLI JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from picproof.services.context import open_services

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "matching"))
import synth  # noqa: E402


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("matching")
    lib = root / "library"
    lib.mkdir()
    for seed in (11, 12, 13):
        synth.photo(seed, (1200, 800)).save(lib / f"IMG_{seed}.jpg", quality=92)
    shots = root / "shots"
    shots.mkdir()
    s = synth.Screen()
    s.paste(
        synth.slot(Image.open(lib / "IMG_11.jpg"), (0.1, 0.0, 0.9, 1.0), 600, mirror=True),
        (60, 150),
    )
    s.paste(synth.slot(Image.open(lib / "IMG_13.jpg"), (0.0, 0.2, 0.7, 0.8), 300), (60, 800))
    s.final().save(shots / "found.jpg", quality=90)
    neg = synth.Screen(seed=3)
    neg.paste(synth.slot(synth.photo(77), (0.0, 0.0, 1.0, 1.0), 600), (60, 200))
    neg.final().save(shots / "negative.png")
    (shots / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (shots / "copy.jpg").write_bytes((lib / "IMG_12.jpg").read_bytes())
    data = root / "data"
    services = open_services(data)
    services.library.add_folder(lib)
    services.scan_library()
    yield {"services": services, "lib": lib, "shots": shots, "boxes": s.boxes, "data": data}
    services.close()


def test_finds_photos_with_boxes_and_levels(world) -> None:  # type: ignore[no-untyped-def]
    result = world["services"].matching.match_image(world["shots"] / "found.jpg")
    assert result.error is None
    found = {Path(m.photo_path).name: m for m in result.confirmed}
    assert set(found) == {"IMG_11.jpg", "IMG_13.jpg"}
    assert synth.iou(found["IMG_11.jpg"].bbox, world["boxes"][0]) >= 0.85
    assert synth.iou(found["IMG_13.jpg"].bbox, world["boxes"][1]) >= 0.85
    m = found["IMG_11.jpg"]
    assert m.level == "same-photo" and m.transform is not None and m.transform.mirrored
    assert m.transform.cropped and 0.4 < m.transform.scale < 0.8  # 600 px of a 960 px-wide crop
    assert (
        m.original_region is not None and m.original_region[2] < 1200 and len(m.point_pairs) >= 10
    )


def test_identical_file_negative_and_unreadable(world) -> None:  # type: ignore[no-untyped-def]
    results = world["services"].matching.match_files([world["shots"]])
    by_name = {Path(r.path).name: r for r in results}
    assert set(by_name) == {"found.jpg", "negative.png", "broken.jpg", "copy.jpg"}
    assert by_name["broken.jpg"].error in {"truncated", "corrupt", "not-an-image"}
    assert by_name["negative.png"].confirmed == ()
    copy = by_name["copy.jpg"].matches
    assert copy[0].level == "identical" and Path(copy[0].photo_path).name == "IMG_12.jpg"
    assert len([m for m in copy if Path(m.photo_path).name == "IMG_12.jpg"]) == 1


def test_index_refresh_is_incremental(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    services = world["services"]
    assert services.matching.refresh_index() is False  # nothing changed since the scan
    (world["lib"] / "IMG_12.jpg").rename(tmp_path / "IMG_12.jpg")
    try:
        services.scan_library()
        result = services.matching.match_image(world["shots"] / "copy.jpg")
        assert result.matches == ()  # the only copy left the library, and the index knows it
    finally:
        (tmp_path / "IMG_12.jpg").rename(world["lib"] / "IMG_12.jpg")
        services.scan_library()
    assert (
        services.matching.match_image(world["shots"] / "copy.jpg").matches[0].level == "identical"
    )


def test_render_explanation_png(world) -> None:  # type: ignore[no-untyped-def]
    services = world["services"]
    result = services.matching.match_image(world["shots"] / "found.jpg")
    png = services.matching.render_explanation(result, result.confirmed[0], show_points=True)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    import io

    img = Image.open(io.BytesIO(png))
    assert img.height >= 600 and img.width > img.height  # two panels side by side


def _match_cli(world, *args: str) -> str:  # type: ignore[no-untyped-def]
    cmd = [sys.executable, "-m", "picproof", "--data-dir", str(world["data"]), "match", *args]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def test_cli_json_lines_in_bench_format(world) -> None:  # type: ignore[no-untyped-def]
    shots = world["shots"]
    out = _match_cli(world, str(shots / "found.jpg"), str(shots / "negative.png"), "--json")
    lines = [json.loads(x) for x in out.splitlines()]
    assert [x["screenshot"] for x in lines] == ["found.jpg", "negative.png"]
    assert {m["original"] for m in lines[0]["matches"]} == {"IMG_11.jpg", "IMG_13.jpg"}
    assert all(len(m["bbox"]) == 4 and m["level"] == "same-photo" for m in lines[0]["matches"])
    assert lines[1]["matches"] == []
    human = _match_cli(world, str(shots / "found.jpg"))
    assert "SAME PHOTO" in human and "mirrored" in human


def test_matching_from_a_worker_thread(world) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor

    matching = world["services"].matching
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(matching.match_image, [world["shots"] / "found.jpg"] * 2))
    assert all(len(r.confirmed) == 2 for r in results)


def test_more_candidates_are_verified_in_a_bigger_library():
    from picproof.services.matching import SHORTLIST, shortlist_size

    assert shortlist_size(72) == shortlist_size(10_000) == SHORTLIST
    assert shortlist_size(100_000) == SHORTLIST + 4
    assert shortlist_size(1_000_000) == SHORTLIST + 8
    sizes = [shortlist_size(n) for n in range(5_000, 2_000_000, 5_000)]
    assert sizes == sorted(sizes)
