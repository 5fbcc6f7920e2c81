"""Control characters in the query parameters of public pages (PostgreSQL refuses a NUL in a query: it was a 500).
Run on SQLite and on PostgreSQL (DATABASE_URL), like the rest of the suite."""
from django.core.cache import cache
from django.test import Client

from tests.helpers import publish

COMPARE = "/departments/410882-zwfw/compare/"
# Every query parameter a public page reads, with a meaningful value.
PARAMETERS = [("/", {"q": "政务服务"}, "q"), ("/", {"region": "410800"}, "region"), ("/", {"year": "2021"}, "year"),
              (COMPARE, {"from": "2021", "to": "2021"}, "from"), (COMPARE, {"from": "2021", "to": "2021"}, "to"),
              ("/sitemap.xml", {"p": "1"}, "p")]


def test_control_characters_in_public_query_parameters_are_ignored(demo_report, media):
    publish(demo_report)
    for path, query, name in PARAMETERS:
        value = query[name]
        response = Client().get(path, {**query, name: f"{value[0]}\x00{value[1:]}\x1b\x7f"})
        assert response.status_code == 200, (path, name)
        cache.clear()
        assert response.content == Client().get(path, query).content, (path, name)  # the answer without them
