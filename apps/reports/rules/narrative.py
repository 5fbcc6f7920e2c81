"""Narrative rules (审核公式 36–47): a 情况说明 written by hand must state the figures the tables give.

A section that uses the generated text cannot disagree with the tables; one written (or pasted) by hand is
checked figure by figure against the generated one: every amount must appear as in the tables, every
percentage within 0.01 percentage point, the 项 paragraphs must cover exactly the 项 of 公开05表 with the
catalogue's names and the 大于/小于/持平 wording that matches the sign.
"""
import re
from decimal import Decimal, InvalidOperation

from apps.reports.computation import CellRef
from apps.reports.narration import load_inputs, narrate

from .engine import Context, Rule, Severity

KEY = __name__
PERCENT_TOLERANCE = Decimal("0.01")
NUMBER = re.compile(r"(-?\d+(?:\.\d+)?)\s*(%?)")


def load(report):
    return load_inputs(report)


def _generated(ctx: Context):
    if "generated" not in ctx.extras:
        ctx.extras["generated"] = narrate(ctx.report, ctx.grids, ctx.extras.get(KEY))
    return ctx.extras["generated"]


def _manual_sections(ctx: Context):
    inputs = ctx.extras.get(KEY)
    if not inputs:
        return {}
    return {key: s for key, s in inputs.sections.items() if not s.use_generated}


def _numbers(text: str):
    found = []
    for value, percent_sign in NUMBER.findall(text):
        try:
            found.append((Decimal(value), bool(percent_sign)))
        except InvalidOperation:
            continue
    return found


def _where(ctx: Context, key: str) -> str:
    """The section as the report's edition names it (情况说明 五（三）具体情况)."""
    return ctx.report.template.narrative_places.get(key, f"情况说明 {key}")


def _missing_figures(section_key: str, generated, body: str):
    """Figures of the generated text that the hand text does not state: each figure needs a number of its
    own (a figure printed twice must be written twice), percentages within 0.01 percentage point."""
    numbers = _numbers(body)
    for figure in generated.figures:
        is_percent = figure.kind == "percent"
        match = next((i for i, (value, pct) in enumerate(numbers) if pct == is_percent and (
            abs(value - figure.value) <= PERCENT_TOLERANCE if is_percent else value == figure.value)), None)
        if match is None:
            yield figure
        else:
            numbers.pop(match)


def figures_rule(code: str, keys: tuple[str, ...], title: str, basis: str) -> Rule:
    def check(rule: Rule, ctx: Context):
        manual = _manual_sections(ctx)
        for key in keys:
            if key not in manual:
                continue
            generated = _generated(ctx)[key]
            for figure in _missing_figures(key, generated, manual[key].body):
                shown = figure.text + ("" if figure.kind in ("percent", "count", "score") else f" {ctx.unit_label}")
                yield rule.finding(
                    f"{_where(ctx, key)}：按报表应写明 {shown}（{figure.source}），正文中没有这个数，请核对，或改用系统生成的文字。",
                    [CellRef("narrative", key, "body")])

    return Rule(code, title, Severity.ERROR, check, basis)


ITEM_PARAGRAPH = re.compile(r"(?P<class>[^。\n]+?)（类）(?P<section>[^。\n]+?)（款）\s*(?P<item>[^。\n]+?)（项）")


def check_item_paragraphs(rule: Rule, ctx: Context):
    key = "general_budget.detail"
    section = _manual_sections(ctx).get(key)
    if not section:
        return
    grid = ctx.grids["general_budget"]
    names = {row.code: row.label for row in grid.rows if row.code} | ctx.extras[KEY].names
    items = {row.code: row for row in grid.rows if row.level == 3}
    budgets = {b.subject.code: b.initial_budget or 0 for b in ctx.extras[KEY].budgets}
    by_name = {}
    for code in set(items) | set(budgets):
        by_name[(names.get(code[:3]), names.get(code[:5]), names.get(code))] = code
    mentioned = set()
    for paragraph in section.body.splitlines():
        match = ITEM_PARAGRAPH.search(paragraph)
        if not match:
            continue
        parts = tuple(match.group(g).strip().lstrip("0123456789.、．") for g in ("class", "section", "item"))
        code = by_name.get(parts)
        if code is None:
            yield rule.finding(f"{_where(ctx, key)}：“{parts[0]}（类）{parts[1]}（款）{parts[2]}（项）”"
                               "与本年度科目目录中的类、款、项名称不一致，请按目录核对科目名称。",
                               [CellRef("narrative", key, "body")])
            continue
        mentioned.add(code)
        actual = grid.value(code, "total") or 0
        budget = budgets.get(code, 0)
        expected = "大于" if actual > budget else "小于" if actual < budget else "持平"
        for word in ("大于", "小于", "持平"):
            if f"决算数{word}" in paragraph.replace("与年初预算数", "") and word != expected:
                yield rule.finding(f"{_where(ctx, key)}：{names.get(code)}（项）决算数{'大于' if actual > budget else '小于' if actual < budget else '等于'}年初预算数，"
                                   f"正文却写“{word}”。", [CellRef("narrative", key, "body")])
    for code in sorted(set(items) - mentioned):
        yield rule.finding(f"{_where(ctx, key)}：公开05表有 {code} {names.get(code)}（项），正文中没有对应的段落。",
                           [CellRef("narrative", key, "body"), CellRef("general_budget", code, "total")])


def check_basic_items(rule: Rule, ctx: Context):
    key = "basic"
    section = _manual_sections(ctx).get(key)
    if not section:
        return
    grid = ctx.grids["basic"]
    layout = grid.layout
    for label, classes in (("人员经费", layout.personnel_classes), ("公用经费", layout.public_classes)):
        expected = {row.label for row in grid.rows if row.level == 2 and row.code[:3] in classes
                    and row.cells["amount"].value}
        match = re.search(label + r"[^；。]*?主要包括：([^；。]*)", section.body)
        listed = {item.strip() for item in re.split(r"[、，,]", match.group(1))} if match else set()
        if listed != expected:
            missing, extra = sorted(expected - listed), sorted(listed - expected)
            detail = "；".join(part for part in (f"缺少：{'、'.join(missing)}" if missing else "",
                                                 f"多出：{'、'.join(extra)}" if extra else "") if part)
            yield rule.finding(f"{_where(ctx, key)}：{label}“主要包括”应列出公开06表中不为零的各款（{detail}）。",
                               [CellRef("narrative", key, "body")])


def check_operating_cost(rule: Rule, ctx: Context):
    inputs = ctx.extras.get(KEY)
    cost = getattr(inputs.facts, "operating_cost", None) if inputs and inputs.facts else None
    public = ctx.grids["basic"].value("public_total", "amount")
    if cost is not None and public is not None and cost > public:
        yield rule.finding(f"{_where(ctx, 'operating_cost')}：机关运行经费 {ctx.money(cost)} 超过公开06表公用经费合计 "
                           f"{ctx.money(public)}；机关运行经费是公用经费的一部分。",
                           [CellRef("narrative", "operating_cost", "body"), CellRef("basic", "public_total", "amount")])


def check_empty_fund_statements(rule: Rule, ctx: Context):
    manual = _manual_sections(ctx)
    for key, table, name in (("government_fund", "government_fund", "政府性基金"),
                             ("state_capital", "state_capital", "国有资本经营")):
        grid = ctx.grids[table]
        empty = all(cell.exact is None for cell in grid.row("total").cells.values())
        says_none = "没有" in manual[key].body or f"无{name}" in manual[key].body if key in manual else True
        if empty and not says_none:  # 河南 writes 没有…, 上海 无…收入和支出
            yield rule.finding(f"{_where(ctx, key)}：{ctx.report.table_number(table)}没有数据，正文须说明本部门没有{name}收入和支出。",
                               [CellRef("narrative", key, "body")])


RULES = [
    Rule("N-36", "公开08表、09表无数据时，情况说明八、九说明没有相应收支", Severity.ERROR, check_empty_fund_statements,
         "审核公式 36"),
    figures_rule("N-37", ("total",), "情况说明一：收支总计及与上年比较与公开01表一致", "审核公式 37"),
    figures_rule("N-38", ("income",), "情况说明二：收入合计、各项收入及占比与公开01表一致", "审核公式 38"),
    figures_rule("N-39", ("expenditure",), "情况说明三：支出合计、基本支出、项目支出及占比与公开03表一致", "审核公式 39"),
    figures_rule("N-40", ("fiscal_total",), "情况说明四：财政拨款收支总计与公开04表一致", "审核公式 40"),
    figures_rule("N-41", ("general_budget.overall",), "情况说明五（一）：一般公共预算财政拨款支出及占比与公开05表一致",
                 "审核公式 41"),
    figures_rule("N-42", ("general_budget.structure",), "情况说明五（二）：各类支出及占比与公开05表一致", "审核公式 42"),
    figures_rule("N-43", ("general_budget.detail",), "情况说明五（三）：年初预算、支出决算及完成率与公开05表和年初预算数一致",
                 "审核公式 43"),
    Rule("N-43A", "情况说明五（三）：每个项各有一段，科目名称与目录一致，大于/小于/持平与增减方向一致", Severity.ERROR,
         check_item_paragraphs, "审核公式 43"),
    figures_rule("N-44", ("basic",), "情况说明六：基本支出、人员经费、公用经费与公开05表、06表一致", "审核公式 44"),
    Rule("N-44A", "情况说明六：“主要包括”列出的正是公开06表中不为零的各款", Severity.ERROR, check_basic_items, "审核公式 44"),
    figures_rule("N-45", ("three_public.overall", "three_public.detail"), "情况说明七：“三公”经费预算、决算、完成率和占比与公开07表一致",
                 "审核公式 45"),
    Rule("N-46", "机关运行经费不超过公开06表公用经费合计", Severity.ERROR, check_operating_cost, "审核公式 46"),
    figures_rule("N-46A", ("operating_cost",), "情况说明十：机关运行经费及与上年比较与填报数一致", "审核公式 46"),
    figures_rule("N-47", ("procurement",), "情况说明十一：政府采购总额等于货物、工程、服务之和", "审核公式 47"),
    figures_rule("N-48", ("assets", "performance.management", "performance.self_evaluation"),
                 "情况说明十二、十三：国有资产和预算绩效的数字与填报数、绩效自评表一致", "情况说明"),
]
