"""Printed figures of computed cells: a total fixed to the approved figure (尾数调整), or any total or figure taken
from another table as an imported document prints it; which cells may hold one, and writing it.

Writing here records nothing: the service `total_pin` records the pin it writes, an import records every value it
changes (its pins among them)."""
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from apps.reports.cells import describe_cell
from apps.reports.computation import PRINTED_KINDS, CellKind, compute_tables
from apps.reports.models import PinnedTotal, Report
from apps.reports.money import CENT, format_amount, from_unit, rounding_tolerance, to_unit, tolerance_in_unit
from apps.reports.snapshot import load_snapshot

ENTERED_CELL = "是填报数，不是合计数或取自其他表的数，不能另记印制数。"


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
    if value != value.quantize(CENT):
        raise ValidationError(f"尾数调整值 {value} 最多保留两位小数。", code="pin_precision")
    grid = compute_tables(load_snapshot(report))[table]
    cell = grid.cell(row, column)
    if cell is None:
        raise ValidationError(f"表中没有这一格：{table} {row} {column}。", code="pin_unknown_cell")
    where = describe_cell(grid, row, column, report.template)
    if cell.kind not in PRINTED_KINDS:
        raise ValidationError(f"{where}{ENTERED_CELL}", code="pin_not_total")
    approved = from_unit(value, report.unit)
    computed = cell.exact if cell.exact is not None else Decimal("0.00")
    tolerance = rounding_tolerance(report.unit, cell.part_terms)
    difference = approved - computed
    if within_tolerance and abs(difference) > tolerance:
        detail = beyond_tolerance(report, cell, approved)
        raise ValidationError(f"{where}{detail}", code="pin_beyond_tolerance", params={"detail": detail})
    lookup = dict(report=report, table=table, row_key=row, column_key=column)
    previous = PinnedTotal.objects.filter(**lookup).values_list("value", flat=True).first()
    old = computed if previous is None else previous
    if difference == 0:
        PinnedTotal.objects.filter(**lookup).delete()
        return PinChange(where, old, approved, None)
    pin, _ = PinnedTotal.objects.update_or_create(**lookup, defaults={"value": approved})
    return PinChange(where, old, approved, pin)


def beyond_tolerance(report: Report, cell, printed: Decimal) -> str:
    """Why a printed figure (元) is refused: the figures and the real tolerance, naming no cell (the caller does)."""
    unit_label, computed = report.get_unit_display(), cell.exact if cell.exact is not None else Decimal("0.00")
    return (f"印制为 {format_amount(to_unit(printed, report.unit))} {unit_label}，"
            f"{'所取的数' if cell.kind == CellKind.DERIVED else '各项相加'}为 {format_amount(to_unit(computed, report.unit))} "
            f"{unit_label}，相差 {format_amount(to_unit(printed - computed, report.unit))} {unit_label}，超出允许的尾数误差 "
            f"{tolerance_in_unit(rounding_tolerance(report.unit, cell.part_terms), report.unit)} {unit_label}。"
            f"请改正这个数，或清空它由系统计算。")


def printed_figures_write(report: Report, figures: list[tuple[str, str, str, Decimal]], *,
                          within_tolerance: bool) -> list[tuple[str, str, str, str]]:
    """Give computed cells the figures a document prints ((table, row, column, figure in 元), the report holding
    no other pin), all at once: each is judged against its parts as the document prints them (whatever their
    order). A figure equal to what its parts give is not kept (the cell goes on being computed); with
    `within_tolerance` (a draft), figures beyond their tolerance are refused. Returns the cells not kept, each
    (table, row, column, why)."""
    grids = compute_tables(load_snapshot(report))
    refused, pins, seen = [], [], set()
    for table, row, column, amount in figures:
        cell = grids[table].cell(row, column) if table in grids else None
        if (table, row, column) in seen:
            refused.append((table, row, column, "这一格的印制数出现了不止一次，请只保留一个。"))
            continue
        seen.add((table, row, column))
        if cell is None:
            refused.append((table, row, column, "表中没有这一格。"))
        elif cell.kind not in PRINTED_KINDS:
            refused.append((table, row, column, ENTERED_CELL))
        else:
            pins.append(PinnedTotal(report=report, table=table, row_key=row, column_key=column, value=amount))
    PinnedTotal.objects.bulk_create(pins)

    def cell_of(pin):
        return grids[pin.table].cell(pin.row_key, pin.column_key)

    grids = compute_tables(load_snapshot(report))
    removed = [pin for pin in pins if cell_of(pin).value == cell_of(pin).exact]  # as its parts give it: computed
    PinnedTotal.objects.filter(pk__in=[pin.pk for pin in removed]).delete()
    while removed:  # a cell computed without its pin may still differ (its parts' own pins): kept after all
        grids = compute_tables(load_snapshot(report))
        back = [pin for pin in removed if cell_of(pin).value != pin.value]
        if not back:
            break
        PinnedTotal.objects.bulk_create(PinnedTotal(report=report, table=p.table, row_key=p.row_key,
                                                    column_key=p.column_key, value=p.value) for p in back)
        removed = [pin for pin in removed if pin not in back]
    for pin in pins if within_tolerance else ():
        cell = cell_of(pin)
        if cell.pinned and cell.slip:
            refused.append((pin.table, pin.row_key, pin.column_key, beyond_tolerance(report, cell, pin.value)))
    return refused
