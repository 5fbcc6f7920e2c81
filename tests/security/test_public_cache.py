"""Attacks on the cache of public pages (apps/reports/caching.py): junk query parameters filling it."""
import pytest
from django.core.cache import cache

from apps.reports.caching import GENERATION_KEY
from tests.helpers import publish

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
