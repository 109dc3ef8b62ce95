"""Evidence pictures for letters: the suspect image with the match box drawn, and the original.

Shared by the PDF and Word writers. Images are decoded through ``core.imaging.load_image`` (the only
safe way to open untrusted files) and re-encoded as JPEG at a printable size; the stored evidence
files themselves are never touched.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageDraw

from picproof.core.errors import ImageError
from picproof.core.imaging import load_image
from picproof.core.letters.model import EvidenceEntry

#: Longest side of a picture placed in a letter (pixels): ~300 dpi at 8 cm, enough to read a
#: screenshot.
MAX_SIDE = 1200
BOX_COLOUR = (220, 0, 0)


@dataclass(frozen=True)
class PreparedImage:
    jpeg: bytes
    width: int
    height: int

    @property
    def aspect(self) -> float:
        return self.height / self.width if self.width else 1.0


def prepare(
    path: Path | None, box: tuple[int, int, int, int] | None = None
) -> PreparedImage | None:
    """A JPEG copy of ``path`` (``box`` outlined); None when the file is missing or unreadable."""
    if path is None or not Path(path).is_file():
        return None
    try:
        loaded = load_image(Path(path), max_side=MAX_SIDE)
    except ImageError:
        return None
    image = loaded.image.copy()
    if box is not None and loaded.info.width:
        scale = image.width / loaded.info.width
        left, top, width, height = box
        x0, y0 = left * scale, top * scale
        x1, y1 = (left + width) * scale, (top + height) * scale
        stroke = max(2, round(max(image.size) / 250))
        ImageDraw.Draw(image).rectangle((x0, y0, x1, y1), outline=BOX_COLOUR, width=stroke)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    return PreparedImage(jpeg=buffer.getvalue(), width=image.width, height=image.height)


def prepare_pair(entry: EvidenceEntry) -> tuple[PreparedImage | None, PreparedImage | None]:
    return prepare(entry.suspect_image, entry.match_box), prepare(entry.original_image)
