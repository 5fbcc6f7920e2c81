"""The new year in a browser, from a database as `make demo` leaves it: the bureau's administrator opens 2022 by
uploading a catalogue workbook (a bad row refused at its row, then the fixed file shown against 2021 and
confirmed; the rest copied from 2021); the accountant starts 2022 from 2021 and finds the 部门整体 sheet, the
项级年初预算 grid pre-filled with the 项 of 公开05表, and the overview listing what is missing."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.interchange.test_catalogue_files import xlsx

pytestmark = pytest.mark.e2e


def catalogue_workbook(tmp_path, bad: bool):
    from apps.reports.models import FunctionalSubject

    rows = [["科目编码", "科目名称"]] + [[s.code, s.name] for s in
                                         FunctionalSubject.objects.filter(fiscal_year=2021).order_by("code")]
    rows.append(["2010309", "参事事务"])
    if bad:
        rows.append(["2190101", "援助其他地区支出"])  # its 类 219 and 款 21901 are missing from the file
    path = tmp_path / ("功能分类-有误.xlsx" if bad else "功能分类.xlsx")
    path.write_bytes(xlsx(rows, "2022年功能分类"))
    return path, len(rows)


def test_the_bureau_opens_2022_and_the_accountant_starts_it_from_2021(page, demo, tmp_path):
    from apps.reports.models import GeneralBudgetLine

    base = demo.url
    login(page, base, "guanli")
    page.goto(f"{base}/bureau/dashboard/")
    expect(page.locator("#years-not-open")).to_contain_text("2022")
    page.click("#years-not-open a")
    expect(page.locator("h1")).to_have_text("科目目录与年度开放")

    bad, rows = catalogue_workbook(tmp_path, bad=True)
    page.fill("#id_year", "2022")
    page.select_option("#id_kind", "functional")
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="检查").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("目录文件有误，未写入任何科目")
    expect(alert).to_contain_text(f"2022年功能分类 第{rows}行")
    expect(alert).to_contain_text("2190101 援助其他地区支出 的上级款 21901 不在文件中")

    good, _ = catalogue_workbook(tmp_path, bad=False)
    page.fill("#id_year", "2022")
    page.set_input_files("#id_file", str(good))
    page.get_by_role("button", name="检查").click()
    expect(page.locator("#checked-title")).to_contain_text("2022 年度支出功能分类：检查通过")
    expect(page.get_by_text("与 2021 年度的目录相比：新增 1 个，改名 0 个，文件中没有的 0 个")).to_be_visible()
    expect(page.get_by_text("2010309 参事事务")).to_be_visible()
    page.click("#confirm-catalogue")
    expect(page.locator(".message.success")).to_contain_text("已载入 2022 年度支出功能分类科目")
    page.get_by_role("button", name="复制 2021 年度的目录").click()  # 经济分类 and 标准名词解释
    expect(page.locator(".message.success")).to_contain_text("已从 2021 年度复制到 2022 年度：部门预算支出经济分类科目 80 条")
    expect(page.locator("tr", has=page.locator("th", has_text="2022"))).to_contain_text("已开放")
    page.get_by_role("link", name="设置 2022 年度").click()
    expect(page.locator("#settings-year")).to_have_value("2022")
    expect(page.locator("#settings-edition")).to_have_value("henan-2021")  # as 2021
    page.select_option("#settings-bureau", label="沁阳市财政局")
    page.fill("#settings-due_date", "2023-05-31")
    page.click("#save-year-settings")
    expect(page.locator(".message.success")).to_contain_text("沁阳市财政局（沁阳市）新建的决算采用“河南 2021 年版")
    expect(page.locator(".message.success")).to_contain_text("报送截止日期 2023-05-31")

    page.context.clear_cookies()
    login(page, base, "kuaiji")
    page.goto(f"{base}/entry/")
    page.fill("#id_fiscal_year", "2022")
    page.check("#id_copy_previous")
    page.get_by_role("button", name="新建").click()
    expect(page.locator("h1")).to_contain_text("2022年度部门决算：填报总览")
    missing = page.locator(".missing-parts")
    expect(missing).to_contain_text("部门（单位）整体绩效自评表：尚未填写完成情况和得分")
    expect(missing).to_contain_text("电费项目支出绩效自评表：尚未填写完成情况和得分")
    expect(missing).to_contain_text("个项都还没有填写年初预算数")
    expect(missing).to_contain_text("情况说明所需的其他数据")

    page.locator(".entry-nav").get_by_role("link", name="绩效自评表").click()
    expect(page.get_by_role("link", name="部门（单位）整体绩效自评表")).to_be_visible()
    page.get_by_role("link", name="部门（单位）整体绩效自评表").click()
    expect(page.locator("#computed-total")).to_have_text("—")  # carried: indicators kept, results empty
    expect(page.locator("#computed-grade")).to_have_text("—")
    expect(page.locator("#row-0-name")).not_to_have_value("")

    page.goto(f"{base}/entry/410882-zwfw/2022/")
    missing.get_by_role("link", name="项级年初预算数及差异原因").click()
    codes = sorted(GeneralBudgetLine.objects.filter(report__fiscal_year=2022).values_list("subject__code", flat=True))
    grid = page.locator("table.item-budgets")
    expect(grid.locator(".item-code")).to_have_text(codes)
    first = grid.locator("tbody tr").first
    first.locator("input[name$=initial_budget]").fill("12.5")
    first.locator("textarea").fill("年中追加预算。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".message.success")).to_have_text("已保存草稿。")
    expect(grid.locator("tbody tr").first.locator("input[name$=initial_budget]")).to_have_value("12.50")
    page.goto(f"{base}/entry/410882-zwfw/2022/")
    expect(page.locator(".missing-parts")).not_to_contain_text("个项都还没有填写年初预算数")
