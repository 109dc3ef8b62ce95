"""Generate the demo "suspect screenshots" shipped in resources/sample/screenshots/.

Each one pastes some of the bundled sample photos (resources/sample/photos) into a made-up phone app
layout with UI chrome, the way a stolen photo shows up on a fake profile or a cloned shop listing:
cropped, mirrored, scaled and re-compressed. Run from the repository root:

    .venv/bin/python tools/make_sample_screenshots.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

ROOT = Path(__file__).resolve().parents[1]
PHOTOS = ROOT / "resources" / "sample" / "photos"
OUT = ROOT / "resources" / "sample" / "screenshots"
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
W, H = 720, 1440


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def photo(name: str) -> Image.Image:
    return Image.open(PHOTOS / name).convert("RGB")


def fit(img: Image.Image, box: tuple[int, int]) -> Image.Image:
    """Scale and centre-crop to fill ``box`` (what apps do with a profile picture)."""
    return ImageOps.fit(img, box, method=Image.Resampling.LANCZOS)


def chrome(title: str, accent: tuple[int, int, int]) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    canvas = Image.new("RGB", (W, H), (250, 250, 252))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, W, 48), fill=(20, 20, 24))
    draw.text((24, 10), "9:41", font=font(24), fill="white")
    draw.text((W - 120, 10), "5G  87%", font=font(22), fill="white")
    draw.rectangle((0, 48, W, 140), fill=accent)
    draw.text((28, 70), "<", font=font(40), fill="white")
    draw.text((80, 74), title, font=font(36), fill="white")
    draw.rectangle((0, H - 110, W, H), fill=(240, 240, 244))
    for i, label in enumerate(("Home", "Search", "Chat", "Me")):
        draw.text((60 + i * 175, H - 70), label, font=font(24), fill=(90, 90, 100))
    return canvas, draw


def dating_profile() -> Image.Image:
    canvas, draw = chrome("Grace", (214, 61, 102))
    main = fit(ImageOps.mirror(photo("portrait.jpg")), (640, 760))
    canvas.paste(main, (40, 170))
    draw.text((40, 950), "Grace · 3 km away", font=font(38), fill=(30, 30, 30))
    draw.text(
        (40, 1005),
        "Love sunsets and travel. Looking for something real.",
        font=font(24),
        fill=(80, 80, 80),
    )
    small = fit(photo("sunset.jpg").crop((100, 80, 900, 700)), (300, 220))
    canvas.paste(small, (40, 1070))
    canvas.paste(fit(photo("pagoda.jpg"), (300, 220)), (380, 1070))
    draw.rounded_rectangle((40, 1310 - 10, 680, 1310 + 10), radius=8, fill=(214, 61, 102))
    return canvas


def shop_listing() -> Image.Image:
    canvas, draw = chrome("Garden Shop", (46, 125, 50))
    product = photo("dahlia.jpg").crop((120, 20, 560, 420)).resize((640, 582))
    canvas.paste(product, (40, 170))
    draw.text((40, 780), "Orange dahlia bulbs, pack of 5", font=font(34), fill=(30, 30, 30))
    draw.text((40, 830), "¥ 39.90   free delivery", font=font(30), fill=(200, 40, 40))
    draw.text((40, 890), "Seller photos · 4.9 ★ (1,203 reviews)", font=font(24), fill=(90, 90, 90))
    thumbs = ("chameleon.jpg", "panda.jpg")
    for i, name in enumerate(thumbs):
        canvas.paste(fit(photo(name), (300, 300)), (40 + i * 340, 950))
    draw.rounded_rectangle((40, 1280, 680, 1320), radius=12, fill=(46, 125, 50))
    draw.text((300, 1283), "Buy now", font=font(28), fill="white")
    return canvas


def social_feed() -> Image.Image:
    canvas, draw = chrome("Explore", (33, 99, 200))
    draw.ellipse((40, 165, 100, 225), fill=(180, 180, 190))
    draw.text((115, 175), "travel_daily_88", font=font(28), fill=(30, 30, 30))
    post = (
        photo("mountains.jpg")
        .crop((200, 100, 1000, 700))
        .rotate(3, expand=False, fillcolor=(0, 0, 0))
    )
    canvas.paste(fit(post, (640, 480)), (40, 240))
    draw.text((40, 740), "♥ 2,381 likes · 96 comments", font=font(26), fill=(60, 60, 60))
    draw.text(
        (40, 790), "Picos de Europa this morning, no filter!", font=font(26), fill=(30, 30, 30)
    )
    draw.ellipse((40, 870, 100, 930), fill=(200, 170, 150))
    draw.text((115, 880), "wildlife_lover", font=font(28), fill=(30, 30, 30))
    canvas.paste(fit(photo("panda.jpg"), (640, 380)), (40, 950))
    return canvas


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # Re-compressed JPEG, like a real screenshot that was forwarded through a messenger.
    for name, make in (
        ("dating_profile", dating_profile),
        ("shop_listing", shop_listing),
        ("social_feed", social_feed),
    ):
        path = OUT / f"{name}.jpg"
        make().save(path, quality=82)
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
