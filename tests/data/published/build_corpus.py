"""Build the corpus of published documents (`tests/data/published/*.json` and `slips.json`).

Each document is one of the two demo reports (沁阳 2021, 河南 edition; 上海市示例局 2024, 上海 2024 edition) scaled by
its own factor to figures exact to the 分 in 元, then printed as real documents print: every figure, leaf or total,
rounded to 0.01 万元 on its own (so totals differ from the sum of their printed parts by rounding, at every level),
and every printed total kept in `printed_totals`. Some documents then carry slips: a printed figure changed, as
real documents have them. `slips.json` lists each slip with the cell where the checker must report it.

Run against a database holding the demo (the documents are computed by the product's own computation, inside a
transaction that is rolled back):

    .venv/bin/python manage.py shell -c "from tests.data.published.build_corpus import main; main()"
"""
import copy
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction

from apps.accounts.models import Organisation
from apps.documents.interchange.document import export_document
from apps.documents.interchange.importing import document_import
from apps.reports.computation import CellKind, compute_tables
from apps.reports.models import NarrativeFacts, Report
from apps.reports.snapshot import load_snapshot

HERE = Path(__file__).resolve().parent
CENT = Decimal("0.01")
BASES = {"henan": ("410882-zwfw", 2021), "shanghai": ("310000-sample", 2024)}

# name → (base, scale factor, fiscal year, department code, slips). A slip: a printed figure (table, row, column)
# changed by an amount in 万元, with the figures printed consistently with it (`also`, changed by the same amount),
# and the cell where the checker must report it: "self", or (table, row, column) of the total whose relation it
# breaks. A 项 figure of 公开02/03/05表 is found on itself, as its 款 and its row's total both show it; a 款 of
# 公开06表 only on its 类.
def slip(table, row, column, change, reported_at="self", also=()):
    return {"cell": [table, row, column], "change": change, "also": [list(c) for c in also],
            "reported_at": [table, row, column] if reported_at == "self" else list(reported_at)}


DOCUMENTS = {
    "henan-a": ("henan", "1.0373", 2021, "410882-c01", []),
    "henan-b": ("henan", "2.7183", 2021, "410882-c02", []),
    "henan-c": ("henan", "0.4142", 2021, "410882-c03", []),
    "henan-2017": ("henan", "0.8311", 2017, "410882-hist", []),
    "henan-2018": ("henan", "0.9127", 2018, "410882-hist", []),
    "henan-2019": ("henan", "0.9536", 2019, "410882-hist", []),
    "henan-2020": ("henan", "1.0219", 2020, "410882-hist", []),
    "shanghai-a": ("shanghai", "1.1731", 2024, "310000-c01", []),
    "shanghai-b": ("shanghai", "3.3333", 2024, "310000-c02", []),
    "shanghai-c": ("shanghai", "0.5773", 2024, "310000-c03", []),
    # 02/03/05表: a 款, a 类 and a 合计 misprinted; 06表 a group; 07表 a sum
    "henan-slips-totals": ("henan", "1.2345", 2021, "410882-c04", [
        slip("expenditure", "20103", "basic", "1.00"), slip("income", "201", "fiscal", "0.10"),
        slip("general_budget", "total", "total", "-1.00"), slip("basic", "302", "amount", "1.00"),
        slip("three_public", "row", "budget_total", "0.10")]),
    "henan-slips-levels": ("henan", "1.1111", 2021, "410882-c07", [
        slip("income", "20805", "fiscal", "1.00"), slip("income", "total", "fiscal", "-1.00"),
        slip("expenditure", "208", "basic", "0.10"), slip("expenditure", "total", "project", "1.00"),
        slip("general_budget", "21011", "basic", "1.00"), slip("general_budget", "201", "project", "-1.00")]),
    # 01表 against 02/03表 by fund and by 类, 04表 against 05表 by 类 and by fund, 01表 totals, 06表 groups
    "henan-slips-across": ("henan", "0.7777", 2021, "410882-c05", [
        slip("summary", "class.208", "amount", "1.00"), slip("fiscal_summary", "class.210", "general_budget", "-1.00"),
        slip("fiscal_summary", "expense.subtotal", "general_budget", "0.10"),
        slip("summary", "income.total", "amount", "1.00"), slip("summary", "income.superior", "amount", "1.00"),
        slip("basic", "personnel_total", "amount", "-0.10")]),
    # leaf figures misprinted; 06表 printed consistently in itself, but not with 公开05表's 基本支出 (人员+公用 vs 基本)
    "henan-slips-leaves": ("henan", "1.5", 2021, "410882-c06", [
        slip("expenditure", "2080505", "basic", "1.00"), slip("income", "2101101", "fiscal", "-1.00"),
        slip("general_budget", "2010350", "basic", "0.10"), slip("basic", "30101", "amount", "1.00", ("basic", "301", "amount")),
        slip("basic", "30201", "amount", "1.00", ("basic", "personnel_total", "amount"),
             also=[("basic", "302", "amount"), ("basic", "public_total", "amount")])]),
    "shanghai-slips-totals": ("shanghai", "1.4142", 2024, "310000-c04", [
        slip("expenditure", "20805", "basic", "1.00"), slip("income", "205", "fiscal", "0.10"),
        slip("general_budget", "total", "total", "-1.00"), slip("basic", "public_total", "amount", "1.00"),
        slip("three_public", "row", "actual_total", "0.10")]),
    "shanghai-slips-levels": ("shanghai", "0.6667", 2024, "310000-c07", [
        slip("income", "20502", "fiscal", "1.00"), slip("income", "total", "fiscal", "-1.00"),
        slip("expenditure", "201", "project", "0.10"), slip("expenditure", "total", "basic", "1.00"),
        slip("general_budget", "20103", "basic", "1.00"), slip("general_budget", "210", "basic", "-1.00"),
        slip("expenditure", "2010302", "project", "-0.10")]),
    "shanghai-slips-across": ("shanghai", "0.9", 2024, "310000-c05", [
        slip("summary", "class.221", "amount", "1.00"), slip("fiscal_summary", "class.205", "general_budget", "-1.00"),
        slip("fiscal_summary", "expense.subtotal", "general_budget", "0.10"),
        slip("summary", "expense.total", "amount", "1.00"), slip("summary", "income.business", "amount", "1.00"),
        slip("basic", "301", "amount", "-0.10")]),
}


def scaled(value: str | None, factor: Decimal) -> str | None:
    """A printed figure in 万元 as an exact amount in 元 (to the 分) of a report `factor` times as large."""
    if value is None:
        return None
    return str((Decimal(value) * 10000 * factor).quantize(CENT, rounding=ROUND_HALF_UP))


def printed(amount_yuan: Decimal | None) -> str | None:
    if amount_yuan is None:
        return None
    return str((amount_yuan / 10000).quantize(CENT, rounding=ROUND_HALF_UP))


def true_document(base: dict, factor: Decimal) -> dict:
    """The base report's document in 元, every entered figure scaled: the report as kept in the books."""
    document = copy.deepcopy(base)
    document["unit"], document["printed_totals"] = "yuan", []
    for rows in document["tables"].values():
        for cells in rows.values():
            for column, value in cells.items():
                cells[column] = scaled(value, factor)
    return document


def published_document(base: dict, factor: Decimal, year: int, department: Organisation) -> dict:
    """The document as published: every figure of the true report rounded to 0.01 万元 on its own."""
    truth = true_document(base, factor)
    truth["department"] = {**truth["department"], "code": department.code, "name": department.name}
    truth["fiscal_year"] = base["fiscal_year"]  # computed in the base's year (its catalogue); renamed below
    report = Report.objects.create(department=department, fiscal_year=base["fiscal_year"], unit="yuan",
                                   edition=base["edition"], summary_classes=base["summary_classes"])
    outcome = document_import(report=report, data=truth, confirm=True, by=None, as_published=True)
    assert outcome.written, outcome.problems
    grids = compute_tables(load_snapshot(report))
    document = copy.deepcopy(truth)
    document.update(unit="wan_yuan", fiscal_year=year, revision=1, state="published")
    for rows in document["tables"].values():
        for cells in rows.values():
            for column, value in cells.items():
                cells[column] = printed(Decimal(value)) if value is not None else None
    scale_texts(document, factor)
    document["printed_totals"] = [
        {"table": grid.code, "row": row.key, "column": column, "value": printed(cell.value)}
        for grid in grids.values() for row in grid.rows for column, cell in row.cells.items()
        if cell.kind in (CellKind.SUM, CellKind.DERIVED) and cell.value is not None]
    return document


def scale_texts(document: dict, factor: Decimal) -> None:
    """The amounts the texts give beside the tables (情况说明填报数, 项级年初预算, the 绩效自评表's funds), scaled and
    rounded as the tables are: the document stays consistent with itself."""
    amounts = {f.name for f in NarrativeFacts._meta.concrete_fields if f.get_internal_type() == "DecimalField"}
    facts = document["narrative_facts"]
    for name in amounts & set(facts):
        facts[name] = rescaled(facts[name], factor)
    for budget in document["item_budgets"]:
        budget["initial_budget"] = rescaled(budget["initial_budget"], factor)
    for sheet in document["sheets"]:
        for line in sheet.get("funding", []):
            for key in ("initial_budget", "annual_budget", "executed"):
                line[key] = rescaled(line.get(key), factor)


def rescaled(value: str | None, factor: Decimal) -> str | None:
    return printed(Decimal(scaled(value, factor))) if value not in (None, "") else value


def plant(document: dict, slips: list[dict]) -> list[dict]:
    """Change the printed figures named by `slips`; the record of each, for `slips.json`."""
    totals = {(p["table"], p["row"], p["column"]): p for p in document["printed_totals"]}
    for planted in slips:
        for table, row, column in [planted["cell"], *planted["also"]]:
            if (table, row, column) in totals:
                cell = totals[table, row, column]
                cell["value"] = str(Decimal(cell["value"]) + Decimal(planted["change"]))
            else:
                cells = document["tables"][table][row]
                cells[column] = str(Decimal(cells[column] or "0") + Decimal(planted["change"]))
    return [{**planted, "severity": "error"} for planted in slips]


def main():
    bases = {}
    for key, (code, year) in BASES.items():
        bases[key] = export_document(Report.objects.get(department__code=code, fiscal_year=year, revision=1))
    manifest = {}
    with transaction.atomic():
        for name, (base_key, factor, year, code, slips) in DOCUMENTS.items():
            base = bases[base_key]
            owner = Report.objects.get(department__code=BASES[base_key][0], fiscal_year=BASES[base_key][1])
            department, _ = Organisation.objects.get_or_create(
                code=f"{code}-{name}", defaults={"name": f"语料{name}", "kind": Organisation.Kind.DEPARTMENT,
                                                 "region": owner.department.region,
                                                 "parent": owner.department.parent})
            document = published_document(base, Decimal(factor), year, department)
            document["department"] = {"code": code, "name": base["department"]["name"]}
            manifest[name] = {"department": code, "fiscal_year": year, "base": base_key, "factor": factor,
                              "slips": plant(document, slips)}
            (HERE / f"{name}.json").write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n",
                                              encoding="utf-8")
        transaction.set_rollback(True)
    (HERE / "slips.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
