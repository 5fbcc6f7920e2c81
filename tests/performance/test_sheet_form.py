"""The sheet's form: the page's counts size the goal and row formsets (junk none, never more than max_num), rows keep
their places, goals of an unknown kind are left out; the preview scores are a plain function of what is typed."""
from decimal import Decimal

import pytest

from apps.performance.forms import MAX_GOALS, MAX_ROWS, SheetEntry, stored_input
from apps.performance.models import EvaluationSheet
from apps.performance.preview import preview_scores


@pytest.fixture
def sheet(demo_report):
    return EvaluationSheet.objects.get(report=demo_report, order=3)


@pytest.mark.parametrize("rows, goals, expected", [("2", "1", (2, 1)), ("abc", "-1", (0, 0)), ("１２", "", (0, 0)),
                                                   ("9" * 30, "3000000", (MAX_ROWS, MAX_GOALS))])
def test_the_counts_size_the_formsets_read_safely_and_bounded(sheet, rows, goals, expected):
    form = SheetEntry({"rows": rows, "goals": goals}, sheet=sheet)
    assert form.is_valid()
    assert (len(form.rows.forms), len(form.goals.forms)) == expected


def test_rows_keep_their_places_and_goals_of_an_unknown_kind_are_left_out(sheet):
    form = SheetEntry({"rows": "3", "row-2-name": "满意度", "row-2-note": "a\x00b", "goals": "2", "goal-0-kind": "x",
                       "goal-0-content": "丢弃", "goal-1-kind": "overall", "goal-1-content": " 目标 ",
                       "funding-total-executed": "11.00", "funding-x-executed": "1", "name": "项目"}, sheet=sheet)
    assert form.is_valid()
    data = form.sheet_input()
    assert [row["name"] for row in data.rows] == ["", "", "满意度"] and data.rows[2]["note"] == "ab"
    assert data.goals == [{"kind": "overall", "name": "", "content": " 目标 ", "outcome": ""}]
    assert data.funding[("total", "executed")] == "11.00" and ("x", "executed") not in data.funding
    assert data.header == {"name": "项目", "competent_department": "", "implementing_unit": ""}


def test_the_preview_scores_what_is_typed(sheet, demo_report):
    data = stored_input(sheet, demo_report.unit)
    assert preview_scores(sheet, data, demo_report.unit)["total"] == "99.4"  # as stored
    data.funding[("total", "executed")] = "11.00"  # 全年执行数 = 全年预算数: 100%, full 10 points
    data.rows[0]["weight"], data.rows[0]["score"] = "十", "abc"  # not numbers: no formula, nothing added
    scores = preview_scores(sheet, data, demo_report.unit)
    assert (scores["rate"], scores["budget_score"], scores["formulas"][0]) == ("100%", "10", None)
    assert Decimal(scores["total"]) == Decimal("100") - Decimal(stored_input(sheet, demo_report.unit).rows[0]["score"])
