"""A screen photographed at an angle, seen straight on again.

A phone photo of a phone or computer screen shows everything on that screen in one perspective:
the far side smaller, right angles gone, circles turned into ellipses. Every pass of the engine
that expects a flat re-post then struggles at once: a similarity explains a band of a large
photo, the round-region search finds no circle, a 150 px picture's close look compares a
trapezoid with a square. Yet the screen itself is usually easy to see: a bright or dark
quadrilateral with straight edges against the desk, the wall or the monitor's bezel.

``find_screen`` looks for that outline (edges on a small copy, the largest convex contour that
simplifies to four corners and covers a sizeable part of the photo, seen clearly in perspective or
turned) and ``straighten`` warps the screen to a rectangle of the screen's own shape (its aspect
ratio recovered from the perspective, Zhang & He 2007: "Whiteboard scanning and image
enhancement"), at the resolution of its nearest side. The engine then looks at the straightened
screen as at any screenshot, with the same rules and thresholds, and ``on_suspect`` maps each
finding back: its homography is the straightening undone after the fit, its box the bounding box
of the found box's corners in the photographed suspect.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from picproof.core.matching.framed_regions import intersection
from picproof.core.matching.perspective import apply
from picproof.core.matching.query import shrink_to
from picproof.core.matching.verify import flip_x, similarity_of

if TYPE_CHECKING:
    from picproof.core.matching.engine import Finding

#: The outline is searched on a copy of about this many pixels.
SEARCH_PIXELS = 250_000
#: Canny thresholds on the blurred copy: a screen's edge against a desk or a bezel can be weak
#: (a dark-mode screen on a dark desk differs by ~25 grey levels).
EDGE_LOW, EDGE_HIGH = 20, 60
#: The screen's outline covers at least this share of the photo, and at most this share (the
#: photo's own border is not a screen).
MIN_AREA, MAX_AREA = 0.12, 0.95
#: Contour simplification tolerance, as a share of its perimeter.
SIMPLIFY = 0.02
#: Each side of the outline lies on an edge over at least this share of its length: the convex
#: hull of a busy screenshot's edges also simplifies to four corners, but its sides cut across
#: the page. Screens photographed at an angle: 0.88-1.0 on 27 of 30 (kinds tuning), 0.97-1.0 on
#: the probe's screen photos; flat screenshots that pass the other tests: 0.50-0.67 on 5 of 7
#: (dev, probe image-search pages). At 0.5, an image-search page was straightened and a 156 x 24
#: px strip of the other view of a stereo pair settled as the same photo there (the first look
#: had not found it at all): a false accusation, on two probe sets (outline support 0.50 and
#: 0.55). Never a false accusation first: a weak outline is not looked at again (2 of the 30
#: true screens, 0.50 and 0.52, found by the first look anyway; 1 pair lost on each of two
#: held-style screen sets, 0.55 and 0.62).
MIN_SUPPORT = 0.7
#: Only an outline seen in perspective is straightened: some corner angle differs from a right
#: angle by at least this many degrees. A flat screenshot's frames and the photo's own border are
#: upright rectangles, a print in a collage a turned one (a similarity fits those).
MIN_SKEW_DEG = 3.0
#: Each corner angle of the outline lies within this range (a camera at up to ~50 degrees).
MIN_ANGLE, MAX_ANGLE = 40.0, 140.0
#: A photo already found whose box covers this share of the screen's box is what the screen
#: shows: it is not looked at again.
SHOWN = 0.7
#: A phone camera's focal length in photo sides (a 26 mm-equivalent lens: ~0.8 of the longer
#: side; 1.0 splits the difference with a zoomed view), for views that cannot tell their own.
FOCAL = 1.0
#: The straightened screen has at most this many pixels (the engine analyses 0.65 MP anyway;
#: the small-region pass reads the full resolution).
MAX_PIXELS = 2_500_000
#: The straightened screen is looked at once more at this many pixels (about a quarter of what
#: a look analyses) when neither look found what it shows. A phone screen shows a picture
#: zoomed in, often a crop of it across the screen's width: 2-4 times the 400 px at which the
#: library's keypoints were taken. A smooth wallpaper's few soft structures then meet the
#: library's again only at about the library's scale (held-style study set, seed 11010: of
#: 12 such pictures with no fit at 0.65 MP, 2 fit 20-21 points at 0.16 MP; at 0.35 MP, 1).
COARSE_PIXELS = 160_000


@dataclass(frozen=True)
class Screen:
    """A screen found in a suspect photo."""

    quad: np.ndarray
    """float64 (4, 2): the screen's corners in suspect pixels (top-left, top-right,
    bottom-right, bottom-left)."""
    to_screen: np.ndarray
    """float64 (3, 3): suspect pixels -> straightened screen pixels."""
    size: tuple[int, int]
    """(w, h) of the straightened screen."""
    fine: Screen | None = None
    """For a coarser straightening (``coarser``): the screen straightened at its own
    resolution, which is shrunk to ``size`` (a warp straight to a coarse size would alias)."""

    @property
    def box(self) -> tuple[int, int, int, int]:
        """(x, y, w, h): the bounding box of the screen's outline in suspect pixels."""
        x0, y0 = np.floor(self.quad.min(axis=0))
        x1, y1 = np.ceil(self.quad.max(axis=0))
        return (int(x0), int(y0), int(x1 - x0), int(y1 - y0))

    def shown_by(self, boxes: Iterable[tuple[int, int, int, int]]) -> bool:
        """Whether one of ``boxes`` (photos already found) covers most of the screen: a photo
        shown full screen, or a print turned in a collage, found by the first look; the screen
        holds nothing else to look for."""
        box = self.box
        return any(intersection(box, b) >= SHOWN * box[2] * box[3] for b in boxes)


def _ordered(quad: np.ndarray) -> np.ndarray:
    """The four corners from the top-left one, clockwise on the image (y down)."""
    centre = quad.mean(axis=0)
    quad = quad[np.argsort(np.arctan2(quad[:, 1] - centre[1], quad[:, 0] - centre[0]))]
    return np.roll(quad, -int(np.argmin(quad.sum(axis=1))), axis=0)


def _angles(quad: np.ndarray) -> np.ndarray:
    edges = np.roll(quad, -1, axis=0) - quad
    prev = np.roll(edges, 1, axis=0)
    cos = -(prev * edges).sum(axis=1) / (np.hypot(*prev.T) * np.hypot(*edges.T) + 1e-9)
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def _skew(quad: np.ndarray) -> float:
    """How far the outline is from a rectangle (turned or not): its largest corner angle's
    departure from a right angle, in degrees."""
    return float(np.abs(_angles(quad) - 90.0).max())


def _support(edges: np.ndarray, quad: np.ndarray) -> float:
    """The least share, over the four sides of ``quad``, of points along the side that lie on
    an edge (``edges``: the dilated edge map the quad was found on)."""
    h, w = edges.shape
    t = np.linspace(0.05, 0.95, 60)[:, None]
    least = 1.0
    for a, b in zip(quad, np.roll(quad, -1, axis=0), strict=True):
        pts = np.rint(a + (b - a) * t).astype(np.int64)
        on = edges[np.clip(pts[:, 1], 0, h - 1), np.clip(pts[:, 0], 0, w - 1)] > 0
        least = min(least, float(on.mean()))
    return least


def _outline(gray: np.ndarray) -> np.ndarray | None:
    import cv2

    work, factor = shrink_to(gray, SEARCH_PIXELS)
    edges = cv2.Canny(cv2.GaussianBlur(work, (5, 5), 0), EDGE_LOW, EDGE_HIGH)
    contours, _ = cv2.findContours(
        cv2.dilate(edges, np.ones((3, 3), np.uint8)), cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE
    )
    area = float(work.shape[0] * work.shape[1])

    def quad_of(points: np.ndarray) -> np.ndarray | None:
        hull = cv2.convexHull(points)
        if not MIN_AREA * area <= float(cv2.contourArea(hull)) <= MAX_AREA * area:
            return None
        corners = cv2.approxPolyDP(hull, SIMPLIFY * cv2.arcLength(hull, True), True)
        return _ordered(corners.reshape(4, 2).astype(np.float64)) if len(corners) == 4 else None

    quads = [q for contour in contours if (q := quad_of(contour)) is not None]
    # first, the hull of every edge: a screen whose outline breaks where a dark photo on it
    # meets a dark desk leaves no single contour round it, and part of it (a panel below the
    # photo) can be a rectangle of its own; around a screen a desk or a wall has few edges
    if contours and (whole := quad_of(np.concatenate(contours))) is not None:
        quads.append(whole)
    quads.sort(key=lambda q: -float(cv2.contourArea(q.astype(np.float32))))
    wide = cv2.dilate(edges, np.ones((5, 5), np.uint8))
    for quad in quads:
        if _support(wide, quad) >= MIN_SUPPORT:
            return quad / factor
    return None


def aspect_ratio(quad: np.ndarray, size: tuple[int, int]) -> float:
    """Width over height of the rectangle seen as ``quad`` (top-left first, clockwise) by a
    camera whose principal point is the photo's centre (Zhang & He 2007). The focal length
    comes from the two vanishing points when the view has both; seen turned about one axis only
    (one pair of sides parallel) it cannot, and a phone camera's usual one is taken instead
    (FOCAL, in photo sides)."""
    u0, v0 = size[0] / 2.0, size[1] / 2.0
    tl, tr, br, bl = (np.array([x - u0, y - v0, 1.0]) for x, y in quad)
    m1, m2, m3, m4 = bl, br, tl, tr
    k2 = float(np.dot(np.cross(m1, m4), m3) / np.dot(np.cross(m2, m4), m3))
    k3 = float(np.dot(np.cross(m1, m4), m2) / np.dot(np.cross(m3, m4), m2))
    n2, n3 = k2 * m2 - m1, k3 * m3 - m1
    width = (np.hypot(*(quad[1] - quad[0])) + np.hypot(*(quad[2] - quad[3]))) / 2.0
    height = (np.hypot(*(quad[3] - quad[0])) + np.hypot(*(quad[2] - quad[1]))) / 2.0
    flat = float(width / height)
    usual = (FOCAL * max(size)) ** 2
    denom = n2[2] * n3[2]
    f2 = -(n2[0] * n3[0] + n2[1] * n3[1]) / denom if abs(denom) > 1e-12 else usual
    if not 0.1 * usual <= f2 <= 10.0 * usual:
        f2 = usual  # one vanishing point only (or none): the usual focal length
    a = np.diag([1.0 / f2, 1.0 / f2, 1.0])
    ratio = float(np.sqrt((n2 @ a @ n2) / (n3 @ a @ n3)))
    # a ratio that far from the outline's own means the corners are not a rectangle's
    return ratio if 0.5 * flat <= ratio <= 2.0 * flat else flat


def find_screen(gray: np.ndarray) -> Screen | None:
    """The screen photographed at an angle in ``gray``, or None (no such outline: a flat
    screenshot, or a screen seen straight on)."""
    import cv2

    quad = _outline(gray)
    if quad is None or _skew(quad) < MIN_SKEW_DEG:
        return None
    angles = _angles(quad)
    if np.any(angles < MIN_ANGLE) or np.any(angles > MAX_ANGLE):
        return None
    h, w = gray.shape
    ratio = aspect_ratio(quad, (w, h))
    # the resolution of the nearest side in each direction: the far side is enlarged, the near
    # one kept
    long_w = max(np.hypot(*(quad[1] - quad[0])), np.hypot(*(quad[2] - quad[3])))
    long_h = max(np.hypot(*(quad[3] - quad[0])), np.hypot(*(quad[2] - quad[1])))
    sw, sh = (long_w, long_w / ratio) if long_w / long_h > ratio else (long_h * ratio, long_h)
    shrink = min(1.0, float(np.sqrt(MAX_PIXELS / (sw * sh))))
    sw, sh = max(16, round(sw * shrink)), max(16, round(sh * shrink))
    target = np.array([[0, 0], [sw, 0], [sw, sh], [0, sh]], np.float32)
    to_screen = cv2.getPerspectiveTransform(quad.astype(np.float32), target).astype(np.float64)
    return Screen(quad, to_screen / to_screen[2, 2], (sw, sh))


def straighten(gray: np.ndarray, screen: Screen) -> np.ndarray:
    """The screen seen straight on (grey levels, ``screen.size``)."""
    import cv2

    if screen.fine is not None:
        fine = straighten(gray, screen.fine)
        shrunk: np.ndarray = cv2.resize(fine, screen.size, interpolation=cv2.INTER_AREA)
        return shrunk
    out: np.ndarray = cv2.warpPerspective(
        gray, screen.to_screen, screen.size, flags=cv2.INTER_LINEAR, borderValue=0
    )
    return out


def coarser(screen: Screen, max_pixels: int = COARSE_PIXELS) -> Screen:
    """``screen`` straightened at a coarser resolution (at most ``max_pixels``; the same
    outline, its finer straightening shrunk)."""
    sw, sh = screen.size
    k = min(1.0, float(np.sqrt(max_pixels / (sw * sh))))
    size = (max(16, round(sw * k)), max(16, round(sh * k)))
    to_screen = np.diag([size[0] / sw, size[1] / sh, 1.0]) @ screen.to_screen
    return Screen(screen.quad, to_screen, size, fine=screen)


#: A finding's box is a round frame's when it lies this much inside the frame and covers this
#: much of it (an avatar boxed by its circle, engine._frame_box).
IN_ROUND = 0.9
#: Points along a round frame's rim mapped back.
RIM_POINTS = 64


def _round_frame(
    box: tuple[int, int, int, int], frames: Sequence[tuple[int, int, int, int]]
) -> tuple[int, int, int, int] | None:
    """The round frame (a circle's square box) that ``box`` is the box of, if any."""
    area = box[2] * box[3]
    for frame in frames:
        inside = intersection(box, frame)
        if inside >= IN_ROUND * area and inside >= IN_ROUND * frame[2] * frame[3] * np.pi / 4:
            return frame
    return None


def _outline_of(
    box: tuple[int, int, int, int], frames: Sequence[tuple[int, int, int, int]]
) -> np.ndarray:
    """Points whose bounding box, mapped back, is the box of what ``box`` shows: its corners,
    or for a round frame its circle (as far as the box reaches): a square's corners seen in
    perspective spread wider than the circle inside it (a 10 degree turn alone: IoU 0.73)."""
    x, y, w, h = box
    frame = _round_frame(box, frames)
    if frame is None:
        return np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], np.float64)
    fx, fy, fw, fh = frame
    t = np.linspace(0.0, 2.0 * np.pi, RIM_POINTS, endpoint=False)
    r = min(fw, fh) / 2.0
    rim = np.stack([fx + fw / 2.0 + r * np.cos(t), fy + fh / 2.0 + r * np.sin(t)], axis=1)
    return np.clip(rim, [x, y], [x + w, y + h])


def _box_back(
    box: tuple[int, int, int, int],
    back: np.ndarray,
    size: tuple[int, int],
    frames: Sequence[tuple[int, int, int, int]] = (),
) -> tuple[int, int, int, int]:
    pts = apply(back, _outline_of(box, frames))
    x0, y0 = np.clip(pts.min(axis=0), 0, size)
    x1, y1 = np.clip(pts.max(axis=0), 0, size)
    return (int(round(x0)), int(round(y0)), int(round(x1 - x0)), int(round(y1 - y0)))


def _similarity(warp: np.ndarray, photo_size: tuple[int, int], mirrored: bool) -> np.ndarray:
    """A 2 x 3 similarity (mirror included) close to ``warp`` over the photo: least squares
    through its corners and centre (for the reported scale and turn, and the close look)."""
    w, h = photo_size
    src = np.array([[0, 0], [w, 0], [w, h], [0, h], [w / 2, h / 2]], np.float64)
    dst = apply(warp, src)
    if not mirrored:
        return similarity_of(src, dst)
    flip = flip_x(w)
    # the fit of flipped points, as one photo -> suspect map (as verify folds a mirror)
    folded: np.ndarray = similarity_of(apply(flip, src), dst) @ flip
    return folded


def on_suspect(
    finding: Finding,
    screen: Screen,
    size: tuple[int, int],
    round_frames: Sequence[tuple[int, int, int, int]] = (),
) -> Finding:
    """``finding`` (made on the straightened screen) in the photographed suspect's pixels
    (``size``: its width and height). ``round_frames``: the straightened screen's round
    regions (square boxes of circles); a finding boxed by one is boxed by its circle, seen in
    perspective, not by the square around it."""
    back = np.linalg.inv(screen.to_screen)
    fit = finding.fit
    warp = back @ fit.warp
    warp = warp / warp[2, 2]
    fit = replace(
        fit,
        matrix=_similarity(warp, finding.photo_size, fit.mirrored),
        suspect_points=apply(back, fit.suspect_points).astype(np.float32),
        homography=warp,
    )
    bbox = None if finding.bbox is None else _box_back(finding.bbox, back, size, round_frames)
    region = finding.region
    if region is not None:
        corners = apply(back, np.array(region.corners, np.float64))
        region = replace(
            region,
            bbox=_box_back(region.bbox, back, size, round_frames),
            corners=tuple((float(x), float(y)) for x, y in corners),
        )
    return replace(finding, fit=fit, bbox=bbox, region=region)
