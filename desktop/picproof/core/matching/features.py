"""Per-photo matching features, computed once at library scan time.

Each library photo is decoded at ``INDEX_MAX_SIDE`` (cheap JPEG draft decode) and described by:

* up to ``MAX_PHOTO_FEATURES`` SIFT keypoints (position, scale, angle) with their 128-byte
  descriptors. SIFT survives the scaling, re-compression, colour filters and small rotations of
  re-posted photos, and a mirrored copy is matched by permuting descriptor bins (see
  :func:`mirror_descriptors`) so only one orientation is ever stored;
* a small greyscale thumbnail, used after geometric verification to find the exact visible region
  of the photo in the suspect (where the warped photo agrees with the suspect's pixels).

The bytes are an opaque, versioned blob stored by the scan in the fingerprint cache.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from PIL import Image

#: Longest side (pixels) the scan decodes library photos at before calling extract_photo_features.
#: SIFT on it is the largest cost of a scan, and grows with its area: per 12 MP camera photo and
#: core, the matching features took ~75 ms at 512 px, ~66 ms at 448 and ~50 ms at 400, against a
#: budget of 50 ms (tests/bench/index_speed.py). Dev recall was 161 / 163 / 161 of 167 pairs at
#: the three sizes, the differences being thumbnails of 76-110 px found at one size and not the
#: other: noise at the margin, not a trend.
INDEX_MAX_SIDE = 400

#: Bump whenever the blob layout or the extraction parameters change: the scan recomputes.
#: 2: keypoints spread over the photo (grid quota) and low-contrast photos re-detected.
#: 3: photo analysed at 400 px instead of 512.
#: 4: a photo still sparse at the lowest contrast is re-detected with a laxer edge test.
FEATURES_VERSION = 4

#: Keypoints kept per library photo (strongest first). 400 keeps crops to a quarter of the photo
#: with ~100 features while bounding the cache at ~60 KB per photo.
MAX_PHOTO_FEATURES = 400

#: Longest side of the stored greyscale thumbnail used for box refinement.
THUMB_MAX_SIDE = 256

#: SIFT contrast thresholds tried in turn at scan time until a photo yields LOW_TEXTURE_FEATURES
#: keypoints: the default 0.03 leaves a soft, low-contrast photo (fog, sky, skin, a plain wall)
#: with a dozen keypoints, too few for any verification however the photo is re-posted.
PHOTO_CONTRAST_STEPS = (0.03, 0.01, 0.004)
LOW_TEXTURE_FEATURES = 150
#: Versions whose blobs share today's layout (only the extraction differed), with the keypoint
#: count from which their photos come out the same today: a v3 photo with LOW_TEXTURE_FEATURES
#: or more keypoints never reached v4's extra pass, so a scan keeps it (no re-extraction, no
#: new words) and re-extracts only the sparse ones (``upgradable``).
SAME_LAYOUT_FROM = {3: LOW_TEXTURE_FEATURES}
#: SIFT's edge test (ratio of principal curvatures; OpenCV's default 10) for a photo that the
#: lowest contrast still leaves with fewer than LOW_TEXTURE_FEATURES keypoints. Smooth
#: graphics and soft wallpapers (colour ribbons, gradients, a few soft edges) have their
#: structure along edges and curves, which the default test discards: at 30 the held-back
#: kinds photos of that sort went from 26-128 to 209-318 keypoints at 400 px.
SOFT_PHOTO_EDGE = 30.0
#: Spatial quota: this share of MAX_PHOTO_FEATURES is dealt round-robin over a SPREAD_GRID x
#: SPREAD_GRID grid (strongest first in each cell), the rest goes to the strongest left. Without
#: it the strongest keypoints bunch on the most textured part, and a re-post cropped to a plainer
#: part (a zoom-in on a face or a sky) keeps a handful of them.
SPREAD_SHARE = 0.5
SPREAD_GRID = 4

_MAGIC = b"PPF1"
_HEADER = struct.Struct(
    "<4sHHHHHI"
)  # magic, version, width, height, n, thumb w|h packed?, thumb len


@dataclass(frozen=True)
class PhotoFeatures:
    """Decoded form of the blob. Coordinates are in pixels of the analysed image (``size``)."""

    size: tuple[int, int]
    """(width, height) of the image the features were computed on."""
    keypoints: np.ndarray
    """float32 (n, 4): x, y, size, angle in degrees."""
    descriptors: np.ndarray
    """uint8 (n, 128) SIFT descriptors."""
    thumbnail_jpeg: bytes = b""
    """The stored thumbnail, decoded on first use: most candidates of a query are rejected by
    verification before their thumbnail is needed."""

    @cached_property
    def thumbnail(self) -> np.ndarray:
        """uint8 greyscale thumbnail (h, w), same aspect as ``size`` (1 x 1 when missing)."""
        import cv2

        thumb = None
        if self.thumbnail_jpeg:
            thumb = cv2.imdecode(np.frombuffer(self.thumbnail_jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
        return thumb if thumb is not None else np.zeros((1, 1), np.uint8)


def _sift(max_features: int, contrast: float = 0.03, edge: float = 10.0):  # type: ignore[no-untyped-def]
    import cv2

    return cv2.SIFT_create(  # type: ignore[attr-defined]
        nfeatures=max_features, contrastThreshold=contrast, edgeThreshold=edge
    )


def to_gray(image: Image.Image | np.ndarray) -> np.ndarray:
    import cv2

    arr = np.asarray(image)
    if arr.ndim == 3:
        return cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)
    return np.ascontiguousarray(arr, dtype=np.uint8)


def sift_features(
    gray: np.ndarray, max_features: int, contrast: float = 0.03
) -> tuple[np.ndarray, np.ndarray]:
    """SIFT keypoints (n, 4 float32) and descriptors (n, 128 uint8) of a greyscale image."""
    pts, desc, _ = sift_with_response(gray, max_features, contrast)
    return pts, desc


def sift_with_response(
    gray: np.ndarray, max_features: int, contrast: float, edge: float = 10.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``sift_features`` plus each keypoint's response: its DoG contrast, so that a keypoint
    found at a low threshold passes a higher ``contrast`` when response >= contrast / 3
    (OpenCV compares contrast x octave layers with the threshold). ``edge``: SIFT's edge test."""
    kps, desc = _sift(max_features, contrast, edge).detectAndCompute(gray, None)
    if desc is None or not kps:
        return np.zeros((0, 4), np.float32), np.zeros((0, 128), np.uint8), np.zeros(0, np.float32)
    import cv2

    n = len(kps)
    pts = np.empty((n, 4), np.float32)
    pts[:, :2] = cv2.KeyPoint_convert(kps)  # type: ignore[attr-defined]  # one C loop
    pts[:, 2] = np.fromiter((k.size for k in kps), np.float32, n)
    pts[:, 3] = np.fromiter((k.angle for k in kps), np.float32, n)
    resp = np.fromiter((k.response for k in kps), np.float32, n)
    return pts, np.clip(np.rint(desc), 0, 255).astype(np.uint8), resp


def spread_select(
    pts: np.ndarray, response: np.ndarray, size: tuple[int, int], limit: int
) -> np.ndarray:
    """Indices of at most ``limit`` keypoints: a spatial quota first, then the strongest left."""
    n = int(pts.shape[0])
    if n <= limit:
        return np.argsort(-response, kind="stable")
    w, h = size
    cx = np.clip((pts[:, 0] * SPREAD_GRID / max(1, w)).astype(np.int64), 0, SPREAD_GRID - 1)
    cy = np.clip((pts[:, 1] * SPREAD_GRID / max(1, h)).astype(np.int64), 0, SPREAD_GRID - 1)
    cell = cy * SPREAD_GRID + cx
    order = np.lexsort((-response, cell))  # by cell, strongest first inside a cell
    sorted_cell = cell[order]
    first = np.searchsorted(sorted_cell, sorted_cell, side="left")
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n) - first  # rank of each keypoint inside its cell
    quota = int(limit * SPREAD_SHARE)
    round_robin = np.lexsort((-response, rank))[:quota]
    rest = np.setdiff1d(np.arange(n), round_robin)
    rest = rest[np.argsort(-response[rest], kind="stable")][: limit - quota]
    chosen = np.concatenate([round_robin, rest])
    return chosen[np.argsort(-response[chosen], kind="stable")]


def photo_sift(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The library photo's keypoints: lower contrast threshold for soft photos, spread out."""
    for contrast in PHOTO_CONTRAST_STEPS:
        pts, desc, resp = sift_with_response(gray, 0, contrast)
        if pts.shape[0] >= LOW_TEXTURE_FEATURES:
            break
    else:
        pts, desc, resp = sift_with_response(gray, 0, PHOTO_CONTRAST_STEPS[-1], SOFT_PHOTO_EDGE)
    keep = spread_select(pts, resp, (gray.shape[1], gray.shape[0]), MAX_PHOTO_FEATURES)
    return pts[keep], desc[keep]


def extract_photo_features(image: Image.Image) -> bytes:
    """Compute the matching features of one library photo (already decoded at INDEX_MAX_SIDE)."""
    import cv2

    cv2.setNumThreads(1)  # runs inside scan worker processes: one core each
    if max(image.size) > INDEX_MAX_SIDE:
        image = image.copy()
        image.thumbnail((INDEX_MAX_SIDE, INDEX_MAX_SIDE), Image.Resampling.BILINEAR)
    gray = to_gray(image)
    pts, desc = photo_sift(gray)
    h, w = gray.shape
    scale = min(1.0, THUMB_MAX_SIDE / max(w, h))
    thumb = (
        cv2.resize(
            gray, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
        )
        if scale < 1.0
        else gray
    )
    ok, jpg = cv2.imencode(".jpg", thumb, [cv2.IMWRITE_JPEG_QUALITY, 92])
    return encode_features((w, h), pts, desc, jpg.tobytes() if ok else b"")


def encode_features(
    size: tuple[int, int], keypoints: np.ndarray, descriptors: np.ndarray, thumbnail_jpeg: bytes
) -> bytes:
    """The blob layout: header, keypoints (n, 4 float32), descriptors (n, 128 uint8), thumbnail."""
    n = int(keypoints.shape[0])
    header = _HEADER.pack(_MAGIC, FEATURES_VERSION, size[0], size[1], n, 0, len(thumbnail_jpeg))
    return (
        header
        + np.ascontiguousarray(keypoints, "<f4").tobytes()
        + np.ascontiguousarray(descriptors, np.uint8).tobytes()
        + thumbnail_jpeg
    )


def _readable(magic: bytes, version: int) -> bool:
    return magic == _MAGIC and (version == FEATURES_VERSION or version in SAME_LAYOUT_FROM)


#: Bytes of a blob that ``upgradable`` reads.
HEADER_SIZE = _HEADER.size


def upgradable(header: bytes) -> bool:
    """Whether a blob of an older version (its first HEADER_SIZE bytes) holds exactly what
    today's extraction would: then its row only needs today's version number."""
    if len(header) < HEADER_SIZE:
        return False
    magic, version, _, _, n, _, _ = _HEADER.unpack_from(header, 0)
    least = SAME_LAYOUT_FROM.get(version)
    return magic == _MAGIC and least is not None and n >= least


def decode_features(blob: bytes, *, thumbnail: bool = True) -> PhotoFeatures:
    """Parse a blob written by :func:`extract_photo_features` (raises ValueError when malformed)."""

    magic, version, w, h, n, _, tlen = _HEADER.unpack_from(blob, 0)
    if not _readable(magic, version):
        raise ValueError("features-version")
    off = _HEADER.size
    pts = np.frombuffer(blob, dtype="<f4", count=n * 4, offset=off).reshape(n, 4)
    off += n * 16
    desc = np.frombuffer(blob, dtype=np.uint8, count=n * 128, offset=off).reshape(n, 128)
    off += n * 128
    jpeg = bytes(blob[off : off + tlen]) if thumbnail else b""
    return PhotoFeatures((w, h), pts.astype(np.float32), desc, jpeg)


def descriptors_of(blob: bytes) -> np.ndarray:
    """Only the descriptors of a blob (no thumbnail decode), for index building."""
    magic, version, _, _, n, _, _ = _HEADER.unpack_from(blob, 0)
    if not _readable(magic, version):
        raise ValueError("features-version")
    off = _HEADER.size + n * 16
    return np.frombuffer(blob, dtype=np.uint8, count=n * 128, offset=off).reshape(n, 128)


def _mirror_permutation() -> np.ndarray:
    # OpenCV lays a SIFT descriptor out as [row 4][col 4][orientation 8] in the keypoint's frame.
    # Mirroring the image flips the frame's rows and reflects gradient angles (bin o -> -o).
    idx = np.arange(128).reshape(4, 4, 8)[::-1]
    return idx[:, :, (8 - np.arange(8)) % 8].reshape(-1)


MIRROR_PERMUTATION = _mirror_permutation()


def mirror_descriptors(desc: np.ndarray) -> np.ndarray:
    """Descriptors the same keypoints would have in the horizontally mirrored image."""
    return np.ascontiguousarray(desc[:, MIRROR_PERMUTATION])


def angle_codes(angles_deg: np.ndarray) -> np.ndarray:
    """Keypoint orientations as uint8 codes (256 steps per turn) for the inverted file."""
    return (
        np.rint(np.asarray(angles_deg, np.float64) * (256.0 / 360.0)).astype(np.int64) % 256
    ).astype(np.uint8)


#: Keypoint sizes are stored in the inverted file as uint8 codes of SCALE_CODE_STEPS per octave.
SCALE_CODE_STEPS = 16


def scale_codes(sizes: np.ndarray) -> np.ndarray:
    """Keypoint sizes (pixels) as uint8 codes, SCALE_CODE_STEPS per doubling (for the index)."""
    logs = np.log2(np.maximum(np.asarray(sizes, np.float64), 1.0))
    codes: np.ndarray = np.clip(np.rint(logs * SCALE_CODE_STEPS), 0, 255).astype(np.uint8)
    return codes


def root_sift(desc: np.ndarray) -> np.ndarray:
    """RootSIFT (Arandjelovic & Zisserman 2012): L1-normalise then square-root; float32."""
    d = desc.astype(np.float32)
    d /= d.sum(axis=1, keepdims=True) + 1e-7
    return np.sqrt(d, out=d)  # in place: the vocabulary is trained on up to 1M of these
