"""Table layouts and their variants are data: the class-count variant and the edition change numbering; which
entered cells may be negative is declared on them."""
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from apps.entry.forms import VALUE, GridForm, cell_field_name
from apps.reports.computation import compute_tables
from apps.reports.editions import edition
from apps.reports.layouts import (
    FUNCTIONAL_TABLES,
    SummaryClasses,
    TableCode,
    chinese_ordinal,
    layouts_for,
    may_be_negative,
    printed_classes,
)
from apps.reports.models import FunctionalSubject
from apps.reports.money import Unit, format_amount, from_unit, parse_decimal, rounding_tolerance, to_unit
from apps.reports.rules import check_snapshot
from apps.reports.snapshot import LeafRow, load_snapshot
from apps.reports.stored_cells import cells_write, current_values, fact_cells, typed_cells


def classes_2021():
    return tuple(FunctionalSubject.objects.filter(fiscal_year=2021, level=1).values_list("code", "name"))


def test_chinese_ordinals():
    assert [chinese_ordinal(n) for n in (1, 9, 10, 11, 19, 20, 24, 26)] == [
        "一", "九", "十", "十一", "十九", "二十", "二十四", "二十六"]


def test_table_numbers_follow_the_edition():
    henan, central = edition("henan-2021"), edition("central-2023")
    assert henan.number(TableCode.THREE_PUBLIC) == "公开07表"
    assert henan.number(TableCode.GOVERNMENT_FUND) == "公开08表"
    assert central.number(TableCode.THREE_PUBLIC) == "公开09表"
    assert central.number(TableCode.GOVERNMENT_FUND) == "公开07表"
    assert central.title(TableCode.BASIC) == "一般公共预算财政拨款基本支出决算明细表"
    assert henan.title(TableCode.BASIC) == "一般公共预算财政拨款基本支出决算表"


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


class _Undo(Exception):
    pass


def test_signed_cells_are_declared_once_and_entry_rules_and_database_agree(demo_report):
    """Which entered cells may be negative is declared on the layout (`signed`); for every typed cell of every table,
    the entry refuses -1, the rule DQ-03 flags it and the database refuses it exactly when it is not declared so."""
    add = ["2010306"]  # a 项 row, so that the empty 公开08表/09表 have typed cells too
    snapshot = load_snapshot(demo_report)
    declared, refused_by_entry, refused_by_database, negative = set(), set(), set(), {}
    for table, layout in snapshot.layouts.items():
        cells = typed_cells(current_values(demo_report, table, layout), layout, add)
        declared |= {(table, *cell) for cell in cells if may_be_negative(layout, *cell)}
        form = GridForm({"action": "add", "add_code": add[0], **{cell_field_name(VALUE, cell): "-1" for cell in cells}},
                        report=demo_report, table=table, layout=layout)
        form.is_valid()
        refused_by_entry |= {(table, *cell) for cell, message in form.cell_errors.items() if "不能填报负数" in message}
        for cell in cells:
            try:
                with transaction.atomic():
                    cells_write(demo_report, table, layout, {cell: Decimal("-1")}, add, ())
                    raise _Undo
            except IntegrityError:
                refused_by_database.add((table, *cell))
            except _Undo:
                pass
        negative[table] = cells
    for table, cells in negative.items():  # the database holds no such figure: the rule reads it from a snapshot
        for row, column in cells:
            if table in FUNCTIONAL_TABLES:
                rows = snapshot.functional_rows[table]
                leaf = next((leaf for leaf in rows if leaf.code == row), None)
                if leaf is None:
                    leaf = LeafRow(row, {}, catalogue_year=2021)
                    rows.append(leaf)
                leaf.values[column] = Decimal("-1")
            elif table == TableCode.BASIC:
                snapshot.basic_amounts[row] = Decimal("-1")
            elif table == TableCode.THREE_PUBLIC:
                snapshot.three_public[column] = Decimal("-1")
            else:
                snapshot.facts[fact_cells(snapshot.layouts[table])[(row, column)]] = Decimal("-1")
    flagged = {(c.table, c.row, c.column) for f in check_snapshot(snapshot).findings if f.code == "DQ-03" for c in f.cells}
    every = {(table, *cell) for table, cells in negative.items() for cell in cells}
    assert len(every) > 100 and refused_by_entry == refused_by_database == flagged == every - declared
    assert declared == {
        (TableCode.SUMMARY, "income.opening", "amount"), (TableCode.SUMMARY, "expense.closing", "amount"),
        (TableCode.SUMMARY, "expense.surplus_distribution", "amount"),
        (TableCode.FISCAL_SUMMARY, "income.opening.general_budget", "amount"),
        (TableCode.FISCAL_SUMMARY, "expense.closing", "general_budget"),
        *((table, "2010306", column) for table in (TableCode.GOVERNMENT_FUND, TableCode.STATE_CAPITAL)
          for column in ("opening", "closing")),
    }
