"""The generated 情况说明: every figure of the seed's 第三部分, from the tables and the stored facts."""
import re
from decimal import Decimal

import pytest
import yaml

from apps.reports.computation import compute_tables
from apps.reports.models import ItemBudget, NarrativeFacts, NarrativeSection
from apps.reports.money import percent
from apps.reports.narration import _paragraph_label, _quoted, narrate
from apps.reports.snapshot import load_snapshot


def generated(report):
    return narrate(report, compute_tables(load_snapshot(report)))


def figures(report):
    return {f.key: f.value for section in generated(report).values() for f in section.figures}


def d(text: str) -> Decimal:
    return Decimal(text.rstrip("%"))


def test_generated_figures_are_the_seeds(demo_report, seed):
    n = seed["narrative"]
    got = figures(demo_report)
    expected = {
        "total": n["一_收支总计"], "total.change": n["一_较上年"]["amount"], "total.rate": n["一_较上年"]["rate"],
        "income": n["二_收入合计"], "income.fiscal": n["二_财政拨款收入"], "income.fiscal.share": n["二_财政拨款收入_占比"],
        "expenditure": n["三_支出合计"], "expenditure.basic": n["三_基本支出"],
        "expenditure.basic.share": n["三_基本支出_占比"], "expenditure.project": n["三_项目支出"],
        "expenditure.project.share": n["三_项目支出_占比"],
        "fiscal_total": n["四_财政拨款收支总计"], "fiscal_total.change": n["四_较上年"]["amount"],
        "fiscal_total.rate": n["四_较上年"]["rate"],
        "general_budget": n["五一_一般公共预算财政拨款支出"], "general_budget.share": n["五一_占本年支出合计"],
        "general_budget.change": n["五一_较上年"]["amount"], "general_budget.rate": n["五一_较上年"]["rate"],
        "detail.budget": n["五三_年初预算"], "detail.actual": n["五三_支出决算"], "detail.rate": n["五三_完成年初预算"],
        "basic": n["六_基本支出"], "basic.personnel": n["六_人员经费"], "basic.public": n["六_公用经费"],
        "three_public.budget": n["七一_预算"], "three_public.actual": n["七一_决算"],
        "abroad.groups": n["七二_1_因公出国（境）费"]["团组"], "abroad.persons": n["七二_1_因公出国（境）费"]["人次"],
        "vehicle.bought": n["七二_2_公务用车购置及运行费"]["购置车辆"],
        "vehicle.held": n["七二_2_公务用车购置及运行费"]["期末保有量"],
        "reception.foreign_groups": n["七二_3_公务接待费"]["外宾团组"],
        "reception.domestic_persons": n["七二_3_公务接待费"]["国内来宾人次"],
        "operating_cost": n["十_机关运行经费"], "operating_cost.change": n["十_较上年"]["amount"],
        "operating_cost.rate": n["十_较上年"]["rate"],
        "procurement": n["十一_政府采购"]["总额"], "procurement.goods": n["十一_政府采购"]["货物"],
        "procurement.sme.share": n["十一_政府采购"]["中小企业占比"],
        "assets.vehicles": n["十二_车辆"],
        "performance.total": n["十三一"]["纳入预算绩效管理的支出总额"],
        "performance.personnel": n["十三一"]["人员经费支出"], "performance.public": n["十三一"]["公用经费支出"],
        "performance.projects": n["十三一"]["支出项目数"], "performance.project_amount": n["十三一"]["支出金额"],
        "performance.key": n["十三一"]["重点绩效评价数"],
        "performance.department_score": n["十三二"]["部门整体绩效自评得分"],
        "performance.average_score": n["十三二"]["项目绩效自评平均得分"],
    }
    for key, value in expected.items():
        assert got[key] == d(value), key
    for name, code in (("201", "201"), ("208", "208"), ("210", "210")):
        row = next(r for r in n["五二_结构"] if r["code"] == code)
        assert got[f"class.{code}"] == d(row["amount"]) and got[f"class.{code}.share"] == d(row["share"])
    assert n["十_较上年"]["direction"] == "减少" and "下降 80.89%" in generated(demo_report)["operating_cost"].text()


def test_eight_item_paragraphs_with_their_budgets_and_completion(demo_report, seed):
    got = figures(demo_report)
    text = generated(demo_report)["general_budget.detail"].text()
    for item in seed["narrative"]["五三_项"]:
        code = item["code"]
        assert got[f"item.{code}.budget"] == d(item["年初预算"]) and got[f"item.{code}.actual"] == d(item["支出决算"])
        if item["完成年初预算"] is None:  # 年初预算 0: no completion percentage
            assert f"item.{code}.rate" not in got
        else:
            assert got[f"item.{code}.rate"] == d(item["完成年初预算"])
    assert text.count("（项）。年初预算为") == 8


def test_names_come_from_the_catalogue_so_the_seeds_slip_cannot_occur(demo_report):
    text = generated(demo_report)["general_budget.detail"].text()
    assert "一般公共服务支出（类）其他一般公共服务支出（款）其他一般公共服务支出（项）" in text
    assert "（类）他一般公共服务支出" not in text


def test_wording_follows_the_sign(demo_report):
    text = generated(demo_report)["general_budget.detail"].text()
    assert "政务公开审批（项）。年初预算为 241.61 万元，支出决算为 187.23 万元，完成年初预算的 77.49%。决算数小于年初预算数" in text
    assert "机关事业单位基本养老保险缴费支出（项）。年初预算为 10.26 万元，支出决算为 11.13 万元，完成年初预算的 108.48%。决算数大于" in text
    ItemBudget.objects.filter(report=demo_report, subject__code="2010350").update(initial_budget=Decimal("43000"))
    assert "事业运行（项）。年初预算为 4.3 万元，支出决算为 4.3 万元，完成年初预算的 100%。决算数与年初预算数持平。" in \
        generated(demo_report)["general_budget.detail"].text()


def test_a_new_department_has_no_previous_year(demo_report):
    NarrativeFacts.objects.filter(report=demo_report).update(previous_total=None, previous_operating_cost=None)
    sections = generated(demo_report)
    assert sections["total"].text().startswith("2021 年度收、支总计均为 214.46 万元。上年度无可比数据。")
    assert "total.rate" not in {f.key for f in sections["total"].figures}
    assert "上年度无可比数据" in sections["operating_cost"].text()


def test_zero_base_and_growth_from_zero_give_no_percentage(demo_report):
    NarrativeFacts.objects.filter(report=demo_report).update(previous_total=Decimal("0.00"))
    text = generated(demo_report)["total"].text()
    assert "收、支总计各增加 214.46 万元（上年度为 0）。" in text and "%" not in text.split("主要原因")[0]


def test_equal_to_last_year_is_level(demo_report):
    NarrativeFacts.objects.filter(report=demo_report).update(previous_total=Decimal("2144600.00"))
    assert "与上年度相比，收、支总计各持平。" in generated(demo_report)["total"].text()


def test_zero_budget_gives_no_completion_percentage(demo_report):
    text = generated(demo_report)["three_public.overall"].text()
    assert text.startswith("2021 年度“三公”经费财政拨款支出预算为 0 万元，支出决算为 0 万元。")
    assert "%" not in text


def test_percentages_round_half_up_in_one_place():
    assert percent(Decimal("1"), Decimal("3")) == Decimal("33.33")
    assert percent(Decimal("2"), Decimal("3")) == Decimal("66.67")
    assert percent(Decimal("0.125"), Decimal("1")) == Decimal("12.50")
    assert percent(Decimal("1.2345"), Decimal("100")) == Decimal("1.23")
    assert percent(Decimal("1.2355"), Decimal("100")) == Decimal("1.24")  # half-up, not half-even
    assert percent(Decimal("5"), Decimal("0")) is None and percent(Decimal("5"), None) is None


def test_the_seeds_own_text_written_by_hand_is_flagged_only_for_what_its_checks_record(demo_report):
    """The seed's 情况说明 as typed: its slip (他一般公共服务支出) is found; every other finding is one the seed's own
    verification (`checks` of the demo file) records — here its completion rates over a 预算 of 0."""
    from apps.reports.rules import check_report
    from apps.reports.services.demo import DEMO_FILE

    checks = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))["checks"]
    recorded = {"他一般公共服务支出": next(c for c in checks if "他一般公共服务支出（款）" in c),
                "完成率无从计算": next(c for c in checks if c.startswith("ZERO-BASE | 情况说明 七"))}
    NarrativeSection.objects.filter(report=demo_report).update(use_generated=False)  # the seed's text, as typed
    findings = [f for f in check_report(demo_report).findings if f.code.startswith("N-")]
    slip = [f for f in findings if "他一般公共服务支出（款）" in f.message]
    assert [(f.code, f.severity) for f in slip] == [("N-43B", "warning")]
    assert "2019999 应为“一般公共服务支出（类）其他一般公共服务支出（款）其他一般公共服务支出（项）”" in slip[0].message
    for finding in findings:
        assert any(words in finding.message for words in recorded), finding.message
    zero_base = [f for f in findings if "完成率无从计算" in f.message]  # 0 % of a 预算 and a 决算 both 0: 提示
    assert len(zero_base) == 7 and {(f.code, f.severity) for f in zero_base} == {("N-45", "info")}  # 七（一） 1, 七（二） 6
    assert "“完成“三公”经费预算的 0%” for every item with a 0 budget" in recorded["完成率无从计算"]


def test_the_document_prints_the_generated_text(client, demo_report):
    from apps.reports.models import Report

    Report.objects.filter(pk=demo_report.pk).update(state=Report.State.PUBLISHED)
    page = re.sub(r"<[^>]+>", "", client.get("/reports/410882-zwfw/2021/").content.decode())  # the text read
    assert "一般公共服务支出（类）其他一般公共服务支出（款）其他一般公共服务支出（项）" in page
    assert "2021 年度收、支总计均为 214.46 万元。与上年度相比，收、支总计各增加 10.17 万元，增长 4.98%。" in page


def test_missing_facts_are_printed_as_missing_and_each_is_one_error(demo_report):
    """No sheets, empty procurement and asset fields, a 上年数 of 0: the generated text invents no zero and no
    impossible share, and the check shows one error for each thing nobody entered."""
    from apps.performance.models import EvaluationSheet
    from apps.reports.rules import check_report

    EvaluationSheet.objects.filter(report=demo_report).delete()
    NarrativeFacts.objects.filter(report=demo_report).update(
        procurement_goods=None, procurement_works=None, procurement_services=None, procurement_sme=None,
        procurement_small_micro=None, vehicles=None, general_equipment=None, special_equipment=None,
        previous_total=Decimal("0"))
    text = {key: section.text() for key, section in generated(demo_report).items()}
    assert "支出项目共 （待填写） 个，支出金额 （待填写） 万元" in text["performance.management"]
    assert "部门整体绩效自评得分为 （待填写） 分" in text["performance.self_evaluation"]
    assert "政府采购支出总额 （待填写） 万元" in text["procurement"] and "%" not in text["procurement"]
    assert "共有车辆 （待填写） 辆，单位价值 50 万元以上通用设备 （待填写） 台（套）" in text["assets"]
    assert "收、支总计各增加 214.46 万元（上年度为 0）" in text["total"] and "%" not in text["total"]
    assert not re.search(r"(?<![\d.])0 (个|辆|台|分)", text["assets"] + text["performance.self_evaluation"])

    missing = [f.message for f in check_report(demo_report).findings if f.code == "N-49"]
    needed = ["项目支出绩效自评表", "部门整体绩效自评表", "政府采购货物支出", "政府采购工程支出", "政府采购服务支出",
              "授予中小企业合同金额", "授予小微企业合同金额", "车辆", "通用设备", "专用设备"]
    assert len(missing) == len(needed), missing
    for words in needed:
        assert len([m for m in missing if words in m]) == 1, (words, missing)
    assert all("未填写，生成的文字中这里印作“待填写”" in m for m in missing)


def test_an_entered_part_larger_than_its_whole_is_an_error_and_never_printed(demo_report):
    from apps.reports.rules import check_report

    NarrativeFacts.objects.filter(report=demo_report).update(procurement_sme=Decimal("10000"))  # 1 万元 of 0.5 in all
    assert "占政府采购支出总额" not in generated(demo_report)["procurement"].text().split("其中：授予小微")[0]
    errors = [f.message for f in check_report(demo_report).findings if f.code == "N-50"]
    assert errors == ["情况说明 十一、政府采购支出情况说明：授予中小企业合同金额大于政府采购支出总额，占比无从说明；请核对填报的数。"]


def test_a_fund_section_written_by_hand_is_read_against_its_table(demo_report):
    from apps.reports.models import FunctionalSubject, FundLine
    from apps.reports.rules import check_report

    FundLine.objects.create(report=demo_report, table="government_fund", income=Decimal("50000"),
                            project=Decimal("50000"),
                            subject=FunctionalSubject.objects.get(fiscal_year=2021, code="2120101"))

    def written(body):
        NarrativeSection.objects.update_or_create(report=demo_report, key="government_fund", defaults={
            "body": body, "use_generated": False})
        return [(f.severity, f.message) for f in check_report(demo_report).findings if f.code == "N-36"]

    assert written("2021年度政府性基金预算财政拨款收入5万元，支出5.00万元。") == []
    [(severity, message)] = written("2021年度政府性基金预算财政拨款收入5万元，支出6万元。")
    assert severity == "error" and "写作 6（" in message and "按报表应为 5 万元" in message


def test_reasons_missing_in_many_paragraphs_are_one_finding_that_counts_them_and_names_the_first(demo_report):
    """A long 项 list with no reasons typed gives one finding per wording, not one per 项 (a 500-项 report gave 500
    identical lines), and names the paragraphs by their number and the whole names of their subject that fit."""
    from apps.reports.rules import check_report

    ItemBudget.objects.filter(report=demo_report).update(variance_reason="")
    findings = sorted(f.message for f in check_report(demo_report).findings if f.code == "N-49")
    assert findings == [
        "情况说明 五（三）具体情况：“决算数大于年初预算数的主要原因：（待填写）”——这里的原因或说明未填写，共 5 处"
        "（“2.…事业运行（项）”；“3.…其他一般公共服务支出（项）”；“4.…机关事业单位基本养老保险缴费支出（项）”等）。"
        "请在本节的“主要原因”、项级年初预算的差异原因或情况说明填报数中填写，或手写本节。",
        "情况说明 五（三）具体情况：“决算数小于年初预算数的主要原因：（待填写）”——这里的原因或说明未填写，共 3 处"
        "（“1.…政务公开审批（项）”；“5.…其他行政事业单位养老支出（项）”；“8.…住房改革支出（款）住房公积金（项）”）。"
        "请在本节的“主要原因”、项级年初预算的差异原因或情况说明填报数中填写，或手写本节。",
    ]


def test_a_missing_reason_is_an_error_that_quotes_its_place_and_a_missing_previous_year_a_warning(demo_report):
    from apps.reports.rules import check_report

    ItemBudget.objects.filter(report=demo_report, subject__code="2010306").update(variance_reason="")
    NarrativeFacts.objects.filter(report=demo_report).update(previous_total=None)
    assert "收、支总计均为 214.46 万元。上年度无可比数据。" in generated(demo_report)["total"].text()
    findings = [(f.severity, f.message) for f in check_report(demo_report).findings if f.code == "N-49"]
    assert sorted(findings, reverse=True) == [
        ("warning", "情况说明 一、收入支出决算总体情况说明：情况说明填报数“上年收入支出总计”未填写，生成的文字写作“上年度无可比数据”；"
                    "上年度有数的，请填写。"),
        ("error", "情况说明 五（三）具体情况：“决算数小于年初预算数的主要原因：（待填写）”——这里的原因或说明未填写。"
                  "请在本节的“主要原因”、项级年初预算的差异原因或情况说明填报数中填写，或手写本节。")]


@pytest.mark.parametrize("first, label", [
    ("2.一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）事业运行（项）", "2.…事业运行（项）"),
    ("8.住房保障支出（类）住房改革支出（款）住房公积金（项）", "8.…住房改革支出（款）住房公积金（项）"),
    ("12、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）其他政府办公厅（室）及相关机构事务支出（项）",
     "12、…其他政府办公厅（室）及相关机构事务支出（项）"),  # a long 项 name kept whole: not “…政府办公厅…支出”
    ("本年度一般公共预算财政拨款支出决算为 1120 万元，完成年初预算的 100.9%", "…完成年初预算的 100.9%"),
    ("（一）机关运行经费", "（一）机关运行经费"),
])
def test_a_paragraph_is_named_by_whole_names(first, label):
    assert _paragraph_label(first) == label


@pytest.mark.parametrize("before, quoted", [
    ("……决算为 10 万元。决算数大于年初预算数的主要原因：", "决算数大于年初预算数的主要原因："),
    ("……持平；2024 年度“三公”经费支出决算数小于预算数的主要原因：", "2024 年度“三公”经费支出决算数小于预算数的主要原因："),
    ("本年度机关运行经费支出决算为 12.50 万元，比上年度决算增加 3.00 万元，增加的主要原因：",
     "…比上年度决算增加 3.00 万元，增加的主要原因："),  # too long: from a clause's start, after “…”
    ("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五的主要原因：",
     "…一二三四五六七八九十一二三四五六七八九十一二三四五的主要原因："),  # no clause fits: its last 31 characters
    ("一二三四五六七八九十" * 2 + "一二三四五六" + "的主要原因：", "一二三四五六七八九十" * 2 + "一二三四五六的主要原因："),  # 32: whole
    ("甲" * 40 + "，", "…" + "甲" * 30 + "，"),  # not from the “，” that ends it
])
def test_the_words_before_a_reason_left_unwritten_are_its_sentence(before, quoted):
    assert _quoted(before) == quoted
