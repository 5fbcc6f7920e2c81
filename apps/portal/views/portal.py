"""The public portal: search, department pages with charts over the years, comparison of two years, the open-data
index and catalogue, the corrections page. Anonymous answers are cached until the next publication."""
import csv
import io

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from apps.access.permissions import reports_visible_to
from apps.accounts.spreadsheets import safe_text
from apps.documents.charts import Series, chart
from apps.documents.comparison import Comparison, counterpart
from apps.documents.interchange.schema import report_schema
from apps.portal.caching import public_page
from apps.portal.forms import CompareYearsForm, SearchForm
from apps.portal.selectors import (
    departments,
    published,
    published_corrections,
    published_lines,
    regions,
    search,
    years_of,
)
from apps.reports.editions import edition
from apps.reports.figures import LABELS
from apps.reports.money import Unit, format_amount, to_unit

PAGE_SIZE = 50
CHARTS = (("收支总计", ("total",)), ("基本支出与项目支出", ("basic", "project")),
          ("“三公”经费：预算与决算", ("three_public_budget", "three_public")), ("机关运行经费", ("operating_cost",)))


def site_url() -> str:
    """The public site's address for absolute links (JUESUAN_SITE_URL): never the host a request names, since cached
    answers are shared by every visitor."""
    return settings.JUESUAN_SITE_URL


@public_page("q", "region", "year", "page")
def home(request):
    """Search by department name, region and year among the reports this visitor may read."""
    query = SearchForm(request.GET).query()
    visible = reports_visible_to(request.user)
    reports = search(visible, q=query["q"], region=query["region"], year=query["year"])
    page = Paginator(reports, PAGE_SIZE).get_page(query["page"])
    year = "" if query["year"] is None else str(query["year"])
    return render(request, "reports/home.html", {
        "page": page, "rows": [(r, figure(r, "total")) for r in page.object_list], "years": years_of(visible),
        "q": query["q"], "region": query["region"], "year": year, "regions": regions(),
        "searched": bool(query["q"] or query["region"] or year),
    })


def figure(report, field: str):
    """A stored main figure in 万元 (None when blank, or for a report published before figures were stored)."""
    value = getattr(getattr(report, "figures", None), field, None)
    return None if value is None else to_unit(value, Unit.WAN_YUAN)


@public_page()
def department_page(request, code):
    department = get_object_or_404(departments(), code=code)
    reports = list(published().filter(department=department).order_by("fiscal_year"))
    if not reports:
        raise Http404("这个部门还没有公开的决算")
    years = [f"{r.fiscal_year}年" for r in reports]
    charts = [chart(title, years, [Series(LABELS[f], [figure(r, f) for r in reports]) for f in fields], "万元")
              for title, fields in CHARTS]
    return render(request, "portal/department.html", {
        "department": department, "reports": reports, "years": years, "charts": charts,
        "rows": [(LABELS[f], [figure(r, f) for r in reports]) for f in LABELS],
    })


@public_page("from", "to")
def department_compare(request, code):
    """Two published years side by side: the main figures and every printed cell that differs."""
    department = get_object_or_404(departments(), code=code)
    reports = {r.fiscal_year: r for r in published().filter(department=department)}
    form = CompareYearsForm(request.GET, years=sorted(reports))
    if not form.is_valid():
        return render(request, "portal/compare.html", {"department": department, "years": sorted(reports)},
                      status=200 if len(reports) else 404)
    first, second = reports[form.cleaned_data["from"]], reports[form.cleaned_data["to"]]
    comparison = Comparison(first, second)
    return render(request, "portal/compare.html", {
        "department": department, "years": sorted(reports), "first": first, "second": second,
        "figures": comparison.figures, "differences": list(comparison.cells.values()),
    })


def _links(report) -> dict:
    args = [report.department.code, report.fiscal_year, report.revision]
    return {"page": reverse("report-revision", args=args), "pdf": reverse("report-pdf", args=args),
            **{fmt: reverse("report-download", args=[*args, fmt]) for fmt in ("xlsx", "json", "csv")}}


@public_page()
def open_data(request):
    reports = published().order_by("-fiscal_year", "department__code")
    return render(request, "portal/open_data.html", {"reports": [(r, _links(r)) for r in reports]})


@public_page()
def open_data_catalogue(request):
    """Every published report with its files: a machine-readable catalogue (DCAT-like)."""
    base = site_url()
    datasets = [{
        "identifier": r.address, "title": r.title, "department": {
            "code": r.department.code, "name": r.department.name, "region": r.department.region.code},
        "fiscal_year": r.fiscal_year, "revision": r.revision,
        # a report published before the system: the date it was loaded, not the date it was first published
        "issued": r.published_at.isoformat() if r.published_at and not r.historical else None,
        "imported": r.published_at.isoformat() if r.historical else None, "origin": r.origin,
        "unit": r.unit, "correction_note": r.correction_note,
        "distributions": {name: base + url for name, url in _links(r).items()},
    } for r in published().order_by("-fiscal_year", "department__code")]
    return JsonResponse({"title": "部门决算公开数据目录", "format": "juesuan.catalogue", "version": 1,
                         "schema": base + "/open-data/report.schema.json", "bulk_csv": base + reverse("open-data-csv"),
                         "datasets": datasets}, json_dumps_params={"ensure_ascii": False, "indent": 1})


def open_data_schema(request):
    return JsonResponse(report_schema(), json_dumps_params={"ensure_ascii": False, "indent": 1})


CSV_HEADER = ["部门编码", "部门", "年度", "版次", "表号", "表名", "行", "科目编码", "项目", "栏", "栏目", "金额", "金额单位"]


def _csv_line(values) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([safe_text(v) for v in values])
    return out.getvalue()


def _bulk_rows():
    yield "\ufeff" + _csv_line(CSV_HEADER)
    for department, name, year, revision, edition_key, unit, table, row, code, label, column, header, value in \
            published_lines():
        template = edition(edition_key)
        yield _csv_line([department, name, year, revision, template.number(table), template.title(table), row,
                         code, label, column, header, format_amount(to_unit(value, unit)), Unit(unit).label])


def open_data_csv(request):
    """Every printed figure of every published report, one line each, streamed from the stored lines."""
    response = StreamingHttpResponse(_bulk_rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="juesuan-published-tables.csv"'
    return response


@public_page()
def corrections(request):
    """Every published correction (revision ≥ 2): its 更正说明 and what changed against the revision before."""
    items = []
    for report in published_corrections():
        previous = counterpart(report)
        changes = Comparison(previous, report).changes(public=True) if previous else []
        items.append({"report": report, "previous": previous, "changes": changes})
    return render(request, "portal/corrections.html", {"items": items})
