"""The outline of the disclosure document outside the tables.

第一部分 概况, 第二部分 the tables (see `layouts.py`), 第三部分 情况说明, 第四部分 名词解释, 第五部分 附件.

The 情况说明 sections the product can write and check are declared here by meaning (`SECTION_KINDS`: the
generated text of each is `narration.py`'s, its checks `rules/narrative.py`'s). How a document numbers, heads,
groups and orders them is its edition's (`editions.py`: `narrative`), e.g. 机关运行经费 is 十、 in the 河南 2021
edition and 十一（一） in the 上海 2024 one.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    number: str  # 一 / （一）
    heading: str
    children: tuple["Section", ...] = ()

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

# The sections by meaning: (key, heading in the 河南 2021 edition). An edition's outline names these keys.
SECTION_KINDS = (
    ("total", "收入支出决算总体情况说明"),
    ("income", "收入决算情况说明"),
    ("expenditure", "支出决算情况说明"),
    ("fiscal_total", "财政拨款收入支出决算总体情况说明"),
    ("general_budget.overall", "一般公共预算财政拨款支出决算总体情况"),
    ("general_budget.structure", "一般公共预算财政拨款支出决算结构情况"),
    ("general_budget.detail", "一般公共预算财政拨款支出决算具体情况"),
    ("basic", "一般公共预算财政拨款基本支出决算情况说明"),
    ("three_public.overall", "“三公”经费财政拨款支出决算总体情况说明"),
    ("three_public.detail", "“三公”经费财政拨款支出决算具体情况说明"),
    ("government_fund", "政府性基金预算财政拨款支出决算情况说明"),
    ("state_capital", "国有资本经营预算财政拨款支出决算情况说明"),
    ("operating_cost", "机关运行经费支出情况说明"),
    ("procurement", "政府采购支出情况说明"),
    ("assets", "国有资产占用情况说明"),
    ("performance.management", "绩效管理工作开展情况"),
    ("performance.self_evaluation", "部门整体和项目绩效自评结果"),
    ("performance.key_evaluation", "重点绩效评价结果"),
)
NARRATIVE_KEYS = tuple(key for key, _ in SECTION_KINDS)
NARRATIVE_CHOICES = list(SECTION_KINDS)


def leaves(outline: tuple[Section, ...]) -> tuple[Section, ...]:
    return tuple(leaf for section in outline for leaf in section.leaves())


def _place(top: Section, leaf: Section) -> str:
    """How a (sub-)section is named to people: “情况说明 一、…”, “情况说明 五（三）具体情况”."""
    if leaf is top:
        return f"情况说明 {top.number}、{top.heading}"
    return f"情况说明 {top.number}{leaf.number}{leaf.heading.rstrip('。')}"


def places(outline: tuple[Section, ...]) -> dict[str, str]:
    """How each section of an outline is named to people, by key."""
    return {leaf.key: _place(top, leaf) for top in outline for leaf in top.leaves()}
