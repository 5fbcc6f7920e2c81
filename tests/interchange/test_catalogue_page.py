"""The bureau's catalogue page: a year is opened by uploading the files the bureau receives (a bad row refused at its
cell, nothing written; the differences from the year before shown before confirming) or by copying last year's;
only administrators may; the dashboard says which years are not open; accountants can then start the year."""
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.reports.models import EconomicSubject, FiscalYear, FunctionalSubject, Report, StandardGlossaryTerm
from tests.interchange.test_catalogue_files import xlsx

PAGE = "/bureau/catalogues/"


def login(client, username):
    assert client.login(username=username, password=f"{username}-2021-demo")


def functional_2022(bad: bool = False) -> bytes:
    rows = [["科目编码", "科目名称"]] + [[s.code, s.name] for s in FunctionalSubject.objects.filter(fiscal_year=2021)]
    rows.append(["2010309", "参事事务"])
    if bad:
        rows.append(["2190101", "援助其他地区支出"])  # its 类 219 and 款 21901 are not in the file
    return xlsx(rows, "2022年功能分类")


def upload(client, content, kind="functional"):
    return client.post(PAGE, {"action": "check", "year": "2022", "kind": kind,
                              "file": SimpleUploadedFile("2022年功能分类.xlsx", content)})


def test_the_administrator_opens_a_year_with_a_file_checked_and_a_copy(client, demo_report):
    login(client, "guanli")
    page = client.get(PAGE).content.decode()
    assert re.search(r"<th scope=\"row\">2022</th>.*?未开放：缺支出功能分类、缺经济分类", page, re.S)
    assert "尚未开放的年度（缺科目目录，部门还不能新建决算）：2022" in client.get("/bureau/dashboard/").content.decode()
    assert 'name="year" value="2022"><button type="submit">复制 2021 年度的目录' in page
    assert 'value="2023"><button' not in page  # 2022 is not open: nothing to copy into 2023

    refused = upload(client, functional_2022(bad=True))
    page = refused.content.decode()
    assert refused.status_code == 422 and "未写入任何科目" in page
    assert re.search(r"<td>2022年功能分类 第\d+行</td><td>2190101 援助其他地区支出 的上级款 21901 不在文件中", page)
    assert not FunctionalSubject.objects.filter(fiscal_year=2022).exists()

    checked = upload(client, functional_2022()).content.decode()
    assert "与 2021 年度的目录相比：新增 1 个，改名 0 个，文件中没有的 0 个" in checked and "2010309 参事事务" in checked
    token = re.search(r'name="token" value="([^"]+)"', checked).group(1)
    assert not FunctionalSubject.objects.filter(fiscal_year=2022).exists()  # shown, not yet written
    assert client.post(PAGE, {"action": "confirm", "token": token}).status_code == 302
    assert FunctionalSubject.objects.filter(fiscal_year=2022).count() == FunctionalSubject.objects.filter(
        fiscal_year=2021).count() + 1

    assert client.post(PAGE, {"action": "copy", "year": "2022"}).status_code == 302  # 经济分类 and 名词解释 from 2021
    assert EconomicSubject.objects.filter(fiscal_year=2022).count() == EconomicSubject.objects.filter(fiscal_year=2021).count()
    assert StandardGlossaryTerm.objects.filter(fiscal_year=2022).count() > 0
    assert FunctionalSubject.objects.filter(fiscal_year=2022, code="2010309").exists()  # the upload kept
    assert re.search(r"<th scope=\"row\">2022</th>.*?已开放", client.get(PAGE).content.decode(), re.S)
    assert FiscalYear.objects.get(year=2022).edition == FiscalYear.objects.get(year=2021).edition

    client.logout()
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    response = client.post("/entry/", {"department": demo_report.department_id, "fiscal_year": "2022",
                                       "unit": "wan_yuan"})
    assert response.status_code == 302 and Report.objects.filter(fiscal_year=2022).exists()


def test_a_tampered_or_stale_confirmation_writes_nothing(client, demo_report):
    login(client, "guanli")
    checked = upload(client, functional_2022()).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', checked).group(1)
    response = client.post(PAGE, {"action": "confirm", "token": token[:-3] + "xyz"})
    assert response.status_code == 422 and "确认已过期或无效" in response.content.decode()
    assert not FunctionalSubject.objects.filter(fiscal_year=2022).exists()


def test_only_administrators_load_catalogues(client, demo_report):
    for username in ("kuaiji", "shenhe"):
        login(client, username)
        assert client.get(PAGE).status_code == 403
        assert client.post(PAGE, {"action": "copy", "year": "2022"}).status_code == 403
        client.logout()
    assert not FunctionalSubject.objects.filter(fiscal_year=2022).exists()
    assert client.get(PAGE).status_code == 302  # anonymous: to the login page


def test_a_year_opened_by_upload_lacks_its_glossary_until_copied_and_is_then_set_up(client, demo_report):
    from apps.reports.models import EditionChoice, ReportingDeadline

    login(client, "guanli")
    for kind, model in (("functional", FunctionalSubject), ("economic", EconomicSubject)):
        model.objects.bulk_create(model(fiscal_year=2022, **row) for row in model.objects.filter(fiscal_year=2021)
                                  .values("code", "name", *(("level",) if kind == "functional" else ())))
    FiscalYear.objects.create(year=2022)
    page = client.get(PAGE).content.decode()
    assert "（缺标准名词解释：新建的决算名词解释为空）" in page
    assert 'value="2022"><button type="submit">复制 2021 年度的标准名词解释' in page
    copied = client.post(PAGE, {"action": "copy", "year": "2022"}, follow=True).content.decode()
    assert "已从 2021 年度复制到 2022 年度：标准名词解释 19 条。" in copied  # only what the year lacked
    assert StandardGlossaryTerm.objects.filter(fiscal_year=2022).count() == StandardGlossaryTerm.objects.filter(
        fiscal_year=2021).count() == 19
    assert FunctionalSubject.objects.filter(fiscal_year=2022).count() == FunctionalSubject.objects.filter(
        fiscal_year=2021).count()  # what the year had is kept, not copied twice
    again = client.post(PAGE, {"action": "copy", "year": "2022"}, follow=True).content.decode()
    assert "2022 年度的目录和标准名词解释都已有，没有复制任何内容。" in again
    assert "缺标准名词解释" not in again

    bureau = demo_report.department.parent
    form = {"action": "settings", "year": "2022", "edition": "shanghai-2024", "bureau": str(bureau.pk),
            "due_date": "2023-05-31"}
    response = client.post(PAGE, form, follow=True)
    page = response.content.decode()
    assert "已保存 2022 年度设置：沁阳市财政局（沁阳市）新建的决算采用“上海 2024 年版（区级部门）”，报送截止日期 2023-05-31。" in page
    choice = EditionChoice.objects.get(fiscal_year=2022)
    assert (choice.region, choice.edition) == (bureau.region, "shanghai-2024")
    assert FiscalYear.objects.get(year=2022).edition == "henan-2021"  # the national default is not the bureau's
    assert ReportingDeadline.objects.get(finance_bureau=bureau, fiscal_year=2022).due_date.isoformat() == "2023-05-31"
    assert re.search(r"<th scope=\"row\">2022</th>.*?沁阳市财政局：上海 2024 年版（区级部门）.*?2023-05-31", page, re.S)
    not_open = client.post(PAGE, form | {"year": "2023"})
    assert not_open.status_code == 422 and "该年度尚未开放" in not_open.content.decode()
    other = client.post(PAGE, form | {"bureau": "999999"})
    assert other.status_code == 422 and "只能设置您管理的财政局。" in other.content.decode()

    client.logout()  # the accountant's new 2022 report takes the bureau's choice
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    client.post("/entry/", {"department": demo_report.department_id, "fiscal_year": "2022", "unit": "wan_yuan"})
    assert Report.objects.get(department=demo_report.department, fiscal_year=2022).edition == "shanghai-2024"
