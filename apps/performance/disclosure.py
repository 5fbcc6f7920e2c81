"""The self-evaluation sheets as sections of the disclosure document (after 情况说明 十三（二）, as printed)."""
from dataclasses import dataclass, field

from apps.documents.disclosure import ProvidedSection
from apps.performance.models import EvaluationGoal, EvaluationSheet, FundingRow, Indicator
from apps.performance.scoring import execution_rate
from apps.reports.money import format_percent, plain_number, to_unit

AFTER = "performance.self_evaluation"


@dataclass
class SheetView:
    sheet: EvaluationSheet
    title: str
    year_line: str
    funding: list[dict]
    goals: dict[str, list[EvaluationGoal]]
    indicator_rows: list[list[dict]]
    total: str
    is_department: bool = False
    extra: dict = field(default_factory=dict)


def _amount(value, unit) -> str:
    return "" if value is None else plain_number(to_unit(value, unit))


def _score(value) -> str:
    return "" if value is None else plain_number(value)


def _indicator_rows(sheet, indicators: list[Indicator], is_department: bool) -> list[list[dict]]:
    by_id = {i.id: i for i in indicators}
    leaves = [i for i in indicators if i.level == 3]
    counts: dict[int, int] = {}
    for leaf in leaves:
        counts[leaf.parent_id] = counts.get(leaf.parent_id, 0) + 1
        level1 = by_id[leaf.parent_id].parent_id
        counts[level1] = counts.get(level1, 0) + 1
    rows, seen = [], set()
    for leaf in leaves:
        level2 = by_id[leaf.parent_id]
        level1 = by_id[level2.parent_id]
        cells = []
        if level1.id not in seen:
            seen.add(level1.id)
            label = level1.name + (f"（{_score(level1.weight)}分）" if level1.weight is not None else "")
            cells.append({"text": label, "rowspan": counts[level1.id], "header": True})
        if level2.id not in seen:
            seen.add(level2.id)
            cells.append({"text": level2.name, "rowspan": counts[level2.id], "header": True})
        cells.append({"text": leaf.name, "header": True})
        cells.append({"text": leaf.target_display})
        if is_department:
            cells.append({"text": leaf.description})
        cells += [{"text": leaf.actual_display}, {"text": _score(leaf.weight), "num": True},
                  {"text": _score(leaf.score), "num": True}, {"text": leaf.deviation_note}]
        rows.append(cells)
    return rows


def sheet_view(sheet: EvaluationSheet, funding: list[FundingRow], goals, indicators, unit: str) -> SheetView:
    is_department = sheet.kind == EvaluationSheet.Kind.DEPARTMENT
    funding_rows = []
    for row in sorted(funding, key=lambda r: FundingRow.ROWS[sheet.kind].index(r.kind)):
        is_total = row.kind == FundingRow.Kind.TOTAL
        label = "部门预算总额（万元）" if is_department and is_total else row.get_kind_display()
        rate = execution_rate(row.executed, row.annual_budget)
        funding_rows.append({
            "label": label, "is_total": is_total,
            "initial": _amount(row.initial_budget, unit), "annual": _amount(row.annual_budget, unit),
            "executed": _amount(row.executed, unit),
            "weight": _score(sheet.budget_weight) if is_total else "—",
            "rate": format_percent(rate) if rate is not None else "—",
            "score": _score(sheet.budget_score) if is_total else "—",
        })
    by_kind: dict[str, list] = {}
    for goal in goals:
        by_kind.setdefault(goal.kind, []).append(goal)
    return SheetView(
        sheet=sheet, title=sheet.title, year_line=f"（ {sheet.report.fiscal_year}年度）", funding=funding_rows,
        goals=by_kind, indicator_rows=_indicator_rows(sheet, indicators, is_department),
        total=_score(sheet.total_score), is_department=is_department,
    )


def sections(report) -> list[ProvidedSection]:
    """One section per sheet, loaded in four queries whatever the number of sheets."""
    sheets = list(EvaluationSheet.objects.filter(report=report).select_related("report").order_by("order"))
    ids = [s.id for s in sheets]
    funding, goals, indicators = {}, {}, {}
    for row in FundingRow.objects.filter(sheet_id__in=ids):
        funding.setdefault(row.sheet_id, []).append(row)
    for goal in EvaluationGoal.objects.filter(sheet_id__in=ids).order_by("kind", "order"):
        goals.setdefault(goal.sheet_id, []).append(goal)
    for indicator in Indicator.objects.filter(sheet_id__in=ids).order_by("order"):
        indicators.setdefault(indicator.sheet_id, []).append(indicator)
    return [
        ProvidedSection(
            anchor=f"sheet-{sheet.order}", title=sheet.title, template="performance/_sheet.html",
            context={"view": sheet_view(sheet, funding.get(sheet.id, []), goals.get(sheet.id, []),
                                        indicators.get(sheet.id, []), report.unit)},
            after=AFTER,
        )
        for sheet in sheets
    ]
