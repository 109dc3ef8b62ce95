"""ImageHash's perceptual hash (``imagehash.phash``) without SciPy.

``imagehash.phash`` imports ``scipy.fftpack`` for one 32 x 32 DCT; SciPy and its OpenBLAS are
~75 MB of the installer for that alone. The same DCT-II (unnormalised, as ``scipy.fftpack.dct``
computes it) is two products with a fixed 32 x 32 cosine matrix in NumPy. The hashes are the
same bits as ImageHash's (tests/unit/core/test_phash.py compares them on real and generated
photos), so stored hashes keep their meaning; ``imagehash`` still formats them.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
from PIL import Image

HASH_SIZE = 8
HIGHFREQ_FACTOR = 4


@cache
def _dct_matrix(n: int) -> np.ndarray:
    """``C`` with ``C @ x`` equal to ``scipy.fftpack.dct(x, type=2, axis=0)`` (norm None)."""
    k = np.arange(n)[:, None]
    i = np.arange(n)[None, :]
    return 2.0 * np.cos(np.pi * k * (2 * i + 1) / (2 * n))


def phash(image: Image.Image, hash_size: int = HASH_SIZE) -> Any:
    """The same :class:`imagehash.ImageHash` as ``imagehash.phash(image, hash_size)``."""
    import imagehash

    size = hash_size * HIGHFREQ_FACTOR
    small = image.convert("L").resize((size, size), Image.Resampling.LANCZOS)
    pixels = np.asarray(small, dtype=np.float64)
    c = _dct_matrix(size)
    # Along axis 0, then axis 1, as imagehash does. Rounded far below any real difference: a
    # coefficient that is exactly 0 (or exactly tied) in SciPy's FFT must not become +-1e-13 here
    # and cross the median (a flat picture would get a random hash).
    dct = np.round(c @ pixels @ c.T, 6)
    low = dct[:hash_size, :hash_size]
    return imagehash.ImageHash(low > np.median(low))
