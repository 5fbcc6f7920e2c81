"""A finance bureau's consolidated totals (汇总) for a fiscal year: sums over the published figures of its
departments, computed in the database (`PublishedLine`, `PublishedFigures`), kept (`ConsolidatedTotals`) under the
set of revisions they add up and refreshed at publication, and their workbook."""
import hashlib
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from openpyxl import Workbook
from openpyxl.styles import Font

from apps.accounts.spreadsheets import safe_text
from apps.bureau.models import ConsolidatedTotals
from apps.jobs.services import job_progress, job_succeed
from apps.reports.computation import compute_tables
from apps.reports.layouts import TableCode as T
from apps.reports.models import PublishedFigures, PublishedLine, Report
from apps.reports.money import Unit, to_unit
from apps.reports.selectors import latest_revisions
from apps.reports.snapshot import load_snapshot


@dataclass
class Block:
    title: str
    rows: list[tuple[str, str, Decimal]]  # code, label, total in 万元


def published_reports(bureau, year: int):
    """The latest published revision of each of the bureau's departments for the year."""
    return latest_revisions(Report.objects.filter(state=Report.State.PUBLISHED, fiscal_year=year,
                                                  department__parent=bureau))


CONSOLIDATED_TABLES = (T.SUMMARY, T.BASIC, T.THREE_PUBLIC)
CONSOLIDATION_VERSION = 1  # part of what kept totals are kept under: raise it when `_consolidate` changes


def _totals(reports) -> dict[tuple[str, str, str], Decimal]:
    """Σ of every printed figure of the consolidated tables over `reports`, by (table, row, column): one query,
    grouped on short keys (labels come from the layout, not from millions of stored rows)."""
    lines = PublishedLine.objects.filter(report__in=reports.values("pk"), table__in=CONSOLIDATED_TABLES)
    return {(table, row, column): total for table, row, column, total in
            lines.values_list("table", "row_key", "column_key").annotate(total=Sum("value")).order_by()}


def consolidated(bureau, year: int) -> tuple[int, list[Block]]:
    """(number of reports, blocks of totals in 万元): as kept when the same revisions were added up last, otherwise
    computed (and kept)."""
    reports = published_reports(bureau, year)
    ids = list(reports.order_by("pk").values_list("pk", flat=True))
    digest = hashlib.sha256(f"{CONSOLIDATION_VERSION}:{','.join(map(str, ids))}".encode()).hexdigest()
    kept = ConsolidatedTotals.objects.filter(bureau=bureau, fiscal_year=year, reports_digest=digest).first()
    if kept is None:
        blocks = _consolidate(reports, ids[0]) if ids else []
        kept, _ = ConsolidatedTotals.objects.update_or_create(bureau=bureau, fiscal_year=year, defaults={
            "reports_digest": digest, "reports": len(ids),
            "blocks": [(b.title, b.rows) for b in blocks]})
    return kept.reports, [Block(title, [(code, label, Decimal(total)) for code, label, total in rows])
                          for title, rows in kept.blocks]


def consolidation_refresh(report) -> None:
    """After a report's published figures were stored (a publication, `store_figures`): the totals of its bureau's
    year computed again now, not by their next viewer."""
    bureau = report.department.parent
    if bureau is not None:
        ConsolidatedTotals.objects.filter(bureau=bureau, fiscal_year=report.fiscal_year).delete()
        consolidated(bureau, report.fiscal_year)


def _consolidate(reports, sample_pk: int) -> list[Block]:
    """Blocks of totals in 万元 over `reports`, labelled as the report `sample_pk` prints them."""
    sample = Report.objects.get(pk=sample_pk)
    totals = _totals(reports)
    grids = compute_tables(load_snapshot(sample))

    def rows(table, keep, column="amount"):
        return [(row.code or "", row.label.split("、", 1)[-1], to_unit(totals[(table, row.key, column)], Unit.WAN_YUAN))
                for row in grids[table].rows if keep(row.key) and (table, row.key, column) in totals]

    three_public = grids[T.THREE_PUBLIC]
    figures = PublishedFigures.objects.filter(report__in=reports.values("pk")).aggregate(
        operating_cost=Sum("operating_cost"), basic=Sum("basic"), project=Sum("project"))
    return [
        Block("本年收入（公开01表）", rows(T.SUMMARY, lambda key: key.startswith("income."))),
        Block("本年支出按功能分类“类”（公开01表）", rows(T.SUMMARY, lambda key: key.startswith("class."))),
        Block("基本支出按经济分类（公开06表）", rows(T.BASIC, lambda key: True)),
        Block("“三公”经费（公开07表）", [
            ("", " · ".join((*column.groups, column.header)), to_unit(totals[(T.THREE_PUBLIC, "row", column.key)],
                                                                    Unit.WAN_YUAN))
            for column in three_public.layout.columns if (T.THREE_PUBLIC, "row", column.key) in totals]),
        Block("其他", [("", label, to_unit(figures[key] or Decimal(0), Unit.WAN_YUAN))
                     for key, label in (("basic", "基本支出"), ("project", "项目支出"), ("operating_cost", "机关运行经费"))]),
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


def consolidated_workbook_job(job) -> None:
    """The background job behind the dashboard's 汇总表: the workbook kept as the job's result file."""
    job_progress(job, 0, 1, "正在汇总")
    content = consolidated_workbook(job.organisation, job.fiscal_year)
    with transaction.atomic():
        name = f"{job.organisation.code}-{job.fiscal_year}-consolidated.xlsx"
        job_succeed(job, {"size": len(content)}, file_name=name, content=content)
