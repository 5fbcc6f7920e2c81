"""Reads for the self-evaluation sheets: a report's sheets, the grade scale that applies to a region or a report,
the sheets as parts of the accountant's overview."""
from django.urls import reverse

from apps.accounts.models import Organisation, Region
from apps.entry.findings import Place
from apps.entry.selectors import PartStatus
from apps.performance.forms import FUNDING_COLUMNS
from apps.performance.models import EvaluationSheet, FundingRow, GradeScale


def sheets_of(report):
    """A report's sheets in their order."""
    return EvaluationSheet.objects.filter(report=report).order_by("order")


def scale_for(region_id: int | None):
    """The scale of a region or of its nearest ancestor that has one; None for the national default."""
    scales = {s.region_id: s for s in GradeScale.objects.all()}
    if not scales:
        return None
    parents = dict(Region.objects.values_list("id", "parent_id"))
    while region_id is not None:
        if region_id in scales:
            return scales[region_id]
        region_id = parents.get(region_id)
    return None


def scale_of_report(report):
    """The grade scale that applies to a report's department (two queries at most without a scale)."""
    return scale_for(Organisation.objects.filter(pk=report.department_id).values_list("region_id", flat=True).first())


def sheet_parts(report) -> list[PartStatus]:
    """The sheets in the accountant's overview (where the report's edition carries them): each is done once scored
    (its total computed from the results entered); a report without its 部门整体 sheet is told to add it."""
    if not report.template.evaluation_sheets:
        return []
    sheets = list(sheets_of(report))
    args = [report.department.code, report.fiscal_year]

    def link(name, *more):  # entered while a draft, read only after
        return reverse(name, args=[*args, *more])

    parts = [] if any(s.kind == EvaluationSheet.Kind.DEPARTMENT for s in sheets) else [PartStatus(
        EvaluationSheet.Kind.DEPARTMENT.label, link("sheet-list"), False, "尚未添加，请在绩效自评表页添加")]
    return parts + [PartStatus(sheet.title, link("sheet-edit", sheet.order),
                               sheet.total_score is not None, "尚未填写完成情况和得分") for sheet in sheets]


# The page element of each kind of sheet cell the rules point at: (row, column) -> (id on the sheet page, label).
_SHEET_TOTALS = {("budget", "weight"): ("computed-budget-score", "预算执行率分值"),
                 ("budget", "score"): ("computed-budget-score", "预算执行率得分"),
                 ("total", "score"): ("computed-total", "总分"), ("total", "grade"): ("computed-grade", "评价等级")}
_INDICATOR_FIELDS = {"weight": ("weight", "分值"), "score": ("score", "得分"), "actual": ("actual", "实际完成值"),
                     "target": ("target", "年度指标值"), "deviation_note": ("note", "偏差原因分析及改进措施")}
_LEVEL_FIELDS = {1: "level1", 2: "level2", 3: "name"}


def sheet_places(report, refs) -> dict:
    """Where the findings on the sheets point (ENTRY_PLACE_PROVIDERS): each cell as the sheet's page shows it, e.g.
    “项目支出绩效自评表 第3行 得分”, with the address of its input; a sheet is linked while the report is a draft."""
    wanted = {ref for ref in refs if ref.table.startswith("sheet.")}
    if not wanted:
        return {}
    sheets = {f"sheet.{s.order}": s for s in sheets_of(report).prefetch_related("indicators")}
    places = {}
    for ref in wanted:
        sheet = sheets.get(ref.table)
        if sheet is None:
            continue
        url = reverse("sheet-edit", args=[report.department.code, report.fiscal_year, sheet.order])
        anchor, label = _sheet_cell(sheet, ref.row, ref.column)
        places[ref] = Place(f"{sheet.title} {label}", f"{url}#{anchor}", ref.table)
    return places


def _sheet_cell(sheet, row: str, column: str) -> tuple[str, str]:
    if (row, column) in _SHEET_TOTALS:
        return _SHEET_TOTALS[row, column]
    if row.startswith("funding."):
        kind = row.split(".", 1)[1]
        columns = dict(FUNDING_COLUMNS)
        return f"funding-{kind}-{column}", f"{FundingRow.Kind(kind).label} {columns.get(column, column)}"
    if row.startswith("indicator."):
        order = int(row.split(".", 1)[1])
        indicators = sorted(sheet.indicators.all(), key=lambda i: i.order)
        node = next((i for i in indicators if i.order == order), None)
        scored = [i for i in indicators if i.level == 3]  # the form's rows, in order
        at = next((n for n, i in enumerate(scored) if i.order >= order), 0)  # a 一级/二级 node: its first row
        field, label = _INDICATOR_FIELDS.get(column, (column, column))
        if node is not None and node.level < 3:
            field = _LEVEL_FIELDS[node.level]
            label = f"{node.get_level_display()}“{node.name}”{label}"
        return f"row-{at}-{field}", f"第{at + 1}行 {label}"
    return "findings-title", f"{row} {column}"
