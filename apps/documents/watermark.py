"""The draft watermark of the PDF drawn as outlines, not as text: a reader of the PDF's text layer (copy, search,
screen readers, an outside checker) never meets its letters mixed into the tables' text.

The glyph outlines of “草稿 · 未公开” are taken once from the print font (the same font fontconfig gives WeasyPrint)
with fontTools, which WeasyPrint itself depends on, and drawn as SVG paths. Reading them from the 26 MB font
collection takes about 0.25 s, so the drawing is kept in the cache (keyed by the version of the drawing code and the
font file, its size and time), for the processes that render one PDF and end (`export_report`, the publication job);
a cache that cannot be reached only costs the drawing.
"""
import base64
import hashlib
import os
import subprocess
from functools import cache

from django.core.cache import cache as shared_cache
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

from apps.reports.caching import unless_unreachable

WATERMARK_TEXT = "草稿 · 未公开"
COLOUR = "rgba(160, 0, 0, 0.12)"
DRAWING = 1  # the version of `_drawn`, part of the cache key: change it with the drawing
CACHED, KEPT = "watermark cache", 30 * 24 * 60 * 60


def _font_file(family: str) -> tuple[str, int]:
    found = subprocess.run(["fc-match", "-f", "%{file}|%{index}", family], capture_output=True, text=True,
                           check=True).stdout
    path, index = found.rsplit("|", 1)
    return path, int(index or 0)


@cache
def watermark_uri(family: str = "Noto Serif CJK SC") -> str:
    """A data: URI of an SVG image: the watermark's outlines on one line, rotated by 30° as the page shows it."""
    path, index = _font_file(family)
    stat = os.stat(path)
    drawn = f"{DRAWING}|{WATERMARK_TEXT}|{COLOUR}|{path}|{index}|{stat.st_size}|{stat.st_mtime_ns}"
    key = f"watermark:{hashlib.sha256(drawn.encode()).hexdigest()}"
    uri = unless_unreachable(CACHED, shared_cache.get, key)
    if uri is None:
        uri = _drawn(path, index)
        unless_unreachable(CACHED, shared_cache.set, key, uri, KEPT)
    return uri


def _drawn(path: str, index: int) -> str:
    with TTFont(path, fontNumber=index, lazy=True) as font:
        glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
        units, pen_x, paths = font["head"].unitsPerEm, 0, []
        for char in WATERMARK_TEXT:
            name = cmap.get(ord(char))
            if name is None:
                pen_x += units // 2
                continue
            pen = SVGPathPen(glyphs)
            glyphs[name].draw(TransformPen(pen, (1, 0, 0, -1, pen_x, units * 0.88)))  # font y grows up, SVG's down
            paths.append(pen.getCommands())
            pen_x += glyphs[name].width
    width, height = pen_x, units
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}"><path fill="{COLOUR}" d="{" ".join(paths)}"/></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
