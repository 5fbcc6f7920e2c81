"""Property: whatever keys and values are posted to the grid save and the sheet form, the answer is never a server
error and no other report changes (Hypothesis drives real requests through Django's test client)."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.performance.services import INDICATOR_FIELDS
from apps.reports.layouts import TableCode
from tests.security.conftest import rows_digest

ROWS = ["2010306", "2010350", "2019999", "30101", "row", "total", "1", ""]
COLUMNS = ["basic", "project", "amount", "total", "id", "report_id", "subject_id", "actual_abroad", "opening"]
SEPARATORS = st.sampled_from(["|", "||", ""])
TEXT = st.text(max_size=30)
NUMBERISH = st.one_of(TEXT, st.from_regex(r"-?[0-9０-９,]{0,25}(\.[0-9]{0,12})?([eE][+-]?[0-9]{1,10})?", fullmatch=True),
                      st.decimals(allow_nan=True).map(str), st.integers().map(str))
CELL_KEYS = st.builds(lambda prefix, row, sep, column: f"{prefix}{row}{sep}{column}",
                      st.sampled_from(["v|", "b|", "x|", ""]), st.one_of(st.sampled_from(ROWS), TEXT), SEPARATORS,
                      st.one_of(st.sampled_from(COLUMNS), TEXT))
GRID_POSTS = st.dictionaries(CELL_KEYS | st.sampled_from(["action", "add_code", "table_note"]), NUMBERISH,
                             max_size=12)
SHEET_KEYS = st.one_of(
    st.sampled_from(["rows", "goals", "name", "competent_department", "implementing_unit"]),
    st.builds(lambda i, f: f"row-{i}-{f}", st.integers(-2, 4), st.sampled_from(INDICATOR_FIELDS + ("sheet_id", "id"))),
    st.builds(lambda i, f: f"goal-{i}-{f}", st.integers(-2, 4), st.sampled_from(["kind", "name", "content", "outcome"])),
    st.builds(lambda k, c: f"funding-{k}-{c}", st.sampled_from(["total", "fiscal", "other", "x"]),
              st.sampled_from(["initial_budget", "annual_budget", "executed", "id"])),
    TEXT)
SHEET_POSTS = st.dictionaries(SHEET_KEYS, NUMBERISH, max_size=15)
EXAMPLES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])


def no_nul(data: dict) -> dict:
    """The test client cannot encode a lone surrogate; a browser would send the replacement character."""
    def clean(text):
        return text.encode("utf-8", "replace").decode("utf-8")
    return {clean(k): clean(v) for k, v in data.items()}


@pytest.mark.parametrize("table", [TableCode.EXPENDITURE, TableCode.BASIC, TableCode.THREE_PUBLIC, TableCode.SUMMARY])
def test_any_grid_post_is_answered_and_touches_only_the_own_draft(client, attacker, table):
    person, draft = attacker
    client.force_login(person)
    others = rows_digest(excluding=draft)

    @EXAMPLES
    @given(GRID_POSTS)
    def post(data):
        response = client.post(f"/entry/419999-jtj/2021/tables/{table}/", no_nul(data))
        assert response.status_code in (200, 302, 404, 409, 422)

    post()
    assert rows_digest(excluding=draft) == others


def test_any_sheet_post_is_answered_and_touches_only_the_own_draft(client, attacker):
    person, draft = attacker
    client.force_login(person)
    assert client.post("/entry/419999-jtj/2021/sheets/new/").status_code == 302
    others = rows_digest(excluding=draft)

    @EXAMPLES
    @given(SHEET_POSTS)
    def post(data):
        response = client.post("/entry/419999-jtj/2021/sheets/1/", no_nul(data))
        assert response.status_code in (200, 302, 422)
        assert client.get("/entry/419999-jtj/2021/sheets/1/").status_code == 200  # and the sheet still opens

    post()
    assert rows_digest(excluding=draft) == others
