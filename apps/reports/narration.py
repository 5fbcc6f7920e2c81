"""第三部分 情况说明, generated from the tables and the stored facts.

Every figure is computed here, once, and carried as a `Figure` (its value, how it is printed and where it
comes from), so the same figures serve three purposes: the generated text, the highlighting in the editor,
and the narrative rules that check a hand-written text against the tables. The accountant writes only the
reasons. Names come from the catalogue, never from typing. Sentence patterns follow the 2021 document.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from apps.reports.computation import Grid
from apps.reports.extensions import callables
from apps.reports.layouts import TableCode as T
from apps.reports.models import FunctionalSubject, ItemBudget, NarrativeFacts, NarrativeSection, Report
from apps.reports.money import format_percent, percent, plain_number, to_unit
from apps.reports.outline import NARRATIVE_KEYS

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Figure:
    key: str
    value: Decimal  # in the report's unit for amounts, per cent for percentages, plain for counts and scores
    kind: str  # amount | percent | count | score
    source: str  # where the figure comes from, for messages
    text: str  # as printed


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
        self.names = {row.code: row.label for code in (T.GENERAL_BUDGET, T.EXPENDITURE)
                      for row in grids[code].rows if row.code} | inputs.names
        self.year = report.fiscal_year
        self.unit = report.get_unit_display()

    # --- figures -----------------------------------------------------------------------------------------

    def amount(self, key: str, value: Decimal | None, source: str) -> Figure:
        shown = to_unit(value or ZERO, self.report.unit)
        return Figure(key, shown, "amount", source, plain_number(shown))

    def pct(self, key: str, numerator, denominator, source: str) -> Figure | None:
        """A percentage (2 decimals, half-up); None when the base is zero or missing."""
        value = percent(numerator or ZERO, denominator)
        return None if value is None else Figure(key, value, "percent", source, format_percent(value))

    def count(self, key: str, value, source: str, kind: str = "count") -> Figure:
        value = Decimal(value or 0)
        return Figure(key, value, kind, source, plain_number(value))

    def cell(self, table: str, row: str, column: str):
        return self.grids[table].value(row, column)

    def fact(self, name: str):
        return getattr(self.inputs.facts, name, None) if self.inputs.facts else None

    def reason(self, key: str) -> str:
        section = self.inputs.sections.get(key)
        return section.reason.strip() if section else ""

    def share(self, key, part, whole, source, label) -> list:
        figure = self.pct(key, part, whole, source)
        return [f"，{label} ", figure] if figure else []

    def change(self, key: str, current, previous, label: str, lead: str = "与上年度相比，") -> list:
        """“与上年度相比，X增加 a 万元，增长 b%。” with the special cases: no previous year, equal, zero base."""
        if previous is None:
            return ["上年度无可比数据。"]
        difference = (current or ZERO) - previous
        if difference == 0:
            return [f"{lead}{label}持平。"]
        verb, trend = ("增加", "增长") if difference > 0 else ("减少", "下降")
        pieces = [f"{lead}{label}{verb} ", self.amount(f"{key}.change", abs(difference), "本年数减上年数"),
                  f" {self.unit}"]
        rate = self.pct(f"{key}.rate", abs(difference), previous, "增减额除以上年数")
        pieces += [f"，{trend} ", rate, "。"] if rate else ["（上年度为 0）。"]
        return pieces

    def because(self, key: str, prefix: str = "主要原因：") -> list:
        reason = self.reason(key)
        return [f"{prefix}{reason}"] if reason else []

    # --- sections ----------------------------------------------------------------------------------------

    def total(self) -> GeneratedSection:
        income = self.cell(T.SUMMARY, "income.total", "amount")
        expense = self.cell(T.SUMMARY, "expense.total", "amount")
        source = "公开01表 总计"
        if income == expense:
            head = [f"{self.year} 年度收、支总计均为 ", self.amount("total", income, source), f" {self.unit}。"]
        else:
            head = [f"{self.year} 年度收入总计 ", self.amount("total", income, source), f" {self.unit}，支出总计 ",
                    self.amount("total.expense", expense, source), f" {self.unit}。"]
        return GeneratedSection("total", [head + self.change("total", income, self.fact("previous_total"),
                                                             "收、支总计各") + self.because("total")])

    INCOME_ITEMS = (("income.superior", "上级补助收入"), ("income.business", "事业收入"),
                    ("income.operating", "经营收入"), ("income.affiliated", "附属单位上缴收入"),
                    ("income.other", "其他收入"))

    def income(self) -> GeneratedSection:
        total = self.cell(T.SUMMARY, "income.subtotal", "amount")
        fiscal = sum((self.cell(T.SUMMARY, row, "amount") or ZERO) for row in (
            "income.general_budget", "income.government_fund", "income.state_capital"))
        items = [("income.fiscal", "财政拨款收入", fiscal)] + [
            (row, label, self.cell(T.SUMMARY, row, "amount")) for row, label in self.INCOME_ITEMS]
        pieces = [f"{self.year} 年度收入合计 ", self.amount("income", total, "公开01表 本年收入合计"), f" {self.unit}，其中："]
        listed = [(row, label, value) for row, label, value in items if value]
        for i, (row, label, value) in enumerate(listed):
            pieces += (["；"] if i else []) + [f"{label} ", self.amount(row, value, f"公开01表 {label}"), f" {self.unit}"]
            pieces += self.share(f"{row}.share", value, total, f"{label}除以本年收入合计", "占")
        return GeneratedSection("income", [pieces + ["。"]])

    EXPENDITURE_ITEMS = (("basic", "基本支出"), ("project", "项目支出"), ("to_superior", "上缴上级支出"),
                         ("operating", "经营支出"), ("subsidy", "对附属单位补助支出"))

    def expenditure(self) -> GeneratedSection:
        total = self.cell(T.EXPENDITURE, "total", "total")
        pieces = [f"{self.year} 年度支出合计 ", self.amount("expenditure", total, "公开03表 合计"), f" {self.unit}，其中："]
        listed = [(column, label, self.cell(T.EXPENDITURE, "total", column)) for column, label in self.EXPENDITURE_ITEMS]
        for i, (column, label, value) in enumerate(v for v in listed if v[2]):
            pieces += (["；"] if i else []) + [f"{label} ", self.amount(f"expenditure.{column}", value,
                                                                        f"公开03表 合计 {label}"), f" {self.unit}"]
            pieces += self.share(f"expenditure.{column}.share", value, total, f"{label}除以支出合计", "占")
        return GeneratedSection("expenditure", [pieces + ["。"]])

    def fiscal_total(self) -> GeneratedSection:
        total = self.cell(T.FISCAL_SUMMARY, "income.total", "amount")
        head = [f"{self.year} 年度财政拨款收、支总计均为 ", self.amount("fiscal_total", total, "公开04表 总计"),
                f" {self.unit}。"]
        return GeneratedSection("fiscal_total", [head + self.change(
            "fiscal_total", total, self.fact("previous_fiscal_total"), "财政拨款收、支总计各")
            + self.because("fiscal_total")])

    def general_budget_overall(self) -> GeneratedSection:
        total = self.cell(T.GENERAL_BUDGET, "total", "total")
        expenditure = self.cell(T.EXPENDITURE, "total", "total")
        pieces = [f"{self.year} 年度一般公共预算财政拨款支出 ", self.amount("general_budget", total, "公开05表 合计"),
                  f" {self.unit}"]
        share = self.pct("general_budget.share", total, expenditure, "公开05表合计除以公开03表支出合计")
        pieces += ["，占本年支出合计的 ", share, "。"] if share else ["。"]
        pieces += self.change("general_budget", total, self.fact("previous_general_budget_expenditure"),
                              "一般公共预算财政拨款支出") + self.because("general_budget.overall")
        return GeneratedSection("general_budget.overall", [pieces])

    def general_budget_structure(self) -> GeneratedSection:
        grid = self.grids[T.GENERAL_BUDGET]
        total = grid.value("total", "total")
        pieces = [f"{self.year} 年度一般公共预算财政拨款支出 ", self.amount("general_budget", total, "公开05表 合计"),
                  f" {self.unit}，主要用于以下方面："]
        classes = [row for row in grid.rows if row.level == 1]
        for i, row in enumerate(classes):
            name = self.names.get(row.code, row.label).removesuffix("支出")
            value = row.cells["total"].value
            pieces += (["；"] if i else []) + [f"{name}（类）支出 ", self.amount(f"class.{row.code}", value,
                                                                           f"公开05表 {row.code}"), f" {self.unit}"]
            pieces += self.share(f"class.{row.code}.share", value, total, f"{row.code}除以公开05表合计", "占")
        return GeneratedSection("general_budget.structure", [pieces + ["。"]])

    def general_budget_detail(self) -> GeneratedSection:
        grid = self.grids[T.GENERAL_BUDGET]
        actual_total = grid.value("total", "total")
        budgets = {b.subject.code: b for b in self.inputs.budgets}
        budget_total = sum((b.initial_budget or ZERO) for b in self.inputs.budgets)
        head = [f"{self.year} 年度一般公共预算财政拨款支出年初预算为 ",
                self.amount("detail.budget", budget_total, "项级年初预算数之和"), f" {self.unit}，支出决算为 ",
                self.amount("detail.actual", actual_total, "公开05表 合计"), f" {self.unit}"]
        rate = self.pct("detail.rate", actual_total, budget_total, "决算数除以年初预算数")
        head += ["，完成年初预算的 ", rate, "。其中："] if rate else ["。其中："]
        paragraphs = [head]
        codes = sorted({row.code for row in grid.rows if row.level == 3}
                       | {code for code, b in budgets.items() if b.initial_budget})
        for n, code in enumerate(codes, start=1):
            budget = budgets.get(code)
            initial = budget.initial_budget if budget and budget.initial_budget is not None else ZERO
            actual = grid.value(code, "total") or ZERO
            names = self.names
            pieces = [f"{n}.{names.get(code[:3], code[:3])}（类）{names.get(code[:5], code[:5])}（款）"
                      f"{names.get(code, code)}（项）。年初预算为 ", self.amount(f"item.{code}.budget", initial,
                                                                          f"{code} 年初预算数"),
                      f" {self.unit}，支出决算为 ", self.amount(f"item.{code}.actual", actual, f"公开05表 {code}"),
                      f" {self.unit}"]
            rate = self.pct(f"item.{code}.rate", actual, initial, "决算数除以年初预算数")
            pieces += ["，完成年初预算的 ", rate, "。"] if rate else ["。"]
            reason = budget.variance_reason.strip() if budget else ""
            if actual == initial:
                pieces.append("决算数与年初预算数持平。")
            else:
                relation = "大于" if actual > initial else "小于"
                pieces.append(f"决算数{relation}年初预算数的主要原因：{reason or '（待填写）'}")
            paragraphs.append(pieces)
        return GeneratedSection("general_budget.detail", paragraphs)

    def basic(self) -> GeneratedSection:
        grid = self.grids[T.BASIC]
        layout = grid.layout
        total = self.cell(T.GENERAL_BUDGET, "total", "basic")

        def items(classes):
            return "、".join(row.label for row in grid.rows
                            if row.level == 2 and row.code[:3] in classes and row.cells["amount"].value)

        personnel, public = grid.value("personnel_total", "amount"), grid.value("public_total", "amount")
        pieces = [f"{self.year} 年度一般公共预算财政拨款基本支出 ", self.amount("basic", total, "公开05表 合计 基本支出"),
                  f" {self.unit}。其中：人员经费 ", self.amount("basic.personnel", personnel, "公开06表 人员经费合计"),
                  f" {self.unit}，主要包括：{items(layout.personnel_classes)}；公用经费 ",
                  self.amount("basic.public", public, "公开06表 公用经费合计"),
                  f" {self.unit}，主要包括：{items(layout.public_classes)}。"]
        return GeneratedSection("basic", [pieces])

    THREE_PUBLIC = (("abroad", "因公出国（境）费"), ("vehicle", "公务用车购置及运行费"), ("reception", "公务接待费"))

    def three_public_overall(self) -> GeneratedSection:
        budget = self.cell(T.THREE_PUBLIC, "row", "budget_total")
        actual = self.cell(T.THREE_PUBLIC, "row", "actual_total")
        pieces = [f"{self.year} 年度“三公”经费财政拨款支出预算为 ",
                  self.amount("three_public.budget", budget, "公开07表 预算数 合计"), f" {self.unit}，支出决算为 ",
                  self.amount("three_public.actual", actual, "公开07表 决算数 合计"), f" {self.unit}"]
        rate = self.pct("three_public.rate", actual, budget, "决算数除以预算数")
        pieces += ["，完成“三公”经费预算的 ", rate, "。"] if rate else ["。"]
        if (actual or ZERO) == (budget or ZERO):
            pieces.append(f"{self.year} 年度“三公”经费支出决算数与预算数无差异。")
        else:
            pieces += self.because("three_public.overall", "决算数与预算数存在差异的主要原因：")
        return GeneratedSection("three_public.overall", [pieces])

    def three_public_detail(self) -> GeneratedSection:
        actual_total = self.cell(T.THREE_PUBLIC, "row", "actual_total")
        first = [f"{self.year} 年度“三公”经费财政拨款支出决算 ",
                 self.amount("three_public.actual", actual_total, "公开07表 决算数 合计"), f" {self.unit}，其中，"]
        for i, (key, label) in enumerate(self.THREE_PUBLIC):
            budget = self.cell(T.THREE_PUBLIC, "row", f"budget_{key}")
            actual = self.cell(T.THREE_PUBLIC, "row", f"actual_{key}")
            first += (["；"] if i else []) + [f"{label}支出决算 ", self.amount(f"{key}.actual", actual,
                                                                          f"公开07表 决算数 {label}"), f" {self.unit}"]
            rate = self.pct(f"{key}.rate", actual, budget, "决算数除以预算数")
            first += ["，完成“三公”经费预算的 ", rate] if rate else []
            share = self.pct(f"{key}.share", actual, actual_total, f"{label}除以“三公”经费决算合计")
            first += ["，占“三公”经费支出 ", share] if share else []
        first.append("。具体情况如下：")
        c = self.count
        abroad = ["1．因公出国（境）费预算为 ", self.amount("abroad.budget", self.cell(T.THREE_PUBLIC, "row",
                                                                                   "budget_abroad"), "公开07表"),
                  f" {self.unit}，支出决算为 ", self.amount("abroad.actual", self.cell(T.THREE_PUBLIC, "row",
                                                                                  "actual_abroad"), "公开07表"),
                  f" {self.unit}。全年因公出国（境）团组 ", c("abroad.groups", self.fact("abroad_groups"), "填报数"),
                  " 个，累计 ", c("abroad.persons", self.fact("abroad_persons"), "填报数"), " 人次。"]
        vehicle = ["2．公务用车购置及运行费预算为 ", self.amount("vehicle.budget", self.cell(
                       T.THREE_PUBLIC, "row", "budget_vehicle"), "公开07表"),
                   f" {self.unit}，支出决算为 ", self.amount("vehicle.actual", self.cell(
                       T.THREE_PUBLIC, "row", "actual_vehicle"), "公开07表"), f" {self.unit}。公务用车购置支出为 ",
                   self.amount("vehicle.purchase", self.cell(T.THREE_PUBLIC, "row", "actual_vehicle_purchase"),
                               "公开07表"), f" {self.unit}，购置车辆 ",
                   c("vehicle.bought", self.fact("vehicles_purchased"), "填报数"), " 辆，公务用车运行支出 ",
                   self.amount("vehicle.operation", self.cell(T.THREE_PUBLIC, "row", "actual_vehicle_operation"),
                               "公开07表"), f" {self.unit}。{self.year} 年期末，部门开支财政拨款的公务用车保有量为 ",
                   c("vehicle.held", self.fact("vehicles_held"), "填报数"), " 辆。"]
        reception = ["3．公务接待费预算为 ", self.amount("reception.budget", self.cell(
                         T.THREE_PUBLIC, "row", "budget_reception"), "公开07表"),
                     f" {self.unit}，支出决算为 ", self.amount("reception.actual", self.cell(
                         T.THREE_PUBLIC, "row", "actual_reception"), "公开07表"), f" {self.unit}。其中：外宾接待支出 ",
                     self.amount("reception.foreign", self.fact("foreign_reception_amount"), "填报数"),
                     f" {self.unit}，共接待国（境）外来访团组 ", c("reception.foreign_groups",
                                                              self.fact("foreign_reception_groups"), "填报数"),
                     " 个、来访外宾 ", c("reception.foreign_persons", self.fact("foreign_reception_persons"), "填报数"),
                     " 人次（不包括陪同人员）；其他国内公务接待支出 ",
                     self.amount("reception.domestic", self.fact("domestic_reception_amount"), "填报数"),
                     f" {self.unit}，共接待国内来访团组 ", c("reception.domestic_groups",
                                                        self.fact("domestic_reception_groups"), "填报数"),
                     " 个、来宾 ", c("reception.domestic_persons", self.fact("domestic_reception_persons"), "填报数"),
                     " 人次（不包括陪同人员）。"]
        return GeneratedSection("three_public.detail", [first, abroad, vehicle, reception])

    def fund(self, key: str, table: str, name: str) -> GeneratedSection:
        grid = self.grids[table]
        spent = grid.value("total", "expenditure")
        income = grid.value("total", "income")
        if spent is None and income is None:
            return GeneratedSection(key, [[f"我部门 {self.year} 年度没有{name}收入，也没有使用{name}安排的支出。"]])
        return GeneratedSection(key, [[f"{self.year} 年度{name}预算财政拨款收入 ", self.amount(f"{key}.income", income,
                                                                                        f"{table} 合计 本年收入"),
                                       f" {self.unit}，支出 ", self.amount(f"{key}.expenditure", spent,
                                                                         f"{table} 合计 本年支出"), f" {self.unit}。"]])

    def operating_cost(self) -> GeneratedSection:
        cost = self.fact("operating_cost")
        pieces = [f"{self.year} 年度机关运行经费支出 ", self.amount("operating_cost", cost, "填报数"), f" {self.unit}"]
        previous = self.fact("previous_operating_cost")
        change = self.change("operating_cost", cost, previous, "", lead="，较上年度")
        pieces += change if change[0].startswith("，") else ["。"] + change
        difference = (cost or ZERO) - (previous or ZERO)
        if previous is not None and difference:
            pieces += self.because("operating_cost", f"{'增加' if difference > 0 else '减少'}的主要原因是：")
        return GeneratedSection("operating_cost", [pieces])

    def procurement(self) -> GeneratedSection:
        goods, works, services = (self.fact(f"procurement_{k}") or ZERO for k in ("goods", "works", "services"))
        total = goods + works + services
        sme, small = self.fact("procurement_sme") or ZERO, self.fact("procurement_small_micro") or ZERO
        pieces = [f"{self.year} 年度政府采购支出总额 ", self.amount("procurement", total, "货物、工程、服务之和"),
                  f" {self.unit}，其中：政府采购货物支出 ", self.amount("procurement.goods", goods, "填报数"),
                  f" {self.unit}、政府采购工程支出 ", self.amount("procurement.works", works, "填报数"),
                  f" {self.unit}、政府采购服务支出 ", self.amount("procurement.services", services, "填报数"),
                  f" {self.unit}。授予中小企业合同金额 ", self.amount("procurement.sme", sme, "填报数"), f" {self.unit}"]
        share = self.pct("procurement.sme.share", sme, total, "除以政府采购支出总额")
        pieces += ["，占政府采购支出总额的 ", share] if share else []
        pieces += ["，其中：授予小微企业合同金额 ", self.amount("procurement.small", small, "填报数"), f" {self.unit}"]
        share = self.pct("procurement.small.share", small, total, "除以政府采购支出总额")
        pieces += ["，占政府采购支出总额的 ", share, "。"] if share else ["。"]
        return GeneratedSection("procurement", [pieces])

    def assets(self) -> GeneratedSection:
        c = self.count
        return GeneratedSection("assets", [[f"{self.year} 年期末，我部门共有车辆 ", c("assets.vehicles",
                                                                              self.fact("vehicles"), "填报数"),
                                            " 辆，单位价值 50 万元以上通用设备 ", c("assets.general",
                                                                          self.fact("general_equipment"), "填报数"),
                                            " 台（套），单位价值 100 万元以上专用设备 ",
                                            c("assets.special", self.fact("special_equipment"), "填报数"), " 台（套）。"]])

    def performance_management(self) -> GeneratedSection:
        p, c = self.inputs.performance, self.count
        pieces = [f"{self.year} 年，我部门纳入预算绩效管理的支出总额为 ",
                  self.amount("performance.total", self.fact("performance_total"), "填报数"),
                  f" {self.unit}，其中人员经费支出 ", self.amount("performance.personnel",
                                                           self.fact("performance_personnel"), "填报数"),
                  f" {self.unit}，公用经费支出 ", self.amount("performance.public", self.fact("performance_public"),
                                                          "填报数"),
                  f" {self.unit}；支出项目共 ", c("performance.projects", p.get("projects"), "项目支出绩效自评表"),
                  " 个，支出金额 ", self.amount("performance.project_amount", p.get("project_budget"),
                                            "项目支出绩效自评表 年初预算数之和"),
                  f" {self.unit}。其中，进行项目绩效自评 ", c("performance.evaluated", p.get("projects"),
                                                             "项目支出绩效自评表"),
                  " 个，自评金额 ", self.amount("performance.evaluated_amount", p.get("project_budget"),
                                            "项目支出绩效自评表 年初预算数之和"),
                  f" {self.unit}；纳入重点绩效评价（部门评价或财政评价）", c("performance.key", self.fact("key_evaluations"),
                                                                     "填报数"),
                  " 个，评价金额 ", self.amount("performance.key_amount", self.fact("key_evaluation_amount"), "填报数"),
                  f" {self.unit}。"]
        return GeneratedSection("performance.management", [pieces])

    def performance_self_evaluation(self) -> GeneratedSection:
        p, c = self.inputs.performance, self.count
        whole = [f"通过科学、规范的方法，基于预期目标的实现程度，评价 {self.year} 年度部门预算绩效目标的完成情况，部门整体绩效自评得分为 ",
                 c("performance.department_score", p.get("department_score"), "部门整体绩效自评表 总分", "score"), " 分。"]
        projects = ["我部门共有 ", c("performance.projects", p.get("projects"), "项目支出绩效自评表"),
                    f" 个项目批复了绩效目标，基于项目预期目标的实现程度，对 {self.year} 年度项目支出绩效进行自评，绩效自评平均得分为 ",
                    c("performance.average_score", p.get("average_score"), "项目支出绩效自评表 总分的平均数", "score"),
                    " 分。"]
        return GeneratedSection("performance.self_evaluation", [whole, projects])

    def performance_key_evaluation(self) -> GeneratedSection:
        return GeneratedSection("performance.key_evaluation", [[self.fact("key_evaluation_result") or "无"]])

    def sections(self) -> dict[str, GeneratedSection]:
        built = [
            self.total(), self.income(), self.expenditure(), self.fiscal_total(), self.general_budget_overall(),
            self.general_budget_structure(), self.general_budget_detail(), self.basic(),
            self.three_public_overall(), self.three_public_detail(),
            self.fund("government_fund", T.GOVERNMENT_FUND, "政府性基金"),
            self.fund("state_capital", T.STATE_CAPITAL, "国有资本经营"),
            self.operating_cost(), self.procurement(), self.assets(), self.performance_management(),
            self.performance_self_evaluation(), self.performance_key_evaluation(),
        ]
        by_key = {section.key: section for section in built}
        assert set(by_key) == set(NARRATIVE_KEYS)
        return by_key


def narrate(report: Report, grids: dict[str, Grid], inputs: NarrationInputs | None = None) -> dict[str, GeneratedSection]:
    return Narrator(report, grids, inputs or load_inputs(report)).sections()
