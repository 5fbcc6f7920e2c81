"""The draft watermark's drawing is read from the font once and then taken from the cache, as a process that renders
one PDF and ends finds it."""
import base64

from django.core.cache import cache

from apps.documents import watermark


def test_the_watermark_is_drawn_once_then_taken_from_the_cache(monkeypatch):
    cache.clear()
    drawn = []
    draw = watermark._drawn
    monkeypatch.setattr(watermark, "_drawn", lambda *args: drawn.append(args) or draw(*args))

    watermark.watermark_uri.cache_clear()  # a new process
    first = watermark.watermark_uri()
    watermark.watermark_uri.cache_clear()  # another one
    assert watermark.watermark_uri() == first
    assert len(drawn) == 1

    svg = base64.b64decode(first.split(",", 1)[1]).decode()
    assert svg.startswith("<svg") and svg.count("C") + svg.count("Q") > 50  # outlines, not text
    assert "草稿" not in svg
