"""Where in a photo was a small round region cut from? A pixel search, for avatars too small for
keypoints.

A 48-120 px avatar holds a handful of the keypoints its photo's stored ones (described at 400 px)
could meet, so verification rarely finds a fit to start from, and without a fit the close look
(close_look.py) has nothing to look closely at. But an avatar is a square crop of its photo,
shown in a circle: the circle's centre and radius fix where the crop lands, so only the crop's
place and size in the photo (and a mirror) are unknown. Those are searched here over the stored
256 px thumbnail: the square inscribed in the circle, shrunk to ``COARSE_SIDE``, is correlated
(normalised, so a filter's brightness and contrast do not matter) with the thumbnail resized for
each crop size from ``CROP_MIN`` to ``CROP_MAX`` of its shorter side; the best few places are
refined at a finer size, and the best one is returned as a placement (a similarity, like a fit).

This only proposes where the photo would be. What decides is the close look at that placement
(engine.examine_placed), whose chance level for placements found this way is measured in
tests/bench/match_chance_small.py (README: "Tiny images"). For a smooth avatar, where the close
look finds few points, two more figures are handed over with the best placement: how far it
stands above the region's other candidates (``Placement.runner_up``), and how well the part of
the circle the search did not read agrees with it (``outside_square``), a held-out check.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

#: Crop sizes searched, as shares of the thumbnail's shorter side: an avatar shows the whole
#: short side of its photo down to a quarter of it (a face out of a half-length portrait).
CROP_MIN = 0.25
CROP_MAX = 1.0
COARSE_SCALES = 8
#: Side (px) of the inscribed square in the coarse search, and at most in the fine one.
COARSE_SIDE = 12
FINE_SIDE = 32
#: Coarse places refined (best first, over sizes and orientations).
REFINED = 5
#: The circle's inside used: its rim shows anti-aliasing, a story ring or the box's error.
INNER = 0.85
#: Below this grey-level std the region holds too little to place (a flat disc).
MIN_STD = 6.0


@dataclass(frozen=True)
class Placement:
    """Where a photo lands in the suspect if the region was cut from it."""

    matrix: np.ndarray
    """float64 (2, 3): analysed-photo pixels -> suspect pixels (mirror included), as Fit.matrix."""
    mirrored: bool
    correlation: float
    """Normalised cross-correlation of the square inside the circle with the placed photo."""
    runner_up: float = 1.0
    """The best correlation any other candidate reached in the same circle (1.0: not known)."""
    outside: float = 0.0
    """Correlation over the part of the disc the search did not read (outside the square), at
    the suspect's own resolution: a held-out check of the placement."""


def _resize(img: np.ndarray, w: int, h: int) -> np.ndarray:
    import cv2

    inter = cv2.INTER_AREA if w < img.shape[1] else cv2.INTER_LINEAR
    return cv2.resize(img, (w, h), interpolation=inter)


def _square(gray: np.ndarray, cx: float, cy: float, side: float, out: int) -> np.ndarray | None:
    """The suspect's ``side`` px square centred at (cx, cy), resampled to ``out`` px."""
    import cv2

    k = out / side
    m = np.array([[k, 0.0, out / 2 - k * cx], [0.0, k, out / 2 - k * cy]])
    flags = cv2.INTER_AREA if k < 1.0 else cv2.INTER_LINEAR
    if k < 1.0:  # shrink by area first: an affine warp down would alias
        x0, y0 = int(max(0, cx - side / 2 - 1)), int(max(0, cy - side / 2 - 1))
        x1 = int(min(gray.shape[1], cx + side / 2 + 2))
        y1 = int(min(gray.shape[0], cy + side / 2 + 2))
        patch = gray[y0:y1, x0:x1]
        if patch.size == 0:
            return None
        small = cv2.resize(
            patch,
            (max(1, round(patch.shape[1] * k)), max(1, round(patch.shape[0] * k))),
            interpolation=cv2.INTER_AREA,
        )
        kx, ky = small.shape[1] / patch.shape[1], small.shape[0] / patch.shape[0]
        m = np.array([[1.0, 0.0, out / 2 - kx * (cx - x0)], [0.0, 1.0, out / 2 - ky * (cy - y0)]])
        return cv2.warpAffine(small, m, (out, out), flags=cv2.INTER_LINEAR)
    return cv2.warpAffine(gray, m, (out, out), flags=flags)


class Circle:
    """A round region of the suspect, ready to be searched for in candidate photos: its centre,
    radius and the square inscribed in its inner part, resampled for both search stages."""

    def __init__(self, gray: np.ndarray, box: tuple[int, int, int, int]) -> None:
        x, y, bw, bh = box
        self.cx, self.cy = x + bw / 2.0, y + bh / 2.0
        self.radius = min(bw, bh) / 2.0
        self.side = float(np.sqrt(2.0) * INNER * self.radius)  # suspect px
        self.fine_side = int(min(FINE_SIDE, max(COARSE_SIDE, round(self.side))))
        self.coarse = _square(gray, self.cx, self.cy, self.side, COARSE_SIDE)
        self.fine = _square(gray, self.cx, self.cy, self.side, self.fine_side)

    @property
    def usable(self) -> bool:
        return self.coarse is not None and float(self.coarse.std()) >= MIN_STD


#: (correlation, mirrored, gain, x, y): the template's top-left corner at (x, y) of the
#: thumbnail (mirrored or not) resized by ``gain``, in resized pixels.
Hit = tuple[float, bool, float, int, int]


class Thumbnail:
    """A candidate photo: its stored thumbnail, analysed size, and the thumbnail resized for
    each coarse crop size in both orientations, made once and shared by a suspect's regions."""

    def __init__(self, thumb: np.ndarray, size: tuple[int, int]) -> None:
        self.thumb = thumb
        self.size = size
        self._levels: list[tuple[float, np.ndarray, np.ndarray]] | None = None

    @property
    def levels(self) -> list[tuple[float, np.ndarray, np.ndarray]]:
        """(gain, resized, resized mirror image) for each coarse crop size that fits."""
        if self._levels is None:
            th, tw = self.thumb.shape
            self._levels = []
            if min(th, tw) >= 16:
                # a crop of c thumbnail px fills the circle's diameter: its inscribed square is
                # c * INNER / sqrt(2) thumbnail px, COARSE_SIDE px after resizing by the gain;
                # the circle's size cancels out, so these serve every region of a suspect
                crops = np.geomspace(CROP_MIN, CROP_MAX, COARSE_SCALES) * min(th, tw)
                source = self.thumb  # each level from the one before: less to read, same look
                for g in COARSE_SIDE * np.sqrt(2.0) / INNER / crops:
                    w, h = round(tw * g), round(th * g)
                    if w >= COARSE_SIDE and h >= COARSE_SIDE:
                        source = _resize(source, w, h) if g < 1.0 else _resize(self.thumb, w, h)
                        self._levels.append((w / tw, source, _oriented(source, True)))
        return self._levels


def _oriented(thumb: np.ndarray, mirrored: bool) -> np.ndarray:
    return np.ascontiguousarray(thumb[:, ::-1]) if mirrored else thumb


def coarse_search(
    circle: Circle, photo: Thumbnail, orientations: tuple[bool, ...] = (False, True)
) -> list[Hit]:
    """The best place of the circle's coarse square in the photo's thumbnail at each crop size
    and orientation, best first."""
    import cv2

    if circle.coarse is None:
        return []
    hits: list[Hit] = []
    for g, plain, mirror in photo.levels:
        for mirrored in orientations:
            image = mirror if mirrored else plain
            res = cv2.matchTemplate(image, circle.coarse, cv2.TM_CCOEFF_NORMED)
            _, best, _, (u, v) = cv2.minMaxLoc(res)
            hits.append((float(best), mirrored, g, int(u), int(v)))
    hits.sort(key=lambda t: -t[0])
    return hits


def _near(
    circle: Circle, source: np.ndarray, gain: float, centre: tuple[float, float]
) -> tuple[float, float, float, float] | None:
    """(correlation, gain, x, y): the best place of the circle's fine square in ``source``
    resized by ``gain``, within a quarter square of ``centre`` (thumbnail px); x, y is the
    square's top-left corner in thumbnail px, gain the one actually used."""
    import cv2

    th, tw = source.shape
    fs = circle.fine_side
    reach = (fs // 2 + fs // 4) / gain  # thumbnail px around the centre
    x0, y0 = max(0, int(centre[0] - reach)), max(0, int(centre[1] - reach))
    x1 = min(tw, int(np.ceil(centre[0] + reach + 1)))
    y1 = min(th, int(np.ceil(centre[1] + reach + 1)))
    w, h = round((x1 - x0) * gain), round((y1 - y0) * gain)
    if w < fs or h < fs or circle.fine is None:
        return None
    window = _resize(source[y0:y1, x0:x1], w, h)  # only the part searched is resized
    res = cv2.matchTemplate(window, circle.fine, cv2.TM_CCOEFF_NORMED)
    _, corr, _, (u, v) = cv2.minMaxLoc(res)
    gx, gy = w / (x1 - x0), h / (y1 - y0)
    return float(corr), gx, x0 + u / gx, y0 + v / gy


def refine(circle: Circle, photo: Thumbnail, hits: list[Hit]) -> Placement | None:
    """The best of the ``REFINED`` best coarse ``hits``, each searched again at the finer size
    over a few crop sizes around it, near where it was found."""
    if circle.fine is None or not hits:
        return None
    thumb = photo.thumb
    th, tw = thumb.shape
    fs = circle.fine_side
    step = (CROP_MAX / CROP_MIN) ** (1.0 / (COARSE_SCALES - 1))
    best: tuple[float, bool, float, float, float] | None = None
    for _, mirrored, g, u, v in hits[:REFINED]:
        source = _oriented(thumb, mirrored)
        centre = ((u + COARSE_SIDE / 2) / g, (v + COARSE_SIDE / 2) / g)  # thumbnail px
        for k in step ** np.linspace(-0.5, 0.5, 5):
            found = _near(circle, source, g * fs / COARSE_SIDE * k, centre)
            if found is not None and (best is None or found[0] > best[0]):
                best = (found[0], mirrored, found[1], found[2], found[3])
    if best is None:
        return None
    corr, mirrored, gain, ux, vy = best
    # thumbnail px -> suspect px: the template's top-left (ux, vy) lands on the square's corner
    scale = gain * circle.side / fs  # suspect px per thumbnail px
    ox = circle.cx - circle.side / 2 - scale * ux
    oy = circle.cy - circle.side / 2 - scale * vy
    sx, sy = tw / photo.size[0], th / photo.size[1]  # thumbnail px per analysed-photo px
    if mirrored:  # analysed x -> mirrored thumbnail x = tw - sx * x
        matrix = np.array([[-scale * sx, 0.0, ox + scale * tw], [0.0, scale * sy, oy]])
    else:
        matrix = np.array([[scale * sx, 0.0, ox], [0.0, scale * sy, oy]])
    return Placement(matrix, mirrored, corr)


def place_in_circle(
    gray: np.ndarray,
    box: tuple[int, int, int, int],
    photo: Thumbnail,
    orientations: tuple[bool, ...] = (False, True),
) -> Placement | None:
    """The best placement of ``photo`` that explains the round region ``box`` of the suspect
    ``gray`` as a square crop of it."""
    circle = Circle(gray, box)
    if not circle.usable:
        return None
    return refine(circle, photo, coarse_search(circle, photo, orientations))


#: Of a region's candidates searched coarsely, this many (the best correlated) are refined.
REFINED_PHOTOS = 2


def best_placements(
    gray: np.ndarray, box: tuple[int, int, int, int], candidates: list[tuple[int, Thumbnail]]
) -> list[tuple[int, Placement]]:
    """(key, placement) of the ``REFINED_PHOTOS`` candidates (key, photo) whose thumbnails
    best explain the round region ``box``, best first.

    Every candidate gets the cheap coarse search, in both orientations (the votes of a few
    dozen keypoints do not tell a mirror reliably); only the best correlated are refined, so a
    region can be compared with many photos: the true photo of a small avatar is often not
    among the first few by visual words, but its pixels correlate best (kinds probe set).
    """
    circle = Circle(gray, box)
    if not circle.usable:
        return []
    coarse = []
    for key, photo in candidates:
        hits = coarse_search(circle, photo)
        if hits:
            coarse.append((hits[0][0], key, photo, hits))
    coarse.sort(key=lambda t: -t[0])
    out = []
    for _, key, photo, hits in coarse[:REFINED_PHOTOS]:
        placed = refine(circle, photo, hits)
        if placed is not None:
            out.append((key, placed))
    out.sort(key=lambda t: -t[1].correlation)
    if not out:
        return out
    # the best one's margin: over the next refined photo, or the best coarse score of the rest
    others = [p.correlation for _, p in out[1:]] + [c[0] for c in coarse[REFINED_PHOTOS:]]
    key, best = out[0]
    out[0] = (
        key,
        replace(
            best,
            runner_up=max(others, default=0.0),
            outside=outside_square(gray, circle, dict(candidates)[key], best),
        ),
    )
    return out


#: The held-out part of the disc: within this share of the radius (the rim's anti-aliasing and
#: the box's error stay out), outside the searched square.
OUTSIDE_REACH = 0.92


def placed_patch(
    gray: np.ndarray, circle: Circle, photo: Thumbnail, placed: Placement
) -> tuple[np.ndarray, np.ndarray, tuple[int, int], float]:
    """The suspect's square around ``circle`` and the placed photo warped onto it, both float32
    at the suspect's resolution (-1 where either has no pixel), the square's top-left corner in
    the suspect, and the photo's scale there (suspect px per thumbnail px)."""
    import cv2

    th, tw = photo.thumb.shape
    per = photo.size[0] / tw  # analysed-photo px per thumbnail px
    pad = int(circle.radius) + 2
    x0, y0 = int(circle.cx) - pad, int(circle.cy) - pad
    side = 2 * pad + 1
    to_patch = placed.matrix @ np.diag([per, per, 1.0]) - np.array([[0, 0, x0], [0, 0, y0]])
    scale = float(np.sqrt(abs(np.linalg.det(to_patch[:, :2]))))  # patch px per thumbnail px
    src: np.ndarray = photo.thumb.astype(np.float32)
    if scale < 0.7:  # blur before shrinking, or the warp aliases
        src = cv2.GaussianBlur(src, (0, 0), 0.5 / scale)
    warped = cv2.warpAffine(src, to_patch, (side, side), flags=cv2.INTER_LINEAR, borderValue=-1.0)
    patch = np.full((side, side), -1.0, np.float32)
    gx0, gy0 = max(0, x0), max(0, y0)
    gx1, gy1 = min(gray.shape[1], x0 + side), min(gray.shape[0], y0 + side)
    patch[gy0 - y0 : gy1 - y0, gx0 - x0 : gx1 - x0] = gray[gy0:gy1, gx0:gx1]
    return patch, warped, (x0, y0), scale


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Normalised cross-correlation of two equally long samples (0 when either is flat)."""
    a, b = a - a.mean(), b - b.mean()
    norm = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / norm) if norm > 1e-6 else 0.0


def outside_square(gray: np.ndarray, circle: Circle, photo: Thumbnail, placed: Placement) -> float:
    """Normalised cross-correlation of the suspect and the placed photo over the disc outside
    the square the search read (``Placement.outside``), at the suspect's resolution."""
    patch, warped, (x0, y0), _ = placed_patch(gray, circle, photo, placed)
    side = patch.shape[0]
    yy, xx = np.mgrid[0:side, 0:side]
    dx, dy = xx + x0 + 0.5 - circle.cx, yy + y0 + 0.5 - circle.cy
    held = (
        (np.hypot(dx, dy) <= OUTSIDE_REACH * circle.radius)
        & ((np.abs(dx) > circle.side / 2) | (np.abs(dy) > circle.side / 2))
        & (warped >= 0)
        & (patch >= 0)
    )
    if held.sum() < 20:
        return 0.0
    return correlation(patch[held].astype(np.float64), warped[held].astype(np.float64))
