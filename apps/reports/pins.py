"""Printed totals fixed to the approved figure (尾数调整): which totals may be pinned, to what, and writing the pin.

Writing here records nothing: the service `total_pin` records the pin it writes, an import records every value it
changes (its pins among them)."""
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from apps.reports.cells import describe_cell
from apps.reports.computation import CellKind, compute_tables
from apps.reports.models import PinnedTotal, Report
from apps.reports.money import CENT, format_amount, from_unit, rounding_tolerance, to_unit
from apps.reports.snapshot import load_snapshot


@dataclass(frozen=True)
class PinChange:
    where: str  # the cell as a person names it: 公开01表 …
    old: Decimal  # the figure printed before (元): the previous pin, or the computed sum
    new: Decimal  # the figure printed now (元)
    pin: PinnedTotal | None  # None: the total is printed as computed


def pin_write(report: Report, table: str, row: str, column: str, value: Decimal) -> PinChange:
    """Fix a printed total to the approved figure `value` (written in the report's unit).

    Allowed only for a computed total, and only when the approved figure lies within the rounding tolerance
    of the computed sum (0.005 × (parts + 1) of the unit; nothing for reports entered in 元). A value equal to
    the computed sum removes the pin. Raises ValidationError with a message that names the cell.
    """
    unit_label = report.get_unit_display()
    if value != value.quantize(CENT):
        raise ValidationError(f"尾数调整值 {value} 最多保留两位小数。", code="pin_precision")
    grid = compute_tables(load_snapshot(report))[table]
    cell = grid.cell(row, column)
    if cell is None:
        raise ValidationError(f"表中没有这一格：{table} {row} {column}。", code="pin_unknown_cell")
    where = describe_cell(grid, row, column, report.template)
    if cell.kind != CellKind.SUM:
        raise ValidationError(f"{where}不是合计数，不能做尾数调整。", code="pin_not_total")
    approved = from_unit(value, report.unit)
    computed = cell.exact if cell.exact is not None else Decimal("0.00")
    tolerance = rounding_tolerance(report.unit, cell.printed_parts)
    difference = approved - computed
    if abs(difference) > tolerance:
        raise ValidationError(
            f"{where}：批复数 {format_amount(value)} 与各项相加的 {format_amount(to_unit(computed, report.unit))} "
            f"相差 {format_amount(to_unit(difference, report.unit))} {unit_label}，超出{cell.printed_parts}项相加允许的尾数误差 "
            f"{format_amount(to_unit(tolerance, report.unit))} {unit_label}。",
            code="pin_beyond_tolerance",
        )
    lookup = dict(report=report, table=table, row_key=row, column_key=column)
    previous = PinnedTotal.objects.filter(**lookup).values_list("value", flat=True).first()
    old = computed if previous is None else previous
    if difference == 0:
        PinnedTotal.objects.filter(**lookup).delete()
        return PinChange(where, old, approved, None)
    pin, _ = PinnedTotal.objects.update_or_create(**lookup, defaults={"value": approved})
    return PinChange(where, old, approved, pin)
