"""A finance bureau's consolidated totals (汇总) for a fiscal year: sums over the published figures of its
departments, computed in the database (`PublishedLine`, `PublishedFigures`), and their workbook."""
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from openpyxl import Workbook
from openpyxl.styles import Font

from apps.accounts.spreadsheets import safe_text
from apps.reports.layouts import TableCode as T
from apps.reports.models import PublishedFigures, PublishedLine, Report
from apps.reports.money import Unit, to_unit
from apps.reports.selectors import latest_revisions


@dataclass
class Block:
    title: str
    rows: list[tuple[str, str, Decimal]]  # code, label, total in 万元


def published_reports(bureau, year: int):
    """The latest published revision of each of the bureau's departments for the year."""
    return latest_revisions(Report.objects.filter(state=Report.State.PUBLISHED, fiscal_year=year,
                                                  department__parent=bureau))


def _sums(reports, table: str, column: str | None = None, row_prefix: str = "") -> list[tuple[str, str, Decimal]]:
    lines = PublishedLine.objects.filter(report__in=reports.values("pk"), table=table)
    if column:
        lines = lines.filter(column_key=column)
    if row_prefix:
        lines = lines.filter(row_key__startswith=row_prefix)
    group = ("code", "label") if column else ("column_key", "column_label")
    totals = lines.values(*group).annotate(total=Sum("value")).order_by(group[0])
    return [(t[group[0]] if column else "", t[group[1]], to_unit(t["total"], Unit.WAN_YUAN)) for t in totals]


def consolidated(bureau, year: int) -> tuple[int, list[Block]]:
    """(number of reports, blocks of totals in 万元)."""
    reports = published_reports(bureau, year)
    income = [(c, label.split("、", 1)[-1], v) for c, label, v in _sums(reports, T.SUMMARY, "amount", "income.")]
    figures = PublishedFigures.objects.filter(report__in=reports.values("pk")).aggregate(
        operating_cost=Sum("operating_cost"), basic=Sum("basic"), project=Sum("project"))
    return reports.count(), [
        Block("本年收入（公开01表）", income),
        Block("本年支出按功能分类“类”（公开01表）",
              [(c, label.split("、", 1)[-1], v) for c, label, v in _sums(reports, T.SUMMARY, "amount", "class.")]),
        Block("基本支出按经济分类（公开06表）", _sums(reports, T.BASIC, "amount")),
        Block("“三公”经费（公开07表）", _sums(reports, T.THREE_PUBLIC)),
        Block("其他", [("", "基本支出", to_unit(figures["basic"] or Decimal(0), Unit.WAN_YUAN)),
                     ("", "项目支出", to_unit(figures["project"] or Decimal(0), Unit.WAN_YUAN)),
                     ("", "机关运行经费", to_unit(figures["operating_cost"] or Decimal(0), Unit.WAN_YUAN))]),
    ]


def consolidated_workbook(bureau, year: int) -> bytes:
    count, blocks = consolidated(bureau, year)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年度汇总"
    sheet.append([safe_text(f"{bureau.name} {year}年度部门决算汇总（{count} 个部门，金额单位：万元）")])
    sheet["A1"].font = Font(bold=True, size=14)
    for block in blocks:
        sheet.append([])
        sheet.append([block.title])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.append(["科目编码", "项目", "金额"])
        for code, label, total in block.rows:
            sheet.append([code, safe_text(label), total])
            sheet.cell(sheet.max_row, 3).number_format = "0.00"
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
