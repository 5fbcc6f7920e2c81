"""The draft watermark of the PDF drawn as an image, not as text: a reader of the PDF's text layer (copy, search,
screen readers, an outside checker) never meets its letters mixed into the tables' text.

“草稿 · 未公开” is drawn from the print font (the same font fontconfig gives WeasyPrint) by Pillow, which WeasyPrint
itself depends on, into a PNG of 300 dpi at the size the page shows it (`.watermark img` in print.css: 350pt wide).
An image is embedded once and drawn on every page by reference; the outlines as SVG paths, as it was drawn before,
were parsed and written into every page again (about 10 ms a page, a tenth of a second per ten pages). The drawing is
kept in the cache (keyed by the version of the drawing code and the font file, its size and time), for the processes
that render one PDF and end (`export_report`, the publication job); a cache that cannot be reached only costs the
drawing.
"""
import base64
import hashlib
import io
import os
import subprocess
from functools import cache

from django.core.cache import cache as shared_cache
from PIL import Image, ImageDraw, ImageFont

from apps.reports.caching import unless_unreachable

WATERMARK_TEXT = "草稿 · 未公开"
COLOUR = (160, 0, 0, round(0.12 * 255))  # as the HTML page's watermark: rgba(160, 0, 0, .12)
WIDTH_PT, DPI = 350, 300  # as wide as print.css shows it
MEDIA_TYPE = "image/png"
DRAWING = 2  # the version of `_drawn`, part of the cache key: change it with the drawing
CACHED, KEPT = "watermark cache", 30 * 24 * 60 * 60


def _font_file(family: str) -> tuple[str, int]:
    found = subprocess.run(["fc-match", "-f", "%{file}|%{index}", family], capture_output=True, text=True,
                           check=True).stdout
    path, index = found.rsplit("|", 1)
    return path, int(index or 0)


@cache
def watermark_uri(family: str = "Noto Serif CJK SC") -> str:
    """A data: URI of a PNG image: the watermark on one line, which print.css rotates by 30° as the page shows it."""
    path, index = _font_file(family)
    stat = os.stat(path)
    drawn = f"{DRAWING}|{WATERMARK_TEXT}|{COLOUR}|{WIDTH_PT}|{DPI}|{path}|{index}|{stat.st_size}|{stat.st_mtime_ns}"
    key = f"watermark:{hashlib.sha256(drawn.encode()).hexdigest()}"
    uri = unless_unreachable(CACHED, shared_cache.get, key)
    if uri is None:
        uri = _drawn(path, index)
        unless_unreachable(CACHED, shared_cache.set, key, uri, KEPT)
    return uri


def _drawn(path: str, index: int) -> str:
    width = round(WIDTH_PT / 72 * DPI)
    em = round(width * 1000 / ImageFont.truetype(path, 1000, index=index).getlength(WATERMARK_TEXT))
    font = ImageFont.truetype(path, em, index=index)
    image = Image.new("RGBA", (round(font.getlength(WATERMARK_TEXT)), em), (*COLOUR[:3], 0))
    ImageDraw.Draw(image).text((0, round(em * 0.88)), WATERMARK_TEXT, font=font, fill=COLOUR, anchor="ls")
    png = io.BytesIO()
    image.save(png, "PNG", optimize=True)
    return f"data:{MEDIA_TYPE};base64," + base64.b64encode(png.getvalue()).decode()
