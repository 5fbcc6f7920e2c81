"""The accountant's pages: reports by year, the report overview, the table grids and the text sections.

Views are thin: resolve the report the user may change, validate, call one service, redirect or render.
"""
from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from apps.access.permissions import (
    can_change_report,
    departments_of_accountant,
    editable_report_or_403,
    entry_report_or_403,
    reports_visible_to,
)
from apps.documents.disclosure import table_view
from apps.entry import forms as entry_forms
from apps.entry import services as entry
from apps.entry.findings import cell_anchor, findings_panel
from apps.entry.parts import narrative_parts, part_title
from apps.entry.selectors import (
    current_warnings,
    item_budget_grid,
    items_matching,
    previous_year_report,
    report_findings,
    report_overview,
)
from apps.reports.cells import describe_cell
from apps.reports.computation import CellKind, compute_tables
from apps.reports.layouts import FunctionalLayout
from apps.reports.models import (
    Attachment,
    GlossaryEntry,
    ItemBudget,
    NarrativeFacts,
    NarrativeSection,
    ReportOverview,
)
from apps.reports.narration import narrate
from apps.reports.rules import Severity, check_snapshot
from apps.reports.rules.engine import load_extras
from apps.reports.services.reports import report_create
from apps.reports.snapshot import load_snapshot
from apps.reports.stored_cells import display
from apps.workflow.services import available_actions


def _entry_report(request, department, year):
    """The report of an entry page: changed by a POST (its accountant, while a draft), read by a GET (also once
    submitted, read only)."""
    check = editable_report_or_403 if request.method == "POST" else entry_report_or_403
    return check(request.user, department, year)


def _findings_by_cell(panel, table):
    by_cell = {}
    for finding in panel.findings:
        for cell in finding.cells:
            if cell.table == table:
                by_cell.setdefault((cell.row, cell.column), []).append((finding.index, finding))
    return by_cell


def _grid_rows(report, grid, view, typed=None, errors=None, findings_by_cell=None, editable=True):
    """The official table's body rows, each cell wrapped with what the entry page needs (inputs while `editable`)."""
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
                    "id": cell_anchor(row_key, column), "name": f"{row_key}|{column}",
                    "label": describe_cell(grid, row_key, column, report.template),  # what a screen reader says
                    "editable": editable and cell.kind == CellKind.ENTERED, "base": shown,
                    "value": typed.get(body_cell.ref, shown), "kind": cell.kind, "pinned": cell.pinned,
                    "parts": " ".join(cell_anchor(p.row, p.column) for p in cell.parts if p.table == grid.code)
                    if cell.kind == CellKind.SUM and not cell.pinned else "",
                    "error": errors.get(body_cell.ref),
                    "findings": findings_by_cell.get(body_cell.ref, []),
                })
                if editable and functional and grid.row(row_key).level == 3:
                    removable = row_key
            cells.append(wrapped)
        rows.append({"cells": cells, "removable": removable, "index": r})
    return rows


def _table_page(request, report, table, typed=None, errors=None, conflicts=None, status=200):
    editable = can_change_report(request.user, report)
    snapshot = load_snapshot(report)
    grids = compute_tables(snapshot)
    grid = grids[table]
    panel = findings_panel(report, check_snapshot(snapshot, load_extras(report), grids), grids, table)
    view = table_view(report, grid, snapshot.table_notes.get(table, ""))
    layout = grid.layout
    comments = list(report.comments.filter(table=table).select_related("author"))
    commented = {cell_anchor(c.row_key, c.column_key) for c in comments if c.row_key and c.column_key}
    return render(request, "entry/table.html", {
        "report": report, "table": view, "editable": editable,
        "rows": _grid_rows(report, grid, view, typed, errors, _findings_by_cell(panel, table), editable),
        "panel": panel, "functional": isinstance(layout, FunctionalLayout), "conflicts": conflicts or [],
        "comments": comments, "commented": commented,
        "errors": errors or {}, "note": snapshot.table_notes.get(table, ""), "dirty": status != 200,
        "empty_note_hint": getattr(layout, "empty_note", "").format(department=report.department.name),
        "severity": Severity, "unit_label": report.get_unit_display(),
        "search_url": reverse("entry-subjects", args=[report.department.code, report.fiscal_year]),
    }, status=status)


@login_required
def entry_table(request, department, year, table):
    report = _entry_report(request, department, year)
    if table not in report.table_codes:  # a table the report's edition prints
        raise Http404("没有这张表")
    if request.method != "POST":
        return _table_page(request, report, table)  # read only once submitted
    layout = load_snapshot(report).layouts[table]
    form = entry_forms.GridForm(request.POST, report=report, table=table, layout=layout)
    if not form.is_valid():
        messages.error(request, form.summary)
        return _table_page(request, report, table, None if form.refused else form.typed, form.cell_errors,
                           status=422)
    result = entry.table_save(report=report, table=table, layout=layout, values=form.values, seen=form.seen,
                              add_codes=form.add_codes, remove_codes=form.remove_codes, by=request.user)
    if result.refused:  # the table changed since the form was read (a 项 removed meanwhile)
        messages.error(request, entry_forms.refusal(["|".join(cell) for cell in result.refused]))
        return _table_page(request, report, table, status=422)
    if result.conflicts:
        messages.error(request, "您编辑期间，其他人已修改了本表中的数据；为避免覆盖，本次未保存。请核对下列单元格后刷新页面重新填写。")
        return _table_page(request, report, table, form.typed, conflicts=result.conflicts, status=409)
    if form.cleaned_data["table_note"] is not None:
        entry.table_note_save(report=report, table=table, text=form.cleaned_data["table_note"], by=request.user)
    messages.success(request, "已保存草稿。" + ("已添加科目。" if form.add_codes else
                                                 "已删除科目。" if form.remove_codes else ""))
    return redirect(reverse("entry-table", args=[report.department.code, report.fiscal_year, table]))


@login_required
def entry_subjects(request, department, year):
    """项级科目 of the fiscal year matching a code prefix or a name, with their 类 and 款 (JSON)."""
    report = editable_report_or_403(request.user, department, year)
    form = entry_forms.ItemSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return JsonResponse({"results": items_matching(report.fiscal_year, query) if query else []})


# --- the report's other parts -------------------------------------------------------------------------------


def _single(model, report):
    return model.objects.filter(report=report).first() or model(report=report)


def _part_form(part, report, data=None, grids=None):
    """The form (or formset) of one part, bound to `data` when given (`grids`: the report's computed tables)."""
    year, unit = report.fiscal_year, report.unit
    if part == "overview":
        form = entry_forms.OverviewForm(data, instance=_single(ReportOverview, report))
        for section in report.template.overview:  # 部门职责 / 主要职能 …: as the report's edition heads them
            form.fields[section.key].label = section.heading
        return form
    if part == "facts":
        return entry_forms.facts_form(report.template)(data, instance=_single(NarrativeFacts, report), unit=unit)
    if part == "budgets":
        grid = item_budget_grid(report, grids)
        formset = entry_forms.item_budget_formset(report.template, len(grid.unlisted))(
            data, queryset=ItemBudget.objects.filter(report=report).select_related("subject"),
            initial=[{"subject": subject.pk} for subject in grid.unlisted], prefix="budgets",
            form_kwargs={"unit": unit, "fiscal_year": year, "subject_choices": entry_forms.item_choices(year)})
        unlisted = {subject.pk: subject for subject in grid.unlisted}
        for form in formset:  # the grid shows each row's 项 as text and its 决算数 beside the figures typed
            form.item = form.instance.subject if form.instance.subject_id else unlisted.get(form.initial.get("subject"))
            form.actual = grid.actual.get(getattr(form.item, "pk", None))
        return formset
    if part == "glossary":
        return entry_forms.GlossaryFormSet(data, queryset=GlossaryEntry.objects.filter(report=report, is_standard=False),
                                           prefix="glossary")
    if part == "attachments":
        return entry_forms.AttachmentFormSet(data, queryset=Attachment.objects.filter(report=report),
                                             prefix="attachments")
    sections = narrative_parts(report)
    if part in sections:
        key = sections[part].key
        instance = NarrativeSection.objects.filter(report=report, key=key).first() or NarrativeSection(
            report=report, key=key)
        form = entry_forms.NarrativeSectionForm(data, instance=instance)
        if not report.template.asks_reason(key):  # the edition's sentences print no reason here: none is asked
            del form.fields["reason"]
        return form
    raise Http404("没有这一部分")


@login_required
def entry_section(request, department, year, part):
    report = _entry_report(request, department, year)
    snapshot = load_snapshot(report)
    grids = compute_tables(snapshot)
    form = _part_form(part, report, request.POST if request.method == "POST" else None, grids)
    editable = can_change_report(request.user, report)
    if not editable:  # submitted: what was entered, read only
        for each in getattr(form, "forms", [form]):
            for field in each.fields.values():
                field.disabled = True
    if request.method == "POST" and form.is_valid():
        entry.section_save(report=report, form=form, by=request.user)
        messages.success(request, "已保存草稿。")
        return redirect(request.path)
    status = 422 if request.method == "POST" else 200
    if status == 422:
        messages.error(request, "未保存：请改正下面标出的内容后再保存（您填写的内容仍在页面上）。")
    generated, neighbours = None, (None, None)
    sections = narrative_parts(report)
    key = sections[part].key if part in sections else part
    panel = report_findings(report, f"narrative:{key}", snapshot, grids)
    if part in sections:
        generated = narrate(report, grids)[key]
        parts = list(sections)
        at = parts.index(part)  # 上一节 / 下一节
        neighbours = tuple((p, part_title(report, p)) if p else None
                           for p in (parts[at - 1] if at else None, parts[at + 1] if at + 1 < len(parts) else None))
    return render(request, "entry/section.html", {
        "generated": generated, "asks_reason": "reason" in getattr(form, "fields", {}), "panel": panel,
        "report": report, "form": form, "title": part_title(report, part), "part": part,
        "is_formset": isinstance(form, django_forms.BaseModelFormSet),
        "table": None, "editable": editable, "previous_part": neighbours[0], "next_part": neighbours[1],
        "written": getattr(form, "instance", None) if part in sections and status == 200 else None,  # as saved
        "dirty": status != 200,  # what was typed is on the page, not saved
    }, status=status)


@login_required
def entry_overview(request, department, year):
    """Every part of the report with its completeness and its findings; warnings get their explanations (read only
    once submitted)."""
    report = entry_report_or_403(request.user, department, year)
    overview = report_overview(report)
    return render(request, "entry/overview.html", {
        "report": report, "tables_status": overview.tables, "result": overview.result,
        "parts": overview.parts, "missing_parts": [p for p in overview.parts if not p.done],
        "warnings": entry_forms.ExplanationsForm(warnings=overview.warnings).rows,
        "comments": report.comments.select_related("author"), "returned": overview.returned, "table": None,
        "panel": overview.panel, "other_counts": overview.other_counts, "actions": available_actions(report, request.user),
        "editable": can_change_report(request.user, report),
    })


@login_required
def entry_explanations(request, department, year):
    report = editable_report_or_403(request.user, department, year)
    if request.method == "POST":
        form = entry_forms.ExplanationsForm(request.POST, warnings=current_warnings(report))
        if form.is_valid():
            entry.warning_explanations_save(report=report, texts=form.texts, by=request.user)
            messages.success(request, "已保存警告说明。")
        if form.stale:
            messages.error(request, f"有 {len(form.stale)} 条说明所对应的警告已不存在（数据已改变），未保存；请核对后重新填写。")
    return redirect(reverse("entry-overview", args=[department, year]))


@login_required
def entry_home(request):
    """The accountant's departments and their reports by year; a report for a new year starts here."""
    departments = departments_of_accountant(request.user)
    reports = (reports_visible_to(request.user).filter(department__in=departments)
               .order_by("-fiscal_year", "department__code", "-revision"))
    form = entry_forms.NewReportForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        previous = previous_year_report(data["department"], data["fiscal_year"]) if data["copy_previous"] else None
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
