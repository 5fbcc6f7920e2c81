"""The accountant's entry pages through the real test client: saving, bad input, concurrent edits, rows,
permissions, sections, the overview and new reports."""
from decimal import Decimal

import pytest

from apps.accounts.models import Membership, Organisation, User
from apps.reports.models import (
    BalanceFacts,
    BasicExpenditureLine,
    ExpenditureLine,
    FunctionalSubject,
    GlossaryEntry,
    ItemBudget,
    NarrativeFacts,
    Report,
    ReportOverview,
    TableNote,
    WarningExplanation,
)
from tests.helpers import findings_on_page

BASE = "/entry/410882-zwfw/2021"
T03 = f"{BASE}/tables/expenditure/"


def login(client, username="kuaiji"):
    assert client.login(username=username, password=f"{username}-2021-demo")


def t03_line(code):
    return ExpenditureLine.objects.get(report__fiscal_year=2021, subject__code=code)


def form_of(client, url):
    """The grid form as the page renders it: every v|… input with its b|… base value."""
    import re

    page = client.get(url).content.decode()
    values = dict(re.findall(r'name="(v\|[^"]+)" value="([^"]*)"', page))
    bases = dict(re.findall(r'name="(b\|[^"]+)" value="([^"]*)"', page))
    return {**values, **bases}


def test_saving_a_changed_cell(client, demo_report):
    login(client)
    data = form_of(client, T03)
    data["v|2010306|basic"] = "103.58"
    response = client.post(T03, {**data, "action": "save"})
    assert response.status_code == 302
    assert t03_line("2010306").basic == Decimal("1035800.00")
    page = client.get(T03).content.decode()
    assert 'id="c-total-basic"' in page and ">124.81<" in page  # 合计 recomputed on the server too


def test_bad_input_is_reported_on_its_cell_and_nothing_is_saved(client, demo_report):
    login(client)
    data = form_of(client, T03)
    data.update({"v|2010306|basic": "一百", "v|2010350|basic": "4.305", "v|2019999|project": "-6",
                 "v|2080505|basic": "99999999999", "v|2080599|basic": "0.46"})
    response = client.post(T03, {**data, "action": "save"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "“一百”不是有效的数字" in page
    assert "“4.305”最多保留两位小数（万元）" in page
    assert "“-6”：此栏不能填报负数" in page
    assert "“99999999999”数额过大，请核对金额单位（万元）" in page
    assert 'value="0.46"' in page  # what was typed is kept, nothing is lost
    assert t03_line("2080599").basic == Decimal("4500.00")  # and nothing was written
    assert t03_line("2010306").basic == Decimal("1025800.00")


def test_two_concurrent_saves_do_not_lose_either_edit_silently(client, demo_report):
    login(client)
    first, second = form_of(client, T03), form_of(client, T03)  # two people open the same table
    first["v|2010306|basic"] = "103.58"
    assert client.post(T03, {**first, "action": "save"}).status_code == 302
    # The second person changes another cell: saved, and the first edit stays.
    second_other = dict(second, **{"v|2010350|basic": "5.30"})
    assert client.post(T03, {**second_other, "action": "save"}).status_code == 302
    assert t03_line("2010306").basic == Decimal("1035800.00") and t03_line("2010350").basic == Decimal("53000.00")
    # The second person also changed the first person's cell: refused, nothing written, the change is shown.
    second_same = dict(second, **{"v|2010306|basic": "100.00", "v|2101101|basic": "6.00"})
    response = client.post(T03, {**second_same, "action": "save"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "其他人已修改了本表中的数据" in page and "102.58" in page and "103.58" in page and "100.00" in page
    assert t03_line("2010306").basic == Decimal("1035800.00") and t03_line("2101101").basic == Decimal("50400.00")


def test_adding_an_item_brings_its_class_and_section_rows(client, demo_report):
    login(client)
    data = form_of(client, T03)
    response = client.post(T03, {**data, "action": "add", "add_code": "2050201"})
    assert response.status_code == 302
    page = client.get(T03).content.decode()
    assert "学前教育" in page and ">205<" in page and "普通教育" in page
    assert client.post(T03, {**form_of(client, T03), "action": "add", "add_code": "20502"}).status_code == 422


def test_removing_a_row(client, demo_report):
    login(client)
    data = form_of(client, T03)
    assert client.post(T03, {**data, "action": "remove:2010350"}).status_code == 302
    assert not ExpenditureLine.objects.filter(subject__code="2010350", report=demo_report).exists()


def test_removing_a_row_somebody_else_changed_is_refused(client, demo_report):
    login(client)
    data = form_of(client, T03)
    ExpenditureLine.objects.filter(report=demo_report, subject__code="2010350").update(basic=Decimal("1.00"))
    assert client.post(T03, {**data, "action": "remove:2010350"}).status_code == 409
    assert ExpenditureLine.objects.filter(subject__code="2010350", report=demo_report).exists()


def test_summary_table_saves_its_entered_facts_and_table_note(client, demo_report):
    login(client)
    url = f"{BASE}/tables/summary/"
    data = form_of(client, url)
    assert set(k for k in data if k.startswith("v|")) == {
        "v|income.general_budget|amount", "v|income.non_fiscal_balance|amount", "v|income.opening|amount",
        "v|expense.surplus_distribution|amount", "v|expense.closing|amount"}
    data["v|income.opening|amount"] = "11.72"
    assert client.post(url, {**data, "action": "save", "table_note": "说明文字"}).status_code == 302
    assert BalanceFacts.objects.get(report=demo_report).opening_balance == Decimal("117200.00")
    assert TableNote.objects.get(report=demo_report, table="summary").text == "说明文字"


def test_basic_and_three_public_tables_save(client, demo_report):
    login(client)
    url = f"{BASE}/tables/basic/"
    data = form_of(client, url)
    data["v|30201|amount"] = "1.24"
    assert client.post(url, {**data, "action": "save"}).status_code == 302
    assert BasicExpenditureLine.objects.get(report=demo_report, subject__code="30201").amount == Decimal("12400.00")
    page = client.get(url).content.decode()
    assert "T06-04" in page and "finding-error" in page  # the imbalance with 公开05表 is shown beside the grid
    url = f"{BASE}/tables/three_public/"
    data = form_of(client, url)
    data["v|row|actual_reception"] = "0.30"
    assert client.post(url, {**data, "action": "save"}).status_code == 302
    assert demo_report.three_public.__class__.objects.get(report=demo_report).actual_reception == Decimal("3000.00")


@pytest.mark.parametrize("username, state, status", [
    ("shenhe", Report.State.DRAFT, 404), ("shenhe", Report.State.SUBMITTED, 403),
    ("kuaiji", Report.State.SUBMITTED, 403), ("kuaiji", Report.State.PUBLISHED, 403),
    ("other", Report.State.DRAFT, 404), (None, Report.State.DRAFT, 302),
])
def test_who_may_enter(client, demo_report, username, state, status):
    """Who may change a report (its accountant reads it once submitted: test_after_submission.py)."""
    Report.objects.filter(pk=demo_report.pk).update(state=state)
    if username == "other":
        department = Organisation.objects.create(code="410882-jyj", name="沁阳市教育局", kind="department",
                                                 region=demo_report.department.region,
                                                 parent=demo_report.department.parent)
        other = User.objects.create_user("other", password="other-2021-demo")
        Membership.objects.create(user=other, organisation=department, role=Membership.Role.ACCOUNTANT)
    if username:
        login(client, username)
    read_only = username == "kuaiji" and state != Report.State.DRAFT
    for url in (T03, f"{BASE}/", f"{BASE}/sections/overview/", f"{BASE}/subjects/?q=201"):
        expected = 200 if read_only and "subjects" not in url else status
        assert client.get(url).status_code == expected, url
    assert client.post(T03, {"v|2010306|basic": "1", "b|2010306|basic": "102.58"}).status_code == status
    assert t03_line("2010306").basic == Decimal("1025800.00")


def test_item_search_by_code_or_name(client, demo_report):
    login(client)
    by_code = client.get(f"{BASE}/subjects/", {"q": "20103"}).json()["results"]
    assert {r["code"] for r in by_code} >= {"2010306", "2010350"}
    by_name = client.get(f"{BASE}/subjects/", {"q": "政务公开"}).json()["results"]
    assert by_name == [{"code": "2010306", "name": "政务公开审批",
                        "path": "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）政务公开审批（项）"}]


def test_text_sections_save(client, demo_report):
    login(client)
    response = client.post(f"{BASE}/sections/overview/", {"duties": "新的职责", "organisation": "机构", "composition": "本级"})
    assert response.status_code == 302
    assert ReportOverview.objects.get(report=demo_report).duties == "新的职责"
    key = "narrative-general_budget-overall"
    response = client.post(f"{BASE}/sections/{key}/", {"body": "正文", "reason": "原因"})
    assert response.status_code == 302
    section = demo_report.narrative_sections.get(key="general_budget.overall")
    assert (section.body, section.reason) == ("正文", "原因")


def test_facts_are_typed_in_the_report_unit(client, demo_report):
    login(client)
    page = client.get(f"{BASE}/sections/facts/").content.decode()
    assert "机关运行经费（万元）" in page and 'value="14.30"' in page
    from django.forms.models import model_to_dict

    facts = NarrativeFacts.objects.get(report=demo_report)
    data = {k: ("" if v is None else v) for k, v in model_to_dict(facts).items() if k not in ("id", "report")}
    data.update({k: str(Decimal(v) / 10000) for k, v in data.items() if isinstance(v, Decimal)})
    data["operating_cost"] = "15.10"
    assert client.post(f"{BASE}/sections/facts/", data).status_code == 302
    facts.refresh_from_db()
    assert facts.operating_cost == Decimal("151000.00") and facts.previous_total == Decimal("2042900.00")
    data["operating_cost"] = "15.123"
    response = client.post(f"{BASE}/sections/facts/", data)
    assert response.status_code == 422 and "确认小数不超过 2 位" in response.content.decode()


def test_glossary_additions_and_item_budgets(client, demo_report):
    login(client)
    response = client.post(f"{BASE}/sections/glossary/", {
        "glossary-TOTAL_FORMS": "1", "glossary-INITIAL_FORMS": "0",
        "glossary-0-order": "20", "glossary-0-term": "窗口服务", "glossary-0-definition": "政务大厅窗口提供的服务。"})
    assert response.status_code == 302
    assert GlossaryEntry.objects.get(report=demo_report, term="窗口服务").is_standard is False
    subject = FunctionalSubject.objects.get(fiscal_year=2021, code="2010301")
    count = ItemBudget.objects.filter(report=demo_report).count()
    existing = list(ItemBudget.objects.filter(report=demo_report).order_by("subject__code"))
    data = {"budgets-TOTAL_FORMS": str(count + 1), "budgets-INITIAL_FORMS": str(count)}
    for i, budget in enumerate(existing):
        data.update({f"budgets-{i}-id": budget.id, f"budgets-{i}-subject": budget.subject_id,
                     f"budgets-{i}-initial_budget": str(budget.initial_budget / 10000),
                     f"budgets-{i}-variance_reason": budget.variance_reason})
    data.update({f"budgets-{count}-subject": subject.id, f"budgets-{count}-initial_budget": "3.50",
                 f"budgets-{count}-variance_reason": "新增"})
    assert client.post(f"{BASE}/sections/budgets/", data).status_code == 302
    assert ItemBudget.objects.get(report=demo_report, subject=subject).initial_budget == Decimal("35000.00")


def budgets_post(budgets, extra=None) -> dict:
    """The 项级年初预算 page's post for these rows as they are (and `extra` changes by row number)."""
    data = {"budgets-TOTAL_FORMS": str(len(budgets)), "budgets-INITIAL_FORMS": str(len(budgets))}
    for i, budget in enumerate(budgets):
        data.update({f"budgets-{i}-id": budget.id, f"budgets-{i}-subject": budget.subject_id,
                     f"budgets-{i}-initial_budget": str(budget.initial_budget / 10000),
                     f"budgets-{i}-variance_reason": budget.variance_reason})
    for (i, name), value in (extra or {}).items():
        data[f"budgets-{i}-{name}"] = value
    return data


def test_two_rows_of_one_item_are_refused_on_the_row_and_two_rows_may_swap_items(client, demo_report):
    login(client)
    budgets = list(ItemBudget.objects.filter(report=demo_report).order_by("subject__code"))
    first, second = budgets[0], budgets[1]
    response = client.post(f"{BASE}/sections/budgets/", budgets_post(budgets, {(1, "subject"): first.subject_id}))
    page = response.content.decode()
    assert response.status_code == 422 and "与第 1 行的功能分类科目（项）相同" in page and "只能填一行" in page
    assert ItemBudget.objects.get(pk=second.pk).subject_id == second.subject_id  # nothing written

    swapped = budgets_post(budgets, {(0, "subject"): second.subject_id, (1, "subject"): first.subject_id})
    assert client.post(f"{BASE}/sections/budgets/", swapped).status_code == 302
    now = {b.subject_id: b.initial_budget for b in ItemBudget.objects.filter(report=demo_report)}
    assert now[first.subject_id] == second.initial_budget and now[second.subject_id] == first.initial_budget
    assert ItemBudget.objects.filter(report=demo_report).count() == len(budgets)


def test_overview_shows_parts_and_takes_warning_explanations(client, demo_report):
    BasicExpenditureLine.objects.filter(report=demo_report, subject__code="30217").update(amount=Decimal("5000"))
    BasicExpenditureLine.objects.filter(report=demo_report, subject__code="30239").update(amount=Decimal("80400"))
    login(client)
    page = client.get(f"{BASE}/").content.decode()
    assert "错误 <strong>0</strong> 条，警告 <strong>9</strong> 条" in page and "T07-03" in page
    import re

    name = re.search(r'name="(w\|T07-03\|[^"]+)"', page).group(1)
    assert client.post(f"{BASE}/explanations/", {name: "接待费由项目经费列支。"}).status_code == 302
    assert WarningExplanation.objects.get(report=demo_report, code="T07-03").text == "接待费由项目经费列支。"
    assert "接待费由项目经费列支。" in client.get(f"{BASE}/").content.decode()


def test_new_year_report_copies_structure_and_last_years_totals(client, demo_report):
    from apps.reports.models import EconomicSubject, FiscalYear, StandardGlossaryTerm

    FunctionalSubject.objects.bulk_create(
        FunctionalSubject(fiscal_year=2022, code=s.code, name=s.name, level=s.level)
        for s in FunctionalSubject.objects.filter(fiscal_year=2021))
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    FiscalYear.objects.create(year=2022)
    only_functional = client.post("/entry/", {"department": demo_report.department_id, "fiscal_year": "2022",
                                              "unit": "wan_yuan"})
    assert only_functional.status_code == 422 and "2022 年度尚未开放" in only_functional.content.decode()
    FiscalYear.objects.filter(year=2022).delete()
    EconomicSubject.objects.bulk_create(EconomicSubject(fiscal_year=2022, code=s.code, name=s.name)
                                        for s in EconomicSubject.objects.filter(fiscal_year=2021))

    FiscalYear.objects.create(year=2022)
    StandardGlossaryTerm.objects.create(fiscal_year=2022, order=1, term="财政拨款收入", definition="……")
    login(client)
    response = client.post("/entry/", {"department": demo_report.department_id, "fiscal_year": "2022",
                                       "unit": "wan_yuan", "copy_previous": "on"})
    assert response.status_code == 302
    report = Report.objects.get(fiscal_year=2022)
    assert sorted(report.expenditure_lines.values_list("subject__code", flat=True)) == sorted(
        demo_report.expenditure_lines.values_list("subject__code", flat=True))
    assert all(line.basic is None and line.project is None for line in report.expenditure_lines.all())
    facts = NarrativeFacts.objects.get(report=report)
    assert facts.previous_total == Decimal("2144600.00")  # last year's printed 总计, pinned 214.46
    assert facts.previous_general_budget_expenditure == Decimal("2144600.00")
    assert list(report.glossary.values_list("term", flat=True)) == ["财政拨款收入"]
    response = client.post("/entry/", {"department": demo_report.department_id, "fiscal_year": "2023",
                                       "unit": "wan_yuan"})
    page = response.content.decode()
    assert response.status_code == 422 and "2023 年度尚未开放：科目目录（支出功能分类和经济分类）还没有载入" in page
    assert "/bureau/catalogues/" in page


def test_entry_views_use_a_bounded_number_of_queries(client, demo_report, django_assert_max_num_queries):
    login(client)
    for url in (T03, f"{BASE}/tables/summary/", f"{BASE}/tables/basic/", f"{BASE}/", f"{BASE}/sections/budgets/"):
        client.get(url)
        with django_assert_max_num_queries(40):
            assert client.get(url).status_code == 200
    for code in ("2010301", "2050201", "2120101", "2200101"):
        ExpenditureLine.objects.create(report=demo_report, subject=FunctionalSubject.objects.get(
            fiscal_year=2021, code=code), basic=Decimal("100"))
    with django_assert_max_num_queries(40):
        assert client.get(T03).status_code == 200


@pytest.mark.parametrize("path", ["/", "/tables/income/", "/sections/overview/", "/import/", "/sheets/", "/sheets/1/"])
def test_every_entry_page_links_the_nine_tables_in_the_reports_order(client, demo_report, path):
    import re

    Report.objects.filter(pk=demo_report.pk).update(edition="central-2023")  # 三公 becomes 公开09表
    login(client)
    nav = client.get(BASE + path).content.decode().split('<nav class="entry-nav"')[1].split("</nav>")[0]
    links = re.findall(rf'href="{BASE}/tables/([a-z_]+)/"[^>]*>(公开\d\d表)</a>', nav)
    assert links == [("summary", "公开01表"), ("income", "公开02表"), ("expenditure", "公开03表"),
                     ("fiscal_summary", "公开04表"), ("general_budget", "公开05表"), ("basic", "公开06表"),
                     ("government_fund", "公开07表"), ("state_capital", "公开08表"), ("three_public", "公开09表")]


def test_a_negative_amount_of_the_facts_or_the_item_budgets_is_refused_on_its_field(client, demo_report):
    login(client)
    before = NarrativeFacts.objects.get(report=demo_report).previous_total
    response = client.post(f"{BASE}/sections/facts/", {"previous_total": "-5"})
    assert response.status_code == 422 and "确保该值大于或等于0" in response.content.decode()
    assert NarrativeFacts.objects.get(report=demo_report).previous_total == before
    budgets = list(ItemBudget.objects.filter(report=demo_report).order_by("subject__code"))
    response = client.post(f"{BASE}/sections/budgets/", budgets_post(budgets, {(0, "initial_budget"): "-520"}))
    assert response.status_code == 422 and "确保该值大于或等于0" in response.content.decode()


def test_a_section_asks_for_a_reason_only_where_its_editions_sentences_print_one(client, demo_report):
    login(client)
    assert 'name="reason"' in client.get(f"{BASE}/sections/narrative-total/").content.decode()
    page = client.get(f"{BASE}/sections/narrative-income/").content.decode()  # 河南 prints no reason for 收入
    assert 'name="reason"' not in page and "请在下面填写原因" not in page


def test_a_refused_save_says_so_at_the_top_of_the_page(client, demo_report):
    login(client)
    page = client.post(f"{BASE}/sections/facts/", {"previous_total": "abc"}).content.decode()
    assert page.index("未保存：请改正下面标出的内容") < page.index("class=\"section-form\"")


def test_a_figure_nobody_entered_is_marked_on_the_section_page(client, demo_report):
    NarrativeFacts.objects.filter(report=demo_report).update(vehicles=None)
    login(client)
    page = client.get(f"{BASE}/sections/narrative-assets/").content.decode()
    assert '<mark class="figure missing" title="情况说明填报数“车辆（辆）”：未填写">（待填写）</mark>' in page


def test_a_hand_written_section_shows_its_check_where_it_is_written(client, demo_report):
    login(client)
    url = f"{BASE}/sections/narrative-income/"
    response = client.post(url, {"use_generated": "", "body": "2021年度收入合计202.47万元，全部为财政拨款收入。"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    here = findings_on_page(page)
    assert "N-38 错误" in here and "写作 202.47（" in here and "结果见下面的审核结果" in page
    overview = client.get(f"{BASE}/").content.decode()  # the panel links to the text where it is written
    assert f'<a href="{BASE}/sections/narrative-income/#id_body">第三部分 情况说明 二、收入决算情况说明</a>' in overview
    assert "将公开的文字（您撰写的正文）" in page and "<p>2021年度收入合计202.47万元，全部为财政拨款收入。</p>" in page


def test_each_section_links_to_the_sections_before_and_after_it(client, demo_report):
    login(client)
    first = client.get(f"{BASE}/sections/narrative-total/").content.decode()
    assert 'rel="prev"' not in first
    assert f'href="{BASE}/sections/narrative-income/" rel="next">下一节：第三部分 情况说明 二、收入决算情况说明' in first
    middle = client.get(f"{BASE}/sections/narrative-income/").content.decode()
    assert f'href="{BASE}/sections/narrative-total/" rel="prev">上一节：' in middle and 'rel="next"' in middle
