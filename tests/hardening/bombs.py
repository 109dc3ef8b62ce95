"""Decompression bombs and forged sizes for harness 2, built from real encoder output.

Two kinds: a small file whose header declares an enormous picture (every format PicProof reads),
and a small file that really decompresses to far more pixels than its size can carry (PNG's and
TIFF's deflate, GIF's LZW and WebP's lossless coding of a flat plane reach ~1000:1).
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image
from tests.conftest import photo_array


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declared(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def png_deflate_bomb(width: int, height: int) -> bytes:
    """A real, valid PNG of ``width`` x ``height`` black RGB pixels: ~1000x smaller than decoded."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\x00" * (1 + 3 * width)
    comp = zlib.compressobj(9)
    parts = [comp.compress(row) for _ in range(height)]
    idat = b"".join(parts) + comp.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def _save(img: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)  # type: ignore[arg-type]
    return buf.getvalue()


def gif_declared(width: int, height: int) -> bytes:
    data = bytearray(_save(Image.new("P", (8, 8)), "GIF"))
    data[6:10] = struct.pack("<HH", width, height)  # logical screen
    pos = data.index(b"\x2c", 10)  # the image descriptor
    data[pos + 5 : pos + 9] = struct.pack("<HH", width, height)
    return bytes(data)


def gif_lzw_bomb(width: int, height: int) -> bytes:
    return _save(Image.new("P", (width, height)), "GIF")


def tiff_declared(width: int, height: int) -> bytes:
    data = bytearray(_save(Image.new("RGB", (8, 8)), "TIFF"))
    little = data[:2] == b"II"
    fmt = "<" if little else ">"
    ifd = struct.unpack(fmt + "I", data[4:8])[0]
    count = struct.unpack(fmt + "H", data[ifd : ifd + 2])[0]
    for n in range(count):
        entry = ifd + 2 + 12 * n
        tag, typ = struct.unpack(fmt + "HH", data[entry : entry + 4])
        value = {256: width, 257: height}.get(tag)
        if value is not None:
            if typ == 3:
                data[entry + 8 : entry + 10] = struct.pack(fmt + "H", min(value, 0xFFFF))
            else:
                data[entry + 8 : entry + 12] = struct.pack(fmt + "I", value)
    return bytes(data)


def tiff_deflate_bomb(width: int, height: int) -> bytes:
    return _save(Image.new("RGB", (width, height)), "TIFF", compression="tiff_adobe_deflate")


def webp_declared(width: int, height: int) -> bytes:
    """An extended (VP8X) WebP whose canvas is ``width`` x ``height`` (max 16384 each)."""
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    data = bytearray(_save(Image.new("RGB", (16, 16)), "WEBP", lossless=True, exif=exif.tobytes()))
    pos = data.index(b"VP8X")
    data[pos + 12 : pos + 15] = (width - 1).to_bytes(3, "little")
    data[pos + 15 : pos + 18] = (height - 1).to_bytes(3, "little")
    return bytes(data)


def webp_lossless_bomb(width: int, height: int) -> bytes:
    return _save(Image.new("RGB", (width, height)), "WEBP", lossless=True, quality=100)


def heif_declared(width: int, height: int, fmt: str = "HEIF") -> bytes:
    """A HEIC (or AVIF) whose image spatial extents box declares ``width`` x ``height``."""
    from picproof.core.imaging import heif_available

    heif_available()
    data = bytearray(_save(Image.fromarray(photo_array(64, 64, 2)), fmt, quality=50))
    pos = data.index(b"ispe")
    data[pos + 8 : pos + 16] = struct.pack(">II", width, height)
    return bytes(data)


def jpeg_forged(width: int, height: int) -> bytes:
    """A real small JPEG whose frame header (SOF) claims ``width`` x ``height``."""
    data = bytearray(_save(Image.fromarray(photo_array(64, 48, 3)), "JPEG", quality=80))
    pos = data.index(b"\xff\xc0")
    data[pos + 5 : pos + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def legit_large_jpeg(width: int, height: int) -> bytes:
    """A real photo upscaled to ``width`` x ``height``: big, but no bomb (must be accepted)."""
    photo = Image.fromarray(photo_array(800, 600, 8)).resize(
        (width, height), Image.Resampling.BICUBIC
    )
    return _save(photo, "JPEG", quality=95)


def bombs(full: bool = False) -> list[tuple[str, bytes]]:
    """Every bomb of harness 2, by name. ``full`` adds the slow-to-build large ones."""
    side = 9_400 if full else 6_000  # real decodes of 265 MB or 108 MB from a few hundred KB
    out = [
        ("png-declared-100000x100000", png_declared(100_000, 100_000)),
        ("png-declared-2^31", png_declared(0x7FFFFFFF, 0x7FFFFFFF)),
        ("png-declared-9400x9400", png_declared(9_400, 9_400)),
        (f"png-deflate-{side}x{side}", png_deflate_bomb(side, side)),
        ("gif-declared-65535x65535", gif_declared(65535, 65535)),
        (f"gif-lzw-{side}x{side}", gif_lzw_bomb(side, side)),
        ("tiff-declared-100000x100000", tiff_declared(100_000, 100_000)),
        ("tiff-declared-9400x9400", tiff_declared(9_400, 9_400)),
        (f"tiff-deflate-{side}x{side}", tiff_deflate_bomb(side, side)),
        ("webp-declared-16384x16384", webp_declared(16384, 16384)),
        ("webp-declared-9400x9400", webp_declared(9_400, 9_400)),
        (f"webp-lossless-{side}x{side}", webp_lossless_bomb(side, side)),
        ("heic-declared-60000x60000", heif_declared(60_000, 60_000)),
        ("heic-declared-9400x9400", heif_declared(9_400, 9_400)),
        ("avif-declared-60000x60000", heif_declared(60_000, 60_000, "AVIF")),
        ("avif-declared-9400x9400", heif_declared(9_400, 9_400, "AVIF")),
        ("jpeg-forged-65500x65500", jpeg_forged(65_500, 65_500)),
        ("jpeg-forged-9400x9400", jpeg_forged(9_400, 9_400)),
        ("jpeg-forged-6000x6000", jpeg_forged(6_000, 6_000)),
    ]
    if full:
        out += [
            ("png-deflate-20000x20000", png_deflate_bomb(20_000, 20_000)),
            ("gif-lzw-12000x9000", gif_lzw_bomb(12_000, 9_000)),
            ("tiff-deflate-11000x10000", tiff_deflate_bomb(11_000, 10_000)),
            ("webp-lossless-10000x10000", webp_lossless_bomb(10_000, 10_000)),
            ("jpeg-forged-12000x10000", jpeg_forged(12_000, 10_000)),
        ]
    return out
