"""Attacks on the cache of public pages (apps/portal/caching.py): junk query parameters filling it, a publication
generation evicted from it, a cache that cannot be reached, and request headers (Host, Accept-Language) that would
make one visitor's answer everyone's."""
import json

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from apps.portal.caching import GENERATION_KEY
from tests.helpers import CACHE_DOWN, publish, user

DEPARTMENT = "沁阳市政务服务和大数据管理局"
COMPARE = "/departments/410882-zwfw/compare/"


@pytest.fixture
def published(demo_report, media):
    return publish(demo_report)


def cached_pages() -> list:
    """The keys of the cached pages: the tests' cache is a LocMemCache (config/settings/test.py), whose keys are these."""
    return [key for key in cache._cache if key != cache.make_key(GENERATION_KEY)]


def test_junk_query_parameters_do_not_fill_the_cache(client, published):
    for n in range(300):
        assert client.get("/", {f"junk{n}": n, "utm_source": n}).status_code == 200
    assert len(cached_pages()) == 1
    # The parameters a page reads still make their own entries, each value once whatever surrounds it.
    for q in ("政务服务", "教育局"):
        assert "X-Cache" not in client.get("/", {"q": q})
        again = client.get("/", {"junk": "1", "q": f" {q} "})
        assert again["X-Cache"] == "hit" and (DEPARTMENT in again.content.decode()) == (q == "政务服务")
    assert client.get(COMPARE, {"to": "2021", "from": "2021"}).status_code == 200
    assert client.get(COMPARE, {"from": "2021", "to": "2021", "junk": "x"})["X-Cache"] == "hit"
    assert len(cached_pages()) == 4


def test_a_generation_evicted_from_the_cache_brings_back_no_stale_page(client, demo_report, media,
                                                                       django_capture_on_commit_callbacks):
    assert DEPARTMENT not in client.get("/").content.decode()  # cached before the publication
    with django_capture_on_commit_callbacks(execute=True):
        publish(demo_report)
    assert DEPARTMENT in client.get("/").content.decode()
    cache.delete(GENERATION_KEY)  # evicted: the cache's Redis drops the least recently used keys when it is full
    assert DEPARTMENT in client.get("/").content.decode()


def test_public_pages_are_served_uncached_when_the_cache_is_down(client, demo_report, media, caplog,
                                                                  django_capture_on_commit_callbacks):
    with override_settings(CACHES=CACHE_DOWN):
        with django_capture_on_commit_callbacks(execute=True):
            publish(demo_report)  # the generation cannot move on: published all the same
        for path in ("/", "/reports/410882-zwfw/2021/", "/open-data/catalogue.json", "/sitemap.xml",
                     "/departments/410882-zwfw/", f"{COMPARE}?from=2021&to=2021", "/open-data/", "/corrections/",
                     "/rules/"):
            response = client.get(path)
            assert response.status_code == 200 and "X-Cache" not in response, path
        assert DEPARTMENT in client.get("/").content.decode()
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json()["checks"]["cache"].startswith("error")
        client.force_login(user("kuaiji"))
        assert client.get("/").status_code == 200 and client.get("/entry/").status_code == 200
    assert any(r.levelname == "WARNING" and r.name == "apps.reports.caching" and "public page cache" in r.getMessage()
               for r in caplog.records)


@override_settings(JUESUAN_SITE_URL="https://juesuan.example.cn")
@pytest.mark.parametrize("path", ["/open-data/catalogue.json", "/sitemap.xml"])
def test_a_host_header_does_not_change_the_addresses_given_to_others(published, path):
    first = Client().get(path, HTTP_HOST="localhost")  # an allowed host: the first visitor fills the cache
    served = Client().get(path)
    assert served["X-Cache"] == "hit"
    for response in (first, served):
        text = response.content.decode()
        assert "localhost" not in text and "testserver" not in text
        assert "https://juesuan.example.cn/reports/410882-zwfw/2021/r1/" in text
    if path.endswith(".json"):
        catalogue = json.loads(served.content)
        assert catalogue["schema"] == "https://juesuan.example.cn/open-data/report.schema.json"


def test_a_visitor_language_does_not_change_the_figures_others_see(published):
    assert "<td class=\"num\">214.46</td>" in Client().get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<td class=\"num\">214.46</td>" in Client().get("/").content.decode()
