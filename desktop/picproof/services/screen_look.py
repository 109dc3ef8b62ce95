"""A screen photographed at an angle looked at again, straightened (core/matching/screen_plane.py):
the matching service's pass over a suspect whose first look found nothing covering the screen."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from picproof.core.matching.engine import Finding
from picproof.core.matching.screen_plane import coarser, find_screen, on_suspect, straighten

#: The service's look (services/matching.py): (grey levels, photo ids to leave out, rounds or
#: None, whether to look at small regions) -> findings by photo id, or None (no index yet).
Look = Callable[
    [np.ndarray, set[int], list[tuple[int, int, int, int]] | None, bool],
    dict[int, Finding] | None,
]
#: The service's rule for keeping a finding when it beats what is known of that photo.
Keep = Callable[[dict[int, Finding], Finding | None], None]


def _shown(found: dict[int, Finding]) -> list[tuple[int, int, int, int]]:
    """The boxes of the photos found as the same photo."""
    return [f.bbox for f in found.values() if f.level == "same-photo" and f.bbox]


def look_at_screen(
    gray: np.ndarray, found: dict[int, Finding], exclude: set[int], look: Look, keep: Keep
) -> None:
    """``found`` gains what the screen photographed at an angle in ``gray`` shows, if there is
    one and nothing found covers it: looked at straightened with every pass; and, when still
    nothing covers it, coarser (screen_plane.COARSE_PIXELS: a zoomed-in smooth picture meets
    the library's 400 px keypoints at a quarter of the pixels) by the whole-suspect pass alone
    (the small regions were looked at already), leaving out the photos found as the same photo
    (their finer findings stand)."""
    screen = find_screen(gray)
    if screen is None or screen.shown_by(_shown(found)):
        return
    rounds: list[tuple[int, int, int, int]] = []
    size = (gray.shape[1], gray.shape[0])
    for finding in (look(straighten(gray, screen), exclude, rounds, True) or {}).values():
        keep(found, on_suspect(finding, screen, size, rounds))
    if screen.shown_by(_shown(found)):
        return
    small = coarser(screen)
    skip = exclude | {k for k, f in found.items() if f.level == "same-photo"}
    for finding in (look(straighten(gray, small), skip, None, False) or {}).values():
        keep(found, on_suspect(finding, small, size))
