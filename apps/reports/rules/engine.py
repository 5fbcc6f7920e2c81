"""The rule engine (审核公式): rules are pure functions over a read-only snapshot of a report.

Every rule has a stable code, the severity of a violation, a plain-Chinese title for the catalogue and the
fiscal years it applies to. A check yields findings: a message that names table, row and column and shows
both sides and the difference, and the cells involved so that a page can highlight them. Differences within
the rounding tolerance of the report's entry unit are information (尾数误差), never errors.

Rules are collected from the modules listed in `settings.REPORT_RULE_MODULES`; a module may also provide
`load(report)` to add its own data to the snapshot (that is how the performance sheets join in without
`reports` importing `performance`).
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.db import models

from apps.reports.cells import column_of, describe_cell
from apps.reports.computation import Cell, CellRef, Grid, compute_tables
from apps.reports.extensions import modules
from apps.reports.memory import collector_paused
from apps.reports.money import HALF_DIGIT_YUAN, Unit, format_amount, to_unit, tolerance_in_unit
from apps.reports.snapshot import ReportSnapshot, load_snapshot


class Severity(models.TextChoices):
    ERROR = "error", "错误"
    WARNING = "warning", "警告"
    INFO = "info", "提示"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    cells: tuple[CellRef, ...] = ()

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "cells": [{"table": c.table, "row": c.row, "column": c.column} for c in self.cells],
        }


@dataclass(frozen=True)
class Rule:
    code: str
    title: str  # what the rule demands, in plain Chinese (the catalogue shows it)
    severity: str  # of a violation beyond the rounding tolerance
    check: Callable[["Rule", "Context"], Iterable[Finding]]
    basis: str = ""  # where the rule comes from, e.g. 审核公式 5
    since: int | None = None  # first fiscal year it applies to
    until: int | None = None  # last fiscal year it applies to

    def applies_to(self, fiscal_year: int) -> bool:
        return (self.since is None or fiscal_year >= self.since) and (self.until is None or fiscal_year <= self.until)

    @property
    def years(self) -> str:
        if self.since is None and self.until is None:
            return "所有年度"
        if self.until is None:
            return f"{self.since} 年度起"
        if self.since is None:
            return f"{self.until} 年度及以前"
        return f"{self.since}–{self.until} 年度"

    def finding(self, message: str, cells=(), severity: str | None = None) -> Finding:
        return Finding(self.code, severity or self.severity, message, tuple(cells))


@dataclass
class Context:
    """What a check reads: the snapshot, the computed tables and any data other apps loaded."""

    snapshot: ReportSnapshot
    grids: dict[str, Grid]
    extras: dict = field(default_factory=dict)

    @property
    def report(self):
        return self.snapshot.report

    @property
    def unit_label(self) -> str:
        return Unit(self.report.unit).label

    def cell(self, ref: CellRef) -> Cell:
        return self.grids[ref.table].cell(ref.row, ref.column) or Cell(None)

    def describe(self, ref: CellRef, with_table: bool = True) -> str:
        return describe_cell(self.grids[ref.table], ref.row, ref.column, self.report.template, with_table)

    def money(self, amount: Decimal | None) -> str:
        """An amount in 元 as written in the report's unit, with the unit: “214.46 万元”."""
        return f"{format_amount(to_unit(amount or Decimal(0), self.report.unit))} {self.unit_label}"

    def tolerance_money(self, tolerance: Decimal) -> str:
        """A rounding tolerance (元) as written in the report's unit, exactly: “0.015 万元”."""
        return f"{tolerance_in_unit(tolerance, self.report.unit)} {self.unit_label}"

    def tolerance(self, terms: int) -> Decimal:
        """Rounding tolerance (元) of a comparison between sums of `terms` rounded figures."""
        return HALF_DIGIT_YUAN[Unit(self.report.unit)] * terms

    def short_label(self, ref: CellRef, beside: CellRef) -> str:
        """How a part of a sum is named next to the sum: its column header in the same row, else its row."""
        grid = self.grids[ref.table]
        if ref.table == beside.table and ref.row == beside.row:
            return column_of(grid, ref.row, ref.column).header
        row = grid.row(ref.row)
        label = row.label.split("、", 1)[-1] if row.line_no else row.label
        return f"{row.code} {label}" if row.code and not row.line_no else label


# --- collecting and running the rules ------------------------------------------------------------------------


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, in the order the modules declare them (tables, data quality, performance sheets)."""
    rules = tuple(rule for module in modules("REPORT_RULE_MODULES") for rule in module.RULES)
    codes = [r.code for r in rules]
    duplicated = {c for c in codes if codes.count(c) > 1}
    if duplicated:
        raise ValueError(f"duplicate rule codes: {sorted(duplicated)}")
    return rules


def rules_for(fiscal_year: int) -> list[Rule]:
    return [rule for rule in all_rules() if rule.applies_to(fiscal_year)]


@dataclass
class CheckResult:
    findings: list[Finding]

    def of(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    @property
    def errors(self) -> list[Finding]:
        return self.of(Severity.ERROR)

    @property
    def warnings(self) -> list[Finding]:
        return self.of(Severity.WARNING)

    @property
    def infos(self) -> list[Finding]:
        return self.of(Severity.INFO)


def check_snapshot(snapshot: ReportSnapshot, extras: dict | None = None, grids: dict | None = None) -> CheckResult:
    """Run every rule of the report's fiscal year (pass `grids` when the caller computed them already)."""
    context = Context(snapshot, grids or compute_tables(snapshot), extras or {})
    findings = [
        finding for rule in rules_for(snapshot.report.fiscal_year) for finding in rule.check(rule, context)
    ]
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.code))
    return CheckResult(findings)


def load_extras(report) -> dict:
    return {module.__name__: module.load(report) for module in modules("REPORT_RULE_MODULES")
            if hasattr(module, "load")}


def check_report(report) -> CheckResult:
    """Load a report in a constant number of queries and run every rule of its fiscal year."""
    with collector_paused():  # the computed tables are tens of thousands of small objects (memory.py)
        return check_snapshot(load_snapshot(report), load_extras(report))
