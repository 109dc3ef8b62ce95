"""Make the Windows and macOS app icons from resources/icons/app.svg.

    python installer/make_icons.py [--out DIR]     (run by installer/build.py before PyInstaller)

Qt's SVG renderer (QSvgRenderer, the same one that draws the icon inside the app) paints the SVG
at each size with antialiasing; Pillow writes ``app.ico`` (16-256 px, PNG-compressed entries) and
``app.icns`` (16-1024 px). Each size is rendered from the vector, not scaled down from a bitmap,
so the small sizes stay sharp. The files are build output (ignored by git).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "app.svg"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(svg: Path, size: int):  # type: ignore[no-untyped-def]
    """The SVG painted on a transparent ``size`` x ``size`` square, as a Pillow RGBA image."""
    from PIL import Image
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_RGBA8888)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = bytes(image.constBits())  # type: ignore[arg-type]
    return Image.frombuffer("RGBA", (size, size), data, "raw", "RGBA", image.bytesPerLine(), 1)


def make_icons(svg: Path, out: Path) -> tuple[Path, Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - Qt needs one
    out.mkdir(parents=True, exist_ok=True)
    images = {size: render(svg, size) for size in sorted(set(ICO_SIZES) | set(ICNS_SIZES))}
    ico, icns = out / "app.ico", out / "app.icns"
    biggest_ico = images[max(ICO_SIZES)]
    biggest_ico.save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    images[max(ICNS_SIZES)].save(
        icns,
        format="ICNS",
        append_images=[images[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)],
    )
    return ico, icns


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=SVG)
    parser.add_argument("--out", type=Path, default=SVG.parent)
    args = parser.parse_args(argv)
    for path in make_icons(args.svg, args.out):
        print(f"{path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
