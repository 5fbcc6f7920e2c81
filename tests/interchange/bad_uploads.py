"""The corpus of bad uploads: each case builds its file from the demo's own workbook or JSON and names the place
and the words the answer must contain. Built in code rather than stored, so that the corpus follows the layout
(and a 50 MB file is not committed)."""
import io
import json
import zipfile

from openpyxl import load_workbook


def edited(workbook: bytes, change) -> bytes:
    book = load_workbook(io.BytesIO(workbook))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row_of(sheet, code) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == code)


def set_cell(sheet_name, code, column, value):
    def change(book):
        sheet = book[sheet_name]
        sheet.cell(row_of(sheet, code), column).value = value
    return change


def merge_item(book):
    sheet = book["公开03表"]
    row = row_of(sheet, "2010306")
    sheet.merge_cells(start_row=row, start_column=4, end_row=row, end_column=5)


def duplicate_item(book):
    sheet = book["公开03表"]
    row = row_of(sheet, "2010306")
    sheet.insert_rows(row + 1)
    for column in range(1, 9):
        sheet.cell(row + 1, column).value = sheet.cell(row, column).value


def cover(label, value):
    def change(book):
        sheet = book["封面"]
        sheet.cell(next(r for r in range(1, 20) if sheet.cell(r, 1).value == label), 2).value = value
    return change


def zip_of(files: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def json_edit(document: dict, change) -> bytes:
    data = json.loads(json.dumps(document))
    change(data)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def xl(change):
    return lambda workbook, document: edited(workbook, change)


def js(change):
    return lambda workbook, document: json_edit(document, change)


def raw(content):
    return lambda workbook, document: content


# name → (file name, builder(workbook bytes, document dict) → bytes, place in the answer, words in the answer)
CASES = {
    "not-a-workbook": ("决算.xlsx", raw(b"this is plain text, not a workbook"), "文件", "不是 Excel 工作簿"),
    "empty-workbook-file": ("决算.xlsx", raw(b""), "文件", "文件是空的"),
    "empty-json-file": ("决算.json", raw(b""), "第 1 行", "不是有效的 JSON"),
    "zip-bomb": ("决算.xlsx", raw(zip_of({"xl/workbook.xml": b"<x/>", "xl/bomb.bin": b"\0" * (60 * 1024 * 1024)})),
                 "文件", "压缩炸弹"),
    "encrypted": ("决算.xlsx", raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096), "文件", "已加密"),
    "zip-without-workbook": ("决算.xlsx", raw(zip_of({"readme.txt": b"hello"})), "文件", "没有 Excel 工作簿内容"),
    "fifty-megabytes": ("决算.xlsx", raw(b"PK" + b"\0" * (50 * 1024 * 1024)), "文件", "超过 10 MB"),
    "unsupported-suffix": ("决算.csv", raw(b"a,b\n1,2\n"), "文件", "不支持"),
    "missing-sheet": ("决算.xlsx", xl(lambda b: b.remove(b["公开03表"])), "公开03表", "没有“公开03表”工作表"),
    "renamed-sheet": ("决算.xlsx", xl(lambda b: setattr(b["公开05表"], "title", "一般公共预算")), "公开05表",
                      "工作表不能删除或改名"),
    "shifted-rows": ("决算.xlsx", xl(lambda b: b["公开01表"].insert_rows(2)), "公开01表!", "行或列被插入"),
    "shifted-columns": ("决算.xlsx", xl(lambda b: b["公开03表"].insert_cols(3)), "公开03表!", "行或列被插入"),
    "text-in-amount": ("决算.xlsx", xl(set_cell("公开03表", "2010306", 4, "一百零二")), "公开03表!D", "不是数字"),
    "formula-in-amount": ("决算.xlsx", xl(set_cell("公开03表", "2010306", 4, "=100+2.58")), "公开03表!D", "是公式"),
    "merged-amount-cells": ("决算.xlsx", xl(merge_item), "公开03表!E", "合并单元格"),
    "absurd-magnitude": ("决算.xlsx", xl(set_cell("公开03表", "2010306", 4, 1e15)), "公开03表!D", "数额过大"),
    "three-decimals": ("决算.xlsx", xl(set_cell("公开03表", "2010306", 4, 102.585)), "公开03表!D", "超过两位小数"),
    "negative-basic": ("决算.xlsx", xl(set_cell("公开03表", "2010306", 4, -5)), "公开03表 2010306 基本支出",
                       "不能填报负数"),
    "unknown-function-code": ("决算.xlsx", xl(set_cell("公开03表", "2010306", 1, "2990101")), "公开03表!A",
                              "2990101 不在 2021 年科目表中"),
    "name-does-not-match": ("决算.xlsx", xl(set_cell("公开03表", "2010306", 2, "行政运行")), "公开03表!A",
                            "名为“政务公开审批”，表中写作“行政运行”"),
    "not-a-code": ("决算.xlsx", xl(set_cell("公开03表", "2010306", 1, "ABC")), "公开03表!A", "不是功能分类科目编码"),
    "duplicate-item-row": ("决算.xlsx", xl(duplicate_item), "公开03表!A", "出现了两次"),
    "wrong-year-on-cover": ("决算.xlsx", xl(cover("年度", "2020")), "封面!B", "年度为“2020”"),
    "wrong-unit-on-cover": ("决算.xlsx", xl(cover("金额单位", "元")), "封面!B", "金额单位为“元”"),
    "formula-in-text": ("决算.xlsx", xl(lambda b: setattr(b["文字部分"]["D2"], "value", '=HYPERLINK("http://x","y")')),
                        "文字部分!D2", "是公式"),
    "indicator-actual-not-a-number": ("决算.xlsx", xl(lambda b: setattr(b["绩效自评表2"]["H20"], "value", "很多")),
                                      "绩效自评表2!H", "不是有效的数值"),
    "json-not-an-object": ("决算.json", raw(b"[]"), "$", "不是一份决算"),
    "json-syntax": ("决算.json", raw(b'{"format": "juesuan.report",'), "第 1 行", "不是有效的 JSON"),
    "json-not-utf8": ("决算.json", raw('{"名称": "决算"}'.encode("gbk")), "文件", "UTF-8"),
    "json-amount-as-number": ("决算.json", js(lambda d: d["tables"]["expenditure"]["2010306"].update(basic=102.58)),
                              "$.tables.expenditure.2010306.basic", "类型不对"),
    "json-three-decimals": ("决算.json", js(lambda d: d["tables"]["expenditure"]["2010306"].update(basic="1.234")),
                            "$.tables.expenditure.2010306.basic", "不是有效的金额"),
    "json-unknown-table": ("决算.json", js(lambda d: d["tables"].update(extra={})), "$.tables", "本格式没有的项：extra"),
    "json-missing-tables": ("决算.json", js(lambda d: d.pop("tables")), "$", "缺少必填项“tables”"),
    "json-wrong-year": ("决算.json", js(lambda d: d.update(fiscal_year=2020)), "$.fiscal_year", "2020 年度"),
    "json-unknown-code": ("决算.json", js(lambda d: d["tables"]["income"].update({"2990101": {"fiscal": "1.00"}})),
                          "公开02表 2990101", "不在 2021 年科目表中"),
    "json-broken-indicator-tree": ("决算.json", js(lambda d: d["sheets"][1]["indicators"][1].update(parent=None)),
                                   "$.sheets[1].indicators[1]", "上级指标不对"),
    # 16 digits: more than the column (and SQLite's floating storage) holds; once a server error
    "json-indicator-value-too-long": ("决算.json", js(lambda d: d["sheets"][1]["indicators"][1].update(
        target_value="999999999999.9995")), "$.sheets[1].indicators[1].target_value", ""),
    "json-printed-total-far-off": ("决算.json", js(lambda d: d["printed_totals"][0].update(value="300.00")),
                                   "公开04表 第32行“总 计”", "超出"),
}
