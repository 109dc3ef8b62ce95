"""Where exactly is the photo visible? Photometric agreement of the warped photo with the suspect.

The geometric fit tells where the *whole* photo would land; re-posts show only the part that fits
the UI slot (cropped, rounded, circular, scrolled off screen). We warp the stored thumbnail into the
suspect and mark pixels that agree: textured pixels by local normalised cross-correlation (immune to
brightness/contrast/grey/warm filters), flat pixels by the residual of one global linear intensity
map. The box is then trimmed edge by edge while edge rows/columns mostly disagree, so text and
stickers drawn *on* the photo (interior disagreement) do not shrink it, as the truth convention
says; and whatever lies beyond a band of total disagreement and agrees far less than the photo
(a neighbouring tile across a gutter) is cut off.
The agreement fraction inside the box doubles as a photometric check of the match.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: A row/column at the box edge is trimmed while fewer than this fraction of its pixels agree.
EDGE_AGREEMENT = 0.3
_WIN = 5


@dataclass(frozen=True)
class Region:
    bbox: tuple[int, int, int, int]
    """(x, y, w, h) in suspect pixels."""
    agreement: float
    """Fraction of pixels inside the box where the photo and the suspect agree (0..1)."""
    textured_agreement: float
    """Among the photo's textured pixels inside the box, the fraction whose local pattern matches
    the suspect (normalised cross-correlation > 0.6); chance level is near 0 (flat areas
    excluded)."""
    corners: tuple[tuple[float, float], ...]


def as_warp(matrix: np.ndarray) -> np.ndarray:
    """A 2 x 3 similarity or a 3 x 3 homography as a 3 x 3 matrix."""
    if matrix.shape[0] == 2:
        return np.vstack([matrix, [0.0, 0.0, 1.0]])
    return np.asarray(matrix, np.float64)


def project_corners(matrix: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """(4, 2) corners of a ``size`` photo mapped by ``matrix`` (2 x 3 or 3 x 3)."""
    w, h = size
    pts = np.array([[0, 0, 1], [w, 0, 1], [w, h, 1], [0, h, 1]], np.float64) @ as_warp(matrix).T
    moved: np.ndarray = pts[:, :2] / pts[:, 2:3]
    return moved


def local_scale(warp: np.ndarray, x: float, y: float) -> float:
    """Suspect pixels per photo pixel (sqrt of the Jacobian's determinant) of ``warp`` at (x, y)."""
    p = warp @ np.array([x, y, 1.0])
    jac = (warp[:2, :2] * p[2] - np.outer(p[:2], warp[2, :2])) / (p[2] * p[2])
    return float(np.sqrt(abs(np.linalg.det(jac))))


def _local_stats(img: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    import cv2

    mean = cv2.boxFilter(img, cv2.CV_32F, (_WIN, _WIN))
    sq = cv2.boxFilter(img * img, cv2.CV_32F, (_WIN, _WIN))
    return mean, np.maximum(sq - mean * mean, 0.0)


def _agreement_mask(
    sus: np.ndarray, war: np.ndarray, valid: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    import cv2

    s = sus.astype(np.float32)
    p = war.astype(np.float32)
    ms, vs = _local_stats(s)
    mp, vp = _local_stats(p)
    cov = cv2.boxFilter(s * p, cv2.CV_32F, (_WIN, _WIN)) - ms * mp
    ncc = cov / np.sqrt(vs * vp + 1e-6)
    tex_p = vp > 9.0
    tex_s = vs > 9.0
    good = valid & tex_p & tex_s & (ncc > 0.6)
    if good.sum() >= 20:
        a, b = np.polyfit(p[good], s[good], 1)
        resid = np.abs(s - (a * p + b))
        tol = max(12.0, 3.0 * 1.4826 * float(np.median(resid[good])))
    else:  # nothing textured agrees: fall back to identity intensities with a wide tolerance
        resid = np.abs(s - p)
        tol = 20.0
    flat = valid & ~tex_p & (vs < 36.0) & (resid < tol)
    return good | flat, good, valid & tex_p


def _trim(mask: np.ndarray, valid: np.ndarray) -> tuple[int, int, int, int] | None:
    r0, r1, c0, c1 = 0, mask.shape[0], 0, mask.shape[1]
    for _ in range(3):
        sub, vsub = mask[r0:r1, c0:c1], valid[r0:r1, c0:c1]
        rows = sub.sum(axis=1) / np.maximum(1, vsub.sum(axis=1))
        keep = np.nonzero(rows >= EDGE_AGREEMENT)[0]
        if keep.size == 0:
            return None
        r0, r1 = r0 + int(keep[0]), r0 + int(keep[-1]) + 1
        sub, vsub = mask[r0:r1, c0:c1], valid[r0:r1, c0:c1]
        cols = sub.sum(axis=0) / np.maximum(1, vsub.sum(axis=0))
        keep = np.nonzero(cols >= EDGE_AGREEMENT)[0]
        if keep.size == 0:
            return None
        c0, c1 = c0 + int(keep[0]), c0 + int(keep[-1]) + 1
    return r0, r1, c0, c1


#: A gap inside the trimmed box: a run of rows or columns where fewer than GAP_AGREE of the
#: pixels agree, at least GAP_SHARE of the box long (and at least 3). What lies beyond a gap is
#: kept only if it agrees at least GAP_KEEP as well as the part holding most of the textured
#: agreement: a UI bar drawn across the photo leaves the photo agreeing on both sides of it,
#: while a neighbouring tile that only reached the edge threshold (flat against flat) does not.
GAP_AGREE = 0.05
GAP_SHARE = 0.03
GAP_KEEP = 0.5


def _segments(values: np.ndarray, min_len: int) -> list[tuple[int, int]]:
    """The stretches of ``values`` between inner runs of at least ``min_len`` entries below
    GAP_AGREE (a run touching either end is an edge, which trimming has dealt with)."""
    low = values < GAP_AGREE
    cuts: list[tuple[int, int]] = []
    i = 0
    while i < low.size:
        if low[i]:
            j = i
            while j < low.size and low[j]:
                j += 1
            if j - i >= min_len and i > 0 and j < low.size:
                cuts.append((i, j))
            i = j
        else:
            i += 1
    out, start = [], 0
    for a, b in cuts:
        out.append((start, a))
        start = b
    out.append((start, values.size))
    return out


def _split_at_gaps(
    mask: np.ndarray, good: np.ndarray, valid: np.ndarray, box: tuple[int, int, int, int]
) -> tuple[int, int, int, int]:
    """The trimmed box ``(r0, r1, c0, c1)`` without what lies beyond a gap of disagreement.

    Trimming works from the edges in and stops at the first row or column that agrees enough;
    in a grid of tiles that can be a neighbour's, across the gutter, where the fitted photo would
    continue. Measured on the dev set: 14 boxes better (IoU up to +0.43), none worse."""
    r0, r1, c0, c1 = box
    for axis in (0, 1):
        sub, vsub, gsub = mask[r0:r1, c0:c1], valid[r0:r1, c0:c1], good[r0:r1, c0:c1]
        agreed = sub.sum(axis=axis)
        counted = vsub.sum(axis=axis)
        agree = agreed / np.maximum(1, counted)
        segs = _segments(agree, max(3, int(GAP_SHARE * agree.size)))
        if len(segs) < 2:
            continue
        mass = gsub.sum(axis=axis)
        rate = [float(agreed[a:b].sum()) / max(1, int(counted[a:b].sum())) for a, b in segs]
        best = max(range(len(segs)), key=lambda k: int(mass[segs[k][0] : segs[k][1]].sum()))
        keep = [k for k in range(len(segs)) if rate[k] >= GAP_KEEP * rate[best]]
        a, b = segs[min(keep)][0], segs[max(keep)][1]
        if axis == 0:
            c0, c1 = c0 + a, c0 + b
        else:
            r0, r1 = r0 + a, r0 + b
    return r0, r1, c0, c1


def visible_region(
    gray: np.ndarray, thumb: np.ndarray, photo_size: tuple[int, int], matrix: np.ndarray
) -> Region | None:
    """Visible box of the photo (analysed size ``photo_size``, map ``matrix``: a 2 x 3
    similarity or a 3 x 3 homography) in ``gray``."""
    import cv2

    sh, sw = gray.shape
    corners = project_corners(matrix, photo_size)
    x0 = int(max(0, np.floor(corners[:, 0].min())))
    y0 = int(max(0, np.floor(corners[:, 1].min())))
    x1 = int(min(sw, np.ceil(corners[:, 0].max())))
    y1 = int(min(sh, np.ceil(corners[:, 1].max())))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    th, tw = thumb.shape
    to_photo = np.array([[photo_size[0] / tw, 0, 0], [0, photo_size[1] / th, 0], [0, 0, 1.0]])
    m3 = as_warp(matrix) @ to_photo  # thumbnail -> suspect
    scale = local_scale(m3, tw / 2, th / 2)
    f = min(1.0, 1.0 / max(scale, 1e-6))  # work where the thumbnail lands ~1:1
    if scale < 0.8:  # shrink the thumbnail first: warping down with bilinear would alias
        k = max(scale, 4.0 / min(tw, th))
        small = cv2.resize(
            thumb, (max(2, round(tw * k)), max(2, round(th * k))), interpolation=cv2.INTER_AREA
        )
        m3 = m3 @ np.array([[tw / small.shape[1], 0, 0], [0, th / small.shape[0], 0], [0, 0, 1.0]])
        thumb = small
    crop = gray[y0:y1, x0:x1]
    ww, wh = max(4, round((x1 - x0) * f)), max(4, round((y1 - y0) * f))
    work = crop if f >= 1.0 else cv2.resize(crop, (ww, wh), interpolation=cv2.INTER_AREA)
    wh, ww = work.shape
    to_work = np.array(
        [
            [ww / (x1 - x0), 0, -x0 * ww / (x1 - x0)],
            [0, wh / (y1 - y0), -y0 * wh / (y1 - y0)],
            [0, 0, 1.0],
        ]
    )
    t = to_work @ m3
    warped = cv2.warpPerspective(thumb, t, (ww, wh), flags=cv2.INTER_LINEAR, borderValue=0)
    full = np.full(thumb.shape, 255, np.uint8)
    valid = cv2.warpPerspective(full, t, (ww, wh), flags=cv2.INTER_NEAREST, borderValue=0) > 0
    mask, good, textured = _agreement_mask(work, warped, valid)
    trimmed = _trim(mask, valid)
    if trimmed is None:
        return None
    r0, r1, c0, c1 = trimmed
    inside = valid[r0:r1, c0:c1]
    agreement = float(mask[r0:r1, c0:c1][inside].mean()) if inside.any() else 0.0
    tex = textured[r0:r1, c0:c1]
    tex_agreement = float(good[r0:r1, c0:c1][tex].mean()) if tex.sum() >= 50 else 0.0
    # the agreement above, which the engine's rules read, is that of the trimmed box: cutting
    # a neighbour off changes where the photo is said to be, not how sure the match is
    sx, sy = (x1 - x0) / ww, (y1 - y0) / wh
    to_suspect = np.array([[sx, 0, x0], [0, sy, y0], [0, 0, 1.0]])
    framed = (
        _box_in_photo_frame(mask, good, textured, valid, t, thumb.shape) if _tilted(t) else None
    )
    if framed is not None:  # the crop's edges are the photo's rows and columns, not ours
        pts = framed @ (to_suspect @ t).T
        pts = pts[:, :2] / pts[:, 2:3]
        bx0, by0 = np.clip(pts.min(axis=0), 0, [sw, sh])
        bx1, by1 = np.clip(pts.max(axis=0), 0, [sw, sh])
    else:
        r0, r1, c0, c1 = _split_at_gaps(mask, good, valid, (r0, r1, c0, c1))
        bx0, by0 = x0 + c0 * sx, y0 + r0 * sy
        bx1, by1 = x0 + c1 * sx, y0 + r1 * sy
    box = (int(round(bx0)), int(round(by0)), int(round(bx1 - bx0)), int(round(by1 - by0)))
    return Region(box, agreement, tex_agreement, tuple((float(x), float(y)) for x, y in corners))


#: A fit turns the photo's rows at least this much (degrees), or sees it in perspective: its
#: visible part is trimmed in the photo's own frame. A re-post crops a photo along its rows and
#: columns; once those are tilted (a print in a collage, a screen photographed at an angle),
#: the suspect's edge rows cross the crop's edge diagonally and mostly disagree, and trimming
#: them cut the corners of the photo off its box.
TILT_DEG = 5.0


def _tilted(t: np.ndarray) -> bool:
    if abs(t[2, 0]) + abs(t[2, 1]) > 1e-9 * max(1.0, abs(t[2, 2])):
        return True  # perspective
    angle = float(np.degrees(np.arctan2(abs(t[1, 0]), abs(t[0, 0]))))
    return min(angle, 90.0 - angle) >= TILT_DEG


#: An edge band of the photo (rows or columns from one edge in) is not shown when the photo
#: has texture there and the suspect shows almost none of it: at most CONTRA_HIT of the band's
#: textured pixels agree, and at most CONTRA_SHARE as large a share as in the rest of the box;
#: the band holds at least CONTRA_TEXTURED textured pixels per valid one. Flat areas agree with
#: any flat area of a similar grey (a desk beside a photographed screen, a dark UI around a
#: photo of a dark scene), so without this the box of a photo cropped by the UI grows over them.
CONTRA_HIT = 0.1
CONTRA_SHARE = 0.25
CONTRA_TEXTURED = 0.1


def _contradicted_edge(good: np.ndarray, textured: np.ndarray, valid: np.ndarray) -> int:
    """How many leading entries (rows or columns, counts given per entry) form a band the
    photo is not shown in (see CONTRA_HIT); 0 when none."""
    cg, ct, cv = np.cumsum(good), np.cumsum(textured), np.cumsum(valid)
    tg, tt = float(cg[-1]), float(ct[-1])
    band_hit = cg / np.maximum(ct, 1.0)
    rest_hit = (tg - cg) / np.maximum(tt - ct, 1.0)
    ok = (
        (ct >= np.maximum(50.0, CONTRA_TEXTURED * cv))
        & (band_hit <= CONTRA_HIT)
        & (band_hit <= CONTRA_SHARE * rest_hit)
        & (tt - ct >= 50.0)
    )
    ok[-2:] = False  # something must stay
    hits = np.nonzero(ok)[0]
    return int(hits[-1]) + 1 if hits.size else 0


def _cut_contradicted(
    good: np.ndarray, textured: np.ndarray, valid: np.ndarray, box: tuple[int, int, int, int]
) -> tuple[int, int, int, int]:
    """``box`` (r0, r1, c0, c1) without edge bands the photo is not shown in."""
    r0, r1, c0, c1 = box
    for _ in range(2):
        for axis in (0, 1):  # 0: columns, 1: rows
            g = good[r0:r1, c0:c1].sum(axis=axis).astype(np.float64)
            t = textured[r0:r1, c0:c1].sum(axis=axis).astype(np.float64)
            v = valid[r0:r1, c0:c1].sum(axis=axis).astype(np.float64)
            if g.size < 4:
                continue
            lead = _contradicted_edge(g, t, v)
            tail = _contradicted_edge(
                g[::-1][: g.size - lead], t[::-1][: g.size - lead], v[::-1][: g.size - lead]
            )
            if axis == 0:
                c0, c1 = c0 + lead, c1 - tail
            else:
                r0, r1 = r0 + lead, r1 - tail
    return r0, r1, c0, c1


def _box_in_photo_frame(
    mask: np.ndarray,
    good: np.ndarray,
    textured: np.ndarray,
    valid: np.ndarray,
    t: np.ndarray,
    shape: tuple[int, ...],
) -> np.ndarray | None:
    """The four corners (homogeneous, in thumbnail pixels; ``t`` maps them into the work image)
    of the agreeing part of the photo, trimmed and cut at gaps along the photo's own rows and
    columns; None when nothing agrees."""
    import cv2

    th, tw = shape[:2]
    flags = cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP

    def back(img: np.ndarray) -> np.ndarray:
        return cv2.warpPerspective(img.astype(np.uint8), t, (tw, th), flags=flags) > 0

    m, g, v, x = back(mask), back(good), back(valid), back(textured)
    trimmed = _trim(m, v)
    if trimmed is None:
        return None
    r0, r1, c0, c1 = _cut_contradicted(g, x, v, _split_at_gaps(m, g, v, trimmed))
    return np.array([[c0, r0, 1], [c1, r0, 1], [c1, r1, 1], [c0, r1, 1]], np.float64)
