"""The parts of a report outside the tables as the entry pages name them: the part in the address, its title."""
from apps.reports.models import Report
from apps.reports.outline import Section

PART_TITLES = {"overview": "第一部分 概况", "facts": "情况说明所需的其他数据（上年数、机关运行经费、政府采购、国有资产、“三公”活动等）",
               "budgets": "项级年初预算数及差异原因（情况说明 一般公共预算财政拨款支出决算具体情况）",
               "glossary": "名词解释（本部门增加的名词）", "attachments": "第五部分 附件"}


def narrative_parts(report: Report) -> dict[str, Section]:
    """The 情况说明 sections of the report's edition by the part in the address (narrative-general_budget-detail)."""
    return {f"narrative-{leaf.key.replace('.', '-')}": leaf for leaf in report.template.narrative_leaves}


def part_title(report: Report, part: str) -> str:
    sections = narrative_parts(report)
    if part in sections:
        return f"第三部分 {report.template.narrative_places[sections[part].key]}"
    return PART_TITLES[part]
