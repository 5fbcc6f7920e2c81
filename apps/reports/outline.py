"""The outline of the disclosure document outside the tables, declared once.

第一部分 概况, 第二部分 the tables (see `layouts.py`), 第三部分 情况说明 (the sections below, in the order of the
2021 document), 第四部分 名词解释, 第五部分 附件.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    number: str  # 一 / （一）
    heading: str
    children: tuple["Section", ...] = ()
    has_reason: bool = False  # the accountant writes a 主要原因 for this section

    def leaves(self):
        if not self.children:
            yield self
        for child in self.children:
            yield from child.leaves()


PARTS = (
    ("overview", "第一部分", "概况"),
    ("tables", "第二部分", "部门决算表"),
    ("narrative", "第三部分", "部门决算情况说明"),
    ("glossary", "第四部分", "名词解释"),
    ("attachments", "第五部分", "附件"),
)

OVERVIEW_SECTIONS = (
    ("duties", "一", "部门职责"),
    ("organisation", "二", "机构设置"),
)

NARRATIVE = (
    Section("total", "一", "收入支出决算总体情况说明", has_reason=True),
    Section("income", "二", "收入决算情况说明"),
    Section("expenditure", "三", "支出决算情况说明"),
    Section("fiscal_total", "四", "财政拨款收入支出决算总体情况说明", has_reason=True),
    Section("general_budget", "五", "一般公共预算财政拨款支出决算情况说明", children=(
        Section("general_budget.overall", "（一）", "总体情况。", has_reason=True),
        Section("general_budget.structure", "（二）", "结构情况。"),
        Section("general_budget.detail", "（三）", "具体情况。"),
    )),
    Section("basic", "六", "一般公共预算财政拨款基本支出决算情况说明"),
    Section("three_public", "七", "一般公共预算财政拨款“三公”经费支出决算情况说明", children=(
        Section("three_public.overall", "（一）", "“三公”经费财政拨款支出决算总体情况说明。", has_reason=True),
        Section("three_public.detail", "（二）", "“三公”经费财政拨款支出决算具体情况说明。"),
    )),
    Section("government_fund", "八", "政府性基金预算财政拨款支出决算情况说明"),
    Section("state_capital", "九", "国有资本经营预算财政拨款支出决算情况说明"),
    Section("operating_cost", "十", "机关运行经费支出情况说明", has_reason=True),
    Section("procurement", "十一", "政府采购支出情况说明"),
    Section("assets", "十二", "国有资产占用情况说明"),
    Section("performance", "十三", "预算绩效情况说明", children=(
        Section("performance.management", "（一）", "绩效管理工作开展情况。"),
        Section("performance.self_evaluation", "（二）", "部门整体和项目绩效自评结果。"),
        Section("performance.key_evaluation", "（三）", "重点绩效评价结果。"),
    )),
)

NARRATIVE_LEAVES = tuple(leaf for section in NARRATIVE for leaf in section.leaves())
NARRATIVE_KEYS = tuple(leaf.key for leaf in NARRATIVE_LEAVES)
NARRATIVE_CHOICES = [(leaf.key, f"{leaf.number} {leaf.heading}") for leaf in NARRATIVE_LEAVES]


def _place(top: Section, leaf: Section) -> str:
    """How a (sub-)section is named to people: “情况说明 一、…”, “情况说明 五（三）具体情况”."""
    if leaf is top:
        return f"情况说明 {top.number}、{top.heading}"
    return f"情况说明 {top.number}{leaf.number}{leaf.heading.rstrip('。')}"


NARRATIVE_PLACES = {leaf.key: _place(top, leaf) for top in NARRATIVE for leaf in top.leaves()}
