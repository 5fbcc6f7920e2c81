"""The catalogues of each fiscal year (支出功能分类, 经济分类, 标准名词解释): a year opens when they are loaded. A
finance bureau's administrator uploads the files the bureau receives (checked, then shown against the year before
and confirmed) or copies last year's as a start, then sets the year up for their bureau (the edition its region's
new reports take, the due date)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from apps.access.permissions import ADMINISTRATOR, bureaus_administered_by, may_change_catalogue, require_role
from apps.bureau.forms import (
    CatalogueActionForm,
    CatalogueConfirmForm,
    CatalogueCopyForm,
    CatalogueUploadForm,
    YearChoiceForm,
    YearSettingsForm,
    catalogue_token,
)
from apps.bureau.selectors.progress import catalogue_years
from apps.bureau.services.years import year_settings_save
from apps.documents.interchange.catalogue_files import KIND_NAMES, CatalogueRefused, Entry, read_catalogue
from apps.reports.services.catalogues import catalogue_changes, catalogue_copy, catalogue_save

administrators_only = require_role(ADMINISTRATOR, refusal="只有财政局管理员可以载入科目目录。")


def _page(request, status=200, settings=None, **context):
    bureaus = list(bureaus_administered_by(request.user))
    years = catalogue_years(bureaus)
    opened = [y for y in years if y.is_open and y.settings]
    chosen = YearChoiceForm(request.GET, years=[y.year for y in opened]).chosen()  # 设置 on a year's row
    shown = next((y for y in opened if y.year == chosen), opened[-1] if opened else None)
    settings = settings or YearSettingsForm(years=[y.year for y in opened], bureaus=bureaus, initial={
        "year": shown.year, "edition": shown.editions[0][1].key if shown.editions else None,
        "due_date": next((d.due_date for d in shown.deadlines), None)} if shown else {})
    return render(request, "bureau/catalogues.html", {"years": years, "settings": settings,
                                                      "years_bureaus": len(bureaus), **context}, status=status)


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
        if not may_change_catalogue(request.user, chosen["year"]):
            return _page(request, 403, upload=CatalogueUploadForm(), refused=[_shared(chosen["year"])])
        written = catalogue_save(chosen["year"], chosen["kind"], _entries(chosen["entries"]))
        messages.success(request, f"已载入 {chosen['year']} 年度{KIND_NAMES[chosen['kind']]}科目 {written} 个。")
        return redirect(request.path)
    if action == "settings":
        return _year_settings(request)
    if action == "copy":
        form = CatalogueCopyForm(request.POST)
        if form.is_valid():
            year = form.cleaned_data["year"]
            if not may_change_catalogue(request.user, year):
                return _page(request, 403, upload=CatalogueUploadForm(), refused=[_shared(year)])
            try:
                copied = catalogue_copy(year)
            except ValidationError as exc:
                return _page(request, 422, upload=CatalogueUploadForm(), refused=exc.messages)
            if copied:
                messages.success(request, f"已从 {year - 1} 年度复制到 {year} 年度："
                                          + "、".join(f"{name} {n} 条" for name, n in copied.items())
                                          + "。请核对后按需上传修改。")
            else:
                messages.info(request, f"{year} 年度的目录和标准名词解释都已有，没有复制任何内容。")
            return redirect(request.path)
        return _page(request, 422, upload=CatalogueUploadForm(), refused=[e for errs in form.errors.values() for e in errs])
    form = CatalogueUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, 422, upload=form)
    year, kind = form.cleaned_data["year"], form.cleaned_data["kind"]
    if not may_change_catalogue(request.user, year):
        return _page(request, 403, upload=form, refused=[_shared(year)])
    try:
        entries = read_catalogue(form.cleaned_data["file"].read(), form.cleaned_data["file"].name, kind)
    except CatalogueRefused as exc:
        return _page(request, 422, upload=form, problems=exc.problems, problems_total=exc.total)
    return _page(request, upload=form, checked={"year": year, "kind": KIND_NAMES[kind], "count": len(entries),
                                                 "changes": catalogue_changes(year, kind, entries),
                                                 "token": catalogue_token(year, kind, entries)})


def _shared(year: int) -> str:
    """Why a year's catalogue is not this administrator's to change (`may_change_catalogue`)."""
    return (f"{year} 年度的目录已有其他财政局的部门决算在用，只有系统管理员（超级用户）可以修改；"
            "如需更正，请联系系统管理员。")


def _year_settings(request):
    bureaus = list(bureaus_administered_by(request.user))
    form = YearSettingsForm(request.POST, years=[y.year for y in catalogue_years() if y.is_open], bureaus=bureaus)
    if not form.is_valid():
        return _page(request, 422, upload=CatalogueUploadForm(), settings=form)
    data = form.cleaned_data
    bureau = form.bureaus[data["bureau"]]
    try:
        choice = year_settings_save(year=data["year"], edition_key=data["edition"], bureau=bureau,
                                    due_date=data["due_date"])
    except ValidationError as exc:
        return _page(request, 422, upload=CatalogueUploadForm(), settings=form, refused=exc.messages)
    messages.success(request, f"已保存 {choice.fiscal_year} 年度设置：{bureau.name}（{choice.region.name}）新建的决算采用"
                              f"“{choice.get_edition_display()}”"
                              + (f"，报送截止日期 {data['due_date']:%Y-%m-%d}" if data["due_date"] else "") + "。")
    return redirect(request.path)


def _entries(rows) -> list[Entry]:
    return [Entry(code, name, level, "") for code, name, level in rows]
