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
    from apps.reports.models import ReportingDeadline

    login(client, "guanli")
    for kind, model in (("functional", FunctionalSubject), ("economic", EconomicSubject)):
        model.objects.bulk_create(model(fiscal_year=2022, **row) for row in model.objects.filter(fiscal_year=2021)
                                  .values("code", "name", *(("level",) if kind == "functional" else ())))
    FiscalYear.objects.create(year=2022)
    page = client.get(PAGE).content.decode()
    assert "（缺标准名词解释：新建的决算名词解释为空）" in page
    assert 'value="2022"><button type="submit">复制 2021 年度的标准名词解释' in page
    client.post(PAGE, {"action": "copy", "year": "2022"})
    assert StandardGlossaryTerm.objects.filter(fiscal_year=2022).count() == StandardGlossaryTerm.objects.filter(
        fiscal_year=2021).count() > 0
    assert FunctionalSubject.objects.filter(fiscal_year=2022).count() == FunctionalSubject.objects.filter(
        fiscal_year=2021).count()  # what the year had is kept, not copied twice
    assert "缺标准名词解释" not in client.get(PAGE).content.decode()

    bureau = demo_report.department.parent
    form = {"action": "settings", "year": "2022", "edition": "shanghai-2024", "summary_classes": "26",
            "bureau": str(bureau.pk), "due_date": "2023-05-31"}
    refused = client.post(PAGE, form)
    assert refused.status_code == 422 and "规定列示24 类" in refused.content.decode()
    response = client.post(PAGE, form | {"edition": "henan-2021", "summary_classes": "24"}, follow=True)
    page = response.content.decode()
    assert "已保存 2022 年度设置" in page and "沁阳市财政局的报送截止日期 2023-05-31" in page
    settings = FiscalYear.objects.get(year=2022)
    assert (settings.edition, settings.summary_classes) == ("henan-2021", "24")
    assert ReportingDeadline.objects.get(finance_bureau=bureau, fiscal_year=2022).due_date.isoformat() == "2023-05-31"
    assert re.search(r"<th scope=\"row\">2022</th>.*?24 类 <a href=\"\?year=2022#settings-title\">设置 2022 年度</a></td>\s*<td>[^<]*2023-05-31", page, re.S)
    assert client.post(PAGE, form | {"year": "2023"}).status_code == 422  # not open: no choice
    assert client.post(PAGE, form | {"edition": "henan-2021", "summary_classes": "24",
                                     "bureau": "999999"}).status_code == 422  # not a bureau they administer
