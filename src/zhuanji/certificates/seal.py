"""The issuing organisation's seal: a red ring with its name around the top, a star in the middle.

Drawn with Pillow from the name alone (the CJK font shipped with the app, no image assets), so every
organisation has one without anyone uploading it; the certificate PDF shows it in its visible signature field.
"""

import math
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path(__file__).resolve().parent / "fonts" / "DroidSansFallbackFull.ttf"
SIZE = 360  # pixels; drawn 40 mm across on the page, i.e. about 230 dpi
RED = (205, 22, 30, 235)
FOOTER = "证书专用章"


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, outer: float) -> None:
    inner = outer * 0.382
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(90 + i * 36)
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    draw.polygon(points, fill=RED)


def _glyph(char: str, font: ImageFont.FreeTypeFont, angle: float) -> Image.Image:
    """One character, upright, then turned by `angle` degrees counter-clockwise."""
    box = int(font.size * 1.6)
    tile = Image.new("RGBA", (box, box), (0, 0, 0, 0))
    draw = ImageDraw.Draw(tile)
    left, top, right, bottom = draw.textbbox((0, 0), char, font=font, stroke_width=1)
    # Centre the ink, not the font's line box (CJK fonts sit high in it).
    draw.text((box / 2 - (left + right) / 2, box / 2 - (top + bottom) / 2), char, font=font, fill=RED,
              stroke_width=1, stroke_fill=RED)
    return tile.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)


def _ring_text(canvas: Image.Image, text: str, radius: float) -> None:
    """`text` around the top of the ring, left to right, each character's foot towards the centre."""
    count = len(text)
    span = min(250.0, 30.0 + 20.0 * count)  # degrees of the ring the name takes
    size = int(min(56, 0.8 * radius * math.radians(span) / max(count, 1)))
    font = _font(size)
    radius -= size * 0.55
    step = span / count
    centre = SIZE / 2
    for index, char in enumerate(text):
        theta = 90 + span / 2 - step * (index + 0.5)
        glyph = _glyph(char, font, theta - 90)
        x = centre + radius * math.cos(math.radians(theta)) - glyph.width / 2
        y = centre - radius * math.sin(math.radians(theta)) - glyph.height / 2
        canvas.alpha_composite(glyph, (round(x), round(y)))


@lru_cache(maxsize=64)
def seal_image(name: str) -> Image.Image:
    """The seal of the organisation called `name`, RGBA with a transparent background (cached per name)."""
    canvas = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    ring = SIZE * 0.035
    draw.ellipse((ring / 2, ring / 2, SIZE - ring / 2, SIZE - ring / 2), outline=RED, width=round(ring))
    _ring_text(canvas, name.strip() or "发证单位", SIZE / 2 - ring * 1.6)
    _star(draw, SIZE / 2, SIZE / 2, SIZE * 0.16)
    draw.text((SIZE / 2, SIZE * 0.76), FOOTER, font=_font(round(SIZE * 0.075)), fill=RED, anchor="mm")
    # One flat colour, the shape in the alpha channel only: the PDF's image stream then compresses to almost
    # nothing and its soft mask carries the drawing (about 15 KB per certificate instead of 40).
    flat = Image.new("RGB", canvas.size, RED[:3])
    return Image.merge("RGBA", (*flat.split(), canvas.getchannel("A")))


def seal_png(name: str) -> bytes:
    buffer = BytesIO()
    seal_image(name).save(buffer, "PNG")
    return buffer.getvalue()
