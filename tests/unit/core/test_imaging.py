"""Safe decoding: every kind of bad input becomes a typed error; odd-but-valid images normalise."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from tests.conftest import photo_array, save_photo

from picproof.core.errors import ImageError
from picproof.core.imaging import load_image


def _jpeg_bytes(w: int = 320, h: int = 240, seed: int = 1, **kw: object) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(photo_array(w, h, seed)).save(buf, "JPEG", quality=90, **kw)  # type: ignore[arg-type]
    return buf.getvalue()


def test_zero_byte_file_is_empty(tmp_path: Path) -> None:
    p = tmp_path / "zero.jpg"
    p.write_bytes(b"")
    with pytest.raises(ImageError) as err:
        load_image(p)
    assert err.value.code == "empty"


def test_text_named_jpg_is_not_an_image(tmp_path: Path) -> None:
    p = tmp_path / "notes.jpg"
    p.write_text("this is a shopping list, not a photo\n" * 20)
    with pytest.raises(ImageError) as err:
        load_image(p)
    assert err.value.code == "not-an-image"


def test_truncated_jpeg_is_detected_not_grey_filled() -> None:
    data = _jpeg_bytes(640, 480)
    with pytest.raises(ImageError) as err:
        load_image(data[: len(data) // 2])
    assert err.value.code == "truncated"


def test_truncated_jpeg_detected_on_reduced_decode_too() -> None:
    data = _jpeg_bytes(1600, 1200)
    with pytest.raises(ImageError) as err:
        load_image(data[: len(data) * 2 // 3], max_side=256)
    assert err.value.code in {"truncated", "corrupt"}


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_png_bomb_is_refused_quickly() -> None:
    with pytest.raises(ImageError) as err:
        load_image(_png_header_only(20000, 20000))
    assert err.value.code == "too-large"


def test_png_with_lying_header_is_corrupt_not_a_hang() -> None:
    with pytest.raises(ImageError) as err:
        load_image(_png_header_only(3000, 2000))
    assert err.value.code in {"truncated", "corrupt"}


def test_animated_gif_gives_first_frame() -> None:
    frames = [Image.new("RGB", (40, 30), (i * 80, 255 - i * 80, 40)) for i in range(3)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=100)
    loaded = load_image(buf.getvalue())
    assert loaded.info.frames == 3
    assert loaded.image.mode == "RGB" and loaded.image.size == (40, 30)


def test_cmyk_jpeg_normalises_to_rgb() -> None:
    buf = io.BytesIO()
    Image.fromarray(photo_array(120, 80, 3)).convert("CMYK").save(buf, "JPEG")
    loaded = load_image(buf.getvalue())
    assert loaded.image.mode == "RGB" and loaded.image.size == (120, 80)
    assert np.asarray(loaded.image).std() > 10


def test_16_bit_png_normalises_to_rgb() -> None:
    ramp = (np.linspace(0, 65535, 200 * 100).reshape(100, 200)).astype(np.uint16)
    buf = io.BytesIO()
    Image.fromarray(ramp).save(buf, "PNG")
    loaded = load_image(buf.getvalue())
    arr = np.asarray(loaded.image)
    assert loaded.image.mode == "RGB" and arr.shape == (100, 200, 3)
    assert arr[0, 0, 0] < 5 and arr[-1, -1, 0] > 250


def test_palette_with_transparency_goes_on_white() -> None:
    img = Image.new("RGBA", (20, 20), (255, 0, 0, 0))
    img.paste((0, 0, 255, 255), (5, 5, 15, 15))
    buf = io.BytesIO()
    img.convert("P").save(buf, "PNG", transparency=0)
    loaded = load_image(buf.getvalue())
    assert loaded.image.getpixel((0, 0)) == (255, 255, 255)


def test_exif_orientation_is_applied() -> None:
    img = Image.fromarray(photo_array(120, 80, 4))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x0110] = "PixelPhone 7"
    exif[0x010F] = "Acme"
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    loaded = load_image(buf.getvalue())
    assert loaded.image.size == (80, 120)
    assert (loaded.info.width, loaded.info.height) == (80, 120)
    assert loaded.info.camera == "Acme PixelPhone 7"


def test_exif_capture_time_is_read() -> None:
    img = Image.fromarray(photo_array(64, 48, 5))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2024:05:17 14:03:22"
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    assert load_image(buf.getvalue()).info.captured_at == "2024-05-17T14:03:22"


def test_heic_decodes() -> None:
    pytest.importorskip("pillow_heif")
    buf = io.BytesIO()
    Image.fromarray(photo_array(96, 64, 6)).save(buf, "HEIF")
    loaded = load_image(buf.getvalue())
    assert loaded.info.format == "HEIF" and loaded.image.size == (96, 64)


def test_reduced_decode_of_large_jpeg_is_small_and_reports_full_size() -> None:
    loaded = load_image(_jpeg_bytes(3200, 2400, 7), max_side=400)
    assert max(loaded.image.size) <= 400
    assert (loaded.info.width, loaded.info.height) == (3200, 2400)


def test_disallowed_format_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "x.jpg"
    Image.fromarray(photo_array(32, 32, 8)).save(p, "PCX")
    with pytest.raises(ImageError) as err:
        load_image(p)
    assert err.value.code == "not-an-image"


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(ImageError) as err:
        load_image(tmp_path)
    assert err.value.code == "not-a-file"


def test_webp_and_bmp_and_tiff_decode(tmp_path: Path) -> None:
    for fmt, ext in (("WEBP", "webp"), ("BMP", "bmp"), ("TIFF", "tif")):
        p = save_photo(tmp_path / f"p.{ext}", 50, 40, 9, format=fmt)
        assert load_image(p).image.size == (50, 40)
