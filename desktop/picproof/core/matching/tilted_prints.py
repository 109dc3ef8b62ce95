"""Prints laid on a page at any angle (a story collage, a mood board), found by their own white
border and placed by their pixels.

A print in a collage is a photo (or a crop of one) inside a white border, turned by any angle.
Its keypoints find it when it has texture; a flat vector wallpaper (two or three plain colours
and a soft curve) gives verification too few points, and a window cut out of it explains too
little to tell it from a plain shape (README: "Tilted collage prints"). But the border gives the
picture's own outline: the inside of a near-white, near-neutral ring is a quadrilateral whose
sides are the picture's sides. Straightened to an upright rectangle, the whole picture is a crop
of its photo at that rectangle's aspect, from the whole photo down to a little zoom, anywhere in
it (``find_prints``, ``place_print``): only the crop's size and place (and a mirror) are
unknown, and they are searched over the stored 256 px thumbnail, as an avatar's are
(small_look.py). What settles a placement is in engine terms ``tilted_print_level``: the whole
picture must agree with the placed photo in its grey levels, in its edges and beyond what a
plain shape explains; README "Tilted prints by their border" gives the chance study.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from picproof.core.matching.plain_shapes import plain_share
from picproof.core.matching.small_look import Thumbnail, correlation

#: The border is read on a copy of at most this many px along its longer side.
WORK_SIDE = 1000
#: A border pixel: every channel at least this bright, and the channels within this much of
#: each other (a white or cream print border; a pale yellow picture is not neutral).
BORDER_LEVEL = 228
BORDER_TINT = 24
#: A picture inside a border: its shorter side at least this share of the suspect's shorter
#: side, and filling at least this share of its turned bounding rectangle (a rectangle, not a
#: blob of the page between prints).
MIN_SIDE_SHARE = 0.06
MIN_FILL = 0.85
#: A print turned less than this (degrees) is left to the framed-region pass: an upright
#: picture inside a white UI card is a frame, not a print (dev set: 457 upright ones, 1 turned).
MIN_TILT = 3.0
#: Prints proposed per suspect at most (largest first).
MAX_PRINTS = 8
#: Pixels of the picture's outline left out (anti-aliasing of the border, the box's error).
INSET = 2
#: Side (px) of the straightened picture's longer side in the coarse and the fine search.
COARSE_SIDE = 48
FINE_SIDE = 128
#: Crop sizes searched: the largest crop of the photo at the picture's aspect, zoomed in up to
#: this much (a print shows most of its photo).
MAX_ZOOM = 1.3
ZOOMS = 7
#: Of a print's candidates searched coarsely, this many (the best correlated) are refined.
REFINED_PHOTOS = 2
#: Fine search: relative crop sizes around the coarse one, and the reach in fine px.
FINE_STEPS = (0.96, 0.98, 1.0, 1.02, 1.04)
FINE_REACH = 6
#: A straightened picture with more than this share hidden (another print on top) is skipped.
MAX_HIDDEN = 0.4


@dataclass(frozen=True)
class Print:
    """The picture inside one print's border, in suspect pixels."""

    centre: tuple[float, float]
    angle: float
    """Degrees, -45..45: the picture's rows against the suspect's (clockwise on screen)."""
    width: float
    height: float
    contour: np.ndarray
    """float32 (n, 2): the inside of the border, the part of the picture that is visible."""

    def axes(self) -> tuple[np.ndarray, np.ndarray]:
        r = math.radians(self.angle)
        return np.array([math.cos(r), math.sin(r)]), np.array([-math.sin(r), math.cos(r)])

    def upright_to_suspect(self, long_side: int) -> tuple[np.ndarray, tuple[int, int]]:
        """(2 x 3 matrix, (w, h)): pixels of the picture straightened to ``long_side`` px along
        its longer side -> suspect pixels."""
        u, v = self.axes()
        k = long_side / max(self.width, self.height)
        size = (max(4, round(self.width * k)), max(4, round(self.height * k)))
        c = np.array(self.centre)
        m = np.zeros((2, 3))
        m[:, 0], m[:, 1] = u / k, v / k
        m[:, 2] = c - u * self.width / 2 - v * self.height / 2 + (u + v) * 0.5 / k
        return m, size

    @property
    def box(self) -> tuple[int, int, int, int]:
        """(x, y, w, h): the bounding box of the visible picture (suspect pixels, unclipped)."""
        x0, y0 = np.floor(self.contour.min(axis=0))
        x1, y1 = np.ceil(self.contour.max(axis=0))
        return int(x0), int(y0), int(x1 - x0), int(y1 - y0)

    @property
    def quad(self) -> np.ndarray:
        """float64 (4, 2): top-left, top-right, bottom-right, bottom-left of the picture."""
        u, v = self.axes()
        c, hw, hh = np.array(self.centre), self.width / 2, self.height / 2
        return np.array(
            [c - u * hw - v * hh, c + u * hw - v * hh, c + u * hw + v * hh, c - u * hw + v * hh]
        )


def find_prints(rgb: np.ndarray) -> list[Print]:
    """The pictures inside near-white borders of the suspect ``rgb`` (h, w, 3), largest first.
    The outside of the image counts as border: a print cut by the screen's edge is kept."""
    import cv2

    h, w = rgb.shape[:2]
    k = min(1.0, WORK_SIDE / max(h, w))
    size = (round(w * k), round(h * k))
    # nearest pixels: a border is several px wide, and its JPEG specks are closed below
    img = rgb if k >= 1.0 else cv2.resize(rgb, size, interpolation=cv2.INTER_NEAREST)
    r, g, b = cv2.split(np.ascontiguousarray(img))
    lo, hi = cv2.min(cv2.min(r, g), b), cv2.max(cv2.max(r, g), b)
    bright = ((lo >= BORDER_LEVEL) & (cv2.subtract(hi, lo) <= BORDER_TINT)).astype(np.uint8)
    closed = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    border = cv2.copyMakeBorder(closed, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=1)
    contours, hierarchy = cv2.findContours(border, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    short = min(img.shape[:2])
    found: list[Print] = []
    for raw, (_, _, _, parent) in zip(contours, hierarchy[0], strict=True):
        if parent < 0:  # the outside of a border; its holes are the pictures
            continue
        c = raw.reshape(-1, 2).astype(np.float32) - 1.0
        (cx0, cy0), (rw, rh), angle = cv2.minAreaRect(c)
        if min(rw, rh) < MIN_SIDE_SHARE * short:
            continue
        if cv2.contourArea(c) < MIN_FILL * rw * rh:
            continue
        # the same rectangle described with its rows turned by -45..45 degrees
        angle = (angle + 45.0) % 90.0 - 45.0
        if abs(angle) < MIN_TILT:
            continue
        t = math.radians(angle)
        u, v = np.array([math.cos(t), math.sin(t)]), np.array([-math.sin(t), math.cos(t)])
        d = c - np.array([cx0, cy0], np.float32)
        pu, pv = d @ u, d @ v
        cx = cx0 + float((pu.max() + pu.min()) / 2 * u[0] + (pv.max() + pv.min()) / 2 * v[0])
        cy = cy0 + float((pu.max() + pu.min()) / 2 * u[1] + (pv.max() + pv.min()) / 2 * v[1])
        found.append(
            Print(
                (cx / k, cy / k),
                angle,
                float(pu.max() - pu.min()) / k,
                float(pv.max() - pv.min()) / k,
                c / k,
            )
        )
    found.sort(key=lambda p: -p.width * p.height)
    return found[:MAX_PRINTS]


def _straightened(
    gray: np.ndarray, pr: Print, long_side: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(picture, valid, matrix): the picture straightened to ``long_side`` px (float32), where
    it shows (the inside of its border, ``INSET`` px in), and its pixels -> suspect pixels."""
    import cv2

    m, (pw, ph) = pr.upright_to_suspect(long_side)
    k = long_side / max(pr.width, pr.height)
    # only the print's part of the suspect is read (blurred before shrinking: no aliasing)
    quad = pr.quad
    x0, y0 = np.floor(np.maximum(quad.min(axis=0) - 4, 0)).astype(int)
    x1 = int(min(gray.shape[1], np.ceil(quad[:, 0].max() + 4)))
    y1 = int(min(gray.shape[0], np.ceil(quad[:, 1].max() + 4)))
    patch: np.ndarray = gray[y0:y1, x0:x1].astype(np.float32)
    if k < 0.5:
        patch = cv2.GaussianBlur(patch, (0, 0), 0.5 / k)
    filled = np.zeros(patch.shape, np.uint8)
    cv2.fillPoly(filled, [np.round(pr.contour - [x0, y0]).astype(np.int32)], 255)
    inside = cv2.erode(filled, np.ones((2 * INSET + 1, 2 * INSET + 1), np.uint8))
    local = m - np.array([[0, 0, x0], [0, 0, y0]])
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    picture = cv2.warpAffine(patch, local, (pw, ph), flags=flags, borderValue=0.0)
    shown = cv2.warpAffine(inside.astype(np.float32), local, (pw, ph), flags=flags, borderValue=0.0)
    return picture, shown >= 250.0, m


#: The picture is described for its lookup at the suspect's resolution, at most this long.
DESCRIBED_SIDE = 480


def described(gray: np.ndarray, pr: Print) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """(image, box): the picture straightened (its hidden parts a plain grey), to be described
    densely as a small region is (round_regions.region_features)."""
    side = int(min(DESCRIBED_SIDE, max(pr.width, pr.height)))
    picture, valid, _ = _straightened(gray, pr, max(COARSE_SIDE, side))
    if valid.any():
        picture[~valid] = float(picture[valid].mean())
    image = np.clip(picture, 0, 255).astype(np.uint8)
    return image, (0, 0, image.shape[1], image.shape[0])


class Picture:
    """One print's picture straightened for both search stages."""

    def __init__(self, gray: np.ndarray, pr: Print) -> None:
        self.gray = gray
        self.print = pr
        self.coarse, self.coarse_valid, _ = _straightened(gray, pr, COARSE_SIDE)
        self.fine, self.fine_valid, self.fine_matrix = _straightened(gray, pr, FINE_SIDE)
        for img, ok in ((self.coarse, self.coarse_valid), (self.fine, self.fine_valid)):
            if ok.any():
                img[~ok] = float(img[ok].mean())  # hidden parts: no structure to match

    @property
    def usable(self) -> bool:
        return (
            float(self.fine_valid.mean()) >= 1.0 - MAX_HIDDEN
            and float(self.fine[self.fine_valid].std()) >= 4.0
        )


@dataclass(frozen=True)
class PrintPlacement:
    """Where a photo lands in the suspect if a print's picture was cut from it."""

    matrix: np.ndarray
    """float64 (2, 3): analysed-photo pixels -> suspect pixels (mirror included), as Fit.matrix."""
    mirrored: bool
    correlation: float
    """Of the picture's grey levels with the placed photo's, over what shows of the picture."""
    edges: float = 0.0
    """Of their gradient magnitudes (where the edges are, not only the levels)."""
    beyond: float = 0.0
    """How many times less of the picture's variance the photo leaves unexplained than the best
    plain shape (plain_shapes.plain_share)."""
    runner_up: float = 0.0
    """The best coarse correlation any other candidate reached in the same print."""


def _resized(img: np.ndarray, w: int, h: int) -> np.ndarray:
    import cv2

    inter = cv2.INTER_AREA if w < img.shape[1] else cv2.INTER_LINEAR
    return cv2.resize(img, (w, h), interpolation=inter).astype(np.float32)


def _largest_crop(aspect: float, tw: int, th: int) -> tuple[float, float]:
    return (float(tw), tw / aspect) if aspect >= tw / th else (th * aspect, float(th))


#: (correlation, mirrored, gain, x, y): the picture's top-left at (x, y) of the oriented
#: thumbnail resized by ``gain`` (coarse px).
Hit = tuple[float, bool, float, int, int]


def coarse_search(pic: Picture, photo: Thumbnail) -> Hit | None:
    import cv2

    ph, pw = pic.coarse.shape
    th, tw = photo.thumb.shape
    if min(th, tw) < 16:
        return None
    cw, _ = _largest_crop(pw / ph, tw, th)
    best: Hit | None = None
    for mirrored in (False, True):
        source = np.ascontiguousarray(photo.thumb[:, ::-1]) if mirrored else photo.thumb
        for z in np.geomspace(1.0, MAX_ZOOM, ZOOMS):
            g = pw / (cw / z)
            w, h = round(tw * g), round(th * g)
            if w < pw or h < ph:
                continue
            res = cv2.matchTemplate(_resized(source, w, h), pic.coarse, cv2.TM_CCOEFF_NORMED)
            _, corr, _, (x, y) = cv2.minMaxLoc(res)
            if best is None or corr > best[0]:
                best = (float(corr), mirrored, g, int(x), int(y))
    return best


def _scores(
    picture: np.ndarray, placed: np.ndarray, valid: np.ndarray
) -> tuple[float, float, float]:
    """(correlation, edges, beyond plain) of the picture and the placed photo where it shows."""
    import cv2

    a, b = picture[valid].astype(np.float64), placed[valid].astype(np.float64)
    r = correlation(a, b)
    inner = cv2.erode(valid.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    grads = []
    for img in (picture, placed):
        gx, gy = cv2.Sobel(img, cv2.CV_32F, 1, 0), cv2.Sobel(img, cv2.CV_32F, 0, 1)
        grads.append(np.hypot(gx, gy)[inner].astype(np.float64))
    edges = correlation(grads[0], grads[1]) if inner.sum() >= 30 else 0.0
    if r <= 0.0:
        return r, edges, 0.0
    h, w = picture.shape
    yy, xx = np.mgrid[0:h, 0:w]
    x, y = (xx[valid] + 0.5) / w * 2 - 1, (yy[valid] + 0.5) / h * 2 - 1
    left = max(1.0 - r * r, 1e-4)
    return r, edges, float(min(1000.0, (1.0 - plain_share(a, x, y, max(h, w))) / left))


def _near(
    template: np.ndarray,
    source: np.ndarray,
    gain: float,
    corner: tuple[float, float],
    steps: tuple[float, ...],
) -> tuple[float, float, float, int, int, np.ndarray] | None:
    """(correlation, x gain, y gain, x, y, placed): the best place of ``template`` in ``source``
    (an oriented thumbnail) resized by ``gain`` times each of ``steps``, within FINE_REACH px of
    ``corner`` (the template's top-left, thumbnail px); x, y in resized px."""
    import cv2

    fh, fw = template.shape
    th, tw = source.shape
    best = None
    for dz in steps:
        w, h = round(tw * gain * dz), round(th * gain * dz)
        cx, cy = corner[0] * w / tw, corner[1] * h / th
        x0, y0 = max(0, int(cx - FINE_REACH)), max(0, int(cy - FINE_REACH))
        x1, y1 = min(w, int(cx + FINE_REACH) + fw + 1), min(h, int(cy + FINE_REACH) + fh + 1)
        if x1 - x0 < fw or y1 - y0 < fh:
            continue
        resized = _resized(source, w, h)
        res = cv2.matchTemplate(resized[y0:y1, x0:x1], template, cv2.TM_CCOEFF_NORMED)
        _, corr, _, (u, v) = cv2.minMaxLoc(res)
        if best is None or corr > best[0]:
            placed = resized[y0 + v : y0 + v + fh, x0 + u : x0 + u + fw]
            best = (float(corr), w / tw, h / th, x0 + u, y0 + v, placed)
    return best


def _matrix(
    to_suspect: np.ndarray,
    photo: Thumbnail,
    mirrored: bool,
    found: tuple[float, float, float, int, int, np.ndarray],
) -> np.ndarray:
    """Analysed-photo px -> oriented thumbnail -> resized thumbnail -> picture px -> suspect px,
    for a template placed at ``found`` (as ``_near`` returns it) whose px map to the suspect by
    ``to_suspect``."""
    _, gx, gy, ox, oy = found[:5]
    th, tw = photo.thumb.shape
    sx, sy = tw / photo.size[0], th / photo.size[1]
    if mirrored:
        to_pic = np.array([[-gx * sx, 0, gx * tw - 0.5 - ox], [0, gy * sy, -0.5 - oy], [0, 0, 1]])
    else:
        to_pic = np.array([[gx * sx, 0, -0.5 - ox], [0, gy * sy, -0.5 - oy], [0, 0, 1]])
    out: np.ndarray = (np.vstack([to_suspect, [0, 0, 1]]) @ to_pic)[:2]
    return out


def _oriented(photo: Thumbnail, mirrored: bool) -> np.ndarray:
    return np.ascontiguousarray(photo.thumb[:, ::-1]) if mirrored else photo.thumb


def refine(pic: Picture, photo: Thumbnail, hit: Hit) -> PrintPlacement | None:
    """The coarse ``hit`` searched again at the fine size, a few crop sizes around it, near
    where it was found; scored there."""
    _, mirrored, g, x, y = hit
    gain = g * pic.fine.shape[1] / pic.coarse.shape[1]
    found = _near(pic.fine, _oriented(photo, mirrored), gain, (x / g, y / g), FINE_STEPS)
    if found is None:
        return None
    r, edges, beyond = _scores(pic.fine, found[5], pic.fine_valid)
    matrix = _matrix(pic.fine_matrix, photo, mirrored, found)
    return PrintPlacement(matrix, mirrored, r, edges, beyond)


#: The settled placement is searched once more at the thumbnail's own scale (the blocks of
#: same_shot.py read it there: a fine pixel of 128 is up to 2 thumbnail px), over these steps.
EXACT_STEPS = (0.99, 1.0, 1.01)


def exact(pic: Picture, photo: Thumbnail, placed: PrintPlacement) -> PrintPlacement:
    """``placed`` with its matrix searched again where the picture is as large as the crop of the
    thumbnail it shows (at most 256 px); the scores stay those of the fine search."""
    th, tw = photo.thumb.shape
    # the crop's size in thumbnail px: the picture's corners taken back into the thumbnail
    per = photo.size[0] / tw
    m = np.vstack([placed.matrix, [0, 0, 1]]) @ np.diag([per, per, 1.0])  # thumbnail -> suspect
    k = float(np.sqrt(abs(np.linalg.det(m[:2, :2]))))  # suspect px per thumbnail px
    side = int(min(max(tw, th), round(max(pic.print.width, pic.print.height) / k)))
    if side <= FINE_SIDE:
        return placed
    template, valid, to_suspect = _straightened(pic.gray, pic.print, side)
    if not valid.any():
        return placed
    template[~valid] = float(template[valid].mean())
    src = _oriented(photo, placed.mirrored)
    # the picture's top-left corner in the oriented thumbnail, and the gain to put it at ``side``
    corner = np.linalg.inv(m) @ np.append(to_suspect @ np.array([0.0, 0.0, 1.0]), 1.0)
    cx = tw - corner[0] if placed.mirrored else corner[0]
    gain = template.shape[1] / max(pic.print.width / k, 1.0)
    found = _near(template, src, gain, (float(cx), float(corner[1])), EXACT_STEPS)
    if found is None:
        return placed
    matrix = _matrix(to_suspect, photo, placed.mirrored, found)
    return replace(placed, matrix=matrix)


def place_print(
    pic: Picture, candidates: list[tuple[int, Thumbnail]]
) -> list[tuple[int, PrintPlacement]]:
    """(key, placement) of the ``REFINED_PHOTOS`` candidates whose thumbnails best explain the
    print's picture, best first; the best one carries its margin over the others."""
    if not pic.usable:
        return []
    coarse = []
    for key, photo in candidates:
        hit = coarse_search(pic, photo)
        if hit is not None:
            coarse.append((hit[0], key, photo, hit))
    coarse.sort(key=lambda t: -t[0])
    out = []
    for _, key, photo, hit in coarse[:REFINED_PHOTOS]:
        placed = refine(pic, photo, hit)
        if placed is not None:
            out.append((key, placed))
    out.sort(key=lambda t: -t[1].correlation)
    if out:
        others = [p.correlation for _, p in out[1:]] + [c[0] for c in coarse[REFINED_PHOTOS:]]
        key, best = out[0]
        photo = dict(candidates)[key]
        out[0] = (key, replace(exact(pic, photo, best), runner_up=max(others, default=0.0)))
    return out
