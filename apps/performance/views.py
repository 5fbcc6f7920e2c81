"""The accountant's pages for the self-evaluation sheets."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.access.permissions import editable_report_or_403
from apps.performance.models import EvaluationGoal, EvaluationSheet, FundingRow, parse_measured, parse_target
from apps.performance.scoring import budget_score, execution_rate, formula_score, grade_for, grade_label
from apps.performance.selectors import scale_of_report
from apps.performance.services import INDICATOR_FIELDS, SheetInput, sheet_create, sheet_save
from apps.reports.money import format_percent, parse_decimal, plain_number
from apps.reports.rules import check_report
from apps.reports.stored_cells import display, parse_cell
from apps.reports.texts import plain_text

BLANK_ROWS = 3
FUNDING_COLUMNS = (("initial_budget", "年初预算数"), ("annual_budget", "全年预算数"), ("executed", "全年执行数"))


@login_required
def sheet_list(request, department, year):
    report = editable_report_or_403(request.user, department, year)
    return render(request, "performance/sheet_list.html", {
        "report": report, "sheets": EvaluationSheet.objects.filter(report=report).order_by("order"),
        "table": None})


@login_required
@require_POST
def sheet_new(request, department, year):
    report = editable_report_or_403(request.user, department, year)
    sheet = sheet_create(report=report, by=request.user)
    return redirect(reverse("sheet-edit", args=[department, year, sheet.order]))


MAX_GOALS, MAX_ROWS = 50, 200  # a sheet has a handful of goals and a few dozen indicator rows


def _count(post, name: str, limit: int) -> int:
    """How many goals or rows the form says it has, read safely (junk → 0) and bounded."""
    text = post.get(name, "")
    return min(int(text), limit) if text.isascii() and text.isdigit() else 0


def _input_from(request, sheet) -> SheetInput:
    def post(name):  # a typed text as the product keeps it
        return plain_text(request.POST.get(name, ""))

    return SheetInput(
        header={k: post(k) for k in ("name", "competent_department", "implementing_unit")},
        funding={(kind, column): post(f"funding-{kind}-{column}")
                 for kind in FundingRow.ROWS[sheet.kind] for column, _ in FUNDING_COLUMNS},
        goals=[{"kind": post(f"goal-{i}-kind"), "name": post(f"goal-{i}-name"),
                "content": post(f"goal-{i}-content"), "outcome": post(f"goal-{i}-outcome")}
               for i in range(_count(request.POST, "goals", MAX_GOALS))
               if post(f"goal-{i}-kind") in EvaluationGoal.Kind.values],
        rows=[{f: post(f"row-{i}-{f}") for f in INDICATOR_FIELDS}
              for i in range(_count(request.POST, "rows", MAX_ROWS))],
    )


def _input_from_sheet(sheet, unit) -> SheetInput:
    indicators = list(sheet.indicators.order_by("order"))
    by_id = {i.id: i for i in indicators}
    rows = [{"level1": by_id[by_id[i.parent_id].parent_id].name, "level2": by_id[i.parent_id].name, "name": i.name,
             "target": i.target_display, "description": i.description, "actual": i.actual_display,
             "weight": plain_number(i.weight) if i.weight is not None else "",
             "score": plain_number(i.score) if i.score is not None else "", "note": i.deviation_note}
            for i in indicators if i.level == 3]
    funding = {(r.kind, column): display(getattr(r, column), unit) for r in sheet.funding_rows.all()
               for column, _ in FUNDING_COLUMNS}
    goal_kinds = ([EvaluationGoal.Kind.DUTY_GOAL, EvaluationGoal.Kind.MAIN_TASK]
                  if sheet.kind == EvaluationSheet.Kind.DEPARTMENT else [EvaluationGoal.Kind.OVERALL])
    goals = [{"kind": g.kind, "name": g.name, "content": g.content, "outcome": g.outcome}
             for g in sheet.goals.order_by("kind", "order")] or [{"kind": k, "name": "", "content": "", "outcome": ""}
                                                                  for k in goal_kinds]
    return SheetInput(header={"name": sheet.name, "competent_department": sheet.competent_department,
                              "implementing_unit": sheet.implementing_unit}, funding=funding, goals=goals, rows=rows)


def _computed(sheet, data: SheetInput, unit, scale=None):
    """What the product computes from what is typed: 执行率, its score, formula scores, total, grade."""
    try:
        annual = parse_cell(data.funding.get((FundingRow.Kind.TOTAL, "annual_budget"), ""), unit, False)
        executed = parse_cell(data.funding.get((FundingRow.Kind.TOTAL, "executed"), ""), unit, False)
    except ValueError:
        annual = executed = None
    rate = execution_rate(executed, annual)
    score = budget_score(sheet.budget_weight, rate)
    formulas, total = [], score
    for row in data.rows:
        try:
            comparator, target, _ = parse_target(row.get("target", ""))
            actual = parse_measured(row["actual"])[0] if row.get("actual", "").strip() else None
            weight = plain_to_decimal(row.get("weight"))
            formulas.append(formula_score(comparator, target, actual, weight) if weight is not None else None)
            total += plain_to_decimal(row.get("score")) or 0
        except (ValueError, ArithmeticError):
            formulas.append(None)
    return {"rate": format_percent(rate) if rate is not None else "—", "budget_score": plain_number(score),
            "formulas": formulas, "total": plain_number(total), "grade": grade_label(grade_for(total, scale), scale)}


def plain_to_decimal(text):
    """A typed weight or score, or None when blank or not a number (the save reports the error)."""
    try:
        return parse_decimal(text)
    except ValueError:
        return None


@login_required
def sheet_edit(request, department, year, order):
    report = editable_report_or_403(request.user, department, year)
    sheet = get_object_or_404(EvaluationSheet, report=report, order=order)
    status = 200
    if request.method == "POST":
        data = _input_from(request, sheet)
        if sheet_save(report=report, sheet=sheet, data=data, by=request.user):
            messages.success(request, f"已保存{sheet.title}，总分 {plain_number(sheet.total_score)}。")
            return redirect(request.path)
        messages.error(request, "有填写错误，本表未保存；请按提示改正。")
        status = 422
    else:
        data = _input_from_sheet(sheet, report.unit)
    blank = max(BLANK_ROWS, 12 - len(data.rows))  # a new sheet offers enough rows for a whole indicator table
    rows = data.rows + [{f: "" for f in INDICATOR_FIELDS} for _ in range(blank)]
    computed = _computed(sheet, data, report.unit, scale_of_report(report))
    formulas = computed["formulas"] + [None] * blank
    place = f"sheet.{sheet.order}"
    findings = [f for f in check_report(report).findings if any(cell.table == place for cell in f.cells)]
    return render(request, "performance/sheet_edit.html", {
        "findings": findings,
        "report": report, "sheet": sheet, "data": data, "rows": list(zip(range(len(rows)), rows, formulas)),
        "row_count": len(rows), "computed": computed, "errors": data.errors, "funding_columns": FUNDING_COLUMNS,
        "funding_rows": [(kind, FundingRow.Kind(kind).label, [(column, data.funding.get((kind, column), ""))
                                                              for column, _ in FUNDING_COLUMNS])
                         for kind in FundingRow.ROWS[sheet.kind]],
        "goal_kinds": EvaluationGoal.Kind.choices, "is_department": sheet.kind == EvaluationSheet.Kind.DEPARTMENT,
        "table": None,
    }, status=status)
