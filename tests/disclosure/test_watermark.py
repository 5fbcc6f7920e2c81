"""The draft watermark's drawing is read from the font once and then taken from the cache, as a process that renders
one PDF and ends finds it."""
import base64

from django.core.cache import cache
from django.test import override_settings

from apps.documents import watermark
from tests.helpers import CACHE_DOWN, user


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


def test_a_draft_pdf_is_made_when_the_cache_is_down(client, demo_report, caplog):
    """The cache only saves work: the accountant's draft PDF is drawn all the same (its watermark without the cache)."""
    watermark.watermark_uri.cache_clear()
    client.force_login(user("kuaiji"))
    with override_settings(CACHES=CACHE_DOWN):
        response = client.get("/reports/410882-zwfw/2021/document.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert any(r.levelname == "WARNING" and "watermark cache unreachable" in r.getMessage() for r in caplog.records)
