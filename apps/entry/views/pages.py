"""The accountant's pages: reports by year, the report overview, the table grids and the text sections.

Views are thin: resolve the report the user may change, validate, call one service, redirect or render.
"""
from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from apps.access.permissions import departments_of_accountant, editable_report_or_403, reports_visible_to
from apps.documents.disclosure import table_view
from apps.entry import forms as entry_forms
from apps.entry import services as entry
from apps.reports.computation import CellKind, compute_tables
from apps.reports.layouts import FunctionalLayout, TableCode, table_title
from apps.reports.models import (
    Attachment,
    FunctionalSubject,
    GlossaryEntry,
    ItemBudget,
    NarrativeFacts,
    NarrativeSection,
    Report,
    ReportOverview,
    WarningExplanation,
)
from apps.reports.money import quoted
from apps.reports.narration import narrate
from apps.reports.outline import NARRATIVE_PLACES
from apps.reports.rules import Severity, check_snapshot
from apps.reports.rules.engine import load_extras
from apps.reports.selectors import explanations_of
from apps.reports.services.reports import report_create
from apps.reports.snapshot import load_snapshot
from apps.reports.stored_cells import display
from apps.workflow.services import available_actions


def cell_id(row: str, column: str) -> str:
    return f"c-{row}-{column}".replace(".", "_")


def _findings_by_cell(findings, table):
    by_cell = {}
    for index, finding in enumerate(findings):
        for cell in finding.cells:
            if cell.table == table:
                by_cell.setdefault((cell.row, cell.column), []).append((index, finding))
    return by_cell


def _grid_rows(report, grid, view, typed=None, errors=None, findings_by_cell=None):
    """The official table's body rows, each cell wrapped with what the entry page needs."""
    typed, errors, findings_by_cell = typed or {}, errors or {}, findings_by_cell or {}
    functional = isinstance(grid.layout, FunctionalLayout)
    rows = []
    for r, body_row in enumerate(view.body):
        cells, removable = [], None
        for body_cell in body_row:
            wrapped = {"cell": body_cell, "editable": False}
            if body_cell.ref:
                row_key, column = body_cell.ref
                cell = grid.cell(row_key, column)
                shown = display(cell.value, report.unit)
                wrapped.update({
                    "id": cell_id(row_key, column), "name": f"{row_key}|{column}",
                    "editable": cell.kind == CellKind.ENTERED, "base": shown,
                    "value": typed.get(body_cell.ref, shown), "kind": cell.kind, "pinned": cell.pinned,
                    "parts": " ".join(cell_id(p.row, p.column) for p in cell.parts if p.table == grid.code)
                    if cell.kind == CellKind.SUM and not cell.pinned else "",
                    "error": errors.get(body_cell.ref),
                    "findings": findings_by_cell.get(body_cell.ref, []),
                })
                if functional and grid.row(row_key).level == 3:
                    removable = row_key
            cells.append(wrapped)
        rows.append({"cells": cells, "removable": removable, "index": r})
    return rows


def _table_page(request, report, table, typed=None, errors=None, conflicts=None, status=200):
    snapshot = load_snapshot(report)
    grids = compute_tables(snapshot)
    grid = grids[table]
    result = check_snapshot(snapshot, load_extras(report), grids)
    findings = [f for f in result.findings if any(c.table == table for c in f.cells)]
    view = table_view(report, grid, snapshot.table_notes.get(table, ""))
    layout = grid.layout
    comments = list(report.comments.filter(table=table).select_related("author"))
    commented = {cell_id(c.row_key, c.column_key) for c in comments if c.row_key and c.column_key}
    return render(request, "entry/table.html", {
        "report": report, "table": view, "rows": _grid_rows(report, grid, view, typed, errors,
                                                           _findings_by_cell(findings, table)),
        "findings": findings, "functional": isinstance(layout, FunctionalLayout), "conflicts": conflicts or [],
        "comments": comments, "commented": commented,
        "errors": errors or {}, "note": snapshot.table_notes.get(table, ""),
        "empty_note_hint": getattr(layout, "empty_note", ""),
        "severity": Severity, "unit_label": report.get_unit_display(),
        "search_url": reverse("entry-subjects", args=[report.department.code, report.fiscal_year]),
    }, status=status)


@login_required
def entry_table(request, department, year, table):
    report = editable_report_or_403(request.user, department, year)
    if table not in TableCode.values:
        raise Http404("没有这张表")
    if request.method != "POST":
        return _table_page(request, report, table)
    layout = load_snapshot(report).layouts[table]
    typed = {tuple(key[2:].split("|", 1)): value for key, value in request.POST.items() if key.startswith("v|")}
    base = {tuple(key[2:].split("|", 1)): value for key, value in request.POST.items() if key.startswith("b|")}
    action = request.POST.get("action", "save")
    add_codes, remove_codes = [], []
    if action == "add":
        code = request.POST.get("add_code", "").strip()
        if not FunctionalSubject.objects.filter(fiscal_year=report.fiscal_year, code=code,
                                                level=FunctionalSubject.Level.ITEM).exists():
            messages.error(request, f"“{code}”不是 {report.fiscal_year} 年度目录中的项级科目，请从搜索结果中选择。")
            return _table_page(request, report, table, typed, status=422)
        add_codes = [code]
    elif action.startswith("remove:"):
        remove_codes = [action.split(":", 1)[1]]
    result = entry.table_save(report=report, table=table, layout=layout, typed=typed, base=base,
                              add_codes=add_codes, remove_codes=remove_codes, by=request.user)
    if result.refused:
        names = "、".join(quoted("|".join(cell), 40) for cell in result.refused[:3])
        messages.error(request, f"提交的数据含有本表不可填写的单元格（{names}{'等' if len(result.refused) > 3 else ''}），"
                                "本次未保存。请刷新页面后重新填写。")
        return _table_page(request, report, table, status=422)
    if result.errors:
        messages.error(request, f"有 {len(result.errors)} 个单元格填写有误，本表未保存；请按提示改正后再保存。")
        return _table_page(request, report, table, typed, result.errors, status=422)
    if result.conflicts:
        messages.error(request, "您编辑期间，其他人已修改了本表中的数据；为避免覆盖，本次未保存。请核对下列单元格后刷新页面重新填写。")
        return _table_page(request, report, table, typed, conflicts=result.conflicts, status=409)
    note = request.POST.get("table_note")
    if note is not None:
        entry.table_note_save(report=report, table=table, text=note, by=request.user)
    messages.success(request, "已保存草稿。" + ("已添加科目。" if add_codes else "已删除科目。" if remove_codes else ""))
    return redirect(reverse("entry-table", args=[report.department.code, report.fiscal_year, table]))


@login_required
def entry_subjects(request, department, year):
    """项级科目 of the fiscal year matching a code prefix or a name, with their 类 and 款 (JSON)."""
    report = editable_report_or_403(request.user, department, year)
    query = request.GET.get("q", "").strip()[:40]
    if not query:
        return JsonResponse({"results": []})
    items = list(FunctionalSubject.objects.filter(fiscal_year=report.fiscal_year, level=FunctionalSubject.Level.ITEM)
                 .filter(Q(code__startswith=query) | Q(name__contains=query)).order_by("code")[:20])
    parents = {s.code: s.name for s in FunctionalSubject.objects.filter(
        fiscal_year=report.fiscal_year, code__in={i.code[:3] for i in items} | {i.code[:5] for i in items})}
    return JsonResponse({"results": [
        {"code": i.code, "name": i.name,
         "path": f"{parents.get(i.code[:3], '')}（类）{parents.get(i.code[:5], '')}（款）{i.name}（项）"}
        for i in items]})


# --- the report's other parts -------------------------------------------------------------------------------

PART_TITLES = {"overview": "第一部分 概况", "facts": "情况说明所需的其他数据（上年数、机关运行经费、政府采购、国有资产、“三公”活动等）",
               "budgets": "项级年初预算数及差异原因（情况说明 五（三））", "glossary": "名词解释（本部门增加的名词）",
               "attachments": "第五部分 附件"}


def _single(model, report):
    return model.objects.filter(report=report).first() or model(report=report)


def _part_form(part, report, data=None):
    """The form (or formset) of one part, bound to `data` when given."""
    year, unit = report.fiscal_year, report.unit
    if part == "overview":
        return entry_forms.OverviewForm(data, instance=_single(ReportOverview, report))
    if part == "facts":
        return entry_forms.FactsForm(data, instance=_single(NarrativeFacts, report), unit=unit)
    if part == "budgets":
        return entry_forms.ItemBudgetFormSet(data, queryset=ItemBudget.objects.filter(report=report).select_related(
            "subject"), form_kwargs={"unit": unit, "fiscal_year": year,
                                     "subject_choices": entry_forms.item_choices(year)}, prefix="budgets")
    if part == "glossary":
        return entry_forms.GlossaryFormSet(data, queryset=GlossaryEntry.objects.filter(report=report, is_standard=False),
                                           prefix="glossary")
    if part == "attachments":
        return entry_forms.AttachmentFormSet(data, queryset=Attachment.objects.filter(report=report),
                                             prefix="attachments")
    if part in entry_forms.NARRATIVE_PARTS:
        key = entry_forms.NARRATIVE_PARTS[part].key
        instance = NarrativeSection.objects.filter(report=report, key=key).first() or NarrativeSection(
            report=report, key=key)
        return entry_forms.NarrativeSectionForm(data, instance=instance)
    raise Http404("没有这一部分")


def _part_title(part):
    if part in entry_forms.NARRATIVE_PARTS:
        return f"第三部分 {NARRATIVE_PLACES[entry_forms.NARRATIVE_PARTS[part].key]}"
    return PART_TITLES[part]


@login_required
def entry_section(request, department, year, part):
    report = editable_report_or_403(request.user, department, year)
    form = _part_form(part, report, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        entry.section_save(report=report, form=form, by=request.user)
        messages.success(request, "已保存草稿。")
        return redirect(request.path)
    status = 422 if request.method == "POST" else 200
    generated = None
    if part in entry_forms.NARRATIVE_PARTS:
        generated = narrate(report, compute_tables(load_snapshot(report)))[entry_forms.NARRATIVE_PARTS[part].key]
    return render(request, "entry/section.html", {
        "generated": generated,
        "report": report, "form": form, "title": _part_title(part), "part": part,
        "is_formset": isinstance(form, django_forms.BaseModelFormSet),
        "table": None,
    }, status=status)


def _filled(value) -> bool:
    return bool(value and str(value).strip())


@login_required
def entry_overview(request, department, year):
    """Every part of the report with its completeness and its findings; warnings get their explanations."""
    report = editable_report_or_403(request.user, department, year)
    snapshot = load_snapshot(report)
    grids = compute_tables(snapshot)
    result = check_snapshot(snapshot, load_extras(report), grids)
    tables = []
    for code, number in report.table_navigation():
        grid = grids[code]
        entered = sum(1 for row in grid.rows for cell in row.cells.values()
                      if cell.kind == CellKind.ENTERED and cell.value is not None)
        counts = {s: sum(1 for f in result.findings if f.severity == s and any(c.table == code for c in f.cells))
                  for s in Severity.values}
        tables.append({"code": code, "number": number,
                       "title": table_title(code, report.table_order), "entered": entered, "counts": counts,
                       "note": snapshot.table_notes.get(code, "")})
    sections = {s.key: s for s in report.narrative_sections.all()}
    overview = ReportOverview.objects.filter(report=report).first()
    parts = [{"part": "overview", "title": PART_TITLES["overview"],
              "done": bool(overview and _filled(overview.duties) and _filled(overview.organisation))}]
    parts += [{"part": part, "title": _part_title(part),
               "done": _filled(getattr(sections.get(leaf.key), "body", ""))}
              for part, leaf in entry_forms.NARRATIVE_PARTS.items()]
    parts += [{"part": "facts", "title": PART_TITLES["facts"], "done": NarrativeFacts.objects.filter(report=report).exists()},
              {"part": "budgets", "title": PART_TITLES["budgets"], "done": report.item_budgets.exists()},
              {"part": "glossary", "title": PART_TITLES["glossary"], "done": True},
              {"part": "attachments", "title": PART_TITLES["attachments"], "done": report.attachments.exists()}]
    warnings = [{"finding": f, "signature": WarningExplanation.signature_of(f), "text": e.text if e else ""}
                for f, e in explanations_of(report, result.warnings)]
    return render(request, "entry/overview.html", {
        "report": report, "tables_status": tables, "parts": parts, "result": result, "warnings": warnings,
        "comments": report.comments.select_related("author"),
        "returned": report.events.filter(action="return").order_by("-created_at").first(),
        "table": None,
        "other_findings": [f for f in result.findings if not any(c.table in TableCode.values for c in f.cells)],
        "actions": available_actions(report, request.user),
    })


@login_required
def entry_explanations(request, department, year):
    report = editable_report_or_403(request.user, department, year)
    if request.method == "POST":
        entry.warning_explanations_save(report=report, texts={
            tuple(key.split("|", 2)[1:]): value for key, value in request.POST.items() if key.startswith("w|")
        }, by=request.user)
        messages.success(request, "已保存警告说明。")
    return redirect(reverse("entry-overview", args=[department, year]))


class NewReportForm(django_forms.Form):
    department = django_forms.ModelChoiceField(queryset=None, label="部门", empty_label=None)
    fiscal_year = django_forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    unit = django_forms.ChoiceField(label="金额单位", choices=Report._meta.get_field("unit").choices)
    copy_previous = django_forms.BooleanField(label="沿用上一年度的科目结构和上年数", required=False, initial=True)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


@login_required
def entry_home(request):
    """The accountant's departments and their reports by year; a report for a new year starts here."""
    departments = departments_of_accountant(request.user)
    reports = (reports_visible_to(request.user).filter(department__in=departments)
               .order_by("-fiscal_year", "department__code", "-revision"))
    form = NewReportForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        previous = (Report.objects.filter(department=data["department"], fiscal_year=data["fiscal_year"] - 1)
                    .order_by("-revision").first() if data["copy_previous"] else None)
        try:
            report = report_create(department=data["department"], fiscal_year=data["fiscal_year"],
                                   unit=data["unit"], copy_from=previous, by=request.user)
        except django_forms.ValidationError as exc:
            form.add_error("fiscal_year", exc)
        else:
            messages.success(request, f"已创建 {report}。")
            return redirect(reverse("entry-overview", args=[report.department.code, report.fiscal_year]))
    return render(request, "entry/home.html", {
        "reports": [(report, available_actions(report, request.user)) for report in reports], "form": form,
        "departments": departments}, status=422 if request.method == "POST" else 200)
