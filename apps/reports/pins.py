"""Printed figures of computed cells: a total fixed to the approved figure (尾数调整), or any total or figure taken
from another table as an imported document prints it; which cells may hold one, and writing it.

Writing here records nothing: the service `total_pin` records the pin it writes, an import records every value it
changes (its pins among them)."""
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from apps.reports.cells import describe_cell
from apps.reports.computation import CellKind, compute_tables
from apps.reports.models import PinnedTotal, Report
from apps.reports.money import CENT, format_amount, from_unit, rounding_tolerance, to_unit, tolerance_in_unit
from apps.reports.snapshot import load_snapshot


@dataclass(frozen=True)
class PinChange:
    where: str  # the cell as a person names it: 公开01表 …
    old: Decimal  # the figure printed before (元): the previous pin, or the computed sum
    new: Decimal  # the figure printed now (元)
    pin: PinnedTotal | None  # None: the total is printed as computed


def pin_write(report: Report, table: str, row: str, column: str, value: Decimal, *,
              within_tolerance: bool = True) -> PinChange:
    """Give a computed cell (a total, or a figure taken from another table) the figure `value` a document prints
    there (written in the report's unit).

    A total fixed by hand (尾数调整, `within_tolerance`) must lie within the rounding tolerance of what its parts as
    printed add up to (0.005 × (rounded figures + 1) of the unit; nothing for reports entered in 元); an imported
    document keeps every figure as printed, and the rules report any difference. A value equal to the computed
    one removes the pin. Raises ValidationError with a message that names the cell once.
    """
    unit_label = report.get_unit_display()
    if value != value.quantize(CENT):
        raise ValidationError(f"尾数调整值 {value} 最多保留两位小数。", code="pin_precision")
    grid = compute_tables(load_snapshot(report))[table]
    cell = grid.cell(row, column)
    if cell is None:
        raise ValidationError(f"表中没有这一格：{table} {row} {column}。", code="pin_unknown_cell")
    where = describe_cell(grid, row, column, report.template)
    if cell.kind not in (CellKind.SUM, CellKind.DERIVED):
        raise ValidationError(f"{where}是填报数，不是合计数或取自其他表的数，不能另记印制数。", code="pin_not_total")
    approved = from_unit(value, report.unit)
    computed = cell.exact if cell.exact is not None else Decimal("0.00")
    tolerance = rounding_tolerance(report.unit, cell.part_terms)
    difference = approved - computed
    if within_tolerance and abs(difference) > tolerance:
        detail = (f"印制为 {format_amount(value)} {unit_label}，{'所取的数' if cell.kind == CellKind.DERIVED else '各项相加'}"
                  f"为 {format_amount(to_unit(computed, report.unit))} {unit_label}，相差 "
                  f"{format_amount(to_unit(difference, report.unit))} {unit_label}，超出允许的尾数误差 "
                  f"{tolerance_in_unit(tolerance, report.unit)} {unit_label}。请改正这个数，或清空它由系统计算。")
        raise ValidationError(f"{where}{detail}", code="pin_beyond_tolerance", params={"detail": detail})
    lookup = dict(report=report, table=table, row_key=row, column_key=column)
    previous = PinnedTotal.objects.filter(**lookup).values_list("value", flat=True).first()
    old = computed if previous is None else previous
    if difference == 0:
        PinnedTotal.objects.filter(**lookup).delete()
        return PinChange(where, old, approved, None)
    pin, _ = PinnedTotal.objects.update_or_create(**lookup, defaults={"value": approved})
    return PinChange(where, old, approved, pin)
