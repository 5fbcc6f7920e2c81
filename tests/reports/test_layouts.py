"""Table layouts and their variants are data: the class-count and table-order variants change numbering."""
from decimal import Decimal

import pytest

from apps.reports.computation import compute_tables
from apps.reports.layouts import (
    SummaryClasses,
    TableCode,
    TableOrder,
    chinese_ordinal,
    layouts_for,
    printed_classes,
    table_number,
    table_title,
)
from apps.reports.models import FunctionalSubject
from apps.reports.money import Unit, format_amount, from_unit, parse_decimal, rounding_tolerance, to_unit
from apps.reports.snapshot import load_snapshot


def classes_2021():
    return tuple(FunctionalSubject.objects.filter(fiscal_year=2021, level=1).values_list("code", "name"))


def test_chinese_ordinals():
    assert [chinese_ordinal(n) for n in (1, 9, 10, 11, 19, 20, 24, 26)] == [
        "一", "九", "十", "十一", "十九", "二十", "二十四", "二十六"]


def test_table_numbers_follow_the_table_order():
    assert table_number(TableCode.THREE_PUBLIC, TableOrder.CLASSIC) == "公开07表"
    assert table_number(TableCode.GOVERNMENT_FUND, TableOrder.CLASSIC) == "公开08表"
    assert table_number(TableCode.THREE_PUBLIC, TableOrder.CENTRAL_2023) == "公开09表"
    assert table_number(TableCode.GOVERNMENT_FUND, TableOrder.CENTRAL_2023) == "公开07表"
    assert table_title(TableCode.BASIC, TableOrder.CENTRAL_2023) == "一般公共预算财政拨款基本支出决算明细表"


def test_24_class_variant_renumbers_the_summary_tables(db):
    classes = printed_classes(classes_2021(), SummaryClasses.WITHOUT_DEBT_24)
    assert len(classes) == 24 and "231" not in dict(classes)
    summary = layouts_for(classes)[TableCode.SUMMARY]
    income, expense = summary.sides
    assert [r.line_no for r in income.rows][-1] == 29
    assert expense.rows[0].line_no == 30 and expense.rows[-1].line_no == 58
    assert expense.rows[23].label == "二十四、抗疫特别国债安排的支出"
    fiscal = layouts_for(classes)[TableCode.FISCAL_SUMMARY]
    assert fiscal.sides[1].rows[-1].line_no == 60


def test_demo_computes_the_same_totals_in_the_24_class_variant(demo_report):
    demo_report.summary_classes = SummaryClasses.WITHOUT_DEBT_24
    grids = compute_tables(load_snapshot(demo_report))
    summary = grids[TableCode.SUMMARY]
    assert summary.row("expense.total").line_no == 58
    assert to_unit(summary.value("expense.subtotal", "amount"), Unit.WAN_YUAN) == Decimal("214.46")


def test_money_helpers_round_half_up_and_keep_blank():
    assert to_unit(Decimal("2144550.00"), Unit.WAN_YUAN) == Decimal("214.46")
    assert to_unit(Decimal("2144549.99"), Unit.WAN_YUAN) == Decimal("214.45")
    assert to_unit(None, Unit.WAN_YUAN) is None
    assert from_unit(Decimal("202.74"), Unit.WAN_YUAN) == Decimal("2027400.00")
    assert format_amount(Decimal("0")) == "0.00" and format_amount(None) == ""
    assert parse_decimal(" 1,234.50 ") == Decimal("1234.50") and parse_decimal("") is None
    assert rounding_tolerance(Unit.WAN_YUAN, 3) == Decimal("200") and rounding_tolerance(Unit.YUAN, 3) == 0
    with pytest.raises(ValueError, match="不是有效的数字"):
        parse_decimal("12元")
    with pytest.raises(TypeError):
        parse_decimal(1.5)
