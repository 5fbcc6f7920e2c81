"""The demo report's PDF, read back: figures on the right pages, headings in order, fonts, bookmarks."""
import logging
import re
import subprocess
from collections import Counter
from io import BytesIO

import pypdf
import pytest

from apps.documents.disclosure import build_disclosure
from apps.documents.rendering import render_pdf
from apps.reports.editions import edition
from apps.reports.money import format_amount
from apps.reports.seed_format import printed_cells
from apps.reports.snapshot import load_snapshot

# Run with the database tests (before the browser tests, whose live server flushes the database).
pytestmark = pytest.mark.django_db


class Captured(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker, tmp_path_factory):
    """Render the demo PDF once for the module; keep WeasyPrint's log. (`django_db_setup`: the test database, even
    when this module runs first, never the developer's own.)"""
    from apps.reports.models import Report

    handler = Captured()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        with django_db_blocker.unblock():
            report = Report.objects.get(department__code="410882-zwfw", fiscal_year=2021)
            content = render_pdf(build_disclosure(report))
            layouts = load_snapshot(report).layouts
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    path = tmp_path_factory.mktemp("pdf") / "demo.pdf"
    path.write_bytes(content)
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", path)).group(1))
    texts = [run("pdftotext", "-f", str(n), "-l", str(n), "-layout", path, "-") for n in range(1, pages + 1)]
    return {"path": path, "content": content, "texts": texts, "log": handler.messages, "layouts": layouts,
            "edition": report.edition}


def run(*args) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def table_pages(rendered) -> dict[str, list[int]]:
    """Pages of each table: from the page where its number is printed under its title to the next table's."""
    template = edition(rendered["edition"])
    order = template.codes()
    starts = {}
    for code in order:
        number = template.number(code)
        starts[code] = next(i for i, text in enumerate(rendered["texts"])
                            if number in text and "部门：" in text and i not in starts.values())
    bounds = [starts[c] for c in order] + [next(i for i, t in enumerate(rendered["texts"]) if "第三部分" in t
                                                and i > starts[order[-1]])]
    return {code: list(range(bounds[k], bounds[k + 1])) for k, code in enumerate(order)}


NUMBER = re.compile(r"^-?\d+\.\d{2}$")


def test_every_seed_figure_is_on_the_pages_of_its_table(rendered, seed):
    pages = table_pages(rendered)
    expected = Counter()
    for (table, _, _), value in printed_cells(seed, rendered["layouts"]).items():
        if value is not None:
            expected[(table, format_amount(value))] += 1
    for table, page_numbers in pages.items():
        tokens = Counter(token for n in page_numbers for token in rendered["texts"][n].split()
                         if NUMBER.match(token))
        wanted = Counter({figure: count for (t, figure), count in expected.items() if t == table})
        missing = wanted - tokens
        assert not missing, (table, missing)


def test_each_table_starts_with_its_title_and_number(rendered):
    for code, page_numbers in table_pages(rendered).items():
        first = rendered["texts"][page_numbers[0]]
        assert edition(rendered["edition"]).title(code) in first
        assert "部门：沁阳市政务服务和大数据管理局" in first and "金额单位：万元" in first


def test_section_headings_of_the_seed_in_order(rendered, seed):
    body = squeeze("".join(rendered["texts"][2:]))  # after the cover and the table of contents
    headings = [
        "第一部分沁阳市政务服务和大数据管理局概况", "一、部门职责", "二、机构设置", "第二部分2021年度部门决算表",
        *(squeeze(t) for t in ("收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
                               "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表",
                               "一般公共预算财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
                               "国有资本经营预算财政拨款收入支出决算表")),
        "第三部分2021年度部门决算情况说明",
        *(squeeze(f"{n}、{title}") for n, title in (
            ("一", "收入支出决算总体情况说明"), ("二", "收入决算情况说明"), ("三", "支出决算情况说明"),
            ("四", "财政拨款收入支出决算总体情况说明"), ("五", "一般公共预算财政拨款支出决算情况说明"))),
        "（一）总体情况。", "（二）结构情况。", "（三）具体情况。",
        "六、一般公共预算财政拨款基本支出决算情况说明", "七、一般公共预算财政拨款“三公”经费支出决算情况说明",
        "八、政府性基金预算财政拨款支出决算情况说明", "九、国有资本经营预算财政拨款支出决算情况说明",
        "十、机关运行经费支出情况说明", "十一、政府采购支出情况说明", "十二、国有资产占用情况说明",
        "十三、预算绩效情况说明", "（一）绩效管理工作开展情况。", "（二）部门整体和项目绩效自评结果。",
        "部门（单位）整体绩效自评表", "电费项目支出绩效自评表", "（三）重点绩效评价结果。",
        "第四部分名词解释", "一、财政拨款收入", "十九、绩效考核奖", "第五部分附件",
        squeeze(seed["attachments"][0]["title"]), squeeze(seed["attachments"][1]["title"]),
    ]
    position = 0
    for heading in headings:
        found = body.find(heading, position)
        assert found >= 0, f"{heading} not found after position {position}"
        position = found + len(heading)


def test_cjk_fonts_are_embedded_and_subset(rendered):
    lines = run("pdffonts", rendered["path"]).splitlines()[2:]
    assert lines, "no fonts"
    for line in lines:
        name, *_, emb, sub, uni, _obj, _gen = line.split()
        assert "CJK" in name and (emb, sub, uni) == ("yes", "yes", "yes"), line


def test_no_missing_glyph_and_nothing_fetched_from_outside(rendered):
    assert not [m for m in rendered["log"] if "notdef" in m or "unsupported by fonts" in m]
    assert not [m for m in rendered["log"] if "Failed to load" in m or "refused" in m]


def test_pages_numbers_metadata_and_bookmarks(rendered):
    texts = rendered["texts"]
    total = len(texts)
    assert f"第 2 页 共 {total} 页" in texts[1] and f"第 {total} 页 共 {total} 页" in texts[-1]
    reader = pypdf.PdfReader(BytesIO(rendered["content"]))
    assert reader.metadata.title == "沁阳市政务服务和大数据管理局2021年度部门决算"
    assert reader.metadata.author == "沁阳市政务服务和大数据管理局"
    titles = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)

    walk(reader.outline)
    for expected in ("第一部分 沁阳市政务服务和大数据管理局概况", "收入支出决算总表 公开01表",
                     "国有资本经营预算财政拨款收入支出决算表 公开09表", "第三部分 2021 年度部门决算情况说明",
                     "第四部分 名词解释", "第五部分 附件"):
        assert expected in titles


def test_wide_tables_on_landscape_pages_and_headers_repeat(rendered):
    reader = pypdf.PdfReader(BytesIO(rendered["content"]))
    pages = table_pages(rendered)
    from apps.reports.layouts import TableCode

    size = lambda n: (round(float(reader.pages[n].mediabox.width)), round(float(reader.pages[n].mediabox.height)))  # noqa
    assert size(pages[TableCode.FISCAL_SUMMARY][0]) == (842, 595)  # landscape
    assert size(pages[TableCode.SUMMARY][0]) == (595, 842)  # portrait
    assert all(len(numbers) == 1 for numbers in pages.values()), "each demo table fits on one page"


def test_long_table_repeats_its_header_on_every_page(demo_report, tmp_path):
    """公开03表 with 60 more 项 rows runs over several pages; every page carries the column headers."""
    from decimal import Decimal

    from apps.reports.layouts import TableCode
    from apps.reports.models import ExpenditureLine, FunctionalSubject

    for subject in FunctionalSubject.objects.filter(fiscal_year=2021, level=3).exclude(
            code__in=demo_report.expenditure_lines.values("subject__code"))[:60]:
        ExpenditureLine.objects.create(report=demo_report, subject=subject, basic=Decimal("100.00"))
    path = tmp_path / "long.pdf"
    path.write_bytes(render_pdf(build_disclosure(demo_report)))
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", path)).group(1))
    texts = [run("pdftotext", "-f", str(n), "-l", str(n), "-layout", path, "-") for n in range(1, pages + 1)]
    t03 = table_pages({"texts": texts, "edition": demo_report.edition})[TableCode.EXPENDITURE]
    assert len(t03) >= 2
    for n in t03:
        assert "功能分类科目编码" in squeeze(texts[n]) and "本年支出合计" in squeeze(texts[n]), n


def test_table_of_contents_gives_page_numbers(rendered):
    from apps.reports.layouts import TableCode

    toc = rendered["texts"][1]
    pages = table_pages(rendered)
    line = next(line for line in toc.splitlines() if "财政拨款收入支出决算总表" in line)
    assert line.rstrip().endswith(str(pages[TableCode.FISCAL_SUMMARY][0] + 1))


def test_draft_is_watermarked(rendered):
    assert "草稿" in rendered["texts"][0] and "未公开" in rendered["texts"][0]


def test_rows_under_a_heading_row_are_indented_as_in_the_seed(rendered):
    """公开04表 行 29–31 stand in from 年初财政拨款结转和结余 (28), as the seed prints them (a wide, landscape table)."""
    from apps.reports.layouts import TableCode

    page = table_pages(rendered)[TableCode.FISCAL_SUMMARY][0] + 1
    words = run("pdftotext", "-f", page, "-l", page, "-bbox", rendered["path"], "-")
    left = {}
    for match in re.finditer(r'<word xMin="([\d.]+)"[^>]*>([^<]+)</word>', words):
        left.setdefault(match.group(2), float(match.group(1)))  # the first (left) side's label of each
    assert left["一般公共预算财政拨款"] > left["年初财政拨款结转和结余"] + 5
    assert left["政府性基金预算财政拨款"] == pytest.approx(left["一般公共预算财政拨款"], abs=1)
