"""The draft watermark's drawing is read from the font once and then taken from the cache, as a process that renders
one PDF and ends finds it."""
import base64
import io

import pypdf
import pytest
from django.core.cache import cache
from django.test import override_settings
from PIL import Image

from apps.documents import watermark
from apps.documents.disclosure import build_disclosure
from apps.documents.rendering import render_pdf
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

    drawing = Image.open(io.BytesIO(base64.b64decode(first.split(",", 1)[1])))  # an image, not text
    assert drawing.format == "PNG" and drawing.mode == "RGBA"
    assert abs(drawing.width - 350 / 72 * 300) < 5  # 300 dpi at the width print.css gives it
    assert drawing.getextrema()[3] == (0, 31)  # transparent around the letters, 12 % opaque in them


@pytest.mark.parametrize("processes", [1, 2], ids=["one pass", "put together"])
def test_a_draft_pdf_embeds_the_watermark_once(demo_report, settings, processes):
    """Drawn on every page by reference to one image, not written into each page again."""
    settings.PDF_LAYOUT_PROCESSES = processes
    doc = build_disclosure(demo_report)
    assert doc.is_draft
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(doc)))
    drawn = [{xobject.indirect_reference.idnum for xobject in drawn_images(page)} for page in reader.pages]
    assert len(reader.pages) > 20 and all(len(images) == 1 for images in drawn)
    assert len(set.union(*drawn)) == 1


def drawn_images(page):
    """The image XObjects a page draws, also inside the forms it draws (the assembled PDF's pages)."""
    xobjects = page.get("/Resources", {}).get("/XObject", {})
    for reference in xobjects.values():
        xobject = reference.get_object()
        if xobject["/Subtype"] == "/Image":
            yield xobject
        elif xobject["/Subtype"] == "/Form":
            yield from drawn_images(xobject)


def test_a_draft_pdf_is_made_when_the_cache_is_down(client, demo_report, caplog):
    """The cache only saves work: the accountant's draft PDF is drawn all the same (its watermark without the cache)."""
    watermark.watermark_uri.cache_clear()
    client.force_login(user("kuaiji"))
    with override_settings(CACHES=CACHE_DOWN):
        response = client.get("/reports/410882-zwfw/2021/document.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert any(r.levelname == "WARNING" and "watermark cache unreachable" in r.getMessage() for r in caplog.records)
