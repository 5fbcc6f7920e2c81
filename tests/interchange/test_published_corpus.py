"""The corpus of published documents (`tests/data/published/`, built by its `build_corpus.py`): documents in the
shape of real published reports of both editions, every figure rounded to 0.01 万元 on its own (rounding at every
level), some with planted slips (`slips.json`). Issue 19: each imports as published with no refusal, exports every
printed figure as the source printed it, reports each slip once at the right cell with the right severity, and
raises nothing beyond 提示 where there is no slip; every message names its cell once and states the real tolerance.
"""
import csv
import io
import json
import re
import zipfile
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from apps.accounts.models import Organisation
from apps.documents.interchange.importing import document_import
from apps.documents.interchange.tables_csv import tables_zip
from apps.reports.cells import describe_cell
from apps.reports.computation import CellRef, compute_tables
from apps.reports.models import FiscalYear, Report
from apps.reports.money import rounding_tolerance, tolerance_in_unit
from apps.reports.rules import Severity, check_report
from apps.reports.services.reports import report_create
from apps.reports.snapshot import load_snapshot
from tests.helpers import open_years_from

CORPUS = Path(__file__).resolve().parents[1] / "data" / "published"
SLIPS = json.loads((CORPUS / "slips.json").read_text(encoding="utf-8"))
BASES = {"henan": ("410882-zwfw", 2021), "shanghai": ("310000-sample", 2024)}
DOCUMENTS = sorted(SLIPS)
AMOUNT = re.compile(r"-?\d+\.\d{2}")


def document(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))


def department_for(name: str) -> Organisation:
    """The corpus document's department, beside its base's (same region and finance bureau)."""
    entry = SLIPS[name]
    base = Organisation.objects.get(code=BASES[entry["base"]][0])
    return Organisation.objects.get_or_create(code=entry["department"], defaults={
        "name": f"语料部门{entry['department']}", "kind": Organisation.Kind.DEPARTMENT, "region": base.region,
        "parent": base.parent})[0]


def imported(name: str, *, as_published: bool = True):
    entry = SLIPS[name]
    base_year = BASES[entry["base"]][1]
    if entry["fiscal_year"] != base_year and not FiscalYear.objects.filter(year=entry["fiscal_year"]).exists():
        open_years_from(base_year, [entry["fiscal_year"]])  # an earlier year, in its base's catalogue
    report = report_create(department=department_for(name), fiscal_year=SLIPS[name]["fiscal_year"],
                           unit="wan_yuan", by=None)
    return report, document_import(report=report, data=document(name), confirm=True, by=None,
                                   as_published=as_published)


def inherited_codes(base: str) -> set[str]:
    """What the base demo itself raises beyond 提示 (its 绩效自评表's own inconsistencies, kept in every document
    built from it): not a finding of the printed figures."""
    code, year = BASES[base]
    report = Report.objects.get(department__code=code, fiscal_year=year)
    return {f.code for f in check_report(report).findings if f.severity != Severity.INFO}


def kind_of(slip: dict) -> tuple[str, str]:
    """(table, what is misprinted): 项/款/类/合计 of a functional table, else the row."""
    table, row, _ = slip["cell"]
    if table in ("income", "expenditure", "general_budget"):
        return table, {"total": "合计", 3: "类", 5: "款", 7: "项"}.get(row if row == "total" else len(row))
    return table, row.split(".")[0] if table in ("summary", "fiscal_summary") else row


def test_the_corpus_has_at_least_twelve_documents_of_both_editions_with_every_kind_of_slip():
    assert len(SLIPS) >= 12
    assert {entry["base"] for entry in SLIPS.values()} == {"henan", "shanghai"}
    kinds = {kind_of(s) for entry in SLIPS.values() for s in entry["slips"]}
    for table in ("income", "expenditure", "general_budget"):
        assert {(table, level) for level in ("项", "款", "类", "合计")} <= kinds
    assert {("summary", "class"), ("fiscal_summary", "class"),  # 01表 vs 03表, 04表 vs 05表 by 类
            ("summary", "income"), ("fiscal_summary", "expense"),  # by fund; 01表 totals
            ("three_public", "row")} <= kinds
    assert {("basic", "personnel_total"), ("basic", "public_total"), ("basic", "301")} <= kinds  # 06表 groups
    six_against_five = [s for entry in SLIPS.values() for s in entry["slips"] if s["also"]]
    assert six_against_five  # 公开06表 consistent in itself, not with 公开05表 (人员+公用 vs 基本)
    assert sum(bool(entry["slips"]) for entry in SLIPS.values()) >= 4
    assert sum(not entry["slips"] for entry in SLIPS.values()) >= 8


@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_document_imports_as_published_and_exports_every_printed_figure_as_printed(db, name):
    report, outcome = imported(name)
    assert outcome.written and outcome.errors == [], [str(p) for p in outcome.problems]
    source = document(name)
    expected = defaultdict(Counter)
    for table, rows in source["tables"].items():
        expected[table] += Counter(v for cells in rows.values() for v in cells.values() if v is not None)
    for total in source["printed_totals"]:
        expected[total["table"]] += Counter([total["value"]])
    with zipfile.ZipFile(io.BytesIO(tables_zip(report))) as archive:
        for member in archive.namelist():
            table = member.rsplit("-", 1)[1].removesuffix(".csv")
            rows = list(csv.reader(io.StringIO(archive.read(member).decode("utf-8-sig"))))
            printed = Counter(field for row in rows[1:] for field in row if AMOUNT.fullmatch(field))
            assert printed == expected[table], (table, printed - expected[table], expected[table] - printed)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_slip_is_reported_once_at_its_cell_and_a_document_without_slips_raises_nothing_beyond_information(
        db, name):
    report, outcome = imported(name)
    entry = SLIPS[name]
    findings = [f for f in outcome.findings if f.severity != Severity.INFO]
    inherited = inherited_codes(entry["base"])
    assert [f for f in findings if f.code in inherited and f.severity == Severity.ERROR] == []
    own = [f for f in findings if f.code not in inherited]
    expected = sorted((tuple(s["reported_at"]), s["severity"]) for s in entry["slips"])
    assert sorted(((f.cells[0].table, f.cells[0].row, f.cells[0].column), f.severity) for f in own) == expected, \
        [f.message for f in own]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_message_on_a_printed_figure_states_the_real_tolerance(db, name):
    report, outcome = imported(name)
    grids = compute_tables(load_snapshot(report))
    checked = 0
    for finding in outcome.findings:
        stated = re.search(r"尾数误差允许范围（(\d+\.\d+) 万元）", finding.message)
        if not (stated and "印制为" in finding.message):
            continue  # relations between figures state the tolerance of their two sides (tests/reports)
        cell = grids[finding.cells[0].table].cell(finding.cells[0].row, finding.cells[0].column)
        assert stated.group(1) == tolerance_in_unit(rounding_tolerance(report.unit, cell.part_terms), report.unit), \
            finding.message
        where = describe_cell(grids[finding.cells[0].table], finding.cells[0].row, finding.cells[0].column,
                              report.template)
        assert finding.message.count(where) == 1, finding.message
        checked += 1
    assert checked or not SLIPS[name]["slips"]


@pytest.mark.parametrize("name", sorted(n for n in DOCUMENTS if SLIPS[n]["slips"]))
def test_a_draft_refuses_each_slip_with_one_message_naming_the_cell_once_and_the_real_tolerance(db, name):
    as_published, _ = imported(name)  # the same figures, all kept: the cells as the draft judged them
    grids = compute_tables(load_snapshot(as_published))
    places = {describe_cell(grid, row.key, column, as_published.template): grid.cell(row.key, column)
              for grid in grids.values() for row in grid.rows for column in row.cells}
    owner = as_published.department
    Report.objects.filter(pk=as_published.pk).update(department=Organisation.objects.create(
        code="corpus-other", name="另一部门", kind=Organisation.Kind.DEPARTMENT, region=owner.region,
        parent=owner.parent))
    report, outcome = imported(name, as_published=False)
    assert not outcome.written and outcome.errors
    for problem in outcome.errors:
        assert problem.where in places and problem.where not in problem.message, str(problem)
        stated = re.search(r"相差 (-?\d+\.\d{2}) 万元，超出允许的尾数误差 (\d+\.\d+) 万元", problem.message)
        assert stated, problem.message
        cell = places[problem.where]
        assert stated.group(2) == tolerance_in_unit(rounding_tolerance("wan_yuan", cell.part_terms), "wan_yuan")
        assert abs(Decimal(stated.group(1))) > Decimal(stated.group(2))
    assert len({p.where for p in outcome.errors}) == len(outcome.errors)  # each cell once
    assert not Report.objects.get(pk=report.pk).pinned_totals.exists()  # nothing half-written


def test_a_slip_in_a_leaf_names_the_leaf_and_the_totals_that_show_it(db):
    report, outcome = imported("henan-slips-leaves")
    (finding,) = [f for f in outcome.findings if f.code == "T00-01" and f.cells[0] == CellRef("income", "2101101",
                                                                                               "fiscal")]
    assert finding.severity == Severity.ERROR
    assert finding.message.startswith("公开02表 2101101 行政单位医疗 第2栏“财政拨款收入”印制为 ")
    assert "而按21011 行政事业单位医疗 第2栏“财政拨款收入”所印应为 7.10 万元，按本行“本年收入合计”所印应为 7.10 万元，" \
           "相差约 -1.00 万元：很可能是这个数印错了" in finding.message
    (other,) = [f for f in outcome.findings if f.code == "T00-01" and f.cells[0].table == "expenditure"]
    assert "所印应为 16.69 万元，按本行“本年支出合计”所印应为 16.70 万元，" in other.message  # each as it implies


@pytest.mark.parametrize("as_published", [True, False])
def test_a_printed_figure_given_twice_is_refused_located_and_nothing_is_written(db, as_published):
    data = document("henan-a")
    twice = next(t for t in data["printed_totals"] if (t["table"], t["row"], t["column"]) == ("expenditure", "201",
                                                                                              "total"))
    data["printed_totals"].append({**twice, "value": "1.00"})
    report = report_create(department=department_for("henan-a"), fiscal_year=2021, unit="wan_yuan", by=None)
    outcome = document_import(report=report, data=data, confirm=True, by=None, as_published=as_published)
    assert not outcome.written
    assert [str(p) for p in outcome.errors] == [
        "公开03表 201 一般公共服务支出 第1栏“本年支出合计”：这一格的印制数出现了不止一次，请只保留一个。"]
    assert not Report.objects.get(pk=report.pk).pinned_totals.exists()
