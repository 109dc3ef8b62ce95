"""Harnesses 2 and 3: decompression bombs, forged sizes and formats outside the allow-list.

2 — every bomb (PNG, GIF, WebP, TIFF, HEIC, AVIF with huge declared sizes or a real ~1000:1
expansion; JPEGs whose frame header lies) is refused before a full decode, each in under 2 s and
256 MB, on every decoding path; a big real photo is still read (the refusal is not by size alone).
3 — FITS, PSD, EPS, PDF, McIdas, FPX, JPEG 2000, SVG (and more) are refused as not pictures
PicProof reads, and no decoder of theirs is ever run.
"""

from __future__ import annotations

import io
import struct
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image
from tests.conftest import photo_array
from tests.hardening._decode_worker import decode_each
from tests.hardening.bombs import bombs, legit_large_jpeg

from picproof.core.errors import ImageError
from picproof.core.imaging import load_image
from picproof.core.workers import worker_pool

BOMB_SECONDS = 2.0
BOMB_MB = 256.0


@dataclass
class BombRun:
    results: list[tuple[str, str, float, float]] = field(default_factory=list)

    def refused(self) -> list[tuple[str, str, float, float]]:
        return [r for r in self.results if "decoded" not in r[1]]

    def line(self) -> str:
        worst_s = max((r[2] for r in self.results), default=0.0)
        worst_mb = max((r[3] for r in self.results), default=0.0)
        return (
            f"decompression bombs: {len(self.refused())}/{len(self.results)} refused on all three "
            f"paths, slowest {worst_s:.2f} s, most memory {worst_mb:.0f} MB"
        )

    def failures(self) -> list[str]:
        return [
            f"{Path(p).name}: {o} in {s:.2f} s, {mb:.0f} MB"
            for p, o, s, mb in self.results
            if "decoded" in o or s > BOMB_SECONDS or mb > BOMB_MB
        ]


def run_bombs(full: bool = False) -> BombRun:
    with tempfile.TemporaryDirectory(prefix="picproof-bombs-") as tmp:
        paths = []
        for name, data in bombs(full):
            path = Path(tmp) / name
            path.write_bytes(data)
            paths.append(str(path))
        with worker_pool(1) as pool:  # a fresh process: its memory is the bombs' alone
            return BombRun(pool.submit(decode_each, paths).result(timeout=600))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak memory from /proc")
def test_bombs_are_refused_before_decoding_fast_and_small() -> None:
    run = run_bombs()
    print(run.line())
    assert len(run.results) >= 19
    assert not run.failures(), run.failures()
    codes = {c for _, o, _, _ in run.results for c in o.split("/")}
    assert codes <= {"too-large", "not-an-image", "corrupt", "refused"}, codes


def test_a_big_real_photo_is_not_mistaken_for_a_bomb() -> None:
    data = legit_large_jpeg(6000, 5000)  # 90 MB decoded from a few MB: expands ~20-40x
    loaded = load_image(data, max_side=512)
    assert (loaded.info.width, loaded.info.height) == (6000, 5000)
    flat = io.BytesIO()
    Image.new("RGB", (4000, 3000), (250, 250, 250)).save(flat, "PNG")  # 36 MB: under the floor
    assert load_image(flat.getvalue()).image.size == (4000, 3000)


# -- harness 3: formats outside the allow-list ----------------------------------------------


def _save(img: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)  # type: ignore[arg-type]
    return buf.getvalue()


def _fits() -> bytes:
    cards = [
        "SIMPLE  =                    T",
        "BITPIX  =                    8",
        "NAXIS   =                    2",
        "NAXIS1  =                   16",
        "NAXIS2  =                   16",
        "END",
    ]
    header = "".join(c.ljust(80) for c in cards).ljust(2880).encode()
    return header + bytes(256).ljust(2880, b"\0")


def _psd() -> bytes:
    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, 16, 16, 8, 3)
    return header + struct.pack(">I", 0) * 3 + struct.pack(">H", 0) + bytes(16 * 16 * 3)


def _mcidas() -> bytes:
    words = [0, 4] + [0] * 62
    words[8], words[9], words[10], words[11] = 16, 16, 1, 1  # lines, elements, bytes, bands
    words[33] = 256  # data offset
    return struct.pack(">64i", *words) + bytes(256 - 256) + bytes(256)


def _fpx() -> bytes:  # an OLE2 compound file, as FlashPix is
    return bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)


def foreign_files() -> list[tuple[str, bytes]]:
    rgb = Image.fromarray(photo_array(32, 24, 4))
    svg = (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b'<rect width="10" height="10" fill="red"/></svg>'
    )
    eps = (
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
        b"newpath 0 0 moveto 10 10 lineto stroke\nshowpage\n%%EOF\n"
    )
    out = [
        ("photo.fits", _fits()),
        ("photo.psd", _psd()),
        ("photo.eps", eps),
        ("photo.pdf", _save(rgb, "PDF")),
        ("photo.mcidas", _mcidas()),
        ("photo.fpx", _fpx()),
        ("photo.jp2", _save(rgb, "JPEG2000")),
        ("photo.j2k", _save(rgb, "JPEG2000", no_jp2=True)),
        ("photo.svg", svg),
        ("photo.ico", _save(rgb, "ICO")),
        ("photo.tga", _save(rgb, "TGA")),
        ("photo.pcx", _save(rgb, "PCX")),
        ("photo.ppm", _save(rgb, "PPM")),
        ("photo.sgi", _save(rgb, "SGI")),
        ("photo.dds", _save(rgb, "DDS")),
        ("photo.qoi", _save(rgb, "QOI")),
        ("photo.im", _save(rgb, "IM")),
        ("photo.xbm", _save(rgb.convert("1"), "XBM")),
    ]
    return out


def refuse_foreign(monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, int, list[str]]:
    """``(refused, total, problems)``: each foreign file, named as itself and as a .jpg, through
    the decoder; a foreign plugin's decoder or loader must never run."""
    ran: list[str] = []
    from PIL import ImageFile

    original_load = ImageFile.ImageFile.load

    def spy_load(self: ImageFile.ImageFile) -> object:
        if self.format not in {"JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "HEIF", "AVIF", "MPO"}:
            ran.append(str(self.format))
        return original_load(self)

    ImageFile.ImageFile.load = spy_load  # type: ignore[method-assign]
    problems: list[str] = []
    total = refused = 0
    try:
        for name, data in foreign_files():
            for source in (data, io.BytesIO(data)):
                total += 1
                try:
                    loaded = load_image(source)
                    problems.append(f"{name} decoded as {loaded.info.format}")
                except ImageError as exc:
                    if exc.code in {"not-an-image", "unsupported-format"}:
                        refused += 1
                    else:
                        problems.append(f"{name} refused as {exc.code}, not as unsupported")
    finally:
        ImageFile.ImageFile.load = original_load  # type: ignore[method-assign]
    problems += [f"a {fmt} decoder ran" for fmt in ran]
    return refused, total, problems


def test_formats_outside_the_allow_list_are_refused_and_never_decoded() -> None:
    refused, total, problems = refuse_foreign()
    print(f"formats outside the allow-list: {refused}/{total} refused")
    assert not problems, problems
    assert refused == total == 2 * len(foreign_files())


def test_a_foreign_format_in_the_library_is_skipped_as_not_a_picture(tmp_path: Path) -> None:
    from picproof.services.context import open_services

    lib = tmp_path / "photos"
    lib.mkdir()
    for name, data in foreign_files():
        (lib / (name.replace(".", "-") + ".jpg")).write_bytes(data)  # a wrong extension
    services = open_services(tmp_path / "data")
    try:
        services.library.add_folder(lib)
        report = services.library.scan(workers=1)
        assert report.photos == 0
        assert {s.reason for s in report.skipped} == {"not-an-image"}
        assert len(report.skipped) == len(foreign_files())
    finally:
        services.close()
