"""Find library photos inside suspect images (the matching use case)."""

from __future__ import annotations

import hashlib
import io
import math
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
from PIL import Image

from picproof.core.errors import ImageError, PicProofError
from picproof.core.imaging import is_image_name, load_image
from picproof.core.matching.described_regions import DescribedRegion, describe_tile
from picproof.core.matching.engine import (
    Finding,
    examine,
    examine_placed,
    examine_region,
    in_round_frame,
    to_match,
)
from picproof.core.matching.features import PhotoFeatures, decode_features, to_gray
from picproof.core.matching.framed_regions import intersection
from picproof.core.matching.near_duplicates import near_duplicates
from picproof.core.matching.original_look import look_at_originals
from picproof.core.matching.page_tiles import tiles_holding
from picproof.core.matching.query import QueryFeatures, query_features
from picproof.core.matching.retrieval import Suspect, region_shortlist, shortlist
from picproof.core.matching.same_shot import not_this_photo
from picproof.core.matching.series import demote_unshown
from picproof.core.matching.small_look import Thumbnail, best_placements
from picproof.core.matching.vocab import one_blas_thread
from picproof.core.models import Match, SuspectResult, Transform
from picproof.core.progress import NULL_PROGRESS, Progress
from picproof.services.heap import keep_freed_memory, release_freed_memory
from picproof.services.library import LibraryService
from picproof.services.paths import AppPaths
from picproof.services.print_look import PRINT_CANDIDATES, PRINT_WHOLE, look_at_prints
from picproof.services.region_helper import SmallRegionHelper
from picproof.services.screen_look import Look, look_at_screen
from picproof.services.settings import Settings
from picproof.store.match_index import MatchIndex, Postings

#: Candidates verified per suspect: the best placed by retrieval's geometric re-ranking, and a
#: few more of the best on the whole-suspect score (a safety net for weak copies whose votes
#: agree less tightly). Verification is the expensive step (tests/bench/match_speed.py). On the
#: dev screenshots the true photos rank 0-6 among the placed at 10,000 and at 100,000 photos, or
#: else near chance (11th-49th, 1 in 10 pairs): those are small photos, which the small-region
#: pass finds or nothing does. 8 + 2 finds the very same pairs as 14 + 3 at 72, 10,000 and
#: 100,000 photos, for ~60 % of the verification time.
SHORTLIST = 8
KEEP_WHOLE = 2
#: Places added to SHORTLIST per tenfold of the library beyond 10,000 photos. The more photos,
#: the higher the best chance placements among them: with 278 real package photos among the
#: distractors, a sparse true photo (188 keypoints, 22 inliers when verified) placed 10th at
#: 100,000 photos (dev shot_0062) while the list took 8; 12 at 100,000 finds it. Verification
#: time then grows with the library's size where the speed target leaves room (0.56 s median
#: at 100,000 against 1.5 s; 0.44 s at 10,000 against 0.5 s, unchanged there).
SHORTLIST_PER_TENFOLD = 4


def shortlist_size(photos: int) -> int:
    """Candidates verified per suspect in a library of ``photos`` photos."""
    if photos <= 10_000:
        return SHORTLIST
    return SHORTLIST + round(SHORTLIST_PER_TENFOLD * math.log10(photos / 10_000))


#: Photos verified per small region (an avatar or a thumbnail, core/matching/round_regions.py,
#: framed_regions.py): looked up on its own and placed, the true photo of a dev-set region ranked
#: first or second in 69 of 70 regions against 10,000 photos.
REGION_SHORTLIST = 3
#: Photos whose thumbnails a round region's pixels are compared with when none of the first
#: REGION_SHORTLIST settles it (core/matching/small_look.py): a 48-120 px avatar's true photo is
#: often not among the first few by visual words, but its pixels correlate best.
PLACE_CANDIDATES = 12
#: ... and the best few on the whole-region score that placement ranked lower: a smooth
#: avatar's few keypoints vote for its photo (held-style kinds set at 10,000 photos: 0th-4th
#: on that score) but do not agree on one placement of it (14th-191st placed).
PLACE_WHOLE = 6
_LEVEL_ORDER = {"identical": 0, "same-photo": 1, "possible": 2}


def expand_suspects(args: Sequence[str | Path]) -> list[Path]:
    """Files as given; folders expanded (non-recursively sorted, recursively walked) to images."""
    out: list[Path] = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and is_image_name(f.name)))
        else:
            out.append(p)
    return out


class MatchingService:
    def __init__(self, paths: AppPaths, settings: Settings, library: LibraryService) -> None:
        self.paths = paths
        self.settings = settings
        self.library = library
        self.index = MatchIndex(paths.fingerprint_db, paths.cache_dir / "match_index")
        self._lock = threading.RLock()
        self._region_helper = SmallRegionHelper()
        keep_freed_memory()  # queries re-use their scale-space memory (services/heap.py)

    def close(self) -> None:
        self._region_helper.close()
        self.index.close()

    def refresh_index(self, progress: Progress = NULL_PROGRESS) -> bool:
        """Bring the retrieval index up to date with the scanned features (cheap when unchanged)."""
        with self._lock:
            return self.index.refresh(progress=progress)

    # -- matching ---------------------------------------------------------------------------------
    def match_files(
        self, paths: Sequence[str | Path], *, progress: Progress = NULL_PROGRESS
    ) -> list[SuspectResult]:
        files = expand_suspects(paths)
        results = []
        try:
            for n, path in enumerate(files):
                progress.check_cancelled()
                progress.update(n, len(files), Path(path).name)
                results.append(self.match_image(path))
        finally:
            release_freed_memory()  # the batch is over: an idle app should not hold its peak
        progress.update(len(files), len(files), "")
        return results

    def match_image(self, source: str | Path | bytes) -> SuspectResult:
        start = time.perf_counter()
        label = "<bytes>" if isinstance(source, bytes) else str(source)
        try:
            data = source if isinstance(source, bytes) else _read(Path(source))
            loaded = load_image(data)
        except PicProofError as exc:
            return SuspectResult(
                label, "", 0, 0, error=exc.code, seconds=time.perf_counter() - start
            )
        sha = hashlib.sha256(data).hexdigest()
        img = loaded.image
        matches: list[Match] = []
        identical = self.library.find_by_sha256(sha)
        for photo in identical:
            matches.append(
                Match(
                    photo.id,
                    photo.path,
                    photo.sha256,
                    "identical",
                    1.0,
                    (0, 0, img.width, img.height),
                    Transform(img.width / max(1, photo.width)),
                    original_region=(0, 0, photo.width, photo.height),
                )
            )
        found = self._visual(img, exclude={p.id for p in identical})
        matches.extend(found)
        matches.sort(key=lambda m: (_LEVEL_ORDER[m.level], -m.score))
        return SuspectResult(
            label, sha, img.width, img.height, tuple(matches), seconds=time.perf_counter() - start
        )

    def _visual(self, img: Image.Image, exclude: set[int]) -> list[Match]:
        gray = to_gray(img)
        thumbnails: dict[int, np.ndarray] = {}  # every photo verified: for the series test
        found = self._look(gray, exclude, thumbnails)
        if found is None:
            return []
        # prints of a collage, turned: found by their border, placed by their pixels
        rules = (_settled, _inside_a_finding, _keep)
        look_at_prints(img, gray, found, exclude, set(thumbnails), self._print_candidates, rules)
        # a screen photographed at an angle: looked at again straightened (screen_look.py)
        look_at_screen(gray, found, exclude, self._screen_look(thumbnails), _keep)
        groups = near_duplicates(found)
        found = self._series_checked(found, groups, gray, thumbnails)
        return self._matches(found, groups)

    def _screen_look(self, thumbnails: dict[int, np.ndarray]) -> Look:
        """``_look`` as services/screen_look.py calls it."""
        return lambda gray, exclude, rounds, regions: self._look(
            gray, exclude, thumbnails, rounds, regions=regions
        )

    def _look(
        self,
        gray: np.ndarray,
        exclude: set[int],
        thumbnails: dict[int, np.ndarray],
        rounds: list[tuple[int, int, int, int]] | None = None,
        *,
        regions: bool = True,
    ) -> dict[int, Finding] | None:
        """Every library photo found in ``gray`` (None: no index yet). ``thumbnails`` gains the
        stored thumbnail of every photo decoded to be verified; ``rounds``, when given, the
        boxes of the round regions proposed (a straightened screen's avatars: screen_plane).
        ``regions``: whether small regions are proposed and looked at too (not on a coarse
        copy of a straightened screen, whose regions the full-size one had)."""
        with self._lock:
            post = self.index.postings()
            if post is None:
                self.index.refresh()
                post = self.index.postings()
            if post is None:
                return None
            # the small regions are proposed and described meanwhile (services/region_helper.py)
            pending = self._region_helper.submit(gray) if regions else None
            query = query_features(gray)
            tries = self._shortlisted(query, post, exclude)
            blobs = self.index.feature_blobs(list(tries))
        found: dict[int, Finding] = {}
        shortlisted: dict[int, PhotoFeatures] = {}
        # many small descriptor products: on one BLAS thread (see vocab.one_blas_thread)
        with one_blas_thread():
            for pid, orientations in tries.items():
                if (features := _features(blobs.get(pid))) is not None:
                    shortlisted[pid] = features
                    _keep(found, examine(query, pid, features, orientations))
            described = pending.result() if pending is not None else []
            if rounds is not None:
                rounds.extend(d.box for d in described if d.round)
            _snap_to_round_frames(found, described)
            thumbnails.update((pid, f.thumbnail) for pid, f in shortlisted.items())
            self._look_at_small_regions(
                query, post, exclude, found, described, shortlisted, thumbnails
            )
            return look_at_originals(found, query.gray, self._original_gray)

    def _print_candidates(
        self, region: QueryFeatures | None, keys: set[int], skip: set[int]
    ) -> dict[int, PhotoFeatures]:
        """A print's photos to place (services/print_look.py): ``keys`` and its own lookup's."""
        with self._lock:
            post = self.index.postings()
            if post is None:
                return {}
            if region is not None:
                words = post.vocab.quantize(np.concatenate([region.desc, region.desc_mirror]))
                listed = region_shortlist(
                    _suspect(region, words), post, limit=PRINT_CANDIDATES, keep_whole=PRINT_WHOLE
                )
                keys = keys | {int(post.photo_ids[c.index]) for c in listed}
            blobs = self.index.feature_blobs(sorted(keys - skip))
        return {k: f for k, b in blobs.items() if (f := _features(b)) is not None}

    def _series_checked(
        self,
        found: dict[int, Finding],
        groups: dict[int, int],
        gray: np.ndarray,
        thumbnails: dict[int, np.ndarray],
    ) -> dict[int, Finding]:
        """Several members of a series at one place: is the best one the photo shown at all
        (core/matching/series.py)? ``thumbnails``: those already decoded for verification
        (every finding's photo was verified, so a blob is read again only if one is missing)."""
        if not groups:
            return found
        keys = sorted(set(groups) | set(groups.values()))
        if missing := [k for k in keys if k not in thumbnails]:
            with self._lock:
                blobs = self.index.feature_blobs(missing)
            for k in missing:
                if (f := _features(blobs.get(k))) is not None:
                    thumbnails[k] = f.thumbnail
        members = {k: thumbnails[k] for k in keys if k in thumbnails}
        return demote_unshown(found, groups, gray, members)

    def _original_gray(self, photo_id: int, side: int) -> np.ndarray | None:
        """The library original's grey levels at about ``side`` px (JPEG draft decode), for the
        second look at a same-photo finding (core/matching/original_look.py); None when the
        file is gone, unreadable or no longer the photo that was scanned (other dimensions)."""
        try:
            photo = self.library.photo(photo_id)
            loaded = load_image(Path(photo.path), max_side=side)
        except (PicProofError, OSError):
            return None
        if (loaded.info.width, loaded.info.height) != (photo.width, photo.height):
            return None
        return to_gray(loaded.image)

    def _look_at_small_regions(
        self,
        query: QueryFeatures,
        post: Postings,
        exclude: set[int],
        found: dict[int, Finding],
        described: list[DescribedRegion],
        shortlisted: dict[int, PhotoFeatures],
        thumbnails: dict[int, np.ndarray],
    ) -> None:
        """Avatars and thumbnails: small round and framed regions looked up on their own
        (core/matching/round_regions.py, framed_regions.py, described_regions.py), and the
        tiles of a grid that hold a finding the whole-suspect pass left unsettled
        (page_tiles.py). A round region's pixel search also tries the whole suspect's
        ``shortlisted`` photos: a smooth avatar has few keypoints of its own to look up (none at
        all when too few to describe). ``thumbnails`` gains the stored thumbnail of every photo
        decoded here (for the series test)."""
        regions = [
            (d.box, d.features(query.gray), d.round)
            for d in described
            if not d.tile
            and not _inside_a_finding(d.box, found.values())  # else a round detail of a found photo
        ]
        # tiles of a grid only where a finding of the whole-suspect pass is still unsettled
        unsettled = [f.fit.suspect_points for f in found.values() if f.level != "same-photo"]
        tiles = tiles_holding(
            [d.box for d in described if d.tile and not _inside_a_finding(d.box, found.values())],
            unsettled,
        )
        regions += [
            (box, tile, False)
            for box in tiles
            if (tile := describe_tile(query.gray, box)) is not None
        ]
        if not regions:
            return
        descriptors = [d for _, r, _ in regions for d in (r.desc, r.desc_mirror)]
        words = np.zeros(0, np.int64)
        if sum(d.shape[0] for d in descriptors):
            with self._lock:
                # all regions quantised at once: the vocabulary's branches are visited once
                words = post.vocab.quantize(np.concatenate(descriptors))
        start = 0
        thumbs: dict[int, Thumbnail] = {}
        for box, region, round_ in regions:
            end = start + 2 * region.desc.shape[0]
            suspect = _suspect(region, words[start:end])
            start = end
            with self._lock:
                listed = region_shortlist(
                    suspect,
                    post,
                    limit=PLACE_CANDIDATES if round_ else REGION_SHORTLIST,
                    keep_whole=PLACE_WHOLE if round_ else 0,
                )
                skip = exclude | _settled(found)
                tries = {
                    pid: c.orientations
                    for c in listed
                    if (pid := int(post.photo_ids[c.index])) not in skip
                }
                blobs = self.index.feature_blobs(list(tries))
            features = {pid: f for pid in tries if (f := _features(blobs.get(pid))) is not None}
            thumbnails.update((pid, f.thumbnail) for pid, f in features.items())
            for pid in list(tries)[:REGION_SHORTLIST]:
                if pid in features:
                    _keep(found, examine_region(region, pid, features[pid], tries[pid], box))
            if round_ and not _inside_a_finding(box, found.values()):
                more = {k: f for k, f in shortlisted.items() if k not in skip and k not in features}
                _place_in_circle(region, box, features | more, thumbs, found)

    def _matches(self, found: dict[int, Finding], groups: dict[int, int]) -> list[Match]:
        photos = {p.id: p for p in self.library.photos_by_ids(list(found))}
        out = []
        for f in found.values():
            if f.key not in photos:
                continue
            m = to_match(f, photos[f.key])
            others = tuple(k for k, best in groups.items() if best == f.key and k in photos)
            if f.key in groups:
                m = replace(m, level="possible", near_duplicate_of=groups[f.key])
            out.append(replace(m, near_duplicates=others) if others else m)
        return out

    @staticmethod
    def _shortlisted(
        query: QueryFeatures, post: Postings, exclude: set[int]
    ) -> dict[int, tuple[bool, ...]]:
        """Photo id -> orientations worth verifying, best first."""
        # one pass over both orientations: the vocabulary's branches are visited once
        both = post.vocab.quantize(np.concatenate([query.desc, query.desc_mirror]))
        limit = shortlist_size(int(post.photo_len.shape[0]))
        ranked = shortlist(_suspect(query, both), post, limit=limit, keep_whole=KEEP_WHOLE)
        tries = {int(post.photo_ids[c.index]): c.orientations for c in ranked}
        return {pid: o for pid, o in tries.items() if pid not in exclude}

    # -- explanation ------------------------------------------------------------------------------
    def render_explanation(
        self, result: SuspectResult, match: Match, *, show_points: bool = False
    ) -> bytes:
        """PNG: the suspect with the box beside the original with the matching region."""
        from picproof.core.matching.explain import render

        suspect = load_image(Path(result.path)).image
        try:
            original = load_image(Path(match.photo_path), max_side=1600)
            orig_img = original.image
            size = (original.info.width, original.info.height)
        except ImageError:  # original moved or unplugged: draw the cached thumbnail instead
            with self._lock:
                blob = self.index.feature_blobs([match.photo_id]).get(match.photo_id)
            if blob is None:
                raise
            feats = decode_features(blob)
            orig_img = Image.fromarray(feats.thumbnail).convert("RGB")
            photo = self.library.photo(match.photo_id)
            size = (photo.width, photo.height)
        picture = render(suspect, orig_img, size, match, show_points=show_points)
        buf = io.BytesIO()
        picture.save(buf, format="PNG", optimize=False)
        return buf.getvalue()


def _features(blob: bytes | None) -> PhotoFeatures | None:
    if blob is None:
        return None
    try:
        return decode_features(blob)
    except ValueError:
        return None  # stale row of an older version; the next scan recomputes it


def _suspect(query: QueryFeatures, words: np.ndarray) -> Suspect:
    """``query`` as retrieval reads it; ``words``: its descriptors' words, then its mirrored
    descriptors' (both quantised in one call: the vocabulary's branches are visited once)."""
    n_points = query.desc.shape[0]
    return Suspect(
        words[:n_points], words[n_points:], query.angles, query.points, query.scales, query.size
    )


def _keep(found: dict[int, Finding], finding: Finding | None) -> None:
    """Keep ``finding`` if it beats what is known of that photo (a photo shown twice, main image
    and avatar, is reported once, with its best box)."""
    if finding is None:
        return
    known = found.get(finding.key)
    if known is None or _rank(finding) < _rank(known):
        found[finding.key] = finding


def _rank(f: Finding) -> tuple[int, float]:
    return (_LEVEL_ORDER[f.level], -f.score)


def _settled(found: dict[int, Finding]) -> set[int]:
    """Photos not to look at again: found as the same photo, or shown by their blocks to be
    another shot of the scene (a second look through a small region would fit fewer points and
    see less of the scene, not more of the photo)."""
    return {
        pid for pid, f in found.items() if f.level == "same-photo" or not_this_photo(f.evidence)
    }


def _snap_to_round_frames(found: dict[int, Finding], described: list[DescribedRegion]) -> None:
    """An avatar found by the whole-suspect pass gets the box of its round frame, as one found
    by the small-region pass does (engine.in_round_frame)."""
    frames = [d.box for d in described if d.round]
    for pid, finding in list(found.items()):
        for frame in frames:
            if (snapped := in_round_frame(finding, frame)) is not None:
                found[pid] = snapped
                break


def _place_in_circle(
    region: QueryFeatures,
    box: tuple[int, int, int, int],
    features: dict[int, PhotoFeatures],
    thumbs: dict[int, Thumbnail],
    found: dict[int, Finding],
) -> None:
    """A round region no fit settled: its best placements by pixels, each settled or not by
    the close look (engine.examine_placed). ``thumbs`` keeps each photo's resized thumbnails
    for the suspect's other regions."""
    for pid, f in features.items():
        if pid not in thumbs:
            thumbs[pid] = Thumbnail(f.thumbnail, f.size)
    candidates = [(pid, thumbs[pid]) for pid in features]
    # the best placed only: on the kinds probe set the true photo's refined placement
    # correlated best in every region that shows one, and a close look costs ~30 ms
    for pid, placement in best_placements(region.gray, box, candidates)[:1]:
        _keep(found, examine_placed(region, pid, features[pid], placement, box))


def _inside_a_finding(box: tuple[int, int, int, int], found: Iterable[Finding]) -> bool:
    """Whether most of ``box`` lies inside the box of a photo already found as the same photo."""
    half = 0.5 * box[2] * box[3]
    return any(
        f.level == "same-photo" and f.bbox is not None and intersection(box, f.bbox) >= half
        for f in found
    )


def _read(path: Path) -> bytes:
    try:
        if not path.is_file():
            raise ImageError("not-a-file", path=str(path))
        return path.read_bytes()
    except OSError as exc:
        raise ImageError("unreadable", path=str(path), reason=exc.strerror or str(exc)) from exc
