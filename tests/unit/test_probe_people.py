"""The people probe set's generator (tests/bench/probe_people.py) writes a consistent truth.json:
built here from real frames of a street video and two shots of two people moments apart."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "unit" / "core" / "matching" / "data"
sys.path.insert(0, str(ROOT / "bench"))

import probe_people  # noqa: E402


def _open(name: str) -> Image.Image:
    with Image.open(DATA / name) as im:
        return im.convert("RGB")


def test_truth_is_consistent_with_the_files_it_describes(tmp_path: Path) -> None:
    series: probe_people.Series = [
        ("street", [_open(f"street_{f}.jpg") for f in (500, 530, 515)], 2, None),
        ("pair", [_open("basketball1.jpg"), _open("basketball2.jpg")], 1, (0.12, 0.3, 0.45)),
    ]
    distractors = [_open("aloe_left.jpg"), _open("taj_mahal_clear.jpg")]
    shots = 2 * len(probe_people.KINDS)
    out = tmp_path / "people"
    truth = probe_people.build(out, series, distractors, shots, 11022, (_open("bunny_80.jpg"),))
    assert json.loads((out / "truth.json").read_text()) == truth
    library = truth["library"]
    assert len(library) == len(set(library)) == 4  # 2 + 1 series members, 1 library-only
    assert sorted(p.name for p in (out / "library").iterdir()) == sorted(library)
    assert len(truth["screenshots"]) == shots
    assert {s["template"] for s in truth["screenshots"]} == set(probe_people.KINDS)
    near_listed = 0
    for shot in truth["screenshots"]:
        with Image.open(out / "screenshots" / shot["file"]) as im:
            assert list(im.size) == shot["size"]
        found = {m["original"] for m in shot["matches"]}
        near, ignore = set(shot["near_duplicates"]), set(shot["ignore"])
        assert found | near | ignore <= set(library)
        assert not found & near and not found & ignore and not near & ignore
        assert shot["negative"] == (not found and not ignore)
        if shot["subject"] == "another shot":
            assert not found  # only shots that are not in the library: nothing to find
        for m in shot["matches"]:
            x, y, w, h = m["bbox"]
            assert w >= 40 and h >= 40
            assert x >= 0 and y >= 0 and x + w <= shot["size"][0] and y + h <= shot["size"][1]
        near_listed += len(near)
    # the other shot of a shown person is listed somewhere: the set tests near duplicates
    assert near_listed > 0
