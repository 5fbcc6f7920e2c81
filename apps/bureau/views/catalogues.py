"""The catalogues of each fiscal year (支出功能分类, 经济分类, 标准名词解释): a year opens when they are loaded. A
finance bureau's administrator uploads the files the bureau receives (checked, then shown against the year before
and confirmed) or copies last year's as a start."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from apps.access.permissions import ADMINISTRATOR, require_role
from apps.bureau.forms import (
    CatalogueActionForm,
    CatalogueConfirmForm,
    CatalogueCopyForm,
    CatalogueUploadForm,
    catalogue_token,
)
from apps.bureau.selectors.progress import catalogue_years
from apps.documents.interchange.catalogue_files import KIND_NAMES, CatalogueRefused, Entry, read_catalogue
from apps.reports.services.catalogues import catalogue_changes, catalogue_copy, catalogue_save

administrators_only = require_role(ADMINISTRATOR, refusal="只有财政局管理员可以载入科目目录。")


def _page(request, status=200, **context):
    return render(request, "bureau/catalogues.html", {"years": catalogue_years(), **context}, status=status)


@administrators_only
def catalogues(request):
    if request.method != "POST":
        return _page(request, upload=CatalogueUploadForm())
    action = CatalogueActionForm(request.POST).chosen()
    if action == "confirm":
        form = CatalogueConfirmForm(request.POST)
        if not form.is_valid():
            return _page(request, 422, upload=CatalogueUploadForm(), refused=form.errors["token"])
        chosen = form.cleaned_data["token"]
        written = catalogue_save(chosen["year"], chosen["kind"], _entries(chosen["entries"]))
        messages.success(request, f"已载入 {chosen['year']} 年度{KIND_NAMES[chosen['kind']]}科目 {written} 个。")
        return redirect(request.path)
    if action == "copy":
        form = CatalogueCopyForm(request.POST)
        if form.is_valid():
            try:
                year = catalogue_copy(form.cleaned_data["year"])
            except ValidationError as exc:
                return _page(request, 422, upload=CatalogueUploadForm(), refused=exc.messages)
            messages.success(request, f"已复制 {year.year - 1} 年度的目录作为 {year.year} 年度的起点：功能分类 {year.functional} 个、"
                                      f"经济分类 {year.economic} 个、标准名词解释 {year.glossary} 条。请核对后按需上传修改。")
            return redirect(request.path)
        return _page(request, 422, upload=CatalogueUploadForm(), refused=[e for errs in form.errors.values() for e in errs])
    form = CatalogueUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, 422, upload=form)
    year, kind = form.cleaned_data["year"], form.cleaned_data["kind"]
    try:
        entries = read_catalogue(form.cleaned_data["file"].read(), form.cleaned_data["file"].name, kind)
    except CatalogueRefused as exc:
        return _page(request, 422, upload=form, problems=exc.problems)
    return _page(request, upload=form, checked={"year": year, "kind": KIND_NAMES[kind], "count": len(entries),
                                                 "changes": catalogue_changes(year, kind, entries),
                                                 "token": catalogue_token(year, kind, entries)})


def _entries(rows) -> list[Entry]:
    return [Entry(code, name, level, "") for code, name, level in rows]
