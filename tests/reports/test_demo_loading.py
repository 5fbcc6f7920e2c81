"""`manage.py load_demo` and `load_catalogues`: what they create, and that running them again changes nothing."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.accounts.models import Membership, Organisation, User
from apps.performance.models import EvaluationSheet, Indicator
from apps.reports.models import (
    ExpenditureLine,
    FunctionalSubject,
    GlossaryEntry,
    ItemBudget,
    NarrativeFacts,
    NarrativeSection,
    PinnedTotal,
    Report,
    StandardGlossaryTerm,
)
from apps.reports.money import to_unit
from apps.reports.outline import NARRATIVE_KEYS
from apps.reports.services.demo import DEMO_USERS


def counts():
    return [m.objects.count() for m in (Report, ExpenditureLine, PinnedTotal, NarrativeSection, GlossaryEntry,
                                        EvaluationSheet, Indicator, User, Membership, Organisation)]


def test_load_demo_is_idempotent(db):
    before = counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "410882-zwfw/2021" in out.getvalue()
    for demo in DEMO_USERS:
        assert f"{demo.username} / {demo.password}" in out.getvalue()
        assert User.objects.get(username=demo.username).check_password(demo.password)


def test_demo_organisation_tree(db):
    department = Organisation.objects.get(code="410882-zwfw")
    assert department.parent.name == "沁阳市财政局"
    assert department.finance_bureau.code == "410882-czj"
    assert list(department.children.values_list("name", flat=True)) == ["本级"]
    assert department.region.name == "沁阳市"


def test_demo_narrative_has_every_section_and_fact(demo_report, seed):
    assert set(demo_report.narrative_sections.values_list("key", flat=True)) == set(NARRATIVE_KEYS)
    section = demo_report.narrative_sections.get(key="general_budget.structure")
    assert section.body.startswith("2021 年度一般公共预算财政拨款支出 214.46 万元，主要用于以下方面")
    assert demo_report.narrative_sections.get(key="total").reason == (
        "一是 7 月份单位调入 1 名人员，工资和社保等支出相应增加；二是补发人员增资补。")
    facts = NarrativeFacts.objects.get(report=demo_report)
    assert [str(to_unit(v, "wan_yuan")) for v in (facts.previous_total, facts.previous_general_budget_expenditure,
                                                   facts.operating_cost, facts.previous_operating_cost,
                                                   facts.procurement_goods)] == [
        "204.29", "192.58", "14.30", "74.84", "0.50"]
    budgets = {b.subject.code: str(to_unit(b.initial_budget, "wan_yuan")) for b in ItemBudget.objects.filter(
        report=demo_report).select_related("subject")}
    assert budgets == {"2010306": "241.61", "2010350": "0.00", "2019999": "0.00", "2080505": "10.26",
                       "2080599": "1.24", "2101101": "4.92", "2101102": "0.00", "2210201": "7.10"}
    assert demo_report.overview.duties == seed["概况"]["部门职责"]
    assert list(demo_report.glossary.values_list("term", flat=True)) == [g["term"] for g in seed["glossary"]]
    assert [a.title for a in demo_report.attachments.all()] == [a["title"] for a in seed["attachments"]]
    assert demo_report.table_notes.get(table="government_fund").text == seed["t08"]["说明"]


def test_catalogue_of_2021(db):
    assert FunctionalSubject.objects.filter(fiscal_year=2021, level=1).count() == 26
    subject = FunctionalSubject.objects.get(fiscal_year=2021, code="20199")
    assert subject.name == "其他一般公共服务支出"
    assert StandardGlossaryTerm.objects.filter(fiscal_year=2021).count() == 19


def test_load_catalogues_reports_what_it_loaded(db):
    out = StringIO()
    call_command("load_catalogues", "2021", stdout=out)
    assert out.getvalue().strip() == "2021年度：功能分类科目 119 个，经济分类科目 80 个，标准名词解释 19 条"


def load_2030(tmp_path, monkeypatch, functional: str) -> str:
    """Load a 2030 catalogue whose functional.yaml is `functional` (no 经济分类, no glossary): the refusal's text."""
    from apps.reports.services import catalogues as catalogue_loading

    folder = tmp_path / "2030"
    folder.mkdir()
    (folder / "functional.yaml").write_text(functional, encoding="utf-8")
    (folder / "economic.yaml").write_text("subjects: []\n", encoding="utf-8")
    (folder / "glossary.yaml").write_text("terms: []\n", encoding="utf-8")
    monkeypatch.setattr(catalogue_loading, "CATALOGUE_DIR", tmp_path)
    with pytest.raises(CommandError) as raised:
        call_command("load_catalogues", "2030", stdout=StringIO())
    return str(raised.value)


def test_catalogue_entry_without_its_parent_is_refused(db, tmp_path, monkeypatch):
    refusal = load_2030(tmp_path, monkeypatch, 'subjects:\n- {code: "201", name: 一般公共服务支出}\n'
                                               '- {code: "2010306", name: 政务公开审批}\n')
    assert refusal == "functional.yaml 第2项：2010306 政务公开审批 的上级科目不在目录中（须先列出上级科目）"
    assert not FunctionalSubject.objects.filter(fiscal_year=2030).exists()


def test_load_demo_is_refused_where_demo_data_is_not_allowed(db, settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="生产环境"):
        call_command("load_demo", stdout=StringIO())


def test_catalogue_naming_an_unknown_edition_is_refused(db, tmp_path, monkeypatch):
    refusal = load_2030(tmp_path, monkeypatch, 'settings: {edition: hunan-2030}\n'
                                               'subjects:\n- {code: "201", name: 一般公共服务支出}\n')
    assert "没有名为“hunan-2030”的版式" in refusal and "shanghai-2024" in refusal
    assert not FunctionalSubject.objects.filter(fiscal_year=2030).exists()
