"""Chance level of the matching rules on the dev benchmark (what wrong photos score).

    .venv/bin/python tests/bench/match_chance.py [--bench DIR] [--set dev] [--data-dir D]
        [--placements 25]

1. All pairs: every dev library photo is verified against every dev screenshot (72 x 150), not
   only the short-listed ones. For each fit of a photo that is *not* in the screenshot it prints
   the inliers, the textured agreement, the close-look inliers and the level the engine gives.
2. Random placements: wrong photos placed at random (scale 0.1-3.0 of the analysed photo, some
   mirrored or slightly rotated) and given to the close look as if a first fit had put them
   there; once with the location check and once without it.
3. Small regions: every dev library photo is verified against every round and framed region
   (core/matching/round_regions.py, framed_regions.py) of every dev screenshot, as the
   small-region pass would if each photo were short-listed: wrong fits, the close looks they get
   and the level the engine gives. ``--regions-only`` runs this part alone (~45 minutes);
   ``--frames-only`` that part on the framed regions alone (~15 minutes). ``--pairs-only`` runs
   part 1 alone (~10 minutes); ``--angles-only`` only its fits that carry a homography
   (a similarity's upgraded by ``verify.with_perspective``, and ``verify.seen_at_an_angle``
   fitted on every pair down to 8 inliers). ``--straightened``: every screenshot replaced by
   the screen it shows photographed at an angle, straightened as the engine's second look does
   (core/matching/screen_plane.py); screenshots without one are skipped. ``--coarse PX``
   with it: the straightened screen shrunk to PX pixels, as the engine's coarse look reads it.

The thresholds in core/matching/engine.py are argued from these figures (core/matching/README.md).
Runs on both cores (one process per half of the screenshots); about 25 minutes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
#: ../shared/bench beside the checkout (or beside the worktrees' folder, /work/wt/<branch>)
DEFAULT_BENCH = next(
    (
        p
        for p in (ROOT.parent / "shared" / "bench", ROOT.parents[1] / "shared" / "bench")
        if p.exists()
    ),
    ROOT.parent / "shared" / "bench",
)


def _load(data_dir: Path):  # type: ignore[no-untyped-def]
    from picproof.core.matching.features import decode_features
    from picproof.services.context import open_services

    sv = open_services(data_dir)
    ms = sv.matching
    post = ms.index.postings()
    if post is None:
        ms.refresh_index()
        post = ms.index.postings()
    photos = sv.library.photos_by_ids([int(i) for i in post.photo_ids])
    return {
        Path(p.path).name: decode_features(ms.index.feature_blobs([p.id])[p.id]) for p in photos
    }


def _part(
    args: tuple[Path, Path, int, int, int, bool, bool, bool, bool, bool, int],
) -> dict[str, list]:  # type: ignore[type-arg]
    (
        data_dir,
        bench,
        part,
        parts,
        placements,
        regions_only,
        frames_only,
        pairs_only,
        angles_only,
        straightened,
        coarse,
    ) = args
    import picproof.core.matching.close_look as close
    from picproof.core.imaging import load_image
    from picproof.core.matching import engine
    from picproof.core.matching.features import root_sift, to_gray
    from picproof.core.matching.framed_regions import framed_regions, small_regions
    from picproof.core.matching.query import query_features
    from picproof.core.matching.region import visible_region
    from picproof.core.matching.round_regions import region_features
    from picproof.core.matching.screen_plane import coarser, find_screen, straighten
    from picproof.core.matching.verify import Fit, seen_at_an_angle, verify

    feats = _load(data_dir)
    names = sorted(feats)
    truth = json.loads((bench / "truth.json").read_text())
    rng = np.random.default_rng(part)
    fits: list[dict[str, object]] = []
    placed: list[tuple[int | None, int | None]] = []
    rounds: list[dict[str, object]] = []
    angles: list[dict[str, object]] = []
    empty = np.zeros((0, 2), np.float32)
    for i, shot in enumerate(truth["screenshots"]):
        if i % parts != part:
            continue
        image = to_gray(load_image(bench / "screenshots" / shot["file"]).image)
        if straightened:  # the screen photographed at an angle, seen straight on
            if (screen := find_screen(image)) is None:
                continue
            image = (
                straighten(image, coarser(screen, coarse)) if coarse else straighten(image, screen)
            )
        q = query_features(image)
        # "ignore": present but barely visible (bench README); finding those accuses nobody
        present = {m["original"] for m in shot["matches"]} | set(shot.get("ignore", []))
        # another photograph of the same scene (probe_set.py): not chance, reported apart
        twins = set(shot.get("near_duplicates", []))
        for name, f in feats.items() if not regions_only else ():
            angle = seen_at_an_angle(q, f, root_sift(f.descriptors), (False, True), 8)
            if angle is not None:
                region = visible_region(q.gray, f.thumbnail, f.size, angle.warp)
                angles.append(
                    {
                        "shot": shot["file"],
                        "photo": name,
                        "true": name in present,
                        "twin": name in twins,
                        "inliers": angle.inliers,
                        "texture": round(region.textured_agreement, 3) if region else None,
                        # verify() tries the homography alone only after such a proposal
                        "proposal": _proposal(q, f, angle.mirrored),
                    }
                )
            if angle is not None and angles_only:
                found = engine.examine(q, 0, f)
                angles[-1]["level"] = found.level if found else None
            fit = verify(q, f)
            if fit is None or (angles_only and fit.homography is None):
                continue  # --angles-only: the fits that carry a homography, of either path
            region = visible_region(q.gray, f.thumbnail, f.size, fit.warp)
            found = engine.examine(q, 0, f)
            fits.append(
                {
                    "shot": shot["file"],
                    "photo": name,
                    "true": name in present,
                    "twin": name in twins,
                    "inliers": fit.inliers,
                    "texture": round(region.textured_agreement, 3) if region else None,
                    "close": None if angles_only else close.close_look(q, f, fit),
                    "level": found.level if found else None,
                    "homography": fit.homography is not None,
                }
            )
        placing = 0 if regions_only or pairs_only or angles_only else min(placements, len(names))
        for name in rng.choice(names, placing, replace=False):
            if name in present or name in twins:
                continue
            f = feats[name]
            scale = rng.uniform(0.1, 3.0)
            angle = np.radians(rng.choice([0.0, 0.0, 0.0, rng.uniform(-10, 10)]))
            mirrored = bool(rng.random() < 0.3)
            w, h = q.size
            tx = rng.uniform(0, max(1.0, w - scale * f.size[0]))
            ty = rng.uniform(0, max(1.0, h - scale * f.size[1]))
            a = scale * np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
            if mirrored:
                a = a @ np.array([[-1.0, 0.0], [0.0, 1.0]])
                tx += scale * f.size[0]
            fit = Fit(np.hstack([a, [[tx], [ty]]]), mirrored, 0, empty, empty, 0)
            checked = close.close_look(q, f, fit)
            saved, close.AGREE = close.AGREE, 1e9
            try:
                unchecked = close.close_look(q, f, fit)
            finally:
                close.AGREE = saved
            placed.append((checked, unchecked))
        boxes = (
            []
            if pairs_only or angles_only
            else (framed_regions if frames_only else small_regions)(q.gray)
        )
        for box in boxes:
            rq = region_features(q.gray, box)
            if rq is None:
                continue
            for name, f in feats.items():
                if name in present:
                    continue
                fit = verify(rq, f)
                if fit is None:
                    continue
                region = visible_region(q.gray, f.thumbnail, f.size, fit.matrix)
                texture = region.textured_agreement if region else 0.0
                found = engine.examine_region(rq, 0, f, (False, True), box)
                rounds.append(
                    {
                        "shot": shot["file"],
                        "photo": name,
                        "twin": name in twins,
                        "inliers": fit.inliers,
                        "texture": round(texture, 3),
                        "close": close.close_look(rq, f, fit)
                        if texture >= engine.STRONG_TEXTURE
                        else None,
                        "level": found.level if found else None,
                    }
                )
        print(f"  {shot['file']}", file=sys.stderr, flush=True)
    return {"fits": fits, "placed": placed, "rounds": rounds, "angles": angles}


def _proposal(q, f, mirrored: bool) -> int:  # type: ignore[no-untyped-def]
    """Inliers of the similarity RANSAC on the ratio-test matches in one orientation: the
    proposal verify() needs (>= verify.MIN_INLIERS) before it tries the homography alone."""
    from picproof.core.matching.features import root_sift
    from picproof.core.matching.verify import _photo_xy, fit_similarity, ratio_matches

    sim = (q.desc_mirror if mirrored else q.desc) @ root_sift(f.descriptors).T
    qi, pi = ratio_matches(sim)
    fitted = fit_similarity(_photo_xy(f, pi, mirrored), q.points[qi]) if qi.size else None
    return 0 if fitted is None else int(fitted[1].sum())


def _report_angles(angles: list[dict[str, object]]) -> None:
    """Homographies fitted without a similarity (verify.seen_at_an_angle), on every pair."""
    wrong = [a for a in angles if not a["true"] and not a["twin"]]
    right = sorted(int(a["inliers"]) for a in angles if a["true"])  # type: ignore[call-overload]
    strong = sorted(
        ((int(a["inliers"]), float(a["texture"] or 0.0)) for a in wrong),  # type: ignore[call-overload]
        reverse=True,
    )
    reported = [(a["shot"], a["photo"], a["level"]) for a in wrong if a.get("level")]
    print(
        f"homography alone (seen_at_an_angle, every pair): {len(wrong)} wrong fits "
        f"(inliers, textured agreement): {strong[:20]}; true copies {len(right)}, "
        f"inliers {right[:5]} ... {right[-3:]}; wrong fits the engine reports: {reported}"
    )
    proposals = sorted(int(a["proposal"]) for a in angles if a["true"])  # type: ignore[call-overload]
    print(
        f"  similarity proposals in the orientation of the true copies' fits (verify tries the "
        f"homography alone only after >= 5): lowest {proposals[:5]}"
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument(
        "--set", default="dev", help="the set inside --bench (probe_set.py writes 'probe')"
    )
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--placements", type=int, default=25, help="random placements per screenshot")
    ap.add_argument("--regions-only", action="store_true", help="part 3 alone")
    ap.add_argument("--frames-only", action="store_true", help="part 3 on framed regions alone")
    ap.add_argument("--pairs-only", action="store_true", help="part 1 alone")
    ap.add_argument(
        "--angles-only",
        action="store_true",
        help="part 1's homographies without a similarity (verify.seen_at_an_angle) alone",
    )
    ap.add_argument(
        "--straightened",
        action="store_true",
        help="each screenshot replaced by its screen seen straight on (screen_plane.py); "
        "screenshots without a screen photographed at an angle are skipped",
    )
    ap.add_argument(
        "--coarse",
        type=int,
        default=0,
        help="with --straightened: the straightened screen shrunk to this many pixels "
        "(the engine's coarse look, screen_plane.COARSE_PIXELS)",
    )
    args = ap.parse_args()
    bench = args.bench / args.set
    tmp = tempfile.TemporaryDirectory()
    data_dir = args.data_dir or Path(tmp.name) / "data"
    from picproof.services.context import open_services

    sv = open_services(data_dir)
    if not sv.library.folders():
        sv.library.add_folder(bench / "library")
        sv.scan_library()
    sv.matching.refresh_index()
    sv.close()
    alone = args.regions_only or args.frames_only
    jobs = [
        (
            data_dir,
            bench,
            p,
            2,
            args.placements,
            alone,
            args.frames_only,
            args.pairs_only,
            args.angles_only,
            args.straightened,
            args.coarse,
        )
        for p in range(2)
    ]
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        parts = list(pool.map(_part, jobs))
    fits = [f for p in parts for f in p["fits"]]
    placed = [x for p in parts for x in p["placed"]]
    twins = [f for f in fits if f["twin"]]
    wrong = [f for f in fits if not f["true"] and not f["twin"]]
    right = [f for f in fits if f["true"]]
    print(f"all pairs: {len(fits)} fits, {len(wrong)} of photos not in the screenshot")
    upgraded = sorted(
        (int(f["inliers"]), float(f["texture"] or 0.0))
        for f in wrong
        if f.get("homography")  # type: ignore[call-overload]
    )
    print(f"  wrong fits with a homography (inliers, textured agreement): {upgraded[::-1][:20]}")
    if wrong:
        print(f"  wrong fits: max inliers {max(int(f['inliers']) for f in wrong)}")  # type: ignore[call-overload]
        strong = sorted(
            (
                (int(f["inliers"]), float(f["texture"] or 0.0))
                for f in wrong
                if int(f["inliers"]) >= 9
            ),  # type: ignore[call-overload]
            reverse=True,
        )
        print(f"  wrong fits with >= 9 inliers (inliers, textured agreement): {strong}")
        closes = [int(f["close"]) for f in wrong if f["close"] is not None]  # type: ignore[call-overload]
        print(
            f"  close-look inliers of wrong fits: max {max(closes, default=0)} ({len(closes)} ran)"
        )
        levels = [(f["shot"], f["photo"], f["level"]) for f in wrong if f["level"]]
        print(f"  wrong fits the engine reports at any level: {levels}")
    if twins:
        print(
            "  near duplicates (another photograph of the scene), not counted above: "
            f"{len(twins)} fits, inliers {sorted(int(f['inliers']) for f in twins)}, "  # type: ignore[call-overload]
            f"reported {sum(1 for f in twins if f['level'])}"
        )
    _report_angles([a for p in parts for a in p["angles"]])
    closes = sorted(int(f["close"]) for f in right if f["close"] is not None)  # type: ignore[call-overload]
    print(f"  close-look inliers of true copies: {closes[:5]} ... {closes[-3:]}")
    checked = [c for c, _ in placed if c is not None]
    unchecked = [u for _, u in placed if u is not None]
    print(
        f"random placements: {len(placed)}; close-look fits with the location check "
        f"{len(checked)} (max {max(checked, default=0)}), without it {len(unchecked)} "
        f"(max {max(unchecked, default=0)} distinct inliers)"
    )
    all_rounds = [r for p in parts for r in p["rounds"]]
    rounds = [r for r in all_rounds if not r["twin"]]
    if len(rounds) < len(all_rounds):
        print(
            f"small regions: {len(all_rounds) - len(rounds)} fits of near duplicates, reported "
            f"{sum(1 for r in all_rounds if r['twin'] and r['level'])}, not counted below"
        )
    closes = [int(r["close"]) for r in rounds if r["close"] is not None]  # type: ignore[call-overload]
    reported = [(r["shot"], r["photo"], r["level"]) for r in rounds if r["level"]]
    print(
        f"small regions: {len(rounds)} wrong fits, max inliers "
        f"{max((int(r['inliers']) for r in rounds), default=0)}; "  # type: ignore[call-overload]
        f"close looks {len(closes)} (max {max(closes, default=0)} distinct inliers); "
        f"reported at any level: {reported}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
