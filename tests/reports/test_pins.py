"""A printed total can be pinned to the approved figure only within the rounding tolerance of its unit."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.accounts.models import User
from apps.reports.computation import compute_tables
from apps.reports.layouts import TableCode
from apps.reports.models import PinnedTotal
from apps.reports.money import Unit
from apps.reports.services.reports import total_pin
from apps.reports.snapshot import load_snapshot


def pin(report, value, table=TableCode.SUMMARY, row="income.total", column="amount"):
    return total_pin(report=report, table=table, row=row, column=column, value=Decimal(value),
                     by=User.objects.get(username="kuaiji"))


def test_pin_beyond_the_rounding_tolerance_is_refused(demo_report):
    # 总计 = 本年收入合计 (202.74) + 使用非财政拨款结余 (0) + 年初结转和结余 (11.71): two rounded figures and the
    # total's own rounding, so at most 0.005 × 3 = 0.015 万元 (a printed 0.00 is an exact zero).
    with pytest.raises(ValidationError) as raised:
        pin(demo_report, "214.47")
    error = raised.value
    assert error.code == "pin_beyond_tolerance"
    assert error.message == (
        "公开01表 第31行“总 计” 第1栏“金额”印制为 214.47 万元，各项相加为 214.45 万元，相差 0.02 万元，"
        "超出允许的尾数误差 0.015 万元。请改正这个数，或清空它由系统计算。"
    )
    assert PinnedTotal.objects.get(report=demo_report, table=TableCode.SUMMARY).value == Decimal("2144600.00")


def test_pin_at_the_edge_of_the_tolerance_is_accepted(demo_report):
    pin(demo_report, "214.44")
    grid = compute_tables(load_snapshot(demo_report))[TableCode.SUMMARY]
    assert grid.value("income.total", "amount") == Decimal("2144400.00")


def test_pin_equal_to_the_computed_sum_removes_the_pin(demo_report):
    assert pin(demo_report, "214.45") is None
    assert not PinnedTotal.objects.filter(report=demo_report, table=TableCode.SUMMARY).exists()


def test_report_entered_in_yuan_tolerates_no_difference(demo_report):
    demo_report.unit = Unit.YUAN
    demo_report.save()
    with pytest.raises(ValidationError) as raised:
        pin(demo_report, "2144500.01")
    assert raised.value.code == "pin_beyond_tolerance"
    assert "允许的尾数误差 0.00 元" in raised.value.message


def test_only_totals_can_be_pinned(demo_report):
    with pytest.raises(ValidationError) as raised:
        pin(demo_report, "187.24", table=TableCode.EXPENDITURE, row="2010306", column="basic")
    assert raised.value.code == "pin_not_total"
    with pytest.raises(ValidationError) as raised:
        pin(demo_report, "11.71", row="income.opening")
    assert raised.value.code == "pin_not_total"


def test_pin_needs_two_decimals_at_most(demo_report):
    with pytest.raises(ValidationError) as raised:
        pin(demo_report, "214.455")
    assert raised.value.code == "pin_precision"
