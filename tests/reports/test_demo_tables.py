"""The demo report holds every figure the reference document prints, computed from the leaf facts."""
from decimal import Decimal

import pytest

from apps.reports.computation import CellKind, compute_tables
from apps.reports.layouts import TableCode
from apps.reports.models import PinnedTotal
from apps.reports.money import to_unit
from apps.reports.seed_format import printed_cells
from apps.reports.services.demo import DEMO_FILE
from apps.reports.snapshot import load_snapshot
from tests.conftest import SHARED_SEED

# Cells printed in each table of the seed (rows × columns), so that nothing is silently skipped.
PRINTED_CELLS_PER_TABLE = {
    TableCode.SUMMARY: 31 + 31,
    TableCode.INCOME: (11 + 1) * 7,
    TableCode.EXPENDITURE: (14 + 1) * 6,
    TableCode.FISCAL_SUMMARY: 32 + 32 * 4,
    TableCode.GENERAL_BUDGET: (14 + 1) * 3,
    TableCode.BASIC: 80 + 2,
    TableCode.THREE_PUBLIC: 12,
    TableCode.GOVERNMENT_FUND: 6,
    TableCode.STATE_CAPITAL: 6,
}


@pytest.fixture
def printed_and_held(demo_report, seed):
    snapshot = load_snapshot(demo_report)
    grids = compute_tables(snapshot)
    return printed_cells(seed, snapshot.layouts), grids


@pytest.mark.parametrize("table", list(TableCode))
def test_every_printed_figure_equals_the_held_cell(printed_and_held, demo_report, table):
    printed, grids = printed_and_held
    grid = grids[table]
    expected = {(row, col): value for (t, row, col), value in printed.items() if t == table}
    assert len(expected) == PRINTED_CELLS_PER_TABLE[table]
    held = {
        (row.key, col): to_unit(cell.value, demo_report.unit) for row in grid.rows for col, cell in row.cells.items()
    }
    # Same cells (no row or column missing or added) and the same figures, blank distinct from 0.00.
    assert held == expected


def test_printed_totals_are_computed_not_entered(printed_and_held):
    _, grids = printed_and_held
    expenditure = grids[TableCode.EXPENDITURE]
    assert expenditure.cell("total", "total").kind == CellKind.SUM
    assert expenditure.cell("201", "basic").kind == CellKind.SUM
    assert expenditure.cell("2010306", "basic").kind == CellKind.ENTERED
    assert grids[TableCode.SUMMARY].cell("class.201", "amount").kind == CellKind.DERIVED
    assert grids[TableCode.BASIC].cell("personnel_total", "amount").kind == CellKind.SUM


def test_the_only_pinned_cells_are_the_two_rounded_totals(printed_and_held, demo_report):
    """The seed prints 总计 214.46 in 公开01表 and 公开04表 where 202.74 + 11.71 = 214.45."""
    _, grids = printed_and_held
    pinned = {
        (grid.code, row.key, col): (to_unit(cell.exact, "wan_yuan"), to_unit(cell.value, "wan_yuan"))
        for grid in grids.values() for row in grid.rows for col, cell in row.cells.items() if cell.pinned
    }
    assert pinned == {
        (TableCode.SUMMARY, "income.total", "amount"): (Decimal("214.45"), Decimal("214.46")),
        (TableCode.FISCAL_SUMMARY, "income.total", "amount"): (Decimal("214.45"), Decimal("214.46")),
    }
    assert PinnedTotal.objects.filter(report=demo_report).count() == 2


def test_summary_rows_carry_the_printed_line_numbers(printed_and_held):
    _, grids = printed_and_held
    summary = grids[TableCode.SUMMARY]
    assert (summary.row("income.total").line_no, summary.row("expense.total").line_no) == (31, 62)
    assert summary.row("class.210").label == "九、卫生健康支出"
    fiscal = grids[TableCode.FISCAL_SUMMARY]
    assert (fiscal.row("income.opening.general_budget").line_no, fiscal.row("expense.total").line_no) == (29, 64)


def test_vendored_demo_file_is_the_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip("shared/ is not beside this checkout")
    assert DEMO_FILE.read_bytes() == SHARED_SEED.read_bytes()
