"""Reading an incoming document (JSON as is, or a workbook read into one): its structure checked against the schema,
its year and unit against the target report, every 项 against the catalogue; amounts become 元."""
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from apps.documents.interchange.document import TEXT_PARTS, Problem, TextPart, is_amount, layouts_of
from apps.documents.interchange.schema import structure_problems
from apps.reports.extensions import modules
from apps.reports.layouts import FunctionalLayout, TableCode, may_be_negative
from apps.reports.models import FunctionalSubject, Report
from apps.reports.money import parse_decimal
from apps.reports.stored_cells import column_header, current_values, fact_cells, parse_cell


@dataclass
class ParsedReport:
    """An incoming document checked against the catalogue, amounts in 元, ready to be written."""

    tables: dict[str, dict[tuple[str, str], Decimal | None]]
    pins: list[tuple[str, str, str, Decimal]]  # table, row, column, printed value in the report's unit
    texts: dict[str, list[dict]]
    extra: dict  # the parts other apps read (sheets)


def parse_document(data: dict, report: Report) -> tuple[ParsedReport | None, list[Problem]]:
    """Check an incoming document against the target report's year and unit; amounts become 元."""
    problems = structure_problems(data)
    if problems:
        return None, problems
    if data["fiscal_year"] != report.fiscal_year:
        problems.append(Problem("$.fiscal_year", f"文件为 {data['fiscal_year']} 年度，导入目标为 {report.fiscal_year} 年度。"))
    if data["unit"] != report.unit:
        problems.append(Problem("$.unit", f"文件的金额单位为“{data['unit']}”，与目标决算（{report.get_unit_display()}）不同。"))
    if problems:
        return None, problems
    layouts = layouts_of(report)
    catalogue = {s.code: s for s in FunctionalSubject.objects.filter(fiscal_year=report.fiscal_year)}
    tables = {}
    for table, rows in data["tables"].items():
        tables[table] = _parse_table(table, rows, layouts[table], report, catalogue, problems)
    _same_facts(tables, layouts, report, problems)
    pins = []
    for i, pin in enumerate(data["printed_totals"]):
        try:
            parse_cell(pin["value"], report.unit, True)  # the checks of a typed figure
            pins.append((pin["table"], pin["row"], pin["column"], parse_decimal(pin["value"])))
        except ValueError as exc:
            problems.append(Problem(f"$.printed_totals[{i}].value", str(exc)))
    texts = {}
    for part in TEXT_PARTS:
        value = data.get(part.key)
        rows = value if part.many else ([value] if value else [])
        texts[part.key] = [_parse_text_row(row, part, report, catalogue, f"$.{part.key}[{i}]", problems)
                           for i, row in enumerate(rows)]
        problems += _repeated_rows(part, rows)
    extra = {}
    for module in modules("REPORT_DOCUMENT_MODULES"):
        extra[module.KEY] = data.get(module.KEY) or []
        problems += module.problems(extra[module.KEY], report.unit)
    errors = [p for p in problems if p.severity == "error"]
    return (None if errors else ParsedReport(tables, pins, texts, extra)), problems


def item_problem(code: str, name: str | None, catalogue: dict, year: int) -> str | None:
    """Why a 功能分类 code cannot be a 项 row of the year (None when it can): unknown, not a 项, name differs."""
    subject = catalogue.get(code)
    if subject is None:
        return f"功能分类科目 {code} 不在 {year} 年科目表中。"
    if subject.level != FunctionalSubject.Level.ITEM:
        return f"{code} {subject.name} 不是“项”级科目，只能填报到项。"
    if name is not None and name.strip() and name.strip() != subject.name:
        return f"科目 {code} 在 {year} 年科目表中名为“{subject.name}”，表中写作“{name.strip()}”。"
    return None


def _parse_table(table, rows, layout, report, catalogue, problems) -> dict:

    expected = None if isinstance(layout, FunctionalLayout) else set(current_values(report, table, layout))
    columns = {c.key for c in layout.entry_columns} if isinstance(layout, FunctionalLayout) else None
    values = {}
    number = report.table_number(table)
    for row, cells in rows.items():
        where = f"{number} {row}"
        if columns is not None:
            problem = item_problem(row, None, catalogue, report.fiscal_year)
            if problem:
                problems.append(Problem(where, problem))
                continue
        for column, text in cells.items():
            if columns is not None and column not in columns or expected is not None and (row, column) not in expected:
                problems.append(Problem(f"{where} {column}", f"{number}没有这一栏：{row} {column}。"))
                continue
            try:
                values[(row, column)] = parse_cell(text, report.unit, may_be_negative(layout, row, column))
            except ValueError as exc:
                problems.append(Problem(f"{where} {column_header(layout, row, column)}", str(exc)))
    return values


def _same_facts(tables, layouts, report, problems):
    """公开01表 and 公开04表 print some of the same entered facts: they must agree."""
    seen = {}
    for table in (TableCode.SUMMARY, TableCode.FISCAL_SUMMARY):
        number = report.table_number(table)
        for cell, name in fact_cells(layouts[table]).items():
            if cell in tables.get(table, {}):
                value = tables[table][cell]
                if name in seen and seen[name][1] != value:
                    problems.append(Problem(f"{number} {cell[0]}", f"与{seen[name][0]}中的同一数字不一致。"))
                seen.setdefault(name, (number, value))


def _repeated_rows(part: TextPart, rows: list[dict]) -> list[Problem]:
    """Rows that a unique constraint of the part's model forbids (two 名词解释 of the same 名词…)."""
    found = []
    for constraint in part.model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or constraint.condition is not None:
            continue
        fields = [part.model._meta.get_field(name) for name in constraint.fields if name != "report"]
        first = {}
        for i, row in enumerate(rows):
            key = tuple(row.get("code" if field.is_relation else field.name) for field in fields)
            if key in first:
                found.append(Problem(f"$.{part.key}[{i}]", f"与第 {first[key] + 1} 项重复"
                                     f"（{'、'.join(str(field.verbose_name) for field in fields)}相同）。"))
            first.setdefault(key, i)
    return found


def _parse_text_row(row, part, report, catalogue, where, problems) -> dict:
    parsed = {}
    for name in part.fields:
        field = part.model._meta.get_field(name)
        if field.is_relation:
            problem = item_problem(row.get("code", ""), None, catalogue, report.fiscal_year)
            if problem:
                problems.append(Problem(f"{where}.code", problem))
            parsed[name] = catalogue.get(row.get("code", ""))
        elif is_amount(field):
            try:
                parsed[name] = parse_cell(row.get(name), report.unit, False)
            except ValueError as exc:
                problems.append(Problem(f"{where}.{name}", str(exc)))
        elif name in row:
            value = row[name]
            limit = getattr(field, "max_length", None)
            if isinstance(value, str) and limit and len(value) > limit:
                problems.append(Problem(f"{where}.{name}", f"“{field.verbose_name}”超过 {limit} 字。"))
            parsed[name] = value
    return parsed
