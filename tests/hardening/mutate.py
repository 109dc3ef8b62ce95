"""Seed images of every allowed format and deterministic mutations of them (harness 1).

Seeds carry what real photos carry and decoders trip on: EXIF (with an orientation), an ICC profile,
several frames, palettes, 16-bit samples, CMYK, progressive coding. Mutations are what damaged or
hostile files do: bit flips, truncation at any offset, header fields (width, height, segment and
chunk lengths: EXIF, ICC) replaced by extreme values, and garbage inserted.
"""

from __future__ import annotations

import io
import random
import struct
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms
from tests.conftest import photo_array

#: Formats PicProof decodes (core/imaging.py ALLOWED_FORMATS) and the extension used for each.
FORMATS = {
    "JPEG": ".jpg",
    "PNG": ".png",
    "WEBP": ".webp",
    "GIF": ".gif",
    "BMP": ".bmp",
    "TIFF": ".tif",
    "HEIF": ".heic",
    "AVIF": ".avif",
}

MUTATIONS = ("bitflip", "truncate", "header", "lengths", "garbage")


def _exif(orientation: int = 6) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS R6"
    exif.get_ifd(0x8769)[0x9003] = "2024:05:06 07:08:09"
    return exif.tobytes()


def _icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _save(img: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)  # type: ignore[arg-type]
    return buf.getvalue()


def seeds() -> list[tuple[str, str, bytes]]:
    """``(name, format, bytes)`` for every seed: 2-4 variants per allowed format."""
    from picproof.core.imaging import heif_available

    heif_available()  # registers the HEIF opener (and saver)
    rgb = Image.fromarray(photo_array(96, 72, 5))
    frames = [Image.fromarray(photo_array(48, 36, s)) for s in range(3)]
    icc, exif = _icc(), _exif()
    out = [
        ("jpeg-exif-icc", "JPEG", _save(rgb, "JPEG", quality=90, exif=exif, icc_profile=icc)),
        ("jpeg-progressive", "JPEG", _save(rgb, "JPEG", quality=80, progressive=True)),
        ("jpeg-cmyk", "JPEG", _save(rgb.convert("CMYK"), "JPEG", quality=85)),
        ("png-icc-exif", "PNG", _save(rgb, "PNG", icc_profile=icc, exif=exif)),
        ("png-palette", "PNG", _save(rgb.convert("P"), "PNG")),
        (
            "png-16bit",
            "PNG",
            _save(Image.fromarray(np.asarray(rgb.convert("L")).astype(np.uint16) * 257), "PNG"),
        ),
        ("webp-lossy-exif", "WEBP", _save(rgb, "WEBP", quality=80, exif=exif, icc_profile=icc)),
        ("webp-lossless", "WEBP", _save(rgb, "WEBP", lossless=True)),
        (
            "webp-animated",
            "WEBP",
            _save(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=50),
        ),
        ("gif-animated", "GIF", _save(frames[0], "GIF", save_all=True, append_images=frames[1:])),
        ("gif-still", "GIF", _save(rgb.convert("P"), "GIF")),
        ("bmp-rgb", "BMP", _save(rgb, "BMP")),
        ("bmp-palette", "BMP", _save(rgb.convert("P"), "BMP")),
        ("tiff-lzw", "TIFF", _save(rgb, "TIFF", compression="tiff_lzw")),
        ("tiff-exif-icc", "TIFF", _save(rgb, "TIFF", exif=exif, icc_profile=icc)),
        ("tiff-pages", "TIFF", _save(frames[0], "TIFF", save_all=True, append_images=frames)),
        (
            "tiff-deflate-cmyk",
            "TIFF",
            _save(rgb.convert("CMYK"), "TIFF", compression="tiff_adobe_deflate"),
        ),
        ("heic", "HEIF", _save(rgb, "HEIF", quality=60, exif=exif)),
        ("avif", "AVIF", _save(rgb, "AVIF", quality=60, exif=exif)),
    ]
    assert {fmt for _, fmt, _ in out} == set(FORMATS)
    return out


def _lengths(data: bytearray, rng: random.Random) -> bool:
    """Overwrite one length field: a JPEG segment (APP1 EXIF, APP2 ICC, SOF…) or a PNG chunk."""
    spots: list[tuple[int, int]] = []  # (offset, width in bytes)
    if data[:2] == b"\xff\xd8":
        pos = 2
        while pos + 4 <= len(data) and data[pos] == 0xFF and data[pos + 1] not in (0xD9, 0xDA):
            spots.append((pos + 2, 2))
            pos += 2 + struct.unpack(">H", bytes(data[pos + 2 : pos + 4]))[0]
    elif data[:8] == b"\x89PNG\r\n\x1a\n":
        pos = 8
        while pos + 8 <= len(data):
            spots.append((pos, 4))
            pos += 12 + struct.unpack(">I", bytes(data[pos : pos + 4]))[0]
    elif data[:4] == b"RIFF":
        pos = 12
        while pos + 8 <= len(data):
            spots.append((pos + 4, 4))
            pos += 8 + struct.unpack("<I", bytes(data[pos + 4 : pos + 8]))[0] + 1 & ~1
    if not spots:
        return False
    offset, width = rng.choice(spots)
    value = rng.choice([0, 1, 2, 0x7F, 0xFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, rng.getrandbits(32)])
    data[offset : offset + width] = (value & ((1 << (8 * width)) - 1)).to_bytes(width, "big")
    return True


def mutate(data: bytes, kind: str, rng: random.Random) -> bytes:
    buf = bytearray(data)
    if kind == "bitflip":
        for _ in range(rng.choice([1, 1, 2, 4, 8, 32])):
            pos = rng.randrange(len(buf))
            buf[pos] ^= 1 << rng.randrange(8)
    elif kind == "truncate":
        buf = buf[: rng.randrange(len(buf))]
    elif kind == "header":  # width / height / tag values near the start set to extremes
        for _ in range(rng.choice([1, 2, 3])):
            pos = rng.randrange(min(len(buf), 64 if rng.random() < 0.7 else 600))
            width = rng.choice([1, 2, 4])
            value = rng.choice([0, 1, 0xFF, 0xFFFF, 0x7FFF, 0x7FFFFFFF, 0xFFFFFFFF])
            buf[pos : pos + width] = (value & ((1 << (8 * width)) - 1)).to_bytes(width, "big")
    elif kind == "lengths":
        if not _lengths(buf, rng):
            return mutate(data, "header", rng)
    elif kind == "garbage":
        pos = rng.randrange(len(buf))
        junk = rng.randbytes(rng.choice([1, 4, 64, 1024]))
        buf[pos:pos] = junk
    else:
        raise ValueError(kind)
    return bytes(buf)


def mutated_files(folder: Path, count: int, seed: int = 19) -> Iterator[Path]:
    """Write ``count`` mutated files (every seed and mutation kind in turn) under ``folder``."""
    rng = random.Random(seed)
    base = seeds()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        name, fmt, data = base[n % len(base)]
        kind = MUTATIONS[(n // len(base)) % len(MUTATIONS)]
        path = folder / f"{n:06d}-{name}-{kind}{FORMATS[fmt]}"
        path.write_bytes(mutate(data, kind, rng))
        yield path
