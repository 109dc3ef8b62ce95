"""Side-by-side explanation picture of one match: suspect with the box, original with the region."""

from __future__ import annotations

from PIL import Image, ImageDraw

from picproof.core.models import Match

#: Height of each panel in the rendered picture.
PANEL_HEIGHT = 640
_GAP = 24
_BOX = (230, 40, 40)
_REGION = (30, 160, 60)
_LINE = (40, 120, 230)


def _fit_panel(img: Image.Image, height: int) -> tuple[Image.Image, float]:
    scale = min(height / img.height, 900 / img.width)
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    return img.convert("RGB").resize(size, Image.Resampling.LANCZOS), scale


def render(
    suspect: Image.Image,
    original: Image.Image,
    original_size: tuple[int, int],
    match: Match,
    *,
    show_points: bool = False,
) -> Image.Image:
    """Both panels on a white canvas; ``original_size`` is the full size ``match`` refers to."""
    left, ls = _fit_panel(suspect, PANEL_HEIGHT)
    right, _ = _fit_panel(original, PANEL_HEIGHT)
    rs = right.width / max(1, original_size[0])  # original-pixel -> panel scale
    canvas = Image.new(
        "RGB", (left.width + _GAP + right.width, max(left.height, right.height)), (255, 255, 255)
    )
    canvas.paste(left, (0, 0))
    canvas.paste(right, (left.width + _GAP, 0))
    draw = ImageDraw.Draw(canvas)
    width = max(2, PANEL_HEIGHT // 200)
    if match.corners:
        pts = [(x * ls, y * ls) for x, y in match.corners]
        draw.line(pts + [pts[0]], fill=(250, 180, 40), width=1)
    if match.bbox is not None:
        x, y, w, h = match.bbox
        draw.rectangle([x * ls, y * ls, (x + w) * ls, (y + h) * ls], outline=_BOX, width=width)
    if match.original_region is not None:
        x, y, w, h = match.original_region
        ox = left.width + _GAP
        draw.rectangle(
            [ox + x * rs, y * rs, ox + (x + w) * rs, (y + h) * rs], outline=_REGION, width=width
        )
    if show_points:
        ox = left.width + _GAP
        for sx, sy, px, py in match.point_pairs:
            a, b = (sx * ls, sy * ls), (ox + px * rs, py * rs)
            draw.line([a, b], fill=_LINE, width=1)
            draw.ellipse([a[0] - 2, a[1] - 2, a[0] + 2, a[1] + 2], outline=_LINE)
            draw.ellipse([b[0] - 2, b[1] - 2, b[0] + 2, b[1] + 2], outline=_LINE)
    return canvas
