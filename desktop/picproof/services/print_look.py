"""Tilted prints of a collage looked at by their pixels (core/matching/tilted_prints.py): the
matching service's last pass over a suspect, for prints no finding covers yet."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from PIL import Image

from picproof.core.matching.engine import Finding, examine_print
from picproof.core.matching.features import PhotoFeatures
from picproof.core.matching.query import QueryFeatures
from picproof.core.matching.round_regions import region_features
from picproof.core.matching.small_look import Thumbnail
from picproof.core.matching.tilted_prints import Picture, described, find_prints, place_print

#: Candidates per print from its own lookup (its picture described densely, as a small region
#: is): the best placed by its votes, and a few more of the best on its whole score (a flat
#: picture's few keypoints vote for its photo but agree on no one placement: small_look.py).
PRINT_CANDIDATES = 12
PRINT_WHOLE = 6

#: (the print's dense features or None, photo ids to add, photo ids to leave out) -> the
#: features of those photos and of the print's lookup (services/matching.py).
Lookup = Callable[[QueryFeatures | None, set[int], set[int]], dict[int, PhotoFeatures]]


#: The service's own rules (services/matching.py): the photos settled in a findings dict,
#: whether a box lies inside a same-photo finding, and keeping a finding if it beats the known.
Rules = tuple[
    Callable[[dict[int, Finding]], set[int]],
    Callable[[tuple[int, int, int, int], Iterable[Finding]], bool],
    Callable[[dict[int, Finding], Finding | None], None],
]


def look_at_prints(
    img: Image.Image,
    gray: np.ndarray,
    found: dict[int, Finding],
    exclude: set[int],
    shortlisted: set[int],
    lookup: Lookup,
    rules: Rules,
) -> None:
    """Every print of ``img`` that no same-photo finding covers: placed by pixels among its
    own lookup's candidates and the whole suspect's ``shortlisted`` photos, except those
    ``exclude``d or settled; a settled placement (engine.examine_print) joins ``found``."""
    settled, inside, keep = rules
    prints = [
        p for p in find_prints(np.asarray(img.convert("RGB"))) if not inside(p.box, found.values())
    ]
    photos: dict[int, tuple[PhotoFeatures, Thumbnail]] = {}
    for pr in prints:
        pic = Picture(gray, pr)
        if not pic.usable or inside(pr.box, found.values()):
            continue
        region = region_features(*described(gray, pr))
        fetched = lookup(region, shortlisted, exclude | settled(found) | set(photos))
        photos.update((k, (f, Thumbnail(f.thumbnail, f.size))) for k, f in fetched.items())
        left_out = exclude | settled(found)
        candidates = [(k, t) for k, (_, t) in photos.items() if k not in left_out]
        for key, placed in place_print(pic, candidates)[:1]:
            keep(found, examine_print(gray, key, photos[key][0], placed, pr))
