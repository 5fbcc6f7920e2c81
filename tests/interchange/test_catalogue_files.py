"""Catalogue files as finance bureaus receive them (`load_catalogues --file`): both layouts (code | name, and 类 | 款 |
项 | name with blanks inherited), .xlsx and .csv; every bad row refused with its sheet, row and column, nothing written;
the differences from the year before listed; the year opened with last year's settings."""
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from apps.documents.interchange.catalogue_files import ECONOMIC, FUNCTIONAL, CatalogueRefused, read_catalogue
from apps.reports.models import EconomicSubject, FiscalYear, FunctionalSubject


def xlsx(rows, title="功能分类科目") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    return "\n".join(",".join(row) for row in rows).encode(encoding)


PAIRS = [["2022年支出功能分类科目"], ["科目编码", "科目名称"], ["201", "一般公共服务支出"], ["20103", "政府办公厅（室）及相关机构事务"],
         ["2010301", "行政运行"], ["2010302", "一般行政管理事务"], ["208", "社会保障和就业支出"], ["20805", "行政事业单位养老支出"],
         ["2080505", "机关事业单位基本养老保险缴费支出"]]
LEVELS = [["类", "款", "项", "科目名称"], ["201", "", "", "一般公共服务支出"], ["", "03", "", "政府办公厅（室）及相关机构事务"],
          ["", "", "01", "行政运行"], ["", "", "02", "一般行政管理事务"], ["208", "05", "", "行政事业单位养老支出"],
          ["208", "", "", "社会保障和就业支出"], ["208", "05", "05", "机关事业单位基本养老保险缴费支出"]]


def codes(entries):
    return [(e.code, e.level) for e in entries]


def test_both_layouts_in_both_formats_read_alike():
    expected = sorted(codes(read_catalogue(xlsx(PAIRS), "功能分类.xlsx", FUNCTIONAL)))
    assert expected == [("201", 1), ("20103", 2), ("2010301", 3), ("2010302", 3), ("208", 1), ("20805", 2),
                        ("2080505", 3)]
    assert sorted(codes(read_catalogue(xlsx(LEVELS), "功能分类.xlsx", FUNCTIONAL))) == expected
    assert sorted(codes(read_catalogue(csv_bytes(PAIRS), "功能分类.csv", FUNCTIONAL))) == expected
    assert sorted(codes(read_catalogue(csv_bytes(LEVELS, "gb18030"), "功能分类.csv", FUNCTIONAL))) == expected
    economic = read_catalogue(xlsx([["类", "款", "科目名称"], ["301", "", "工资福利支出"], ["", "01", "基本工资"],
                                    ["302", "", "商品和服务支出"], ["", "01", "办公费"]]), "经济分类.xlsx", ECONOMIC)
    assert codes(economic) == [("301", 1), ("30101", 2), ("302", 1), ("30201", 2)]


@pytest.mark.parametrize("rows, where, words", [
    (PAIRS + [["20103X", "错码"]], "功能分类科目 第10行 A列", "“20103X”不是支出功能分类的科目编码"),
    (PAIRS + [["201030", "六位"]], "功能分类科目 第10行 A列", "应为 3、5、7 位数字"),
    (PAIRS + [["2010301", "行政运行（又一次）"]], "功能分类科目 第10行", "科目编码 2010301 重复（功能分类科目 第5行 已有“行政运行”）"),
    (PAIRS + [["2110101", "行政运行"]], "功能分类科目 第10行", "上级款 21101 不在文件中"),
    (PAIRS + [["21101", "环境保护管理事务"]], "功能分类科目 第10行", "上级类 211 不在文件中"),
    (PAIRS + [["2010350", ""]], "功能分类科目 第10行 B列", "科目 2010350 缺少科目名称"),
    (PAIRS + [["2010350", "事" * 65]], "功能分类科目 第10行 B列", "科目 2010350 的名称超过 64 个字"),
    ([["编号", "说明"], ["201", "一般公共服务支出"]], "功能分类科目", "没有找到表头"),
])
def test_a_bad_row_is_refused_where_it_is(rows, where, words):
    with pytest.raises(CatalogueRefused) as refused:
        read_catalogue(xlsx(rows), "功能分类.xlsx", FUNCTIONAL)
    assert [str(p) for p in refused.value.problems if p.where == where and words in p.message], refused.value.problems


def test_codes_typed_as_numbers_read_as_codes():
    rows = [["类", "款", "项", "科目名称"], [201, None, None, "一般公共服务支出"], [None, 3, None, "政府办公厅（室）及相关机构事务"],
            [None, None, 1.0, "行政运行"], [2010302.0, None, None, "一般行政管理事务"]]
    assert codes(read_catalogue(xlsx(rows), "功能分类.xlsx", FUNCTIONAL)) == [
        ("201", 1), ("20103", 2), ("2010301", 3), ("2010302", 3)]


def test_every_bad_row_is_said_at_once():
    rows = PAIRS + [["20199", ""], ["abc", "乱码"], ["2019999", "其他一般公共服务支出"]]
    with pytest.raises(CatalogueRefused) as refused:
        read_catalogue(xlsx(rows), "功能分类.xlsx", FUNCTIONAL)
    assert [p.where for p in refused.value.problems] == ["功能分类科目 第10行 B列", "功能分类科目 第11行 A列",
                                                         "功能分类科目 第12行"]


def test_a_file_that_is_no_workbook_is_refused():
    with pytest.raises(CatalogueRefused) as refused:
        read_catalogue(b"not a workbook", "功能分类.xlsx", FUNCTIONAL)
    assert "不是 Excel 工作簿" in str(refused.value)


def test_the_command_lists_the_differences_and_opens_the_year(db, tmp_path, seed):
    call_command("load_catalogues", "2021", stdout=StringIO())
    rows = [["科目编码", "科目名称"]] + [[s.code, s.name] for s in FunctionalSubject.objects.filter(fiscal_year=2021)
                                          if s.code != "2010350"]
    rows[1][1] = "一般公共服务"  # 201 renamed
    rows.append(["2010309", "参事事务"])
    path = tmp_path / "2022功能分类.xlsx"
    path.write_bytes(xlsx(rows))

    out = StringIO()
    call_command("load_catalogues", file=str(path), year=2022, dry_run=True, stdout=out)
    text = out.getvalue()
    assert "与 2021 年度目录相比：新增 1 个，改名 1 个，文件中没有的 1 个（保留）" in text
    assert "改名 201：一般公共服务支出 → 一般公共服务" in text and "新增 2010309 参事事务" in text and "文件中没有 2010350 事业运行" in text
    assert not FunctionalSubject.objects.filter(fiscal_year=2022).exists() and not FiscalYear.objects.filter(year=2022).exists()

    call_command("load_catalogues", file=str(path), year=2022, stdout=StringIO())
    assert FunctionalSubject.objects.filter(fiscal_year=2022).count() == len(rows) - 1
    assert FunctionalSubject.objects.get(fiscal_year=2022, code="2010309").level == 3
    opened = FiscalYear.objects.get(year=2022)
    assert (opened.edition, opened.summary_classes) == (FiscalYear.objects.get(year=2021).edition,
                                                        FiscalYear.objects.get(year=2021).summary_classes)
    rows[1][1] = "一般公共服务支出（新）"  # loaded again: the rename written, nothing added twice
    path.write_bytes(xlsx(rows))
    call_command("load_catalogues", file=str(path), year=2022, stdout=StringIO())
    assert FunctionalSubject.objects.get(fiscal_year=2022, code="201").name == "一般公共服务支出（新）"
    assert FunctionalSubject.objects.filter(fiscal_year=2022).count() == len(rows) - 1


def test_the_command_writes_nothing_from_a_bad_file(db, tmp_path):
    path = tmp_path / "经济分类.csv"
    path.write_bytes(csv_bytes([["科目编码", "科目名称"], ["301", "工资福利支出"], ["30201", "办公费"]]))
    with pytest.raises(CommandError) as refused:
        call_command("load_catalogues", file=str(path), year=2022, kind="economic", stdout=StringIO())
    assert "CSV 第3行：30201 办公费 的上级类 302 不在文件中" in str(refused.value)
    assert not EconomicSubject.objects.filter(fiscal_year=2022).exists()
    with pytest.raises(CommandError, match="--year"):
        call_command("load_catalogues", file=str(path), stdout=StringIO())
