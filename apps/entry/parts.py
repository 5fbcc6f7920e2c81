"""The parts of a report outside the tables as the entry pages name them: the part in the address, its title."""
from apps.reports.outline import NARRATIVE_LEAVES, NARRATIVE_PLACES

NARRATIVE_PARTS = {f"narrative-{leaf.key.replace('.', '-')}": leaf for leaf in NARRATIVE_LEAVES}

PART_TITLES = {"overview": "第一部分 概况", "facts": "情况说明所需的其他数据（上年数、机关运行经费、政府采购、国有资产、“三公”活动等）",
               "budgets": "项级年初预算数及差异原因（情况说明 五（三））", "glossary": "名词解释（本部门增加的名词）",
               "attachments": "第五部分 附件"}


def part_title(part: str) -> str:
    if part in NARRATIVE_PARTS:
        return f"第三部分 {NARRATIVE_PLACES[NARRATIVE_PARTS[part].key]}"
    return PART_TITLES[part]
