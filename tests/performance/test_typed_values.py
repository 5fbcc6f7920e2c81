"""One reading of typed numbers everywhere: a 指标值 as people write it in WPS, Excel or any input method."""
from decimal import Decimal

import pytest

from apps.performance.models import parse_measured, parse_target
from apps.reports.stored_cells import parse_cell


@pytest.mark.parametrize("typed, read", [
    ("≥95%", (">=", Decimal("95"), "%")), ("≧95%", (">=", Decimal("95"), "%")), ("⩾ 95 %", (">=", Decimal("95"), "%")),
    ("≤10天", ("<=", Decimal("10"), "天")), ("≦10天", ("<=", Decimal("10"), "天")), ("＞９５％", (">", Decimal("95"), "%")),
    ("＜３", ("<", Decimal("3"), "")), ("＝１００％", ("=", Decimal("100"), "%")), ("达标", ("", None, "达标")),
])
def test_targets_are_read_whatever_symbols_wrote_them(typed, read):
    assert parse_target(typed) == read


def test_measured_values_and_amounts_take_full_width_digits():
    assert parse_measured("９６．５％") == (Decimal("96.5"), "%")
    assert parse_cell("１２３．４５", "wan_yuan", negative_allowed=False) == Decimal("1234500")
    assert parse_cell("−１．５", "yuan", negative_allowed=True) == Decimal("-1.5")
