"""The demo: the 2021 final accounts of 沁阳市政务服务和大数据管理局, loaded from the structured transcription
of the published document (`data/demo/qinyang-2021.yaml`).

Only leaf facts are loaded; every printed subtotal and total is computed by the product, and where the
document's approved total differs from the computed sum by rounding, it is pinned through the same check an
import uses (`pins.pin_write`, which refuses anything beyond the rounding tolerance).
"""
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from apps.accounts.models import Membership, Organisation, Region, User
from apps.reports.computation import CellKind, compute_tables
from apps.reports.editions import DEFAULT_EDITION, edition
from apps.reports.layouts import FUNCTIONAL_TABLES, TableCode
from apps.reports.models import (
    Attachment,
    BalanceFacts,
    BasicExpenditureLine,
    EconomicSubject,
    EditionChoice,
    ExpenditureLine,
    FiscalYear,
    FunctionalSubject,
    FundLine,
    GeneralBudgetLine,
    GlossaryEntry,
    IncomeLine,
    ItemBudget,
    NarrativeFacts,
    NarrativeSection,
    Report,
    ReportOverview,
    StandardGlossaryTerm,
    TableNote,
    ThreePublicExpenditure,
)
from apps.reports.money import Unit, from_unit, parse_decimal
from apps.reports.pins import pin_write
from apps.reports.seed_format import printed_cells
from apps.reports.services.catalogues import load_year
from apps.reports.services.events import Action, record
from apps.reports.snapshot import load_snapshot

DEMO_FILE = Path(__file__).resolve().parents[1] / "data" / "demo" / "qinyang-2021.yaml"
DEPARTMENT_CODE = "410882-zwfw"
# The second demo: a fictional 上海 department whose 2024 report is in the 上海 2024 edition (loaded from a file in the
# exchange format by `apps.documents.interchange.demo`).
SHANGHAI_DEMO_FILE = DEMO_FILE.with_name("shanghai-sample-2024.yaml")
SHANGHAI_DEPARTMENT_CODE = "310000-sample"
SHANGHAI_YEAR, SHANGHAI_EDITION = 2024, "shanghai-2024"
UNIT = Unit.WAN_YUAN


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    full_name: str
    role: str
    organisation_code: str
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser("kuaiji", "kuaiji-2021-demo", "张会计", Membership.Role.ACCOUNTANT, DEPARTMENT_CODE),
    DemoUser("shenhe", "shenhe-2021-demo", "李审核", Membership.Role.REVIEWER, "410882-czj"),
    DemoUser("guanli", "guanli-2021-demo", "王管理", Membership.Role.ADMINISTRATOR, "410882-czj", is_superuser=True),
    DemoUser("shkuaiji", "shkuaiji-2024-demo", "赵会计", Membership.Role.ACCOUNTANT, SHANGHAI_DEPARTMENT_CODE),
    DemoUser("shshenhe", "shshenhe-2024-demo", "钱审核", Membership.Role.REVIEWER, "310000-czj"),
)

# Narrative reasons: section key → key of the transcription.
SECTION_REASONS = {
    "total": "一_主要原因",
    "fiscal_total": "四_主要原因",
    "general_budget.overall": "五一_主要原因",
    "three_public.overall": "七一_预决算差异",
    "operating_cost": "十_主要原因",
}
SECTION_TEXTS = dict(zip([s.key for s in edition(DEFAULT_EDITION).narrative], ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                                                      "十一", "十二", "十三"]))


def read_seed(path: Path = DEMO_FILE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def wan(text) -> Decimal | None:
    """A figure printed in 万元 as an amount in 元."""
    return from_unit(parse_decimal(text), UNIT)


def after_colon(text: str) -> str:
    """“主要原因：一是…” → “一是…”."""
    return text.split("：", 1)[1].strip() if "：" in text else text.strip()


def _organisations() -> Organisation:
    henan, _ = Region.objects.update_or_create(code="410000", defaults={"name": "河南省"})
    jiaozuo, _ = Region.objects.update_or_create(code="410800", defaults={"name": "焦作市", "parent": henan})
    qinyang, _ = Region.objects.update_or_create(code="410882", defaults={"name": "沁阳市", "parent": jiaozuo})
    bureau, _ = Organisation.objects.update_or_create(
        code="410882-czj", defaults={"name": "沁阳市财政局", "kind": Organisation.Kind.FINANCE_BUREAU, "region": qinyang}
    )
    department, _ = Organisation.objects.update_or_create(
        code=DEPARTMENT_CODE,
        defaults={"name": "沁阳市政务服务和大数据管理局", "short_names": "大数据局、政数局",
                  "kind": Organisation.Kind.DEPARTMENT, "region": qinyang, "parent": bureau},
    )
    Organisation.objects.update_or_create(
        code=f"{DEPARTMENT_CODE}-bj",
        defaults={"name": "本级", "kind": Organisation.Kind.UNIT, "region": qinyang, "parent": department},
    )
    _shanghai_organisations()
    return department


def _shanghai_organisations() -> None:
    """上海市, its finance bureau and 上海市示例局; 上海's reports of 2024 take the 上海 2024 edition."""
    shanghai, _ = Region.objects.update_or_create(code="310000", defaults={"name": "上海市"})
    bureau, _ = Organisation.objects.update_or_create(
        code="310000-czj", defaults={"name": "上海市财政局", "kind": Organisation.Kind.FINANCE_BUREAU, "region": shanghai})
    Organisation.objects.update_or_create(
        code=SHANGHAI_DEPARTMENT_CODE, defaults={"name": "上海市示例局", "kind": Organisation.Kind.DEPARTMENT,
                                                 "region": shanghai, "parent": bureau})
    EditionChoice.objects.update_or_create(region=shanghai, fiscal_year=SHANGHAI_YEAR,
                                           defaults={"edition": SHANGHAI_EDITION})


def _users() -> None:
    for demo in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=demo.username)
        user.full_name = demo.full_name
        user.is_superuser = user.is_staff = demo.is_superuser
        user.set_password(demo.password)
        user.save()
        Membership.objects.get_or_create(
            user=user, role=demo.role, organisation=Organisation.objects.get(code=demo.organisation_code)
        )


def _tables(report: Report, seed: dict) -> None:
    year = report.fiscal_year
    layouts = load_snapshot(report).layouts
    printed = printed_cells(seed, layouts)
    subjects = {s.code: s for s in FunctionalSubject.objects.filter(fiscal_year=year)}
    models = {TableCode.INCOME: IncomeLine, TableCode.EXPENDITURE: ExpenditureLine,
              TableCode.GENERAL_BUDGET: GeneralBudgetLine}
    for table in FUNCTIONAL_TABLES:
        columns = [c.key for c in layouts[table].entry_columns]
        codes = sorted({row for (t, row, _) in printed if t == table and len(row) == 7})
        for code in codes:
            values = {c: from_unit(printed[(table, code, c)], UNIT) for c in columns}
            if table in models:
                models[table].objects.create(report=report, subject=subjects[code], **values)
            else:
                FundLine.objects.create(report=report, table=table, subject=subjects[code], **values)
    economic = {s.code: s for s in EconomicSubject.objects.filter(fiscal_year=year)}
    for (table, code, _), value in printed.items():
        if table == TableCode.BASIC and len(code) == 5:
            BasicExpenditureLine.objects.create(report=report, subject=economic[code], amount=from_unit(value, UNIT))
    ThreePublicExpenditure.objects.create(report=report, **{
        leaf: from_unit(printed[(TableCode.THREE_PUBLIC, "row", leaf)], UNIT) for leaf in ThreePublicExpenditure.LEAVES
    })
    t01, t04 = seed["t01"], seed["t04"]
    BalanceFacts.objects.create(
        report=report,
        general_budget_income=wan(t01["income"]["一般公共预算财政拨款收入"]),
        non_fiscal_balance_used=wan(t01["income"]["使用非财政拨款结余"]),
        opening_balance=wan(t01["income"]["年初结转和结余"]),
        surplus_distribution=wan(t01["expenditure"]["结余分配"]),
        closing_balance=wan(t01["expenditure"]["年末结转和结余"]),
        fiscal_opening_general_budget=wan(t04["income"]["年初财政拨款结转和结余"]["一般公共预算财政拨款"]),
        fiscal_closing_general_budget=wan(t04["expenditure"]["年末财政拨款结转和结余"]["一般公共预算财政拨款"]),
    )
    for key, table in (("t08", TableCode.GOVERNMENT_FUND), ("t09", TableCode.STATE_CAPITAL)):
        if seed[key].get("说明"):
            TableNote.objects.create(report=report, table=table, text=seed[key]["说明"])
    # Pin the approved totals that differ from the computed sums (rounding of the 万元 figures).
    grids = compute_tables(load_snapshot(report))
    for (table, row, column), value in printed.items():
        cell = grids[table].cell(row, column)
        if cell.kind == CellKind.SUM and value is not None and from_unit(value, UNIT) != cell.value:
            pin_write(report, table, row, column, value)


def _narrative(report: Report, seed: dict) -> None:
    narrative, texts = seed["narrative"], seed["narrative_text"]
    overview = seed["概况"]
    ReportOverview.objects.create(
        report=report, duties=overview["部门职责"], organisation=overview["机构设置"], composition=overview["决算单位构成"]
    )
    for section in report.template.narrative:
        text = texts[SECTION_TEXTS[section.key]]
        bodies = {section.key: text}
        if section.children:
            bodies, current = {}, None
            for line in text.splitlines():
                child = next((c for c in section.children if line.strip() == f"{c.number}{c.heading}"), None)
                if child:
                    current = child.key
                    bodies[current] = []
                else:
                    bodies[current].append(line)
            bodies = {k: "\n".join(v) for k, v in bodies.items()}
        for key, body in bodies.items():
            reason = after_colon(narrative[SECTION_REASONS[key]]) if key in SECTION_REASONS else ""
            NarrativeSection.objects.create(report=report, key=key, body=body, reason=reason)
    subjects = {s.code: s for s in FunctionalSubject.objects.filter(fiscal_year=report.fiscal_year)}
    for item in narrative["五三_项"]:
        ItemBudget.objects.create(
            report=report, subject=subjects[item["code"]], initial_budget=wan(item["年初预算"]),
            variance_reason=after_colon(item["原因"]),
        )
    procurement, three = narrative["十一_政府采购"], narrative
    reception = three["七二_3_公务接待费"]

    def previous(current, change):
        delta = wan(change["amount"])
        return wan(current) - delta if change["direction"] == "增加" else wan(current) + delta

    perf = narrative["十三一"]
    NarrativeFacts.objects.create(
        report=report,
        previous_total=previous(narrative["一_收支总计"], narrative["一_较上年"]),
        previous_fiscal_total=previous(narrative["四_财政拨款收支总计"], narrative["四_较上年"]),
        previous_general_budget_expenditure=previous(narrative["五一_一般公共预算财政拨款支出"], narrative["五一_较上年"]),
        operating_cost=wan(narrative["十_机关运行经费"]),
        previous_operating_cost=previous(narrative["十_机关运行经费"], narrative["十_较上年"]),
        procurement_goods=wan(procurement["货物"]),
        procurement_works=wan(procurement["工程"]),
        procurement_services=wan(procurement["服务"]),
        procurement_sme=wan(procurement["中小企业合同金额"]),
        procurement_small_micro=wan(procurement["小微企业合同金额"]),
        vehicles=int(narrative["十二_车辆"]),
        general_equipment=int(narrative["十二_单位价值50万元以上通用设备"]),
        special_equipment=int(narrative["十二_单位价值100万元以上专用设备"]),
        abroad_groups=int(three["七二_1_因公出国（境）费"]["团组"]),
        abroad_persons=int(three["七二_1_因公出国（境）费"]["人次"]),
        vehicles_purchased=int(three["七二_2_公务用车购置及运行费"]["购置车辆"]),
        vehicles_held=int(three["七二_2_公务用车购置及运行费"]["期末保有量"]),
        foreign_reception_amount=wan(reception["外宾接待支出"]),
        foreign_reception_groups=int(reception["外宾团组"]),
        foreign_reception_persons=int(reception["外宾人次"]),
        domestic_reception_amount=wan(reception["国内接待支出"]),
        domestic_reception_groups=int(reception["国内团组"]),
        domestic_reception_persons=int(reception["国内来宾人次"]),
        performance_total=wan(perf["纳入预算绩效管理的支出总额"]),
        performance_personnel=wan(perf["人员经费支出"]),
        performance_public=wan(perf["公用经费支出"]),
        key_evaluations=int(perf["重点绩效评价数"]),
        key_evaluation_amount=wan(perf["评价金额"]),
        key_evaluation_result=narrative["十三三_重点绩效评价结果"],
    )
    standard = {t.term: t for t in StandardGlossaryTerm.objects.filter(fiscal_year=report.fiscal_year)}
    for order, entry in enumerate(seed["glossary"], start=1):
        GlossaryEntry.objects.create(
            report=report, order=order, term=entry["term"], definition=entry["text"],
            is_standard=standard.get(entry["term"]) is not None and standard[entry["term"]].definition == entry["text"],
        )
    for order, attachment in enumerate(seed["attachments"], start=1):
        Attachment.objects.create(
            report=report, order=order, label=attachment["label"], title=attachment["title"], body=attachment["text"]
        )


@transaction.atomic
def load_demo_report(seed: dict | None = None, *, by) -> Report:
    """Create (or reset, while it is a draft) the demo organisation, users and 2021 report. Idempotent.
    Recorded in the report's trail as 新建 or as 修改数据 (载入演示数据), by `by` (None from the command line)."""
    seed = seed or read_seed()
    year = int(seed["year"])
    load_year(year)
    department = _organisations()
    _users()
    settings = FiscalYear.objects.get(year=year)
    report, created = Report.objects.get_or_create(
        department=department, fiscal_year=year, revision=1,
        defaults={"unit": UNIT, "edition": settings.edition, "summary_classes": settings.summary_classes},
    )
    if report.state != Report.State.DRAFT:
        return report  # a report that left draft is never rewritten
    for related in ("income_lines", "expenditure_lines", "general_budget_lines", "fund_lines", "basic_lines",
                    "pinned_totals", "table_notes", "narrative_sections", "item_budgets", "glossary", "attachments"):
        getattr(report, related).all().delete()
    for model in (BalanceFacts, ThreePublicExpenditure, NarrativeFacts, ReportOverview):
        model.objects.filter(report=report).delete()
    _tables(report, seed)
    _narrative(report, seed)
    record(report=report, by=by, action=Action.CREATE if created else Action.EDIT, target="载入演示数据")
    return report
