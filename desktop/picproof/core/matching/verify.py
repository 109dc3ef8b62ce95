"""Geometric verification of one candidate library photo against a suspect.

Tentative correspondences come from a RootSIFT nearest-neighbour ratio test (suspect -> photo, so a
photo shown twice, main image and thumbnail, keeps its matches in both places), done twice: with the
suspect's own descriptors and with its mirrored ones. Each set is fitted with a RANSAC similarity
(rotation + uniform scale + shift; re-posting does not shear photos); the better fit wins. A fit
must pass sanity checks before it is believed: plausible scale, enough inliers, and inliers spread
over the photo rather than bunched on one small repeated pattern.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from picproof.core.matching.features import PhotoFeatures, root_sift
from picproof.core.matching.perspective import apply, fit_homography, plausible
from picproof.core.matching.query import QueryFeatures

#: Lowe's ratio on (RootSIFT) distances.
RATIO = 0.8
#: RANSAC reprojection tolerance in suspect pixels.
RANSAC_PX = 6.0
#: Below this many inliers a fit is not even a proposal. Chance fits of a similarity to ratio-test
#: survivors reach 3-5 inliers (core/matching/README), so a 5-7 inlier fit decides nothing by
#: itself: it only tells the close look (close_look.py) where and at which scale to look.
MIN_INLIERS = 5
#: Guided matching: search radius (suspect pixels) and minimum RootSIFT similarity.
GUIDED_PX = 8.0
GUIDED_SIM = 0.85
#: Accepted scale range, suspect pixels per analysed-photo pixel.
MIN_SCALE, MAX_SCALE = 0.04, 12.0


@dataclass(frozen=True)
class Fit:
    matrix: np.ndarray
    """float64 (2, 3): analysed-photo pixels -> suspect pixels (mirror included)."""
    mirrored: bool
    inliers: int
    photo_points: np.ndarray
    """float32 (k, 2) inlier positions in analysed-photo pixels."""
    suspect_points: np.ndarray
    """float32 (k, 2) inlier positions in suspect pixels."""
    tentative: int
    homography: np.ndarray | None = None
    """float64 (3, 3) analysed-photo pixels -> suspect pixels when a perspective view (a phone
    photo of a screen) fits better than the similarity ``matrix``, which then only
    approximates it; None for a flat re-post."""

    @property
    def warp(self) -> np.ndarray:
        """The map to use for pixels: the homography when there is one, else the similarity,
        as a 3 x 3 matrix."""
        if self.homography is not None:
            return self.homography
        return np.vstack([self.matrix, [0.0, 0.0, 1.0]])

    @property
    def scale(self) -> float:
        return float(np.sqrt(abs(np.linalg.det(self.matrix[:, :2]))))

    @property
    def rotation_deg(self) -> float:
        a = self.matrix[:, :2]
        if self.mirrored:
            a = a @ np.array([[-1.0, 0.0], [0.0, 1.0]])
        return float(np.degrees(np.arctan2(a[1, 0], a[0, 0])))


def ratio_matches(sim: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices (query, photo) of ratio-test survivors from a RootSIFT similarity matrix."""
    if sim.shape[0] == 0 or sim.shape[1] < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    best = np.argmax(sim, axis=1)
    rows = np.arange(sim.shape[0])
    s1 = sim[rows, best].copy()
    sim[rows, best] = -2.0  # two max passes beat a partition; restored below for guided matching
    top2 = sim.max(axis=1)
    sim[rows, best] = s1
    d1 = np.maximum(0.0, 2.0 - 2.0 * s1)
    d2 = np.maximum(0.0, 2.0 - 2.0 * top2)
    keep = d1 < (RATIO * RATIO) * d2
    return rows[keep], best[keep]


def _guided(
    sim: np.ndarray, qpts: np.ndarray, ppts: np.ndarray, matrix: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Matches consistent with ``matrix``: each photo keypoint takes the most similar suspect
    keypoint within GUIDED_PX of where the fit puts it, if similar enough (GUIDED_SIM).

    The ratio test discards true matches whenever a suspect has look-alike structure elsewhere;
    once a fit is known, position disambiguates them. By chance a photo keypoint finds a suspect
    keypoint that close *and* that similar well under once per photo (checked on the negatives).
    """
    if matrix.shape[0] == 3:  # a homography
        h = np.hstack([ppts, np.ones((ppts.shape[0], 1))]) @ matrix.T
        proj = h[:, :2] / np.where(np.abs(h[:, 2:3]) > 1e-9, h[:, 2:3], 1e-9)
    else:
        proj = ppts @ matrix[:, :2].T + matrix[:, 2]
    qi, pi = _pairs_within(qpts, proj, GUIDED_PX)
    if qi.size == 0:
        return qi, pi
    s = sim[qi, pi]
    ok = s >= GUIDED_SIM
    qi, pi, s = qi[ok], pi[ok], s[ok]
    # each photo keypoint takes its most similar suspect keypoint (the lowest index on a tie)
    order = np.lexsort((qi, -s, pi))
    qi, pi = qi[order], pi[order]
    first_of_photo = np.ones(pi.size, bool)
    first_of_photo[1:] = pi[1:] != pi[:-1]
    qi, pi = qi[first_of_photo], pi[first_of_photo]
    _, first = np.unique(qi, return_index=True)  # one suspect keypoint serves one photo keypoint
    return qi[first], pi[first]


def _pairs_within(a: np.ndarray, b: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """All (i, j) with |a[i] - b[j]| <= radius, via a grid of radius-sized cells (a query keeps
    thousands of keypoints: the all-pairs distance matrix cost more than the rest of a verify)."""
    ka = np.floor(a / radius).astype(np.int64)
    kb = np.floor(b / radius).astype(np.int64)
    shift = np.int64(1 << 24)

    def key(k: np.ndarray) -> np.ndarray:
        return (k[:, 0] + shift) * (shift * 2) + (k[:, 1] + shift)

    keys = key(ka)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    ai: list[np.ndarray] = []
    bj: list[np.ndarray] = []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            kk = key(kb + np.array([dx, dy], np.int64))
            lo = np.searchsorted(sorted_keys, kk, "left")
            cnt = np.searchsorted(sorted_keys, kk, "right") - lo
            total = int(cnt.sum())
            if total == 0:
                continue
            rank = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt)
            ai.append(order[np.repeat(lo, cnt) + rank])
            bj.append(np.repeat(np.arange(b.shape[0]), cnt))
    if not ai:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    i, j = np.concatenate(ai), np.concatenate(bj)
    d = a[i] - b[j]
    near = (d * d).sum(axis=1) <= radius * radius
    return i[near], j[near]


def fit_similarity(src: np.ndarray, dst: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """RANSAC similarity ``src -> dst`` and its inlier mask, or None (also used by the close
    look, which re-matches at another scale)."""
    import cv2

    src = np.ascontiguousarray(src, np.float32)
    dst = np.ascontiguousarray(dst, np.float32)
    if src.shape[0] < MIN_INLIERS:
        return None
    matrix, mask = cv2.estimateAffinePartial2D(
        src,
        dst,
        method=cv2.RANSAC,
        ransacReprojThreshold=RANSAC_PX,
        maxIters=3000,
        confidence=0.999,
        refineIters=10,
    )
    if matrix is None or mask is None:
        return None
    return matrix.astype(np.float64), mask.ravel().astype(bool)


def distinct_inliers(a: np.ndarray, b: np.ndarray) -> int:
    """Inliers counted once per distinct location on each side.

    SIFT often puts several keypoints (different orientations) on one spot, and one suspect
    keypoint can be the nearest neighbour of several photo keypoints; counting those repeatedly
    would let three coincident glyphs look like ten independent agreements.
    """
    if a.shape[0] == 0:
        return 0
    ua = np.unique(np.rint(a / 2.0).astype(np.int64), axis=0).shape[0]
    ub = np.unique(np.rint(b / 2.0).astype(np.int64), axis=0).shape[0]
    return int(min(ua, ub))


def _spread_ok(points: np.ndarray, size: tuple[int, int]) -> bool:
    # Inliers bunched in a tiny patch are how repeated textures (text, tiles) fool RANSAC.
    lo = np.percentile(points, 10, axis=0)
    hi = np.percentile(points, 90, axis=0)
    span = (hi - lo) / np.maximum(1.0, np.array(size, np.float64))
    return bool(span.max() >= 0.08 and span.min() >= 0.03)


#: A homography replaces the similarity when it explains at least this many more distinct
#: points, and this share more (perspective.py): 8 parameters fit chance better than 4, so a
#: small gain is no evidence of perspective.
PERSPECTIVE_GAIN = 6
PERSPECTIVE_SHARE = 0.3
#: ... and keeps at least this share of the similarity's inliers (the same placement, seen at an
#: angle, not another one).
PERSPECTIVE_KEEPS = 0.6


def with_perspective(
    fit: Fit,
    sim: np.ndarray,
    query: QueryFeatures,
    photo: PhotoFeatures,
    qi: np.ndarray,
    pi: np.ndarray,
) -> Fit:
    """``fit`` upgraded to a homography when the photo is seen at an angle (a phone photo of a
    screen), else ``fit`` itself."""
    ppts = photo.keypoints[:, :2].astype(np.float64)
    qpts = query.points.astype(np.float64)
    # the ratio-test matches the similarity explains, and those near where it puts the photo
    near = np.hypot(*(apply(fit.warp, ppts[pi]) - qpts[qi]).T) <= 4 * GUIDED_PX
    if int(near.sum()) < 8:
        return fit
    first = fit_homography(ppts[pi[near]], qpts[qi[near]], RANSAC_PX)
    if first is None or not plausible(first[0], photo.size, fit.mirrored):
        return fit
    gq, gp = _guided(sim, qpts, ppts, first[0])
    refit = fit_homography(ppts[gp], qpts[gq], RANSAC_PX) if gq.size >= 8 else None
    warp, qsel, psel = first[0], qi[near][first[1]], pi[near][first[1]]
    better = refit is not None and int(refit[1].sum()) > int(first[1].sum())
    if refit is not None and better and plausible(refit[0], photo.size, fit.mirrored):
        warp, qsel, psel = refit[0], gq[refit[1]], gp[refit[1]]
    photo_points = photo.keypoints[psel, :2].astype(np.float32)
    suspect_points = query.points[qsel]
    n = distinct_inliers(photo_points, suspect_points)
    if n < fit.inliers + max(PERSPECTIVE_GAIN, PERSPECTIVE_SHARE * fit.inliers):
        return fit
    kept = np.hypot(*(apply(warp, fit.photo_points) - fit.suspect_points).T) <= RANSAC_PX
    if kept.mean() < PERSPECTIVE_KEEPS or not _spread_ok(photo_points, photo.size):
        return fit
    return Fit(fit.matrix, fit.mirrored, n, photo_points, suspect_points, fit.tentative, warp)


def verify(
    query: QueryFeatures, photo: PhotoFeatures, orientations: tuple[bool, ...] = (False, True)
) -> Fit | None:
    """Best geometrically consistent fit of ``photo`` inside the suspect, or None.

    ``orientations`` lists which to try (False = as is, True = mirrored); retrieval already knows
    which one a candidate's votes favour.
    """
    if photo.descriptors.shape[0] < MIN_INLIERS:
        return None
    pdesc = root_sift(photo.descriptors)
    best: Fit | None = None
    matched: dict[bool, Matched] = {}
    proposed: list[bool] = []  # orientations with a similarity proposal, believable or not
    for mirrored in orientations:
        sim, qi, pi = matched[mirrored] = _matched(query, pdesc, mirrored)
        beat = best.inliers if best is not None else 0
        fit = _similarity_fit(sim, query, photo, mirrored, qi, pi, beat)
        if fit is not None:
            proposed.append(mirrored)
            fit = _believable(fit, photo.size)
        if fit is not None:
            best = with_perspective(fit, sim, query, photo, qi, pi)
    if best is not None and (best.homography is not None or best.inliers >= WEAK_SIMILARITY):
        return best
    # No similarity, or a weak one that no homography refines (a screen at a strong angle can
    # give a few points a believable similarity along the band it holds, and the homography
    # alone then explains many more; the fit with more distinct inliers is kept).
    # The homography alone only where the similarity proposed a placement (believable or not):
    # a screen seen at a strong angle keeps a band the similarity explains (every true such fit
    # of the kinds set had a proposal of >= 8 inliers), while RANSAC over 4-point samples of the
    # wrong matches of nearly every wrong candidate ran its 2,000 iterations (~20 ms each
    # time; core/matching/README.md, "Perspective")
    angle = seen_at_an_angle(query, photo, pdesc, tuple(proposed), matched=matched)
    return angle if angle is not None and (best is None or angle.inliers > best.inliers) else best


#: A suspect's RootSIFT similarities to a photo's descriptors (suspect x photo) and the indices
#: (suspect, photo) of its ratio-test survivors, in one orientation.
Matched = tuple[np.ndarray, np.ndarray, np.ndarray]


def _matched(query: QueryFeatures, pdesc: np.ndarray, mirrored: bool) -> Matched:
    sim = (query.desc_mirror if mirrored else query.desc) @ pdesc.T
    qi, pi = ratio_matches(sim)
    return sim, qi, pi


def _similarity_fit(
    sim: np.ndarray,
    query: QueryFeatures,
    photo: PhotoFeatures,
    mirrored: bool,
    qi: np.ndarray,
    pi: np.ndarray,
    beat: int,
) -> Fit | None:
    """The RANSAC similarity of the ratio-test matches ``qi``/``pi`` in one orientation, refitted
    on the guided matches when they explain more; None below MIN_INLIERS inliers or when it does
    not have more than ``beat`` (the other orientation's best)."""
    if qi.size < MIN_INLIERS:
        return None
    dst = query.points[qi]
    fitted = fit_similarity(_photo_xy(photo, pi, mirrored), dst)
    if fitted is None:
        return None
    matrix, mask = fitted
    n = int(mask.sum())
    if n < MIN_INLIERS or n <= beat:
        return None
    first = Fit(
        _fold_mirror(matrix, mirrored, photo),
        mirrored,
        n,
        _photo_xy(photo, pi[mask], False),
        dst[mask],
        int(qi.size),
    )
    return _guided_refit(first, sim, query, photo)


def _guided_refit(fit: Fit, sim: np.ndarray, query: QueryFeatures, photo: PhotoFeatures) -> Fit:
    """``fit`` fitted again on the guided matches (``_guided``) when there are more of them and
    the refit keeps more inliers, else ``fit`` itself."""
    ppts = photo.keypoints[:, :2].astype(np.float64)
    gq, gp = _guided(sim, query.points.astype(np.float64), ppts, fit.matrix)
    if gq.size <= fit.inliers:
        return fit
    refit = fit_similarity(_photo_xy(photo, gp, fit.mirrored), query.points[gq])
    if refit is None or int(refit[1].sum()) <= fit.inliers:
        return fit
    matrix, mask = refit
    return Fit(
        _fold_mirror(matrix, fit.mirrored, photo),
        fit.mirrored,
        int(mask.sum()),
        _photo_xy(photo, gp[mask], False),
        query.points[gq[mask]],
        fit.tentative,
    )


def _believable(fit: Fit, size: tuple[int, int]) -> Fit | None:
    """``fit`` with its inliers counted once per place (``distinct_inliers``) if it passes the
    sanity checks: enough distinct inliers, a plausible scale, inliers spread over the photo."""
    distinct = distinct_inliers(fit.photo_points, fit.suspect_points)
    if distinct < MIN_INLIERS:
        return None
    fit = Fit(
        fit.matrix, fit.mirrored, distinct, fit.photo_points, fit.suspect_points, fit.tentative
    )
    if not (MIN_SCALE <= fit.scale <= MAX_SCALE):
        return None
    if not _spread_ok(fit.photo_points, size):
        return None
    return fit


def _photo_xy(photo: PhotoFeatures, idx: np.ndarray, mirrored: bool) -> np.ndarray:
    """float32 positions of the photo keypoints ``idx``, x flipped for the mirrored suspect."""
    pts = photo.keypoints[idx, :2].astype(np.float32)
    if mirrored:
        pts[:, 0] = float(photo.size[0]) - pts[:, 0]
    return pts


def flip_x(width: float) -> np.ndarray:
    """The 3 x 3 map of a photo ``width`` wide onto its mirror image (x -> width - x)."""
    return np.array([[-1.0, 0.0, width], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])


def _fold_mirror(matrix: np.ndarray, mirrored: bool, photo: PhotoFeatures) -> np.ndarray:
    """A fit of flipped photo points as one photo -> suspect map (callers see no flip)."""
    if not mirrored:
        return matrix
    folded: np.ndarray = matrix @ flip_x(float(photo.size[0]))
    return folded


#: A fit found by a homography alone (no similarity explains the points: a screen photographed
#: at a strong angle, where a similarity holds only along a thin band) needs this many distinct
#: inliers. 8 parameters fit chance better than a similarity's 4, and such a fit has no
#: similarity placement to refine: chance level in core/matching/README.md ("Perspective").
ANGLE_INLIERS = 12
#: ... out of at least this many ratio-test survivors (fewer cannot show a perspective).
ANGLE_TENTATIVE = 12
#: A similarity with fewer distinct inliers than this, and no homography on top, is also
#: compared with the homography alone (``verify``): seen at 40 degrees, the band a similarity
#: holds gave a real photo's screen shot a 6-inlier similarity where the homography alone
#: explains 41 points (tests/unit/core/matching/test_screen_photo.py). The chance level of
#: the homography alone was measured on every pair, whatever the similarity found (README).
WEAK_SIMILARITY = 2 * ANGLE_INLIERS


def similarity_of(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Least-squares similarity (2 x 3) ``src -> dst`` (Umeyama 1991, no reflection)."""
    ms, md = src.mean(axis=0), dst.mean(axis=0)
    a, b = src - ms, dst - md
    # complex form: dst ~ z * src, z = sum(conj(a) b) / sum(|a|^2)
    za = a[:, 0] + 1j * a[:, 1]
    zb = b[:, 0] + 1j * b[:, 1]
    z = complex(np.sum(np.conj(za) * zb) / max(float(np.sum(np.abs(za) ** 2)), 1e-9))
    rot = np.array([[z.real, -z.imag], [z.imag, z.real]])
    return np.hstack([rot, (md - rot @ ms)[:, None]])


def seen_at_an_angle(
    query: QueryFeatures,
    photo: PhotoFeatures,
    pdesc: np.ndarray,
    orientations: tuple[bool, ...],
    min_inliers: int = ANGLE_INLIERS,
    *,
    matched: dict[bool, Matched] | None = None,
) -> Fit | None:
    """A photo that no similarity places, fitted by a homography: a phone photo of a screen at a
    strong angle. The homography must be one a camera could produce (perspective.plausible),
    explain ANGLE_INLIERS distinct points spread over the photo, and is refined by guided
    matching like a similarity. The Fit's ``matrix`` is the least-squares similarity of its
    inliers (scale, turn and mirror for the close look and the report). ``matched``: each
    orientation's similarities and ratio-test survivors when the caller has them (verify)."""
    ppts = photo.keypoints[:, :2].astype(np.float64)
    qpts = query.points.astype(np.float64)
    best: Fit | None = None
    for mirrored in orientations:
        if matched is not None and mirrored in matched:
            sim, qi, pi = matched[mirrored]
        else:
            sim, qi, pi = _matched(query, pdesc, mirrored)
        if qi.size < ANGLE_TENTATIVE:
            continue
        first = fit_homography(ppts[pi], qpts[qi], RANSAC_PX)
        if first is None or not plausible(first[0], photo.size, mirrored):
            continue
        warp, qsel, psel = first[0], qi[first[1]], pi[first[1]]
        gq, gp = _guided(sim, qpts, ppts, warp)
        refit = fit_homography(ppts[gp], qpts[gq], RANSAC_PX) if gq.size >= 8 else None
        if (
            refit is not None
            and int(refit[1].sum()) > qsel.size
            and plausible(refit[0], photo.size, mirrored)
        ):
            warp, qsel, psel = refit[0], gq[refit[1]], gp[refit[1]]
        photo_points = photo.keypoints[psel, :2].astype(np.float32)
        suspect_points = query.points[qsel]
        n = distinct_inliers(photo_points, suspect_points)
        if n < min_inliers or (best is not None and n <= best.inliers):
            continue
        if not _spread_ok(photo_points, photo.size):
            continue
        similar = similarity_of(_photo_xy(photo, psel, mirrored).astype(np.float64), qpts[qsel])
        matrix = _fold_mirror(similar, mirrored, photo)
        fit = Fit(matrix, mirrored, n, photo_points, suspect_points, int(qi.size), warp)
        if not (MIN_SCALE <= fit.scale <= MAX_SCALE):
            continue
        best = fit
    return best
