"""The public portal: search, department pages with charts, comparison of two years, open data, corrections,
and the cache dropped at publication."""
import csv
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from apps.documents.interchange.document import export_document
from apps.documents.interchange.importing import document_import
from apps.reports.models import (
    EconomicSubject,
    FiscalYear,
    FunctionalSubject,
    IncomeLine,
    PublishedFigures,
    StandardGlossaryTerm,
)
from apps.reports.services.reports import report_create
from apps.workflow import services as workflow
from tests.helpers import publish, user


@pytest.fixture
def published(demo_report, media):
    return publish(demo_report)


@pytest.fixture
def two_years(published):
    """The department's 2020 report: the 2021 document imported into 2020 (catalogues copied), with 1 万元 of
    财政拨款 moved between two 项 of 公开02表."""
    for model in (FunctionalSubject, EconomicSubject):
        model.objects.bulk_create(model(**{f.name: getattr(s, f.name) for f in model._meta.concrete_fields
                                           if f.name not in ("id", "fiscal_year")}, fiscal_year=2020)
                                  for s in model.objects.filter(fiscal_year=2021))
    FiscalYear.objects.create(year=2020)
    StandardGlossaryTerm.objects.create(fiscal_year=2020, order=1, term="财政拨款收入", definition="……")
    earlier = report_create(department=published.department, fiscal_year=2020, unit=published.unit, by=None)
    document = export_document(published)
    document["fiscal_year"] = 2020
    document["tables"]["income"]["2010306"]["fiscal"] = "184.86"
    document["tables"]["income"]["2010350"]["fiscal"] = "3.30"
    assert document_import(report=earlier, data=document, confirm=True, by=None).written
    return earlier, published


def test_search_by_name_region_and_year(client, published):
    assert "沁阳市政务服务和大数据管理局" in client.get("/", {"q": "政务服务"}).content.decode()
    assert "没有找到符合条件的部门决算" in client.get("/", {"q": "教育局"}).content.decode()
    assert "沁阳市政务服务和大数据管理局" in client.get("/", {"region": "410800"}).content.decode()  # 焦作市 and below
    assert "沁阳市政务服务和大数据管理局" in client.get("/", {"region": "410000", "year": "2021"}).content.decode()
    assert "没有找到" in client.get("/", {"year": "2019"}).content.decode()
    page = client.get("/").content.decode()
    assert "<td class=\"num\">214.46</td>" in page  # 收支总计 stored at publication


@pytest.mark.parametrize("q, found", [
    ("大数据局", True),  # as people say it: the name's characters in order
    ("政数局", True),  # one of its 简称
    ("沁阳 大数据", True), ("数据大局", False), ("教育局", False), ("(.*", False), ("[", False),
])
def test_a_department_is_found_as_people_name_it(client, published, q, found):
    page = client.get("/", {"q": q})
    assert page.status_code == 200
    assert ("沁阳市政务服务和大数据管理局" in page.content.decode().split("<tbody>")[-1]) is found


def test_publication_stores_the_main_figures(published):
    figures = PublishedFigures.objects.get(report=published)
    assert (figures.total, figures.expenditure, figures.basic, figures.project) == (
        Decimal("2144600.00"), Decimal("2144600.00"), Decimal("1238100.00"), Decimal("906500.00"))
    assert figures.operating_cost is not None


def test_department_page_draws_its_figures_over_the_years(client, two_years):
    earlier, later = two_years
    publish(earlier)
    page = client.get("/departments/410882-zwfw/").content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 4 and 'role="img"' in page
    assert "2020年" in page and "2021年" in page and "<title>2021年 收支总计：214.46 万元</title>" in page
    assert '<th scope="row">基本支出</th><td class="num">123.81</td><td class="num">123.81</td>' in page
    assert client.get("/departments/410882-none/").status_code == 404


def test_two_years_side_by_side_with_their_differences(client, two_years):
    earlier, later = two_years
    publish(earlier)
    page = client.get("/departments/410882-zwfw/compare/", {"from": "2020", "to": "2021"}).content.decode()
    assert "报表中不同的数字：共 4 处" in page  # two 项 of 公开02表, in two columns each
    assert "<td>公开02表 2010306 政务公开审批 第2栏“财政拨款收入”</td><td class=\"num\">184.86</td>" \
           "<td class=\"num\">183.86</td><td class=\"num\">-1.00</td>" in page


def test_open_data_index_catalogue_and_bulk_csv(client, published):
    assert "政务服务和大数据管理局2021 JSON" in client.get("/open-data/").content.decode()
    catalogue = json.loads(client.get("/open-data/catalogue.json").content)
    dataset = catalogue["datasets"][0]
    assert dataset["identifier"] == "410882-zwfw/2021" and dataset["distributions"]["xlsx"].endswith("report.xlsx")
    assert client.get(dataset["distributions"]["json"]).status_code == 200
    assert json.loads(client.get("/open-data/report.schema.json").content)["title"].startswith("部门决算")
    response = client.get("/open-data/tables.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["部门编码", "部门", "年度"]
    assert ["410882-zwfw", "沁阳市政务服务和大数据管理局", "2021", "1", "公开03表", "支出决算表", "2010306", "2010306",
            "政务公开审批", "basic", "基本支出", "102.58", "万元"] in rows


def test_the_report_title_is_one_text_on_the_page_the_workbook_and_the_catalogue(client, published):
    title = "沁阳市政务服务和大数据管理局2021年度部门决算"
    assert published.title == title
    assert f"<title>{title}" in client.get("/reports/410882-zwfw/2021/").content.decode()
    book = load_workbook(io.BytesIO(b"".join(client.get("/reports/410882-zwfw/2021/r1/report.xlsx").streaming_content)))
    assert book.worksheets[0]["A1"].value == title
    assert json.loads(client.get("/open-data/catalogue.json").content)["datasets"][0]["title"] == title


def test_corrections_page_lists_each_correction_with_what_changed(client, published):
    revision = workflow.report_start_correction(report=published, by=user("kuaiji"), note="更正公开02表两处收入划分")
    IncomeLine.objects.filter(report=revision, subject__code="2010306").update(fiscal=Decimal("1848600"))
    IncomeLine.objects.filter(report=revision, subject__code="2010350").update(fiscal=Decimal("33000"))
    revision.glossary.filter(order=3).update(definition="更正后的解释。")
    publish(revision)
    page = client.get("/corrections/").content.decode()
    assert "更正公开02表两处收入划分" in page and "第2版" in page
    # the printed figures that changed, as the reviewer's comparison counts them (两个项, 两栏 each), then the texts
    assert "<td>公开02表 2010306 政务公开审批 第2栏“财政拨款收入”</td><td>183.86</td><td>184.86</td>" in page
    assert page.count("<tr><td>公开02表 ") == 4 and "<td>更正说明</td><td></td><td>更正公开02表两处收入划分</td>" in page
    assert "<td>名词解释 第3条 解释</td>" in page and "<td>更正后的解释。</td>" in page  # places as people name them
    client.force_login(user("shenhe"))
    assert "有 <strong>4</strong> 个单元格不同" in client.get("/review/410882-zwfw/2021/").content.decode()


def test_public_pages_are_cached_until_the_next_publication(client, demo_report, media,
                                                            django_capture_on_commit_callbacks):
    first = client.get("/")
    assert "暂无可查看的部门决算" in first.content.decode() and "X-Cache" not in first
    assert client.get("/")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        publish(demo_report)
    fresh = client.get("/")
    assert "X-Cache" not in fresh and "沁阳市政务服务和大数据管理局" in fresh.content.decode()


def test_sitemap_lists_the_published_pages(client, published):
    sitemap = client.get("/sitemap.xml").content.decode()
    for path in ("/reports/410882-zwfw/2021/r1/", "/departments/410882-zwfw/", "/open-data/", "/corrections/"):
        assert f"{path}</loc>" in sitemap


def test_report_page_has_its_charts_with_their_figures_as_a_table(client, published):
    page = client.get("/reports/410882-zwfw/2021/").content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 3
    assert "<title>一般公共服务支出 本年支出：197.53 万元</title>" in page
    assert '<th scope="row">基本支出与项目支出</th>' not in page  # categories, not titles, head the rows
    assert '<tr><th scope="row">本年支出</th><td class="num">123.81</td><td class="num">90.65</td></tr>' in page


@pytest.mark.parametrize("query", [{"year": "abc"}, {"year": "99999999999999999999"}, {"region": "焦作"},
                                   {"region": "41x"}, {"year": "-2021", "page": "abc"}, {"page": "0"}])
def test_a_search_parameter_that_is_no_valid_choice_filters_nothing(client, published, query):
    response = client.get("/", query)
    assert response.status_code == 200 and "沁阳市政务服务和大数据管理局" in response.content.decode()


@pytest.mark.parametrize("query", [{"from": "2019", "to": "2021"}, {"from": "x", "to": "2021"}, {"to": "2021"}])
def test_two_years_of_which_one_is_not_published_offer_the_years_to_choose(client, published, query):
    response = client.get("/departments/410882-zwfw/compare/", query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "报表中不同的数字" not in page and "<option selected>2021</option>" not in page


def test_downloads_are_named_by_the_report_title(client, published):
    from urllib.parse import unquote

    def name(response):
        if response.streaming:  # a stored file: read to its end, which closes it as a server would
            b"".join(response.streaming_content)
        return unquote(response["Content-Disposition"].split("''", 1)[1])

    title = "沁阳市政务服务和大数据管理局2021年度部门决算"
    assert name(client.get("/reports/410882-zwfw/2021/r1/document.pdf")) == f"{title}.pdf"
    assert name(client.get("/reports/410882-zwfw/2021/r1/report.xlsx")) == f"{title}.xlsx"
    assert name(client.get("/reports/410882-zwfw/2021/r1/report.csv")) == f"{title}.csv.zip"
    revision = workflow.report_start_correction(report=published, by=user("kuaiji"), note="更正")
    client.force_login(user("kuaiji"))
    assert name(client.get("/reports/410882-zwfw/2021/r2/report.json")) == f"{title}（第2版）.json"
    preview = client.get("/reports/410882-zwfw/2021/r2/document.pdf")  # a draft's preview, rendered now
    assert preview["Content-Disposition"].startswith("inline;") and name(preview) == f"{title}（第2版）.pdf"
    assert revision.revision == 2
