"""Printed figures as a document prints them (issue 19): a total is judged against its parts as printed one level
down, with the tolerance of the rounded figures involved, stated exactly; a figure taken from another table can be
printed too and is judged against that table; a slip is reported once, on its own cell; a draft's import keeps a
printed figure within its tolerance and refuses it beyond, with one located message; a published document keeps
every figure as printed and the rules report the differences."""
from decimal import Decimal

from apps.documents.interchange.document import export_document
from apps.documents.interchange.importing import document_import
from apps.reports.computation import CellRef, compute_tables
from apps.reports.layouts import TableCode as T
from apps.reports.models import PinnedTotal
from apps.reports.rules import Severity, check_report
from apps.reports.snapshot import load_snapshot
from tests.helpers import user


def printed(report, table, row, column, value):
    PinnedTotal.objects.update_or_create(report=report, table=table, row_key=row, column_key=column,
                                         defaults={"value": Decimal(value) * 10000})


def findings_at(report, table, row, column):
    ref = CellRef(table, row, column)
    return [f for f in check_report(report).findings if f.cells and f.cells[0] == ref]


def test_a_document_consistent_as_printed_is_not_refused(demo_report):
    # 302 商品和服务支出 printed 0.03 above its many 302xx rows (their rounding); 公用经费合计 printed as 302 + 307
    # + 310 + 399 as printed. Judged against the 302xx rows two levels down it would be an error.
    before = compute_tables(load_snapshot(demo_report))[T.BASIC]
    assert before.value("302", "amount") == Decimal("143000.00") and before.cell("302", "amount").part_terms >= 6
    printed(demo_report, T.BASIC, "302", "amount", "14.33")
    printed(demo_report, T.BASIC, "public_total", "amount", "14.33")
    result = check_report(demo_report)
    assert result.errors == []
    own = findings_at(demo_report, T.BASIC, "302", "amount")
    assert [(f.code, f.severity) for f in own] == [("T06-01", Severity.INFO)]
    assert findings_at(demo_report, T.BASIC, "public_total", "amount") == []  # equal to its parts as printed


def test_a_slip_is_reported_once_on_its_own_cell_with_the_real_tolerance(demo_report):
    baseline = {f.code for f in check_report(demo_report).errors}
    printed(demo_report, T.EXPENDITURE, "20103", "basic", "107.88")  # 1.00 above 2010306 + 2010350
    errors = [f for f in check_report(demo_report).errors if f.code not in baseline]
    assert [(f.code, f.cells[0]) for f in errors] == [("T03-02", CellRef(T.EXPENDITURE, "20103", "basic"))]
    assert errors[0].message == (
        "公开03表 20103 政府办公厅（室）及相关机构事务 第2栏“基本支出”印制为 107.88 万元，2010306 政务公开审批、"
        "2010350 事业运行相加为 106.88 万元，相差 1.00 万元，超出尾数误差允许范围（0.015 万元）。")
    grids = compute_tables(load_snapshot(demo_report))  # the 类 above adds what the slip's parts give
    assert grids[T.EXPENDITURE].value("201", "basic") == Decimal("1068800.00")


def test_a_figure_taken_from_another_table_holds_what_the_document_prints(demo_report):
    printed(demo_report, T.SUMMARY, "class.201", "amount", "197.54")  # 公开03表 prints 197.53
    (finding,) = findings_at(demo_report, T.SUMMARY, "class.201", "amount")
    assert (finding.code, finding.severity) == ("T01-06", Severity.INFO)
    assert finding.message == ("公开01表 第32行“一、一般公共服务支出” 第2栏“金额”印制为 197.54 万元，公开03表 201 "
                               "一般公共服务支出 第1栏“本年支出合计”为 197.53 万元，相差 0.01 万元，在尾数误差允许范围"
                               "（0.025 万元）内。")  # 03表's 201 is itself the sum of four rounded figures
    printed(demo_report, T.FISCAL_SUMMARY, "class.201", "general_budget", "198.53")
    (finding,) = findings_at(demo_report, T.FISCAL_SUMMARY, "class.201", "general_budget")
    assert (finding.code, finding.severity) == ("T04-10", Severity.ERROR)
    assert compute_tables(load_snapshot(demo_report))[T.FISCAL_SUMMARY].value(
        "class.201", "general_budget") == Decimal("1985300.00")  # printed as the document prints it


def _with_printed(report, *figures):
    document = export_document(report)
    document["printed_totals"] += [{"table": t, "row": r, "column": c, "value": v} for t, r, c, v in figures]
    return document


def test_a_draft_keeps_a_printed_figure_within_its_tolerance_and_refuses_one_beyond_located(demo_report):
    kuaiji = user("kuaiji")
    outcome = document_import(report=demo_report, data=_with_printed(
        demo_report, (T.SUMMARY, "class.201", "amount", "197.54")), confirm=True, by=kuaiji)
    assert outcome.written and PinnedTotal.objects.filter(report=demo_report, table=T.SUMMARY,
                                                          row_key="class.201").exists()
    outcome = document_import(report=demo_report, data=_with_printed(
        demo_report, (T.EXPENDITURE, "20103", "basic", "107.88")), confirm=True, by=kuaiji)
    assert not outcome.written
    (problem,) = outcome.errors
    assert problem.where == "公开03表 20103 政府办公厅（室）及相关机构事务 第2栏“基本支出”"
    assert problem.message == ("印制为 107.88 万元，各项相加为 106.88 万元，相差 1.00 万元，超出允许的尾数误差 0.015 万元。"
                               "请改正这个数，或清空它由系统计算。")  # the cell named once, the real tolerance


def test_a_published_document_keeps_every_printed_figure_and_the_rules_report_the_slips(demo_report):
    data = _with_printed(demo_report, (T.EXPENDITURE, "20103", "basic", "107.88"),
                         (T.FISCAL_SUMMARY, "class.201", "general_budget", "198.53"))
    outcome = document_import(report=demo_report, data=data, confirm=True, by=user("kuaiji"), as_published=True)
    assert outcome.written and outcome.errors == []
    exported = {(p["table"], p["row"], p["column"]): p["value"] for p in export_document(demo_report)["printed_totals"]}
    assert exported[(T.EXPENDITURE, "20103", "basic")] == "107.88"
    assert exported[(T.FISCAL_SUMMARY, "class.201", "general_budget")] == "198.53"
    codes = {(f.code, f.cells[0]) for f in check_report(demo_report).errors}
    assert codes == {("T03-02", CellRef(T.EXPENDITURE, "20103", "basic")),
                     ("T04-10", CellRef(T.FISCAL_SUMMARY, "class.201", "general_budget"))}
