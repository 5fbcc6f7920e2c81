"""Narrative rules (审核公式 36–47): a 情况说明 states the figures the tables and the entered facts give.

A section that uses the generated text states them by construction; it is checked for what the generated text
could not state (a fact nobody entered, printed 待填写; a part larger than its whole). A section written (or pasted) by
hand is read against the generated one (`hand_text.py`): every figure it writes, every figure it leaves out, the
directions it states and the department's name. The 项 paragraphs must cover exactly the 项 of the
一般公共预算财政拨款支出决算表 with the catalogue's names.
"""
import re
from collections import defaultdict

from apps.reports.computation import CellRef
from apps.reports.hand_text import compare
from apps.reports.narration import load_inputs, narrate

from .engine import Context, Rule, Severity

KEY = __name__


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
    return {key: s for key, s in inputs.sections.items() if not s.use_generated and key in _generated(ctx)}


def _where(ctx: Context, key: str) -> str:
    """The section as the report's edition names it (情况说明 五（三）具体情况)."""
    return ctx.report.template.narrative_places.get(key, f"情况说明 {key}")


def figures_rule(code: str, keys: tuple[str, ...], title: str, basis: str) -> Rule:
    def check(rule: Rule, ctx: Context):
        manual = _manual_sections(ctx)
        for key in keys:
            if key not in manual:
                continue
            for found in compare(_generated(ctx)[key], manual[key].body, ctx.unit_label):
                yield rule.finding(f"{_where(ctx, key)}：{found.message}", [CellRef("narrative", key, "body")],
                                   severity=found.severity)

    return Rule(code, title, Severity.ERROR, check, basis)


def check_missing_facts(rule: Rule, ctx: Context):
    """Each figure nobody entered that a generated section prints (待填写): once, where it is first printed."""
    manual, reported = _manual_sections(ctx), set()
    for key, section in _generated(ctx).items():
        if key in manual:
            continue
        for figure in section.missing:
            if not figure.needs or figure.needs in reported:
                continue
            reported.add(figure.needs)
            yield rule.finding(f"{_where(ctx, key)}：{figure.needs}未填写，生成的文字中这里印作“待填写”。"
                               "请填写（没有的填 0），或手写本节。", [CellRef("narrative", key, "body")])
        if section.unwritten:
            yield rule.finding(f"{_where(ctx, key)}：有 {section.unwritten} 处原因或说明未填写，生成的文字中印作“（待填写）”。"
                               "请在本节的“主要原因”、项级年初预算的差异原因或情况说明填报数中填写，或手写本节。",
                               [CellRef("narrative", key, "body")])


def check_impossible_parts(rule: Rule, ctx: Context):
    for key, section in _generated(ctx).items():
        for problem in dict.fromkeys(section.impossible):
            yield rule.finding(f"{_where(ctx, key)}：{problem}，占比无从说明；请核对填报的数。",
                               [CellRef("narrative", key, "body")])


LEADING_NUMBER = re.compile(r"^(?:[（(]?\d+[)）]|\d+[.、．])\s*")  # 1. 1、 （1） (1)
ITEM_PARAGRAPH = re.compile(r"(?P<class>[^。\n]+?)（类）(?P<section>[^。\n]+?)（款）\s*(?P<item>[^。\n]+?)（项）")


def _item_paragraphs(ctx: Context):
    """The 项 the hand text of 五（三） names: (code or None, the three names as written, the names expected)."""
    section = _manual_sections(ctx).get("general_budget.detail")
    if not section:
        return
    grid = ctx.grids["general_budget"]
    names = {row.code: row.label for row in grid.rows if row.code} | ctx.extras[KEY].names
    codes = {row.code for row in grid.rows if row.level == 3} | {b.subject.code for b in ctx.extras[KEY].budgets}
    by_names = {(names.get(c[:3]), names.get(c[:5]), names.get(c)): c for c in codes}
    by_item = defaultdict(list)
    for c in codes:
        by_item[names.get(c)].append(c)
    for paragraph in section.body.splitlines():
        match = ITEM_PARAGRAPH.search(paragraph)
        if not match:
            continue
        parts = tuple(LEADING_NUMBER.sub("", match.group(g).strip()) for g in ("class", "section", "item"))
        code = by_names.get(parts) or (by_item[parts[2]][0] if len(by_item[parts[2]]) == 1 else None)
        expected = (names.get(code[:3]), names.get(code[:5]), names.get(code)) if code else None
        yield code, parts, expected


def check_item_paragraphs(rule: Rule, ctx: Context):
    key = "general_budget.detail"
    if key not in _manual_sections(ctx):
        return
    grid = ctx.grids["general_budget"]
    mentioned = set()
    for code, parts, expected in _item_paragraphs(ctx):
        if code is None:
            yield rule.finding(f"{_where(ctx, key)}：“{parts[0]}（类）{parts[1]}（款）{parts[2]}（项）”"
                               "不是本表的项，请按本年度科目目录核对科目名称。", [CellRef("narrative", key, "body")])
        else:
            mentioned.add(code)
    for row in grid.rows:
        if row.level == 3 and row.code not in mentioned:
            yield rule.finding(f"{_where(ctx, key)}：{ctx.report.table_number('general_budget')}有 {row.code} "
                               f"{row.label}（项），正文中没有对应的段落。",
                               [CellRef("narrative", key, "body"), CellRef("general_budget", row.code, "total")])


def check_item_names(rule: Rule, ctx: Context):
    for code, parts, expected in _item_paragraphs(ctx):
        if code is not None and parts != expected:
            written = f"{parts[0]}（类）{parts[1]}（款）{parts[2]}（项）"
            yield rule.finding(f"{_where(ctx, 'general_budget.detail')}：“{written}”与科目目录的名称不一致，"
                               f"{code} 应为“{expected[0]}（类）{expected[1]}（款）{expected[2]}（项）”。",
                               [CellRef("narrative", "general_budget.detail", "body")])


PURPOSE = re.compile(r"主要用于[：:]?([^。\n]{6,})")


def check_repeated_purposes(rule: Rule, ctx: Context):
    """The same 主要用于 under two 项: often a paragraph copied and not rewritten."""
    inputs = ctx.extras.get(KEY)
    if not inputs:
        return
    seen = {}
    texts = [(b.subject.code, b.purpose.strip()) for b in inputs.budgets if b.purpose and len(b.purpose.strip()) >= 6]
    section = _manual_sections(ctx).get("general_budget.detail")
    if section:
        texts += [(f"第 {n} 段", match.group(1)) for n, paragraph in enumerate(section.body.splitlines(), 1)
                  for match in [PURPOSE.search(paragraph)] if match]
    for where, text in texts:
        if text in seen and seen[text] != where:
            yield rule.finding(f"{_where(ctx, 'general_budget.detail')}：{seen[text]} 与 {where} 的“主要用于”相同"
                               f"（“{text[:30]}”），请确认不是复制后漏改。", [CellRef("narrative", "general_budget.detail", "body")])
        seen.setdefault(text, where)


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
    Rule("N-43A", "情况说明五（三）：一般公共预算财政拨款支出决算表的每个项各有一段", Severity.ERROR,
         check_item_paragraphs, "审核公式 43"),
    Rule("N-43B", "情况说明五（三）：类、款、项的名称与科目目录一致", Severity.WARNING, check_item_names, "审核公式 43"),
    Rule("N-43C", "情况说明五（三）：不同的项“主要用于”不雷同", Severity.INFO, check_repeated_purposes, "情况说明"),
    figures_rule("N-44", ("basic",), "情况说明六：基本支出、人员经费、公用经费与公开05表、06表一致", "审核公式 44"),
    Rule("N-44A", "情况说明六：“主要包括”列出的正是公开06表中不为零的各款", Severity.ERROR, check_basic_items, "审核公式 44"),
    figures_rule("N-45", ("three_public.overall", "three_public.detail"), "情况说明七：“三公”经费预算、决算、完成率和占比与公开07表一致",
                 "审核公式 45"),
    Rule("N-46", "机关运行经费不超过公开06表公用经费合计", Severity.ERROR, check_operating_cost, "审核公式 46"),
    figures_rule("N-46A", ("operating_cost",), "情况说明十：机关运行经费及与上年比较与填报数一致", "审核公式 46"),
    figures_rule("N-47", ("procurement",), "情况说明十一：政府采购总额等于货物、工程、服务之和", "审核公式 47"),
    figures_rule("N-48", ("assets", "performance.management", "performance.self_evaluation"),
                 "情况说明十二、十三：国有资产和预算绩效的数字与填报数、绩效自评表一致", "情况说明"),
    Rule("N-49", "情况说明用到的填报数都已填写（生成的文字中没有“待填写”）", Severity.ERROR, check_missing_facts, "情况说明"),
    Rule("N-50", "情况说明的占比：部分不大于整体（如授予中小企业合同金额不大于政府采购支出总额）", Severity.ERROR,
         check_impossible_parts, "情况说明"),
]
