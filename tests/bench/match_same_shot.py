"""The same-shot evidence (core/matching/same_shot.py) of every finding on a benchmark set, split
by what the truth says the finding is: a true copy, a near duplicate (another photograph of the
scene, truth.json's ``near_duplicates``), or a wrong photo. The chance study behind the
same-shot rule (core/matching/README.md) is this table on the dev set and the probe sets.

    .venv/bin/python tests/bench/match_same_shot.py --bench DIR --set dev --data-dir D \
        [--tsv F]

``--data-dir`` is a data dir whose library is that set's, scanned (match_accuracy.py
--data-dir leaves one). Findings are listed with the level the engine gave them before the
same-shot rule: a finding carries the evidence only when it reached ``same-photo`` on fit and
agreement. ``far_moved`` is what the second look in the original file found
(original_look.py; -1: not read there, e.g. shown no larger than the thumbnail, or already
demoted by the thumbnail's blocks or by a better photo at its place).
``aligned`` and ``around``: blocks moved by a pixel once aligned, and blocks moved around the
visible box (same_shot.py), each over the blocks read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from picproof.cli_cmds.match import _result_json
from picproof.core.matching import engine
from picproof.core.matching.same_shot import ANOTHER_FAR
from picproof.services.context import open_services


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", type=Path, required=True)
    ap.add_argument("--set", default="dev")
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--tsv", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--predictions", type=Path, default=None, help="also write CLI JSON lines")
    args = ap.parse_args()
    truth = json.loads((args.bench / args.set / "truth.json").read_text())
    seen: list[tuple[str, object, object]] = []
    original = engine.examine

    def examine(query, key, photo, orientations=(False, True), detail=None):  # type: ignore[no-untyped-def]
        finding = original(query, key, photo, orientations)
        if finding is not None and finding.bbox is not None:
            seen.append((finding, finding.evidence, key))
        return finding

    by_region = engine.examine_region

    def examine_region(query, key, photo, orientations, shown, detail=None):  # type: ignore[no-untyped-def]
        finding = by_region(query, key, photo, orientations, shown)
        if finding is not None and finding.bbox is not None:
            seen.append((finding, finding.evidence, key))
        return finding

    import picproof.services.matching as sm

    second: dict[int, object] = {}  # photo id -> evidence after the look in the original file
    look = sm.look_at_originals

    def look_at_originals(found, gray, load):  # type: ignore[no-untyped-def]
        out = look(found, gray, load)
        second.update({k: f.evidence for k, f in out.items() if f.evidence is not None})
        return out

    sm.examine = examine  # type: ignore[assignment]
    sm.examine_region = examine_region  # type: ignore[assignment]
    sm.look_at_originals = look_at_originals  # type: ignore[assignment]
    services = open_services(args.data_dir)
    names: dict[int, str] = {}
    rows = []
    shots = truth["screenshots"][: args.limit or None]
    lines_out = []
    for s in shots:
        seen.clear()
        second.clear()
        result = services.matching.match_image(args.bench / args.set / "screenshots" / s["file"])
        lines_out.append(json.dumps(_result_json(result, points=False)))
        gt = {m["original"] for m in s["matches"]}
        near = set(s.get("near_duplicates", []))
        ign = set(s.get("ignore", []))
        for finding, ev, key in seen:
            name = names.setdefault(key, Path(services.library.photo(key).path).name)
            label = (
                "true"
                if name in gt
                else "near"
                if name in near
                else "ign"
                if name in ign
                else "wrong"
            )
            f = finding  # type: ignore[assignment]
            pre = "same-photo" if f.level == "same-photo" or ev is not None else f.level
            rows.append(
                (
                    s["file"],
                    s.get("template", ""),
                    name,
                    label,
                    pre,
                    f.fit.inliers,
                    round(f.region.textured_agreement, 3) if f.region else 0.0,
                    ev.blocks if ev else 0,
                    ev.in_place if ev else 0,
                    ev.moved if ev else 0,
                    round(ev.moved_share, 3) if ev else -1,
                    round(ev.in_place_share, 3) if ev else -1,
                    round(ev.agreement, 3) if ev else -1,
                    getattr(second.get(key), "far_moved", -1),
                    getattr(second.get(key), "fine_moved", -1),
                    getattr(second.get(key), "fine_blocks", -1),
                    round(ev.found_share, 3) if ev else -1,
                    f"{ev.aligned_moved}/{ev.aligned_blocks}" if ev else "-",
                    f"{ev.around_moved}/{ev.around_blocks}" if ev else "-",
                )
            )
    services.close()
    if args.predictions:
        args.predictions.write_text("\n".join(lines_out) + "\n")
    head = (
        "shot template photo label level inliers tex blocks in_place moved moved_share "
        "in_place_share agreement far_moved fine_moved fine_blocks found_share aligned around"
    )
    lines = [head.replace(" ", "\t")] + ["\t".join(map(str, r)) for r in rows]
    if args.tsv:
        args.tsv.write_text("\n".join(lines) + "\n")
    for label in ("true", "near", "wrong"):
        sel = [r for r in rows if r[3] == label and r[4] == "same-photo"]
        if not sel:
            continue
        ms = np.array([r[10] for r in sel])
        ip = np.array([r[11] for r in sel])
        print(
            f"{label:6s} same-photo findings {len(sel):4d}; moved share max {ms.max():.3f} "
            f"p99 {np.percentile(ms, 99):.3f} median {np.median(ms):.3f}; in-place share min "
            f"{ip.min():.3f} median {np.median(ip):.3f}; found share min "
            f"{min((r[16] for r in sel if r[16] >= 0), default=-1):.3f}"
        )
        far = np.array([r[13] for r in sel if r[13] >= 0])
        fine = [(r[14], r[15]) for r in sel if r[15] > 0]
        if far.size:
            print(
                f"{'':6s} read in the original: {far.size} findings; far moves max {far.max()}, "
                f"{int((far >= ANOTHER_FAR).sum())} at or above {ANOTHER_FAR}; fine moved max "
                f"{max((m for m, _ in fine), default=0)}, share max "
                f"{max((m / b for m, b in fine), default=0.0):.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
