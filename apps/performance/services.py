"""Saving a self-evaluation sheet typed in the browser. The indicator tree is rebuilt from the rows
(一级 → 二级 → 三级, in the order typed); the 预算执行率 score and the total are computed, never typed.
Every value a save changes is recorded, old → new, by a place a person can read (indicators by their names)."""
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.performance.copying import blank_sheet
from apps.performance.models import EvaluationGoal, EvaluationSheet, FundingRow, Indicator, parse_measured, parse_target
from apps.performance.scoring import budget_score, execution_rate
from apps.reports.models import Report
from apps.reports.money import parse_decimal, plain_number
from apps.reports.services.events import Action, ensure_draft, record, record_changes
from apps.reports.stored_cells import display, parse_cell

INDICATOR_FIELDS = ("level1", "level2", "name", "target", "description", "actual", "weight", "score", "note")


@dataclass
class SheetInput:
    header: dict[str, str]
    funding: dict[tuple[str, str], str]  # (kind, column) → typed amount
    goals: list[dict[str, str]]  # kind, name, content, outcome
    rows: list[dict[str, str]]  # INDICATOR_FIELDS
    errors: dict[str, str] = field(default_factory=dict)


def _number(text: str, where: str, errors: dict) -> Decimal | None:
    try:
        value = parse_decimal(text)
    except ValueError as exc:
        errors[where] = str(exc)
        return None
    if value is None:
        return None
    if value < 0 or value > 1000:
        errors[where] = f"“{text}”超出 0–1000 的范围"
    return value


def _parsed_rows(data: SheetInput) -> list[dict]:
    rows = []
    for i, row in enumerate(data.rows):
        if not (row.get("name") or "").strip():
            continue
        where = f"row-{i}"
        if not (row.get("level1") or "").strip() or not (row.get("level2") or "").strip():
            data.errors[f"{where}-level1"] = "请填写一级指标和二级指标"
        try:
            comparator, target, unit = parse_target(row.get("target", ""))
        except ValueError as exc:
            data.errors[f"{where}-target"] = str(exc)
            comparator, target, unit = "", None, ""
        try:
            actual, actual_unit = parse_measured(row["actual"]) if (row.get("actual") or "").strip() else (None, "")
        except ValueError as exc:
            data.errors[f"{where}-actual"] = str(exc)
            actual, actual_unit = None, ""
        rows.append({
            "level1": row["level1"].strip(), "level2": row["level2"].strip(), "name": row["name"].strip()[:200],
            "comparator": comparator, "target_value": target, "target_unit": unit[:20],
            "description": (row.get("description") or "").strip()[:500], "actual_value": actual,
            "actual_unit": actual_unit[:20],
            "weight": _number(row.get("weight"), f"{where}-weight", data.errors),
            "score": _number(row.get("score"), f"{where}-score", data.errors),
            "deviation_note": (row.get("note") or "").strip()[:2000],
        })
    return rows


@transaction.atomic
def sheet_save(*, report: Report, sheet: EvaluationSheet, data: SheetInput, by) -> bool:
    """Write the sheet as typed, or nothing (returns False and fills data.errors)."""
    Report.objects.select_for_update().filter(pk=report.pk).first()
    ensure_draft(report)
    before = _sheet_values(sheet, report.unit)
    amounts = {}
    for (kind, column), text in data.funding.items():
        try:
            amounts[(kind, column)] = parse_cell(text, report.unit, negative_allowed=False)
        except ValueError as exc:
            data.errors[f"funding-{kind}-{column}"] = str(exc)
    rows = _parsed_rows(data)
    if data.errors:
        return False
    for name in ("name", "competent_department", "implementing_unit"):
        setattr(sheet, name, (data.header.get(name) or "").strip()[:200])
    for kind in FundingRow.ROWS[sheet.kind]:
        FundingRow.objects.update_or_create(sheet=sheet, kind=kind, defaults={
            column: amounts.get((kind, column)) for column in ("initial_budget", "annual_budget", "executed")})
    sheet.goals.all().delete()
    for order, goal in enumerate(data.goals, start=1):
        if any((goal.get(k) or "").strip() for k in ("name", "content", "outcome")):
            EvaluationGoal.objects.create(sheet=sheet, order=order, kind=goal["kind"], name=goal.get("name", "")[:200],
                                          content=goal.get("content", "")[:5000], outcome=goal.get("outcome", "")[:5000])
    level1_weights = dict(sheet.indicators.filter(level=1).values_list("name", "weight"))
    sheet.indicators.all().delete()
    nodes, order = {}, 0
    for row in rows:
        for path, level, weight in (((row["level1"],), 1, level1_weights.get(row["level1"])),
                                    ((row["level1"], row["level2"]), 2, None)):
            if path not in nodes:
                order += 1
                nodes[path] = Indicator.objects.create(sheet=sheet, level=level, order=order, name=path[-1][:200],
                                                       weight=weight, parent=nodes.get(path[:-1]))
        order += 1
        Indicator.objects.create(sheet=sheet, parent=nodes[(row["level1"], row["level2"])], level=3, order=order,
                                 **{k: v for k, v in row.items() if k not in ("level1", "level2")})
    total_row = sheet.funding_rows.get(kind=FundingRow.Kind.TOTAL)
    sheet.budget_score = budget_score(sheet.budget_weight, execution_rate(total_row.executed, total_row.annual_budget))
    sheet.total_score = sheet.budget_score + sum((r["score"] or 0) for r in rows)
    sheet.save()
    after = _sheet_values(sheet, report.unit)
    record_changes(report=report, by=by, changes=[
        (f"{sheet.title}：{place}", before.get(place, ""), after.get(place, ""))
        for place in [*before, *(p for p in after if p not in before)] if before.get(place, "") != after.get(place, "")])
    return True


def _label(model, name: str) -> str:
    return model._meta.get_field(name).verbose_name


def _score(value) -> str:
    return "" if value is None else plain_number(value)


def _sheet_values(sheet: EvaluationSheet, unit: str) -> dict[str, str]:
    """Every value of a sheet as printed, by its place: the header, the budget block, the goals, and the indicators
    by their path of names (so that a row typed in between does not make every later row look changed)."""
    values = {_label(EvaluationSheet, name): getattr(sheet, name)
              for name in ("name", "competent_department", "implementing_unit")}
    values.update({_label(EvaluationSheet, name): _score(getattr(sheet, name)) for name in ("budget_score", "total_score")})
    for row in FundingRow.objects.filter(sheet=sheet).order_by("pk"):
        for column in ("initial_budget", "annual_budget", "executed"):
            values[f"{row.get_kind_display()} {_label(FundingRow, column)}"] = display(getattr(row, column), unit)
    for goal in EvaluationGoal.objects.filter(sheet=sheet).order_by("kind", "order"):
        for name in ("name", "content", "outcome"):
            values[f"{goal.get_kind_display()}{goal.order} {_label(EvaluationGoal, name)}"] = getattr(goal, name)
    indicators = {i.pk: i for i in Indicator.objects.filter(sheet=sheet).order_by("order")}
    for indicator in indicators.values():
        path, node = [], indicator
        while node is not None:
            path.insert(0, node.name)
            node = indicators.get(node.parent_id)
        place = f"{indicator.get_level_display()}“{'／'.join(path)}”"
        while f"{place} {_label(Indicator, 'name')}" in values:  # two rows of the same name under one parent
            place += "＋"
        values[f"{place} {_label(Indicator, 'name')}"] = indicator.name
        values[f"{place} {_label(Indicator, 'weight')}"] = _score(indicator.weight)
        if indicator.level == 3:
            values.update({
                f"{place} {_label(Indicator, 'target_value')}": indicator.target_display,
                f"{place} {_label(Indicator, 'description')}": indicator.description,
                f"{place} {_label(Indicator, 'actual_value')}": indicator.actual_display,
                f"{place} {_label(Indicator, 'score')}": _score(indicator.score),
                f"{place} {_label(Indicator, 'deviation_note')}": indicator.deviation_note,
            })
    return values


def sheet_create(*, report: Report, by, kind: str = EvaluationSheet.Kind.PROJECT) -> EvaluationSheet:
    """A new project sheet, or the 部门整体 sheet a report lacks (a report has at most one)."""
    ensure_draft(report)
    if kind == EvaluationSheet.Kind.DEPARTMENT and report.evaluation_sheets.filter(kind=kind).exists():
        raise ValidationError("本决算已有部门（单位）整体绩效自评表。")
    sheet = blank_sheet(report, kind)
    record(report=report, by=by, action=Action.EDIT, target=f"新增{EvaluationSheet.Kind(kind).label}")
    return sheet
