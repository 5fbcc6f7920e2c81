"""第三部分 情况说明, generated from the tables and the stored facts.

Every figure is computed here, once, and carried as a `Figure` (its value, how it is printed and where it
comes from), so the same figures serve three purposes: the generated text, the highlighting in the editor,
and the narrative rules that check a hand-written text against the tables. The accountant writes only the
reasons. Names come from the catalogue, never from typing.

This module gives each section its slots (figures, names, reasons, the facts entered); the words around them are
the report's edition's (`Edition.sentences`, rendered by `sentences.py`), so each edition's 情况说明 reads as its
official template does.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from apps.reports.computation import Grid
from apps.reports.extensions import callables
from apps.reports.layouts import TableCode as T
from apps.reports.models import FunctionalSubject, ItemBudget, NarrativeFacts, NarrativeSection, Report
from apps.reports.money import format_percent, percent, plain_number, to_unit
from apps.reports.outline import NARRATIVE_KEYS
from apps.reports.sentences import marker, render

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Figure:
    key: str
    value: Decimal  # in the report's unit for amounts, per cent for percentages, plain for counts and scores
    kind: str  # amount | percent | count | score
    source: str  # where the figure comes from, for messages
    text: str  # as printed

    def __str__(self):
        """In a sentence template, a marker that `sentences.render` turns back into this figure."""
        return marker(self.key)


@dataclass(frozen=True)
class Change:
    """This year against last year: `{% change c "…" %}` in a sentence template, or its parts."""
    known: bool  # last year's figure was entered
    up: bool = False
    amount: Figure | None = None  # the difference, unsigned; None when equal
    rate: Figure | None = None  # the difference over last year's figure; None over a zero base

    @property
    def flat(self) -> bool:
        return self.known and self.amount is None

    @property
    def moved(self) -> bool:
        return self.known and self.amount is not None

    @property
    def verb(self) -> str:
        return "增加" if self.up else "减少"

    @property
    def trend(self) -> str:
        return "增长" if self.up else "下降"


@dataclass
class GeneratedSection:
    key: str
    paragraphs: list[list] = field(default_factory=list)  # each paragraph: text pieces and Figures

    @property
    def figures(self) -> list[Figure]:
        return [piece for paragraph in self.paragraphs for piece in paragraph if isinstance(piece, Figure)]

    def text(self) -> str:
        return "\n".join("".join(p.text if isinstance(p, Figure) else p for p in paragraph)
                         for paragraph in self.paragraphs)


@dataclass
class NarrationInputs:
    facts: NarrativeFacts | None
    budgets: list[ItemBudget]
    sections: dict[str, NarrativeSection]
    names: dict[str, str]  # catalogue names of every code the paragraphs mention
    performance: dict


def load_inputs(report: Report) -> NarrationInputs:
    """What the narration needs besides the tables, in a constant number of queries."""
    budgets = list(ItemBudget.objects.filter(report=report).select_related("subject").order_by("subject__code"))
    wanted = {b.subject.code for b in budgets}
    wanted |= {c[:3] for c in wanted} | {c[:5] for c in wanted}
    names = dict(FunctionalSubject.objects.filter(fiscal_year=report.fiscal_year, code__in=wanted)
                 .values_list("code", "name"))
    performance = {}
    for provider in callables("NARRATIVE_FIGURE_PROVIDERS"):
        performance.update(provider(report))
    return NarrationInputs(
        facts=NarrativeFacts.objects.filter(report=report).first(), budgets=budgets,
        sections={s.key: s for s in report.narrative_sections.all()}, names=names, performance=performance,
    )


class Narrator:
    def __init__(self, report: Report, grids: dict[str, Grid], inputs: NarrationInputs):
        self.report, self.grids, self.inputs = report, grids, inputs
        # Names of 类/款/项 as the catalogue gives them (the tables' rows, and the 项 with a budget only).
        self.names = {row.code: row.label for code in (T.GENERAL_BUDGET, T.EXPENDITURE, T.GOVERNMENT_FUND,
                                                       T.STATE_CAPITAL)
                      for row in grids[code].rows if row.code} | inputs.names
        self.year = report.fiscal_year
        self.unit = report.get_unit_display()
        self.figures: dict[str, Figure] = {}  # the figures of the section being built, by key

    # --- figures -----------------------------------------------------------------------------------------

    def made(self, figure: Figure) -> Figure:
        self.figures[figure.key] = figure
        return figure

    def amount(self, key: str, value: Decimal | None, source: str) -> Figure:
        shown = to_unit(value or ZERO, self.report.unit)
        return self.made(Figure(key, shown, "amount", source, plain_number(shown)))

    def pct(self, key: str, numerator, denominator, source: str) -> Figure | None:
        """A percentage (2 decimals, half-up); None when the base is zero or missing."""
        value = percent(numerator or ZERO, denominator)
        return None if value is None else self.made(Figure(key, value, "percent", source, format_percent(value)))

    def count(self, key: str, value, source: str, kind: str = "count") -> Figure:
        value = Decimal(value or 0)
        return self.made(Figure(key, value, kind, source, plain_number(value)))

    def cell(self, table: str, row: str, column: str):
        return self.grids[table].value(row, column)

    def number(self, table: str) -> str:
        return self.report.table_number(table)

    def fact(self, name: str):
        return getattr(self.inputs.facts, name) if self.inputs.facts else None

    def sum_of_facts(self, *names: str):
        """The sum of entered facts; None when any was not entered."""
        values = [self.fact(name) for name in names]
        return None if None in values else sum(values)

    def text_fact(self, name: str) -> str:
        return (self.fact(name) or "").strip()

    def reason(self, key: str) -> str:
        section = self.inputs.sections.get(key)
        return section.reason.strip() if section else ""

    def change(self, key: str, current, previous) -> Change:
        """This year's figure against last year's; unknown when last year's was not entered."""
        if previous is None:
            return Change(known=False)
        difference = (current or ZERO) - previous
        if difference == 0:
            return Change(known=True)
        return Change(known=True, up=difference > 0,
                      amount=self.amount(f"{key}.change", abs(difference), "本年数减上年数"),
                      rate=self.pct(f"{key}.rate", abs(difference), previous, "增减额除以上年数"))

    def part(self, key: str, label: str, value, whole, source: str, whole_name: str) -> dict:
        """One item of a listing: its amount and its share of the whole."""
        return {"label": label, "amount": self.amount(key, value, source),
                "share": self.pct(f"{key}.share", value, whole, f"{label}除以{whole_name}")}

    # --- sections: each gives the slots its sentences may use ----------------------------------------------

    def total(self) -> dict:
        income = self.cell(T.SUMMARY, "income.total", "amount")
        expense = self.cell(T.SUMMARY, "expense.total", "amount")
        source = f"{self.number(T.SUMMARY)} 总计"
        return {"balanced": income == expense, "total": self.amount("total", income, source),
                "expense": self.amount("total.expense", expense, source),
                "change": self.change("total", income, self.fact("previous_total")), "reason": self.reason("total")}

    INCOME_ITEMS = (("income.superior", "上级补助收入"), ("income.business", "事业收入"),
                    ("income.operating", "经营收入"), ("income.affiliated", "附属单位上缴收入"),
                    ("income.other", "其他收入"))

    def income(self) -> dict:
        total = self.cell(T.SUMMARY, "income.subtotal", "amount")
        fiscal = sum((self.cell(T.SUMMARY, row, "amount") or ZERO) for row in (
            "income.general_budget", "income.government_fund", "income.state_capital"))
        items = [("income.fiscal", "财政拨款收入", fiscal)] + [
            (row, label, self.cell(T.SUMMARY, row, "amount")) for row, label in self.INCOME_ITEMS]
        return {"income": self.amount("income", total, f"{self.number(T.SUMMARY)} 本年收入合计"),
                "items": [self.part(row, label, value, total, f"{self.number(T.SUMMARY)} {label}", "本年收入合计")
                          for row, label, value in items if value]}

    EXPENDITURE_ITEMS = (("basic", "基本支出"), ("project", "项目支出"), ("to_superior", "上缴上级支出"),
                         ("operating", "经营支出"), ("subsidy", "对附属单位补助支出"))

    def expenditure(self) -> dict:
        total = self.cell(T.EXPENDITURE, "total", "total")
        listed = [(column, label, self.cell(T.EXPENDITURE, "total", column)) for column, label in self.EXPENDITURE_ITEMS]
        return {"expenditure": self.amount("expenditure", total, f"{self.number(T.EXPENDITURE)} 合计"),
                "items": [self.part(f"expenditure.{column}", label, value, total,
                                    f"{self.number(T.EXPENDITURE)} 合计 {label}", "支出合计")
                          for column, label, value in listed if value]}

    def fiscal_total(self) -> dict:
        total = self.cell(T.FISCAL_SUMMARY, "income.total", "amount")
        return {"total": self.amount("fiscal_total", total, f"{self.number(T.FISCAL_SUMMARY)} 总计"),
                "change": self.change("fiscal_total", total, self.fact("previous_fiscal_total")),
                "reason": self.reason("fiscal_total")}

    def general_budget_overall(self) -> dict:
        total = self.cell(T.GENERAL_BUDGET, "total", "total")
        expenditure = self.cell(T.EXPENDITURE, "total", "total")
        return {"total": self.amount("general_budget", total, f"{self.number(T.GENERAL_BUDGET)} 合计"),
                "share": self.pct("general_budget.share", total, expenditure,
                                  f"{self.number(T.GENERAL_BUDGET)}合计除以{self.number(T.EXPENDITURE)}支出合计"),
                "change": self.change("general_budget", total, self.fact("previous_general_budget_expenditure")),
                "reason": self.reason("general_budget.overall")}

    def general_budget_structure(self) -> dict:
        grid = self.grids[T.GENERAL_BUDGET]
        total = grid.value("total", "total")
        number = self.number(T.GENERAL_BUDGET)
        classes = []
        for row in grid.rows:
            if row.level == 1:
                name = self.names.get(row.code, row.label)  # 一般公共服务支出; `label` without 支出: 一般公共服务
                classes.append({"name": name, **self.part(f"class.{row.code}", name.removesuffix("支出"),
                                                          row.cells["total"].value, total, f"{number} {row.code}",
                                                          f"{number}合计")})
        return {"total": self.amount("general_budget", total, f"{number} 合计"), "classes": classes}

    def item(self, n: int, code: str, budget: ItemBudget | None, actual, table: str) -> dict:
        """One 项 with its 年初预算 (as entered, else 0) and 决算."""
        initial = budget.initial_budget if budget and budget.initial_budget is not None else ZERO
        actual = actual or ZERO
        return {"n": n, "class_name": self.names.get(code[:3], code[:3]), "section_name": self.names.get(code[:5], code[:5]),
                "item_name": self.names.get(code, code),
                "budget": self.amount(f"item.{code}.budget", initial, f"{code} 年初预算数"),
                "actual": self.amount(f"item.{code}.actual", actual, f"{self.number(table)} {code}"),
                "rate": self.pct(f"item.{code}.rate", actual, initial, "决算数除以年初预算数"),
                "relation": "大于" if actual > initial else "小于" if actual < initial else "持平",
                "reason": budget.variance_reason.strip() if budget else "",
                "purpose": budget.purpose.strip() if budget else ""}

    def general_budget_detail(self) -> dict:
        grid = self.grids[T.GENERAL_BUDGET]
        actual_total = grid.value("total", "total") or ZERO
        budgets = {b.subject.code: b for b in self.inputs.budgets}
        budget_total = sum((b.initial_budget or ZERO) for b in self.inputs.budgets)
        codes = sorted({row.code for row in grid.rows if row.level == 3}
                       | {code for code, b in budgets.items() if b.initial_budget})
        return {"budget": self.amount("detail.budget", budget_total, "项级年初预算数之和"),
                "actual": self.amount("detail.actual", actual_total, f"{self.number(T.GENERAL_BUDGET)} 合计"),
                "rate": self.pct("detail.rate", actual_total, budget_total, "决算数除以年初预算数"),
                "relation": "大于" if actual_total > budget_total else "小于" if actual_total < budget_total else "持平",
                "reason": self.reason("general_budget.detail"),
                "items": [self.item(n, code, budgets.get(code), grid.value(code, "total"), T.GENERAL_BUDGET)
                          for n, code in enumerate(codes, start=1)]}

    def basic(self) -> dict:
        grid = self.grids[T.BASIC]
        layout = grid.layout

        def items(classes):
            return "、".join(row.label for row in grid.rows
                            if row.level == 2 and row.code[:3] in classes and row.cells["amount"].value)

        number = self.number(T.BASIC)
        return {"basic": self.amount("basic", self.cell(T.GENERAL_BUDGET, "total", "basic"),
                                     f"{self.number(T.GENERAL_BUDGET)} 合计 基本支出"),
                "personnel": self.amount("basic.personnel", grid.value("personnel_total", "amount"),
                                         f"{number} 人员经费合计"),
                "personnel_items": items(layout.personnel_classes),
                "public": self.amount("basic.public", grid.value("public_total", "amount"), f"{number} 公用经费合计"),
                "public_items": items(layout.public_classes)}

    THREE_PUBLIC = (("abroad", "因公出国（境）费"), ("vehicle", "公务用车购置及运行费"), ("reception", "公务接待费"))

    def three_public_items(self) -> list[dict]:
        """Each of the three 经费 with its 预算数, 决算数, completion, share and change from last year."""
        number = self.number(T.THREE_PUBLIC)
        actual_total = self.cell(T.THREE_PUBLIC, "row", "actual_total")
        items = []
        for key, label in self.THREE_PUBLIC:
            budget = self.cell(T.THREE_PUBLIC, "row", f"budget_{key}")
            actual = self.cell(T.THREE_PUBLIC, "row", f"actual_{key}")
            items.append({
                "key": key, "label": label,
                "budget": self.amount(f"{key}.budget", budget, f"{number} 预算数 {label}"),
                "actual": self.amount(f"{key}.actual", actual, f"{number} 决算数 {label}"),
                "rate": self.pct(f"{key}.rate", actual, budget, "决算数除以预算数"),
                "share": self.pct(f"{key}.share", actual, actual_total, f"{label}除以“三公”经费决算合计"),
                "change": self.change(f"{key}.previous", actual, self.fact(f"previous_three_public_{key}")),
                "reason": self.text_fact(f"{key}_change_reason"),
            })
        return items

    @staticmethod
    def by_item(items: list[dict]) -> dict:
        """The three 经费 as a list (`items`) and by name (`abroad`, `vehicle`, `reception`)."""
        return {"items": items, **{item["key"]: item for item in items}}

    def three_public_overall(self) -> dict:
        number = self.number(T.THREE_PUBLIC)
        budget = self.cell(T.THREE_PUBLIC, "row", "budget_total")
        actual = self.cell(T.THREE_PUBLIC, "row", "actual_total")
        return {"spent": bool(budget or actual),
                "budget": self.amount("three_public.budget", budget, f"{number} 预算数 合计"),
                "actual": self.amount("three_public.actual", actual, f"{number} 决算数 合计"),
                "rate": self.pct("three_public.rate", actual, budget, "决算数除以预算数"),
                "relation": "大于" if (actual or ZERO) > (budget or ZERO) else "小于" if (actual or ZERO) < (budget or ZERO)
                else "持平",
                "reason": self.reason("three_public.overall"),
                "change": self.change("three_public.previous", actual, self.sum_of_facts(
                    *(f"previous_three_public_{key}" for key, _ in self.THREE_PUBLIC))),
                **self.by_item(self.three_public_items())}

    def three_public_detail(self) -> dict:
        number = self.number(T.THREE_PUBLIC)
        actual_total = self.cell(T.THREE_PUBLIC, "row", "actual_total")
        budget_total = self.cell(T.THREE_PUBLIC, "row", "budget_total")
        c = self.count
        return {
            "spent": bool(budget_total or actual_total),
            "actual": self.amount("three_public.actual", actual_total, f"{number} 决算数 合计"),
            **self.by_item(self.three_public_items()),
            "abroad_groups": c("abroad.groups", self.fact("abroad_groups"), "填报数"),
            "abroad_persons": c("abroad.persons", self.fact("abroad_persons"), "填报数"),
            "abroad_content": self.text_fact("abroad_content"),
            "vehicle_purchase": self.amount("vehicle.purchase", self.cell(T.THREE_PUBLIC, "row",
                                                                          "actual_vehicle_purchase"), number),
            "vehicle_operation": self.amount("vehicle.operation", self.cell(T.THREE_PUBLIC, "row",
                                                                            "actual_vehicle_operation"), number),
            "vehicles_bought": c("vehicle.bought", self.fact("vehicles_purchased"), "填报数"),
            "vehicles_held": c("vehicle.held", self.fact("vehicles_held"), "填报数"),
            "vehicle_purchase_use": self.text_fact("vehicle_purchase_use"),
            "vehicle_operation_use": self.text_fact("vehicle_operation_use"),
            "foreign": self.amount("reception.foreign", self.fact("foreign_reception_amount"), "填报数"),
            "foreign_groups": c("reception.foreign_groups", self.fact("foreign_reception_groups"), "填报数"),
            "foreign_persons": c("reception.foreign_persons", self.fact("foreign_reception_persons"), "填报数"),
            "domestic": self.amount("reception.domestic", self.fact("domestic_reception_amount"), "填报数"),
            "domestic_groups": c("reception.domestic_groups", self.fact("domestic_reception_groups"), "填报数"),
            "domestic_persons": c("reception.domestic_persons", self.fact("domestic_reception_persons"), "填报数"),
            "reception_groups": c("reception.groups", self.sum_of_facts("domestic_reception_groups",
                                                                        "foreign_reception_groups"), "填报数之和"),
            "reception_persons": c("reception.persons", self.sum_of_facts("domestic_reception_persons",
                                                                          "foreign_reception_persons"), "填报数之和"),
            "reception_use": self.text_fact("reception_use"),
        }

    def fund(self, key: str, table: str) -> dict:
        grid = self.grids[table]
        spent, income = grid.value("total", "expenditure"), grid.value("total", "income")
        number = self.number(table)
        return {"has_data": not (spent is None and income is None),
                "income": self.amount(f"{key}.income", income, f"{number} 合计 本年收入"),
                "expenditure": self.amount(f"{key}.expenditure", spent, f"{number} 合计 本年支出"),
                "items": [{"n": n, "class_name": self.names.get(row.code[:3], row.code[:3]),
                           "section_name": self.names.get(row.code[:5], row.code[:5]), "item_name": row.label,
                           "actual": self.amount(f"{key}.item.{row.code}", row.cells["expenditure"].value,
                                                 f"{number} {row.code} 本年支出")}
                          for n, row in enumerate((r for r in grid.rows if r.level == 3 and r.cells["expenditure"].value),
                                                  start=1)]}

    def operating_cost(self) -> dict:
        cost = self.fact("operating_cost")
        return {"spent": bool(cost), "cost": self.amount("operating_cost", cost, "填报数"),
                "change": self.change("operating_cost", cost, self.fact("previous_operating_cost")),
                "reason": self.reason("operating_cost")}

    def procurement(self) -> dict:
        goods, works, services = (self.fact(f"procurement_{k}") or ZERO for k in ("goods", "works", "services"))
        total = goods + works + services
        sme, small = self.fact("procurement_sme") or ZERO, self.fact("procurement_small_micro") or ZERO
        a = self.amount
        return {"total": a("procurement", total, "货物、工程、服务之和"),
                "goods": a("procurement.goods", goods, "填报数"), "works": a("procurement.works", works, "填报数"),
                "services": a("procurement.services", services, "填报数"),
                "sme": a("procurement.sme", sme, "填报数"),
                "sme_share": self.pct("procurement.sme.share", sme, total, "除以政府采购支出总额"),
                "small": a("procurement.small", small, "填报数"),
                "small_share": self.pct("procurement.small.share", small, total, "除以政府采购支出总额"),
                **{name: a(f"procurement.{name}", self.fact(f"procurement_{name}"), "填报数") for name in (
                    "sme_reserved", "small_micro_reserved", "sme_reserved_awarded", "small_micro_reserved_awarded",
                    "sme_other_awarded")}}

    VEHICLE_KINDS = ("ministerial", "principal", "confidential", "emergency", "law_enforcement", "special", "retired",
                     "other")

    def assets(self) -> dict:
        c = self.count
        return {"vehicles": c("assets.vehicles", self.fact("vehicles"), "填报数"),
                "general": c("assets.general", self.fact("general_equipment"), "填报数"),
                "special": c("assets.special", self.fact("special_equipment"), "填报数"),
                "equipment_over_million": c("assets.equipment", self.fact("equipment_over_million"), "填报数"),
                "by_kind": {kind: c(f"assets.vehicles.{kind}", self.fact(f"vehicles_{kind}"), "填报数")
                            for kind in self.VEHICLE_KINDS}}

    def performance_management(self) -> dict:
        p, c, a = self.inputs.performance, self.count, self.amount
        sheets = "项目支出绩效自评表"
        return {
            "total": a("performance.total", self.fact("performance_total"), "填报数"),
            "personnel": a("performance.personnel", self.fact("performance_personnel"), "填报数"),
            "public": a("performance.public", self.fact("performance_public"), "填报数"),
            "projects": c("performance.projects", p.get("projects"), sheets),
            "project_amount": a("performance.project_amount", p.get("project_budget"), f"{sheets} 年初预算数之和"),
            "evaluated": c("performance.evaluated", p.get("projects"), sheets),
            "evaluated_amount": a("performance.evaluated_amount", p.get("project_budget"), f"{sheets} 年初预算数之和"),
            "average_score": c("performance.average_score", p.get("average_score"), f"{sheets} 总分的平均数", "score"),
            "grades": lambda: {grade: c(f"performance.grade.{grade}", n, f"{sheets} 评级") for grade, n in
                               p["grades"]().items()},
            "key": c("performance.key", self.fact("key_evaluations"), "填报数"),
            "key_amount": a("performance.key_amount", self.fact("key_evaluation_amount"), "填报数"),
            "rules": self.text_fact("performance_rules"), "mechanism": self.text_fact("performance_mechanism"),
            "goal_projects": c("performance.goal_projects", self.fact("goal_projects"), "填报数"),
            "goal_amount": a("performance.goal_amount", self.fact("goal_amount"), "填报数"),
            "tracking_projects": c("performance.tracking_projects", self.fact("tracking_projects"), "填报数"),
            "tracking_amount": a("performance.tracking_amount", self.fact("tracking_amount"), "填报数"),
            "problems_found": c("performance.problems_found", self.fact("problems_found"), "填报数"),
            "problems_fixed": c("performance.problems_fixed", self.fact("problems_fixed"), "填报数"),
            "problems_fixing": c("performance.problems_fixing", self.fact("problems_fixing"), "填报数"),
        }

    def performance_self_evaluation(self) -> dict:
        p, c = self.inputs.performance, self.count
        return {"department_score": c("performance.department_score", p.get("department_score"),
                                      "部门整体绩效自评表 总分", "score"),
                "projects": c("performance.projects", p.get("projects"), "项目支出绩效自评表"),
                "average_score": c("performance.average_score", p.get("average_score"),
                                   "项目支出绩效自评表 总分的平均数", "score")}

    def performance_key_evaluation(self) -> dict:
        return {"result": self.text_fact("key_evaluation_result")}

    BUILDERS = {
        "total": total, "income": income, "expenditure": expenditure, "fiscal_total": fiscal_total,
        "general_budget.overall": general_budget_overall, "general_budget.structure": general_budget_structure,
        "general_budget.detail": general_budget_detail, "basic": basic,
        "three_public.overall": three_public_overall, "three_public.detail": three_public_detail,
        "government_fund": lambda self: self.fund("government_fund", T.GOVERNMENT_FUND),
        "state_capital": lambda self: self.fund("state_capital", T.STATE_CAPITAL),
        "operating_cost": operating_cost, "procurement": procurement, "assets": assets,
        "performance.management": performance_management, "performance.self_evaluation": performance_self_evaluation,
        "performance.key_evaluation": performance_key_evaluation,
    }
    assert set(BUILDERS) == set(NARRATIVE_KEYS)

    def slots(self, key: str) -> dict:
        """What the sentences of a section may name: its own slots and the report's year, unit and department.
        (A callable is called only by the templates that name it: what costs a query is read only where printed.)"""
        return {"year": self.year, "previous_year": self.year - 1, "unit": self.unit,
                "department": lambda: self.report.department.name, **self.BUILDERS[key](self)}

    def section(self, key: str) -> GeneratedSection:
        self.figures = {}
        context = self.slots(key)
        return GeneratedSection(key, render(self.report.template.sentence(key), context, self.figures))

    def sections(self) -> dict[str, GeneratedSection]:
        """The sections the report's edition prints."""
        return {leaf.key: self.section(leaf.key) for leaf in self.report.template.narrative_leaves}


def narrate(report: Report, grids: dict[str, Grid], inputs: NarrationInputs | None = None) -> dict[str, GeneratedSection]:
    return Narrator(report, grids, inputs or load_inputs(report)).sections()
