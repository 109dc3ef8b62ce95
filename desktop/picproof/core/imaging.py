"""Safe decoding of untrusted images: the one entry point every part of PicProof uses.

Why this exists: photos and screenshots come from anywhere. A wrong extension, a truncated download,
a decompression bomb or a 16-bit CMYK TIFF must each become a typed :class:`ImageError` with a
reason code, never a crash, a hang or an image silently filled with grey.
"""

from __future__ import annotations

import io
import os
import threading
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from picproof.core.errors import ImageError

#: Largest decoded image we accept (pixels).
#: Phone screenshots are ~3-5 MP, camera photos up to ~100 MP (a Fujifilm GFX100: 101.8 MP).
MAX_IMAGE_PIXELS = 120_000_000

#: A decompression bomb is a small file that decodes to a huge picture. Above this many decoded
#: bytes, a file may expand at most MAX_EXPANSION times its own size. Camera photos expand ~10x
#: (JPEG) or ~2-4x (PNG, TIFF, WebP); busy screenshots ~10-50x. A flat plane reaches ~1000x in
#: PNG's deflate, GIF's LZW and lossless WebP, and a JPEG whose frame header lies about its size
#: decodes as grey: before this check, a 290 KB PNG made an 88 MP decode peak at 740 MB and 2.6 s.
#: Below the floor the worst expansion costs < ~200 MB, so small flat images stay accepted.
EXPANSION_FLOOR_BYTES = 64 * 1024 * 1024
MAX_EXPANSION = 100

#: How much smaller than ``max_side`` a reduced JPEG decode may come out (see load_image).
DRAFT_SLACK = 0.8

#: Pillow format names we decode. Anything else is refused even if Pillow could open it.
ALLOWED_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "HEIF", "AVIF")

#: File extensions a folder scan picks up (lower case, with dot).
IMAGE_EXTENSIONS: frozenset[str] = frozenset(
    {
        ".jpg",
        ".jpeg",
        ".jpe",
        ".jfif",
        ".png",
        ".webp",
        ".gif",
        ".bmp",
        ".dib",
        ".tif",
        ".tiff",
        ".heic",
        ".heif",
        ".hif",
        ".avif",
    }
)

_EXIF_DATETIME_ORIGINAL = 0x9003
_EXIF_DATETIME = 0x0132
_EXIF_MAKE = 0x010F
_EXIF_MODEL = 0x0110
_EXIF_IFD = 0x8769

_heif_registered = False
_register_lock = threading.Lock()


def _register_plugins() -> None:
    global _heif_registered
    if _heif_registered:
        return
    with _register_lock:  # two threads decoding their first image must not both half-register
        if _heif_registered:
            return
        Image.init()
        try:
            import pillow_heif

            pillow_heif.register_heif_opener()
        except ImportError:  # optional: self-test reports HEIF as unavailable
            pass
        _heif_registered = True


def heif_available() -> bool:
    _register_plugins()
    return "HEIF" in Image.OPEN


@dataclass(frozen=True)
class ImageInfo:
    """What we learned about an image besides its pixels."""

    format: str
    width: int
    height: int
    """Full pixel size after EXIF orientation (not the reduced decode size)."""
    captured_at: str | None = None
    """EXIF DateTimeOriginal as ISO text (camera local time, no offset), when present."""
    camera: str | None = None
    """EXIF make and model, when present."""
    frames: int = 1


@dataclass(frozen=True)
class LoadedImage:
    """A decoded RGB image plus its facts.

    ``image.size`` may be smaller than ``info`` says (reduced decode).
    """

    image: Image.Image
    info: ImageInfo


def _exif_facts(img: Image.Image) -> tuple[str | None, str | None]:
    try:
        exif = img.getexif()
    except Exception:  # malformed EXIF must not sink an otherwise good photo
        return None, None
    if not exif:
        return None, None
    raw_time = None
    try:
        raw_time = exif.get_ifd(_EXIF_IFD).get(_EXIF_DATETIME_ORIGINAL)
    except Exception:
        raw_time = None
    raw_time = raw_time or exif.get(_EXIF_DATETIME)
    captured = None
    if isinstance(raw_time, bytes):
        raw_time = raw_time.decode("ascii", "replace")
    if isinstance(raw_time, str):
        try:
            captured = datetime.strptime(
                raw_time.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S"
            ).isoformat()
        except ValueError:
            captured = None
    parts = []
    for tag in (_EXIF_MAKE, _EXIF_MODEL):
        value = exif.get(tag)
        if isinstance(value, bytes):
            value = value.decode("ascii", "replace")
        if isinstance(value, str) and value.strip("\x00 "):
            parts.append(value.strip("\x00 "))
    camera = " ".join(parts) if parts else None
    if camera and len(parts) == 2 and parts[1].lower().startswith(parts[0].lower()):
        camera = parts[1]  # many makers repeat the make inside the model ("Canon Canon EOS R6")
    return captured, camera


def _to_rgb(img: Image.Image) -> Image.Image:
    """Normalise palette, alpha, CMYK, 16-bit and float modes to 8-bit RGB on white."""
    mode = img.mode
    if mode == "RGB":
        return img
    if mode == "P":
        if "transparency" not in img.info:  # straight to RGB: no 4-byte and composite copies
            return img.convert("RGB")
        img = img.convert("RGBA")
        mode = "RGBA"
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        import numpy as np

        arr = np.asarray(img, dtype=np.float64)
        peak = 65535.0 if arr.max(initial=0) > 255 else 255.0
        arr = np.clip(arr * (255.0 / peak), 0, 255).astype("uint8")
        return Image.fromarray(arr, "L").convert("RGB")
    if mode == "F":
        import numpy as np

        arr = np.asarray(img, dtype=np.float64)
        lo, hi = float(arr.min(initial=0.0)), float(arr.max(initial=1.0))
        scale = 255.0 / (hi - lo) if hi > lo else 1.0
        return Image.fromarray(((arr - lo) * scale).astype("uint8"), "L").convert("RGB")
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return img.convert("RGB")


def _open(source: Path | bytes | BinaryIO) -> tuple[Image.Image, BinaryIO | None]:
    _register_plugins()
    fp: BinaryIO
    owned: BinaryIO | None = None
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            if not path.is_file():
                raise ImageError("not-a-file", path=str(path))
            if path.stat().st_size == 0:
                raise ImageError("empty", path=str(path))
            fp = owned = open(path, "rb")  # noqa: SIM115 - closed by the caller after load()
        except ImageError:
            raise
        except OSError as exc:
            raise ImageError("unreadable", path=str(path), reason=exc.strerror or str(exc)) from exc
    elif isinstance(source, bytes):
        if not source:
            raise ImageError("empty")
        fp = owned = io.BytesIO(source)
    else:
        fp = source
    try:
        with warnings.catch_warnings():
            # Pillow warns above 89.5 MP: ours is MAX_IMAGE_PIXELS (checked in load_image), so a
            # 100 MP camera photo is read. Its hard error at 179 MP still applies.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(fp, formats=[f for f in ALLOWED_FORMATS if f in Image.OPEN])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        if owned:
            owned.close()
        raise ImageError("too-large", detail=str(exc)) from exc
    except UnidentifiedImageError as exc:
        if owned:
            owned.close()
        raise ImageError("not-an-image") from exc
    except Exception as exc:  # Pillow plugins raise many types on hostile headers
        if owned:
            owned.close()
        raise ImageError("corrupt", detail=f"{type(exc).__name__}: {exc}") from exc
    return img, owned


def load_image(
    source: Path | str | bytes | BinaryIO, *, max_side: int | None = None, draft_slack: float = 1.0
) -> LoadedImage:
    """Decode an untrusted image to 8-bit RGB with EXIF orientation applied.

    Args:
        source: a path, the file's bytes, or an open binary file.
        max_side: when given, the result's longer side is at most this many pixels. JPEGs are then
            decoded at reduced scale by libjpeg (``Image.draft``), which makes indexing fast.
        draft_slack: below 1.0, a reduced JPEG decode may come out that much smaller than
            ``max_side`` (see DRAFT_SLACK); fingerprints accept it, thumbnails do not.

    Raises:
        ImageError: with code ``empty``, ``not-an-image``, ``too-large``, ``truncated``,
            ``corrupt``,
            ``unreadable`` or ``not-a-file``.
    """
    source = Path(source) if isinstance(source, str) else source
    img, owned = _open(source)
    try:
        fmt = img.format or "unknown"
        if img.width * img.height > MAX_IMAGE_PIXELS:
            raise ImageError("too-large", width=img.width, height=img.height)
        _refuse_bomb(img, _source_size(source))
        frames = int(getattr(img, "n_frames", 1) or 1)
        captured, camera = _exif_facts(img)
        orientation = 1
        try:
            orientation = int(img.getexif().get(0x0112, 1) or 1)
        except Exception:
            orientation = 1
        full_w, full_h = img.size
        if orientation in (5, 6, 7, 8):
            full_w, full_h = full_h, full_w
        if max_side and fmt in ("JPEG", "MPO") and max(img.size) > max_side:
            # libjpeg decodes at 1/2, 1/4 or 1/8 scale no smaller than asked; with some slack a
            # 4000 px photo uses 1/8 (500 px) instead of 1/4 (1000 px) for a 512 px fingerprint.
            scale = draft_slack * max_side / max(img.size)
            img.draft("RGB", (max(1, int(img.width * scale)), max(1, int(img.height * scale))))
        if frames > 1:
            img.seek(0)
        ImageFile.LOAD_TRUNCATED_IMAGES = False  # never grey-fill evidence: truncated is an error
        try:
            img.load()
        except OSError as exc:
            text = str(exc)
            code = "truncated" if "truncated" in text or "broken data stream" in text else "corrupt"
            raise ImageError(code, detail=text) from exc
        except (SyntaxError, ValueError, EOFError, MemoryError) as exc:
            raise ImageError("corrupt", detail=f"{type(exc).__name__}: {exc}") from exc
        try:
            img = ImageOps.exif_transpose(img) or img
        except Exception:  # a broken orientation tag is not worth refusing the photo
            pass
        rgb = _to_rgb(img)
        if max_side and max(rgb.size) > max_side:
            rgb.thumbnail((max_side, max_side), Image.Resampling.BILINEAR, reducing_gap=2.0)
        info = ImageInfo(
            format=fmt,
            width=full_w,
            height=full_h,
            captured_at=captured,
            camera=camera,
            frames=frames,
        )
        return LoadedImage(image=rgb, info=info)
    except ImageError:
        raise
    except Exception as exc:  # last line of defence: any decoder failure becomes a typed error
        raise ImageError("corrupt", detail=f"{type(exc).__name__}: {exc}") from exc
    finally:
        if owned is not None:
            owned.close()


def _source_size(source: Path | bytes | BinaryIO) -> int | None:
    """Bytes of encoded data behind ``img``, when they can be known without reading them."""
    if isinstance(source, bytes):
        return len(source)
    if isinstance(source, Path):
        try:
            return source.stat().st_size
        except OSError:
            return None
    try:
        here = source.tell()
        end = source.seek(0, io.SEEK_END)
        source.seek(here)
        return int(end)
    except (OSError, ValueError, AttributeError):
        return None


def _refuse_bomb(img: Image.Image, file_size: int | None) -> None:
    """Refuse, before decoding, a picture that would expand far beyond what its file can hold."""
    decoded = img.width * img.height * max(3, len(img.getbands()))  # what we decode it to: RGB
    if decoded > EXPANSION_FLOOR_BYTES and file_size and decoded > MAX_EXPANSION * file_size:
        raise ImageError(
            "too-large",
            width=img.width,
            height=img.height,
            detail=f"{img.width}x{img.height} pixels from a {file_size}-byte file "
            f"(expands {decoded // file_size}x; a decompression bomb?)",
        )


def is_image_name(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in IMAGE_EXTENSIONS
