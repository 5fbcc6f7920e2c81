"""第三部分 情况说明, generated from the tables and the stored facts.

Every figure is computed here, once, and carried as a `Figure` (its value, how it is printed and where it
comes from), so the same figures serve three purposes: the generated text, the highlighting in the editor,
and the narrative rules that check a hand-written text against the tables. The accountant writes only the
reasons. Names come from the catalogue, never from typing.

This module gives each section its slots (figures, names, reasons, the facts entered); the words around them are
the report's edition's (`Edition.sentences`, rendered by `sentences.py`), so each edition's 情况说明 reads as its
official template does.
"""
import re
from dataclasses import dataclass, field
from decimal import Decimal

from apps.reports.computation import Grid
from apps.reports.extensions import callables
from apps.reports.hand_text import LIST_NUMBER
from apps.reports.layouts import TableCode as T
from apps.reports.models import FunctionalSubject, ItemBudget, NarrativeFacts, NarrativeSection, Report
from apps.reports.money import HALF_DIGIT_YUAN, format_percent, percent, plain_number, rounding_tolerance, to_unit
from apps.reports.outline import NARRATIVE_KEYS
from apps.reports.sentences import NO_PREVIOUS, marker, render, typed

LIST_NUMBER_AT_START = re.compile(LIST_NUMBER)
SENTENCE_END = re.compile("[。；]")
SUBJECT_NAME_END = re.compile("(?<=（[类款项]）)")  # after each name of “…（类）…（款）…（项）”
LABEL = 24  # characters at most of a paragraph's label
QUOTE = 32  # characters at most of the words quoted before a 待填写 (上海's 三公 sentence, 29, whole)

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
TO_BE_FILLED = "（待填写）"  # printed where a figure or a reason nobody entered would stand (templates: |default)


def clause(text: str | None) -> str:
    """A typed text as the sentence takes it: trimmed, without the full stop the sentence adds (“燃料费。。”),
    marked as typed (`sentences.typed`)."""
    return typed((text or "").strip().rstrip("。；;，,").rstrip())


@dataclass(frozen=True)
class Figure:
    key: str
    value: Decimal | None  # in the report's unit for amounts, per cent for percentages, plain for counts and scores;
    # None: a figure nobody entered (printed 待填写, an error until it is)
    kind: str  # amount | percent | count | score
    source: str  # where the figure comes from, for messages
    text: str  # as printed
    slack: Decimal = ZERO  # how far a correct figure worked out from printed (rounded) parts may lie from this one
    needs: str = ""  # when missing: what nobody entered (a 情况说明填报数, a 绩效自评表); empty: its parts say it

    def __str__(self):
        """In a sentence template, a marker that `sentences.render` turns back into this figure."""
        return marker(self.key)

    @property
    def missing(self) -> bool:
        return self.value is None


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
    # Percentages that cannot be worked out (a zero base), by the key of the figure they would follow: why not, and
    # whether there was something to divide (4.3 over a 预算 of 0; not 0 over 0).
    undefined: dict[str, tuple[str, bool]] = field(default_factory=dict)
    impossible: list[str] = field(default_factory=list)  # a part larger than its whole: what the data says wrong
    department: str = ""  # the department's name, where the sentences name it
    unknown: list[str] = field(default_factory=list)  # the 上年数 not entered, where the text says 上年度无可比数据
    known: set = field(default_factory=set)  # every value the section's slots hold (printed or not, 上年数 too)

    @property
    def figures(self) -> list[Figure]:
        return [piece for paragraph in self.paragraphs for piece in paragraph if isinstance(piece, Figure)]

    @property
    def missing(self) -> list[Figure]:
        """The figures printed 待填写 (nobody entered them)."""
        return [figure for figure in self.figures if figure.missing]

    @property
    def unwritten(self) -> list[tuple[str, str]]:
        """The texts the sentences ask for (a reason, a use) printed 待填写: the words of its sentence before each
        (“决算数大于预算数的主要原因：”), and its paragraph as its first sentence names it."""
        found = []
        for paragraph in self.paragraphs:
            text = "".join(("…" if p.missing else p.text) if isinstance(p, Figure) else p for p in paragraph)
            befores = text.split(TO_BE_FILLED)[:-1]
            if befores:
                opening = _paragraph_label(text.split("。", 1)[0])
                found += [(_quoted(before), opening) for before in befores]
        return found

    def text(self) -> str:
        return "\n".join("".join(p.text if isinstance(p, Figure) else p for p in paragraph)
                         for paragraph in self.paragraphs)


def _quoted(before: str) -> str:
    """The words of its sentence before a 待填写: the whole sentence where it fits, else “…” and its last clauses that
    fit (its last characters, where its last clause alone is too long)."""
    sentence = SENTENCE_END.split(before)[-1].lstrip("，")
    if len(sentence) <= QUOTE:
        return sentence
    return "…" + _last_clauses(sentence, QUOTE - 1)


def _last_clauses(text: str, width: int) -> str:
    """The end of `text` in `width` characters, from a clause's start where one starts within it (not from a “，”
    that ends it)."""
    end = text[-width:]
    return end[end.find("，", 0, -1) + 1:]


def _paragraph_label(first: str) -> str:
    """A paragraph named by its first sentence; a long one by its number and the last whole names of its subject
    that fit (“2.…及相关机构事务（款）事业运行（项）” would start inside a name, “2.…事业运行（项）” does not; a
    long 项 name is kept whole), or, where it names no subject, by its last clause that fits."""
    if len(first) <= LABEL:
        return first
    number = LIST_NUMBER_AT_START.match(first)
    names = [name for name in SUBJECT_NAME_END.split(first) if name]
    end = names.pop()
    if names:
        while names and len(names[-1]) + len(end) <= LABEL - 4:
            end = names.pop() + end
    else:
        end = _last_clauses(end, LABEL - 4)
    return f"{number.group(0) if number else ''}…{end}"


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
        self.undefined: dict[str, tuple[str, bool]] = {}  # its percentages that cannot be worked out (GeneratedSection)
        self.impossible: list[str] = []
        self.names_department = False  # whether the section's sentences printed the department's name
        self.unknown: list[str] = []  # the 上年数 not entered (the change reads 上年度无可比数据)
        self.previous_values: list[Decimal] = []  # the 上年数 of the section's changes, in the report's unit

    # --- figures -----------------------------------------------------------------------------------------

    def made(self, figure: Figure) -> Figure:
        self.figures[figure.key] = figure
        return figure

    def amount(self, key: str, value: Decimal | None, source: str, parts: int = 1) -> Figure:
        """An amount of the tables (a blank cell is a zero there), printed in the report's unit; a figure worked out
        from `parts` printed figures may lie that many roundings away."""
        shown = to_unit(value or ZERO, self.report.unit)
        slack = to_unit(rounding_tolerance(self.report.unit, parts), self.report.unit)
        return self.made(Figure(key, shown, "amount", source, plain_number(shown), slack))

    def entered(self, key: str, value, source: str, kind: str = "amount", needs: str | None = None) -> Figure:
        """A figure somebody enters (a 情况说明填报数, a 绩效自评表's): 待填写 while nobody has; `needs` names what
        is to be entered (default: the source; "" for a sum whose missing parts are named themselves)."""
        if value is None:
            return self.made(Figure(key, None, kind, source, TO_BE_FILLED, needs=source if needs is None else needs))
        if kind == "amount":
            return self.amount(key, value, source)
        value = Decimal(value)
        return self.made(Figure(key, value, kind, source, plain_number(value), CENT if kind == "score" else ZERO))

    def pct(self, key: str, numerator, denominator, source: str, zero_base: str = "", share: bool = False,
            over: str = "") -> Figure | None:
        """A percentage (2 decimals, half-up). None when it cannot be worked out: a zero or missing base
        (`zero_base` says why, for the check of a hand-written text), a missing numerator, or a `share` over
        100 % — never printed; `over` says which entered part is larger than its whole (a finding; a share of the
        tables over 100 % is their own rules' finding)."""
        if numerator is None and denominator is not None:
            return None
        value = percent(numerator or ZERO, denominator)
        if value is None:
            anchor = next((k for k in (key.rsplit(".", 1)[0] + ".change", key.rsplit(".", 1)[0] + ".actual",
                                       key.rsplit(".", 1)[0]) if k in self.figures), None)
            if anchor and zero_base:
                self.undefined[anchor] = (zero_base, bool(numerator))
            return None
        if (share or over) and value > 100:
            if over:
                self.impossible.append(over)
            return None
        return self.made(Figure(key, value, "percent", source, format_percent(value),
                                self.percent_slack(numerator or ZERO, denominator)))

    def percent_slack(self, numerator: Decimal, denominator: Decimal) -> Decimal:
        """How far the percentage of two printed (rounded) amounts may lie from the exact one, plus its own rounding
        (at least 0.01 point: another rounding of the last digit)."""
        half = HALF_DIGIT_YUAN[self.report.unit]
        exact = numerator * 100 / denominator
        bounds = [(numerator + a) * 100 / (denominator + b) for a in (-half, half) for b in (-half, half)
                  if denominator + b > 0]
        spread = max(abs(bound - exact) for bound in bounds) if bounds else ZERO
        return max(CENT, (spread + Decimal("0.005")).quantize(CENT, rounding="ROUND_UP"))

    def count(self, key: str, value, source: str, kind: str = "count") -> Figure:
        """A count or score somebody enters (车辆, 团组, 项目数, 得分)."""
        return self.entered(key, value, source, kind)

    def fact_amount(self, name: str, key: str) -> Figure:
        return self.entered(key, self.fact(name), self.fact_source(name))

    def fact_count(self, name: str, key: str) -> Figure:
        return self.entered(key, self.fact(name), self.fact_source(name), "count")

    @staticmethod
    def fact_source(name: str) -> str:
        return f"情况说明填报数“{NarrativeFacts._meta.get_field(name).verbose_name}”"

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
        return clause(self.fact(name))

    def reason(self, key: str) -> str:
        section = self.inputs.sections.get(key)
        return clause(section.reason if section else "")

    def previous_change(self, key: str, current, name: str) -> Change:
        """The change from last year's figure, a 情况说明填报数."""
        return self.change(key, current, self.fact(name), self.fact_source(name))

    def change(self, key: str, current, previous, needs: str) -> Change:
        """This year's figure against last year's; unknown when last year's was not entered (`needs` says which)."""
        if previous is None:
            self.unknown.append(needs)
            return Change(known=False)
        self.previous_values.append(to_unit(previous, self.report.unit))
        difference = (current or ZERO) - previous
        if to_unit(abs(difference), self.report.unit) == 0:  # equal as printed: 持平
            return Change(known=True)
        return Change(known=True, up=difference > 0,
                      amount=self.amount(f"{key}.change", abs(difference), "本年数减上年数", parts=2),
                      rate=self.pct(f"{key}.rate", abs(difference), previous, "增减额除以上年数",
                                    zero_base="上年数为 0，增长（下降）率无从计算"))

    def part(self, key: str, label: str, value, whole, source: str, whole_name: str) -> dict:
        """One item of a listing: its amount and its share of the whole."""
        return {"label": label, "amount": self.amount(key, value, source),
                "share": self.pct(f"{key}.share", value, whole, f"{label}除以{whole_name}",
                                  zero_base=f"{whole_name}为 0，占比无从计算", share=True)}

    # --- sections: each gives the slots its sentences may use ----------------------------------------------

    def total(self) -> dict:
        income = self.cell(T.SUMMARY, "income.total", "amount")
        expense = self.cell(T.SUMMARY, "expense.total", "amount")
        source = f"{self.number(T.SUMMARY)} 总计"
        return {"balanced": income == expense, "total": self.amount("total", income, source),
                "expense": self.amount("total.expense", expense, source),
                "change": self.previous_change("total", income, "previous_total"), "reason": self.reason("total")}

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
                "change": self.previous_change("fiscal_total", total, "previous_fiscal_total"),
                "reason": self.reason("fiscal_total")}

    def general_budget_overall(self) -> dict:
        total = self.cell(T.GENERAL_BUDGET, "total", "total")
        expenditure = self.cell(T.EXPENDITURE, "total", "total")
        return {"total": self.amount("general_budget", total, f"{self.number(T.GENERAL_BUDGET)} 合计"),
                "share": self.pct("general_budget.share", total, expenditure,
                                  f"{self.number(T.GENERAL_BUDGET)}合计除以{self.number(T.EXPENDITURE)}支出合计",
                                  share=True),
                "change": self.previous_change("general_budget", total, "previous_general_budget_expenditure"),
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
        """One 项 with its 年初预算 (0 for a 项 without one: 年初未安排预算; 待填写 for one listed but left empty)
        and 决算."""
        initial = budget.initial_budget if budget and budget.initial_budget is not None else ZERO
        actual = actual or ZERO
        listed_empty = budget is not None and budget.initial_budget is None
        return {"n": n, "class_name": self.names.get(code[:3], code[:3]), "section_name": self.names.get(code[:5], code[:5]),
                "item_name": self.names.get(code, code),
                "budget": self.entered(f"item.{code}.budget", None, f"{code} 年初预算数",
                                       needs=f"项级年初预算中 {code} {self.names.get(code, '')}的年初预算数")
                if listed_empty else self.amount(f"item.{code}.budget", initial, f"{code} 年初预算数"),
                "actual": self.amount(f"item.{code}.actual", actual, f"{self.number(table)} {code}"),
                "rate": self.pct(f"item.{code}.rate", actual, initial, f"{code} 决算数除以年初预算数",
                                 zero_base="年初预算为 0，完成率无从计算"),
                "relation": "大于" if actual > initial else "小于" if actual < initial else "持平",
                "reason": clause(budget.variance_reason if budget else ""),
                "purpose": clause(budget.purpose if budget else "")}

    def general_budget_detail(self) -> dict:
        grid = self.grids[T.GENERAL_BUDGET]
        actual_total = grid.value("total", "total") or ZERO
        budgets = {b.subject.code: b for b in self.inputs.budgets}
        budget_total = sum((b.initial_budget or ZERO) for b in self.inputs.budgets)
        codes = sorted({row.code for row in grid.rows if row.level == 3}
                       | {code for code, b in budgets.items() if b.initial_budget})
        return {"budget": self.amount("detail.budget", budget_total, "项级年初预算数之和", parts=len(budgets)),
                "actual": self.amount("detail.actual", actual_total, f"{self.number(T.GENERAL_BUDGET)} 合计"),
                "rate": self.pct("detail.rate", actual_total, budget_total, "决算数除以年初预算数",
                                 zero_base="年初预算为 0，完成率无从计算"),
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
                "rate": self.pct(f"{key}.rate", actual, budget, "决算数除以预算数",
                                 zero_base=f"{label}预算为 0，完成率无从计算"),
                "share": self.pct(f"{key}.share", actual, actual_total, f"{label}除以“三公”经费决算合计",
                                  share=True),
                "change": self.previous_change(f"{key}.previous", actual, f"previous_three_public_{key}"),
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
                "rate": self.pct("three_public.rate", actual, budget, "决算数除以预算数",
                                 zero_base="“三公”经费预算为 0，完成率无从计算"),
                "relation": "大于" if (actual or ZERO) > (budget or ZERO) else "小于" if (actual or ZERO) < (budget or ZERO)
                else "持平",
                "reason": self.reason("three_public.overall"),
                "change": self.change("three_public.previous", actual, self.sum_of_facts(
                    *(f"previous_three_public_{key}" for key, _ in self.THREE_PUBLIC)), "“三公”经费各项的上年数（情况说明填报数）"),
                **self.by_item(self.three_public_items())}

    def three_public_detail(self) -> dict:
        number = self.number(T.THREE_PUBLIC)
        actual_total = self.cell(T.THREE_PUBLIC, "row", "actual_total")
        budget_total = self.cell(T.THREE_PUBLIC, "row", "budget_total")
        c, f = self.fact_count, self.fact_amount
        return {
            "spent": bool(budget_total or actual_total),
            "actual": self.amount("three_public.actual", actual_total, f"{number} 决算数 合计"),
            **self.by_item(self.three_public_items()),
            "abroad_groups": c("abroad_groups", "abroad.groups"),
            "abroad_persons": c("abroad_persons", "abroad.persons"),
            "abroad_content": self.text_fact("abroad_content"),
            "vehicle_purchase": self.amount("vehicle.purchase", self.cell(T.THREE_PUBLIC, "row",
                                                                          "actual_vehicle_purchase"), number),
            "vehicle_operation": self.amount("vehicle.operation", self.cell(T.THREE_PUBLIC, "row",
                                                                            "actual_vehicle_operation"), number),
            "vehicles_bought": c("vehicles_purchased", "vehicle.bought"),
            "vehicles_held": c("vehicles_held", "vehicle.held"),
            "vehicle_purchase_use": self.text_fact("vehicle_purchase_use"),
            "vehicle_operation_use": self.text_fact("vehicle_operation_use"),
            "foreign": f("foreign_reception_amount", "reception.foreign"),
            "foreign_groups": c("foreign_reception_groups", "reception.foreign_groups"),
            "foreign_persons": c("foreign_reception_persons", "reception.foreign_persons"),
            "domestic": f("domestic_reception_amount", "reception.domestic"),
            "domestic_groups": c("domestic_reception_groups", "reception.domestic_groups"),
            "domestic_persons": c("domestic_reception_persons", "reception.domestic_persons"),
            "reception_groups": self.entered("reception.groups", self.sum_of_facts(
                "domestic_reception_groups", "foreign_reception_groups"), "国内与外宾接待批次（情况说明填报数）之和",
                "count", needs=""),
            "reception_persons": self.entered("reception.persons", self.sum_of_facts(
                "domestic_reception_persons", "foreign_reception_persons"), "国内与外宾接待人次（情况说明填报数）之和",
                "count", needs=""),
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
        return {"spent": cost != 0, "cost": self.fact_amount("operating_cost", "operating_cost"),
                "change": self.previous_change("operating_cost", cost, "previous_operating_cost"),
                "reason": self.reason("operating_cost")}

    def procurement(self) -> dict:
        f = self.fact_amount
        total = self.sum_of_facts("procurement_goods", "procurement_works", "procurement_services")
        sme, small = self.fact("procurement_sme"), self.fact("procurement_small_micro")
        return {"total": self.entered("procurement", total, "货物、工程、服务采购金额（情况说明填报数）之和", needs=""),
                "goods": f("procurement_goods", "procurement.goods"), "works": f("procurement_works", "procurement.works"),
                "services": f("procurement_services", "procurement.services"),
                "sme": f("procurement_sme", "procurement.sme"),
                # worked out only where the edition's sentences state them (a lambda is called by the template)
                "sme_share": lambda: self.pct("procurement.sme.share", sme, total, "除以政府采购支出总额",
                                              over="授予中小企业合同金额大于政府采购支出总额"),
                "small": f("procurement_small_micro", "procurement.small"),
                "small_share": lambda: self.pct("procurement.small.share", small, total, "除以政府采购支出总额",
                                                over="授予小微企业合同金额大于政府采购支出总额"),
                **{name: f(f"procurement_{name}", f"procurement.{name}") for name in (
                    "sme_reserved", "small_micro_reserved", "sme_reserved_awarded", "small_micro_reserved_awarded",
                    "sme_other_awarded")}}

    VEHICLE_KINDS = ("ministerial", "principal", "confidential", "emergency", "law_enforcement", "special", "retired",
                     "other")

    def assets(self) -> dict:
        c = self.fact_count
        return {"vehicles": c("vehicles", "assets.vehicles"),
                "general": c("general_equipment", "assets.general"),
                "special": c("special_equipment", "assets.special"),
                "equipment_over_million": c("equipment_over_million", "assets.equipment"),
                "by_kind": {kind: c(f"vehicles_{kind}", f"assets.vehicles.{kind}") for kind in self.VEHICLE_KINDS}}

    PROJECT_SHEETS = "项目支出绩效自评表"

    def performance_management(self) -> dict:
        p, c, f, e = self.inputs.performance, self.fact_count, self.fact_amount, self.entered
        sheets = self.PROJECT_SHEETS
        return {
            "total": f("performance_total", "performance.total"),
            "personnel": f("performance_personnel", "performance.personnel"),
            "public": f("performance_public", "performance.public"),
            "projects": e("performance.projects", p.get("projects"), f"{sheets}的张数", "count", sheets),
            "project_amount": e("performance.project_amount", p.get("project_budget"), f"{sheets} 年初预算数之和",
                                needs=sheets),
            "evaluated": e("performance.evaluated", p.get("projects"), f"{sheets}的张数", "count", sheets),
            "evaluated_amount": e("performance.evaluated_amount", p.get("project_budget"), f"{sheets} 年初预算数之和",
                                  needs=sheets),
            "average_score": e("performance.average_score", p.get("average_score"), f"{sheets} 总分的平均数", "score",
                               sheets),
            "grades": lambda: {grade: e(f"performance.grade.{grade}", n, f"{sheets} 评级", "count", sheets)
                               for grade, n in p["grades"]().items()},
            "key": c("key_evaluations", "performance.key"),
            "key_amount": f("key_evaluation_amount", "performance.key_amount"),
            "rules": self.text_fact("performance_rules"), "mechanism": self.text_fact("performance_mechanism"),
            "goal_projects": c("goal_projects", "performance.goal_projects"),
            "goal_amount": f("goal_amount", "performance.goal_amount"),
            "tracking_projects": c("tracking_projects", "performance.tracking_projects"),
            "tracking_amount": f("tracking_amount", "performance.tracking_amount"),
            "problems_found": c("problems_found", "performance.problems_found"),
            "problems_fixed": c("problems_fixed", "performance.problems_fixed"),
            "problems_fixing": c("problems_fixing", "performance.problems_fixing"),
        }

    def performance_self_evaluation(self) -> dict:
        p, e = self.inputs.performance, self.entered
        sheets = self.PROJECT_SHEETS
        return {"department_score": e("performance.department_score", p.get("department_score"),
                                      "部门整体绩效自评表 总分", "score", "部门整体绩效自评表"),
                "projects": e("performance.projects", p.get("projects"), f"{sheets}的张数", "count", sheets),
                "average_score": e("performance.average_score", p.get("average_score"), f"{sheets} 总分的平均数",
                                   "score", sheets)}

    def performance_key_evaluation(self) -> dict:
        return {"result": (self.fact("key_evaluation_result") or "").strip()}  # a paragraph, printed as typed

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
                "department": self.department, **self.BUILDERS[key](self)}

    def department(self) -> str:
        self.names_department = True
        return self.report.department.name

    def section(self, key: str) -> GeneratedSection:
        self.figures, self.undefined, self.impossible, self.names_department = {}, {}, [], False
        self.unknown, self.previous_values = [], []
        context = self.slots(key)
        paragraphs = render(self.report.template.sentence(key), context, self.figures)
        section = GeneratedSection(key, paragraphs, self.undefined, self.impossible,
                                   self.report.department.name if self.names_department else "")
        section.known = {f.value for f in self.figures.values() if f.value is not None} | set(self.previous_values)
        if NO_PREVIOUS in section.text():  # printed: the 上年数 it lacks are worth a word
            section.unknown = list(dict.fromkeys(self.unknown))
        return section

    def sections(self) -> dict[str, GeneratedSection]:
        """The sections the report's edition prints."""
        return {leaf.key: self.section(leaf.key) for leaf in self.report.template.narrative_leaves}


def narrate(report: Report, grids: dict[str, Grid], inputs: NarrationInputs | None = None) -> dict[str, GeneratedSection]:
    return Narrator(report, grids, inputs or load_inputs(report)).sections()
