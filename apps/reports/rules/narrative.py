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
from apps.reports.hand_text import LIST_NUMBER, compare
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


def _written_figures(rule: Rule, ctx: Context, key: str, body: str):
    for found in compare(_generated(ctx)[key], body, ctx.unit_label, ctx.report.fiscal_year):
        yield rule.finding(f"{_where(ctx, key)}：{found.message}", [CellRef("narrative", key, "body")],
                           severity=found.severity)


def figures_rule(code: str, keys: tuple[str, ...], title: str, basis: str) -> Rule:
    def check(rule: Rule, ctx: Context):
        manual = _manual_sections(ctx)
        for key in keys:
            if key in manual:
                yield from _written_figures(rule, ctx, key, manual[key].body)

    return Rule(code, title, Severity.ERROR, check, basis)


def check_missing_facts(rule: Rule, ctx: Context):
    """Each figure nobody entered that a generated section prints (待填写): once, where it is first printed; each
    reason or use it asks for and nobody wrote; each 上年数 not entered where the text says 上年度无可比数据 (a
    warning: a new department has none)."""
    manual, reported = _manual_sections(ctx), set()
    for key, section in _generated(ctx).items():
        if key in manual:
            continue
        where = [CellRef("narrative", key, "body")]
        for figure in section.missing:
            if not figure.needs or figure.needs in reported:
                continue
            reported.add(figure.needs)
            todo = "请填写（没有的填 0）" if figure.needs.startswith("情况说明填报数") else "请填报"
            yield rule.finding(f"{_where(ctx, key)}：{figure.needs}未填写，生成的文字中这里印作“待填写”。"
                               f"{todo}，或手写本节。", where)
        paragraphs = defaultdict(list)  # the same words before 待填写 (one per 项 of a long list): one finding
        for before, opening in section.unwritten:
            paragraphs[before].append(opening)
        for before, openings in paragraphs.items():
            yield rule.finding(f"{_where(ctx, key)}：“{before}（待填写）”——这里的原因或说明未填写{_in_paragraphs(openings)}。"
                               "请在本节的“主要原因”、项级年初预算的差异原因或情况说明填报数中填写，或手写本节。", where)
        for needs in section.unknown:
            if needs not in reported:
                reported.add(needs)
                yield rule.finding(f"{_where(ctx, key)}：{needs}未填写，生成的文字写作“上年度无可比数据”；"
                                   "上年度有数的，请填写。", where, severity=Severity.WARNING)


def _in_paragraphs(openings: list[str], shown: int = 3) -> str:
    """Where the same words are left unwritten more than once: how often, and the first paragraphs, by their opening."""
    if len(openings) == 1:
        return ""
    more = "等" if len(openings) > shown else ""
    return f"，共 {len(openings)} 处（{'；'.join(f'“{o}”' for o in openings[:shown])}{more}）"


def check_impossible_parts(rule: Rule, ctx: Context):
    for key, section in _generated(ctx).items():
        for problem in dict.fromkeys(section.impossible):
            yield rule.finding(f"{_where(ctx, key)}：{problem}，占比无从说明；请核对填报的数。",
                               [CellRef("narrative", key, "body")])


LEADING_NUMBER = re.compile(rf"^{LIST_NUMBER}?\s*(?:[“\"]?\d{{3,7}}[”\"]?)?\s*")  # 1. （一） ① and a code: “2010306”
# Relations between the 情况说明填报数 (each side a sum of facts; compared only where the report's edition asks for
# every fact of both sides and all are entered): `<=` a part within its whole, `==` the parts make the whole,
# `needs` a count above zero needs the other above zero too.
_VEHICLE_KINDS = tuple(f"vehicles_{kind}" for kind in ("ministerial", "principal", "confidential", "emergency",
                                                        "law_enforcement", "special", "retired", "other"))
FACT_RELATIONS = (
    (("procurement_small_micro",), "<=", ("procurement_sme",), Severity.ERROR,
     "授予小微企业合同金额是授予中小企业合同金额的一部分"),
    (("procurement_sme_reserved_awarded", "procurement_sme_other_awarded"), "<=",
     ("procurement_goods", "procurement_works", "procurement_services"), Severity.ERROR,
     "由中小企业供应商中标或成交的采购金额是政府采购金额的一部分"),
    (("procurement_small_micro_reserved",), "<=", ("procurement_sme_reserved",), Severity.WARNING,
     "面向小微企业预留的预算金额一般是面向中小企业预留金额的一部分"),
    (("procurement_sme_reserved_awarded",), "<=", ("procurement_sme_reserved",), Severity.WARNING,
     "预留项目中由中小企业中标或成交的金额一般不超过预留的预算金额"),
    (("procurement_small_micro_reserved_awarded",), "<=", ("procurement_small_micro_reserved",), Severity.WARNING,
     "预留项目中由小微企业中标或成交的金额一般不超过预留的预算金额"),
    (_VEHICLE_KINDS, "==", ("vehicles",), Severity.ERROR, "各类车辆之和应等于车辆总数"),
    (("vehicles_held",), "<=", ("vehicles",), Severity.WARNING, "开支财政拨款的公务用车保有量一般不超过车辆总数"),
    (("abroad_persons",), "needs", ("abroad_groups",), Severity.ERROR, "有因公出国（境）人次，就有团组"),
    (("abroad_groups",), "needs", ("abroad_persons",), Severity.ERROR, "有因公出国（境）团组，就有人次"),
    (("abroad_groups",), "<=", ("abroad_persons",), Severity.ERROR, "每个因公出国（境）团组至少 1 人次"),
    (("foreign_reception_groups",), "<=", ("foreign_reception_persons",), Severity.ERROR, "每批外宾至少 1 人次"),
    (("domestic_reception_groups",), "<=", ("domestic_reception_persons",), Severity.ERROR, "每批国内公务接待至少 1 人次"),
    (("problems_fixed", "problems_fixing"), "<=", ("problems_found",), Severity.ERROR,
     "已整改和正在整改的问题不能多于发现的问题"),
)


def check_facts_agree(rule: Rule, ctx: Context):
    inputs = ctx.extras.get(KEY)
    facts = inputs.facts if inputs else None
    if facts is None:
        return
    asked = set(ctx.report.template.facts)

    def shown(names, total):
        field = facts._meta.get_field(names[0])
        value = ctx.money(total) if field.get_internal_type() == "DecimalField" else str(total)
        labels = "、".join(str(facts._meta.get_field(n).verbose_name) for n in names)
        return f"{labels}{'之和' if len(names) > 1 else ''} {value}"

    for left, relation, right, severity, why in FACT_RELATIONS:
        values = [getattr(facts, name) for name in left + right]
        if not set(left + right) <= asked or None in values:
            continue
        a, b = sum(values[:len(left)]), sum(values[len(left):])
        holds = a <= b if relation == "<=" else a == b if relation == "==" else not (a > 0 and b == 0)
        if not holds:
            yield rule.finding(f"情况说明填报数：{shown(left, a)}，{shown(right, b)}——{why}，请核对。",
                               [CellRef("narrative", "facts", left[0])], severity=severity)


ITEM_PARAGRAPH = re.compile(r"(?P<class>[^。\n]+?)[（(]类[）)](?P<section>[^。\n]+?)[（(]款[）)]\s*(?P<item>[^。\n]+?)[（(]项[）)]")


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
    entered = [(f"{b.subject.code} {b.subject.name}", b.purpose.strip()) for b in inputs.budgets
               if len(b.purpose.strip()) >= 6]
    section = _manual_sections(ctx).get("general_budget.detail")
    written = [(f"第 {n} 段", match.group(1)) for n, paragraph in enumerate(section.body.splitlines(), 1)
               for match in [PURPOSE.search(paragraph)] if match] if section else []
    for texts in (entered, written):  # the 项级年初预算's, and a hand text's (each 项 is there once)
        seen = {}
        for where, text in texts:
            if text in seen:
                yield rule.finding(f"{_where(ctx, 'general_budget.detail')}：{seen[text]} 与 {where} 的“主要用于”相同"
                                   f"（“{text[:30]}”），请确认不是复制后漏改。",
                                   [CellRef("narrative", "general_budget.detail", "body")])
            seen.setdefault(text, where)


ITEM_SEPARATOR = re.compile(r"[、，,]|以及|及")  # 基本工资、津贴补贴……及退休费 (和 is in names: 其他商品和服务支出)
ITEM_ALIASES = {"水电费": ("水费", "电费")}  # how departments often write two 款 in one


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
        match = re.search(label + r"[^；。]*?主要包括[：:]?([^；。]*)", section.body)
        if not match:
            continue  # the items are not listed: nothing to compare
        text = match.group(1).strip()
        open_ended = text.endswith("等")  # “……退休费等”: some may be left out
        listed = {name for item in ITEM_SEPARATOR.split(text.removesuffix("等")) if item.strip()
                  for name in ITEM_ALIASES.get(item.strip(), (item.strip(),))}
        missing, extra = sorted(expected - listed) if not open_ended else [], sorted(listed - expected)
        if missing or extra:
            detail = "；".join(part for part in (f"缺少：{'、'.join(missing)}" if missing else "",
                                                 f"多出：{'、'.join(extra)}" if extra else "") if part)
            yield rule.finding(f"{_where(ctx, key)}：{label}“主要包括”应列出{ctx.report.table_number('basic')}"
                               f"中不为零的各款（{detail}）。", [CellRef("narrative", key, "body")])


def check_operating_cost(rule: Rule, ctx: Context):
    inputs = ctx.extras.get(KEY)
    cost = getattr(inputs.facts, "operating_cost", None) if inputs and inputs.facts else None
    public = ctx.grids["basic"].value("public_total", "amount")
    if cost is not None and public is not None and cost > public:
        yield rule.finding(f"{_where(ctx, 'operating_cost')}：机关运行经费 {ctx.money(cost)} 超过公开06表公用经费合计 "
                           f"{ctx.money(public)}；机关运行经费是公用经费的一部分。",
                           [CellRef("narrative", "operating_cost", "body"), CellRef("basic", "public_total", "amount")])


# The ways a department says it had none: 没有…, 无…, 未发生…, 不涉及…, 均为 0, …为空表, …无数据.
SAYS_NONE = re.compile(r"没有|无|未发生|未安排|不涉及|均为\s*0(?![.\d])|为\s*0(?![.\d])|空表")


def check_empty_fund_statements(rule: Rule, ctx: Context):
    manual = _manual_sections(ctx)
    for key, table, name in (("government_fund", "government_fund", "政府性基金"),
                             ("state_capital", "state_capital", "国有资本经营")):
        grid = ctx.grids[table]
        empty = all(cell.exact is None for cell in grid.row("total").cells.values())
        if key not in manual:
            continue
        if not empty:  # the figures of the table, read as in the other sections
            yield from _written_figures(rule, ctx, key, manual[key].body)
        elif not SAYS_NONE.search(manual[key].body):  # 河南 writes 没有…, 上海 无…收入和支出
            yield rule.finding(f"{_where(ctx, key)}：{ctx.report.table_number(table)}没有数据，正文须说明本部门没有{name}收入和支出。",
                               [CellRef("narrative", key, "body")])


RULES = [
    Rule("N-36", "情况说明八、九与公开08表、09表一致；无数据时说明没有相应收支", Severity.ERROR, check_empty_fund_statements,
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
    Rule("N-51", "情况说明填报数之间相符（各类车辆之和等于车辆总数、中标金额不超过采购金额、人次不少于批次等）",
         Severity.ERROR, check_facts_agree, "情况说明"),
]
