"""A read-only snapshot of everything a report's tables hold, loaded in a constant number of queries.

The computation of printed totals, the rules and the renderers all read this snapshot, never the ORM.
"""
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q

from apps.reports.layouts import Layout, TableCode, layouts_for, printed_classes
from apps.reports.models import (
    BalanceFacts,
    EconomicSubject,
    FunctionalSubject,
    Report,
    ThreePublicExpenditure,
)

Amount = Decimal | None


@dataclass(frozen=True)
class LeafRow:
    """An entered 项 row: its code and the entered cells by column key, and the catalogue entry it names."""

    code: str
    values: dict[str, Amount]
    name: str = ""
    catalogue_year: int | None = None


class CatalogueEntry(NamedTuple):
    """A 功能分类 or 经济分类 subject of the year's catalogue (plain values: the catalogue is read on every check)."""

    code: str
    name: str

    @property
    def is_class(self) -> bool:
        return len(self.code) == 3


@dataclass
class ReportSnapshot:
    report: Report
    layouts: dict[str, Layout]
    subjects: dict[str, CatalogueEntry]  # every 功能分类 类/款/项 the tables mention, and every 类, by code
    economic: list[CatalogueEntry]  # the fiscal year's economic catalogue, by code
    functional_rows: dict[str, list[LeafRow]]  # table code → entered 项 rows
    basic_amounts: dict[str, Amount]  # 经济分类 款 code → 决算数 (公开06表)
    three_public: dict[str, Amount]
    facts: dict[str, Amount]  # BalanceFacts fields
    pins: dict[tuple[str, str, str], Decimal] = field(default_factory=dict)
    table_notes: dict[str, str] = field(default_factory=dict)
    basic_catalogue_years: dict[str, int] = field(default_factory=dict)  # 经济分类 款 code → its catalogue year

    @property
    def unit(self) -> str:
        return self.report.unit


def _amounts(instance, fields) -> dict[str, Amount]:
    return {f: getattr(instance, f) if instance is not None else None for f in fields}


def _leaves(queryset, columns: list[str], extra: tuple[str, ...] = ()) -> list:
    """Entered 项 rows as plain values (no model instances: a report may have hundreds of rows)."""
    rows = []
    for values in queryset.values_list(*extra, "subject__code", "subject__name", "subject__fiscal_year", *columns):
        head, (code, name, year), amounts = values[:len(extra)], values[len(extra):len(extra) + 3], values[len(extra) + 3:]
        leaf = LeafRow(code, dict(zip(columns, amounts)), name, year)
        rows.append((*head, leaf) if extra else leaf)
    return rows


def load_snapshot(report: Report) -> ReportSnapshot:
    """Load a report's tables: one query per kind of row, whatever the number of rows."""
    year = report.fiscal_year
    empty_layouts = layouts_for(())
    functional_rows: dict[str, list[LeafRow]] = {}
    sources = {
        TableCode.INCOME: report.income_lines.all(),
        TableCode.EXPENDITURE: report.expenditure_lines.all(),
        TableCode.GENERAL_BUDGET: report.general_budget_lines.all(),
    }
    for table, queryset in sources.items():
        functional_rows[table] = _leaves(queryset, [c.key for c in empty_layouts[table].entry_columns])
    fund_columns = [c.key for c in empty_layouts[TableCode.GOVERNMENT_FUND].entry_columns]
    for table in (TableCode.GOVERNMENT_FUND, TableCode.STATE_CAPITAL):
        functional_rows[table] = []
    for table, leaf in _leaves(report.fund_lines.all(), fund_columns, extra=("table",)):
        functional_rows[table].append(leaf)

    codes = {row.code for rows in functional_rows.values() for row in rows}
    needed = {c[:3] for c in codes} | {c[:5] for c in codes} | codes
    subjects, classes = {}, []
    for code, name, level in FunctionalSubject.objects.filter(fiscal_year=year).filter(
            Q(level=FunctionalSubject.Level.CLASS) | Q(code__in=needed)).order_by("code").values_list(
            "code", "name", "level"):
        subjects[code] = CatalogueEntry(code, name)
        if level == FunctionalSubject.Level.CLASS:
            classes.append((code, name))

    basic_lines = list(report.basic_lines.values_list("subject__code", "subject__fiscal_year", "amount"))
    three_public = ThreePublicExpenditure.objects.filter(report=report).first()
    balance = BalanceFacts.objects.filter(report=report).first()
    fact_fields = [f.name for f in BalanceFacts._meta.concrete_fields if f.name not in ("id", "report")]
    return ReportSnapshot(
        report=report,
        layouts=report.template.layouts(printed_classes(tuple(classes), report.summary_classes)),
        subjects=subjects,
        economic=[CatalogueEntry(*values) for values in
                  EconomicSubject.objects.filter(fiscal_year=year).order_by("code").values_list("code", "name")],
        functional_rows=functional_rows,
        basic_amounts={code: amount for code, _, amount in basic_lines},
        basic_catalogue_years={code: catalogue_year for code, catalogue_year, _ in basic_lines},
        three_public=_amounts(three_public, ThreePublicExpenditure.LEAVES),
        facts=_amounts(balance, fact_fields),
        pins={(p.table, p.row_key, p.column_key): p.value for p in report.pinned_totals.all()},
        table_notes={n.table: n.text for n in report.table_notes.all()},
    )
