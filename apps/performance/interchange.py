"""The self-evaluation sheets as a part of the report document (see apps/documents/interchange/document.py):
each sheet with its budget block, goals and indicator tree (a node names its parent by 序号)."""
from decimal import Decimal, InvalidOperation

from openpyxl.styles import Font

from apps.accounts.spreadsheets import restore_text
from apps.documents.interchange.document import Problem, amount_text
from apps.documents.interchange.schema import field_schema
from apps.documents.interchange.workbook import (
    AMOUNT_FORMAT,
    GREY,
    UNLOCKED,
    address,
    merged_cells,
    read_amount,
    set_up_printing,
    text_of,
)
from apps.performance.models import (
    EvaluationGoal,
    EvaluationSheet,
    FundingRow,
    Indicator,
    parse_measured,
    parse_target,
)
from apps.performance.scoring import Grade, execution_rate, formula_score
from apps.reports.money import format_percent
from apps.reports.stored_cells import parse_cell

KEY = "sheets"
SHEET_FIELDS = ("kind", "order", "name", "competent_department", "implementing_unit", "budget_weight", "budget_score",
                "total_score", "grade")
FUNDING_FIELDS = ("initial_budget", "annual_budget", "executed")
GOAL_FIELDS = ("kind", "order", "name", "content", "outcome")
INDICATOR_FIELDS = ("level", "order", "name", "weight", "comparator", "target_value", "target_unit", "description",
                    "actual_value", "actual_unit", "score", "deviation_note")


def _number(value) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _values(instance, fields) -> dict:
    return {name: _number(getattr(instance, name)) if isinstance(getattr(instance, name), Decimal)
            else getattr(instance, name) for name in fields}


def export(report) -> list[dict]:
    sheets = []
    for sheet in EvaluationSheet.objects.filter(report=report).order_by("order").prefetch_related(
            "funding_rows", "goals", "indicators"):
        orders = {i.id: i.order for i in sheet.indicators.all()}
        sheets.append({
            **_values(sheet, SHEET_FIELDS),
            "funding": [{"kind": row.kind, **{f: amount_text(getattr(row, f), report.unit) for f in FUNDING_FIELDS}}
                        for row in sorted(sheet.funding_rows.all(), key=lambda r: r.kind)],
            "goals": [_values(goal, GOAL_FIELDS) for goal in sorted(sheet.goals.all(), key=lambda g: (g.kind, g.order))],
            "indicators": [{**_values(i, INDICATOR_FIELDS), "parent": orders.get(i.parent_id)}
                           for i in sorted(sheet.indicators.all(), key=lambda i: i.order)],
        })
    return sheets


def _object(model, fields, extra=None) -> dict:
    properties = {}
    for name in fields:
        field = model._meta.get_field(name)
        schema = field_schema(field)  # a decimal as its column holds it (a score: 4 digits and 2 decimals)
        if field.choices and field.blank:
            schema = {**schema, "enum": [*schema["enum"], ""]}
        properties[name] = schema
    properties.update(extra or {})
    return {"type": "object", "properties": properties, "required": sorted(properties), "additionalProperties": False}


def schema() -> dict:
    funding = _object(FundingRow, ("kind",) + FUNDING_FIELDS)
    goal = _object(EvaluationGoal, GOAL_FIELDS)
    indicator = _object(Indicator, INDICATOR_FIELDS, {"parent": {"type": ["integer", "null"]}})
    sheet = _object(EvaluationSheet, SHEET_FIELDS, {
        "funding": {"type": "array", "maxItems": 10, "items": funding, "title": "资金"},
        "goals": {"type": "array", "maxItems": 200, "items": goal, "title": "绩效目标"},
        "indicators": {"type": "array", "maxItems": 500, "items": indicator, "title": "绩效指标"},
    })
    return {"type": "array", "maxItems": 200, "items": sheet, "description": "绩效自评表", "title": "绩效自评表"}


def problems(sheets: list[dict], unit: str) -> list[Problem]:
    """What the schema cannot say: amounts in the unit, tree shape, one department sheet, distinct 序号."""
    found = []
    if sum(1 for s in sheets if s["kind"] == EvaluationSheet.Kind.DEPARTMENT) > 1:
        found.append(Problem("$.sheets", "只能有一张部门（单位）整体绩效自评表。"))
    if len({s["order"] for s in sheets}) != len(sheets):
        found.append(Problem("$.sheets", "绩效自评表的序号重复。"))
    for i, sheet in enumerate(sheets):
        where = f"$.sheets[{i}]"
        kinds = [row["kind"] for row in sheet["funding"]]
        if len(set(kinds)) != len(kinds):
            found.append(Problem(f"{where}.funding", "资金行重复。"))
        for j, row in enumerate(sheet["funding"]):
            for name in FUNDING_FIELDS:
                try:
                    parse_cell(row[name], unit, negative_allowed=False)
                except ValueError as exc:
                    found.append(Problem(f"{where}.funding[{j}].{name}", str(exc)))
        levels = {}
        for j, node in enumerate(sheet["indicators"]):
            place = f"{where}.indicators[{j}]"
            parent_level = levels.get(node["parent"])
            if node["order"] in levels:
                found.append(Problem(place, f"指标序号 {node['order']} 重复。"))
            elif (node["level"] == 1) != (node["parent"] is None) or (
                    node["parent"] is not None and parent_level != node["level"] - 1):
                found.append(Problem(place, f"指标“{node['name']}”的上级指标不对（应为前面的{node['level'] - 1}级指标）。"))
            levels[node["order"]] = node["level"]
            for name in ("weight", "score"):
                value = node[name]
                if value is not None and not (Decimal(0) <= Decimal(value) <= Decimal(1000)):
                    found.append(Problem(f"{place}.{name}", f"“{value}”超出 0–1000 的范围。"))
    return found


def _decimal(value):
    try:
        return None if value is None else Decimal(value)
    except InvalidOperation:  # excluded by the schema's pattern
        return None


def write(report, sheets: list[dict]) -> None:
    """Replace the report's sheets by `sheets` (already checked by `problems`)."""
    EvaluationSheet.objects.filter(report=report).delete()
    for data in sheets:
        sheet = EvaluationSheet.objects.create(report=report, **{
            name: _decimal(data[name]) if name.endswith(("_score", "_weight")) else data[name] for name in SHEET_FIELDS})
        for row in data["funding"]:
            FundingRow.objects.create(sheet=sheet, kind=row["kind"], **{
                name: parse_cell(row[name], report.unit, negative_allowed=False) for name in FUNDING_FIELDS})
        for goal in data["goals"]:
            EvaluationGoal.objects.create(sheet=sheet, **goal)
        nodes = {}
        for node in data["indicators"]:
            values = {name: _decimal(node[name]) if name in ("weight", "target_value", "actual_value", "score")
                      else node[name] for name in INDICATOR_FIELDS}
            nodes[node["order"]] = Indicator.objects.create(sheet=sheet, parent=nodes.get(node["parent"]), **values)


# --- the workbook's 绩效自评表 sheets -------------------------------------------------------------------------------

SHEET_PREFIX = "绩效自评表"
FUNDING_HEAD = ("资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
GOAL_HEAD = ("类型", "序号", "名称", "主要内容/预期目标", "完成情况")
INDICATOR_HEAD = ("一级指标", "一级分值", "二级指标", "二级分值", "三级指标", "年度指标值", "指标说明", "实际完成值", "分值",
                  "得分", "公式得分", "偏差原因分析及改进措施")
GOALS_MARK, INDICATORS_MARK, TOTAL_MARK, GRADE_MARK = "绩效目标", "绩效指标", "总分", "评价等级"
HEADER_LABELS = (("类型", "kind"), ("名称", "name"), ("主管部门及代码", "competent_department"),
                 ("实施单位", "implementing_unit"))


def _sheet_rows(doc: dict) -> list[dict]:
    """三级 indicators with their 一级/二级 names and weights, as the official sheet prints them."""
    nodes = {node["order"]: node for node in doc["indicators"]}
    rows = []
    for node in doc["indicators"]:
        if node["level"] == 3:
            level2 = nodes[node["parent"]]
            rows.append((nodes[level2["parent"]], level2, node))
    return rows


def _shown(node) -> tuple[str, str]:
    """年度指标值 and 实际完成值 as printed (“>= 36个”, “15”)."""
    target = Indicator(comparator=node["comparator"], target_value=_decimal(node["target_value"]),
                       target_unit=node["target_unit"], actual_value=_decimal(node["actual_value"]),
                       actual_unit=node["actual_unit"])
    return target.target_display, target.actual_display


def write_sheets(book, sheets: list[dict], report) -> None:
    for doc in sheets:
        sheet = book.create_sheet(f"{SHEET_PREFIX}{doc['order']}")
        kind = EvaluationSheet.Kind(doc["kind"])
        sheet["A1"] = kind.label if kind == EvaluationSheet.Kind.DEPARTMENT else f"{doc['name']}{kind.label}"
        sheet["A1"].font = Font(bold=True, size=14)
        values = {"kind": kind.label, **{k: doc[k] for k in ("name", "competent_department", "implementing_unit")}}
        for row, (label, key) in enumerate(HEADER_LABELS, start=2):
            sheet.cell(row, 1, label).font = Font(bold=True)
            sheet.cell(row, 2, values[key]).protection = UNLOCKED
        sheet.append([])
        sheet.append(list(FUNDING_HEAD))
        total = next((r for r in doc["funding"] if r["kind"] == FundingRow.Kind.TOTAL), None)
        rate = execution_rate(_decimal(total and total["executed"]), _decimal(total and total["annual_budget"]))
        for kind_value in FundingRow.ROWS[kind]:
            row = next((r for r in doc["funding"] if r["kind"] == kind_value), {})
            first = kind_value == FundingRow.Kind.TOTAL
            sheet.append([FundingRow.Kind(kind_value).label] + [_decimal(row.get(f)) for f in FUNDING_FIELDS] + (
                [_decimal(doc["budget_weight"]), format_percent(rate) if rate is not None else "—",
                 _decimal(doc["budget_score"])] if first else []))
            for column in range(2, 5):
                sheet.cell(sheet.max_row, column).number_format = AMOUNT_FORMAT
                sheet.cell(sheet.max_row, column).protection = UNLOCKED
            if first:
                sheet.cell(sheet.max_row, 5).protection = UNLOCKED
                sheet.cell(sheet.max_row, 6).fill = GREY
                sheet.cell(sheet.max_row, 7).protection = UNLOCKED
        sheet.append([])
        sheet.append([GOALS_MARK])
        sheet.append(list(GOAL_HEAD))
        for goal in doc["goals"]:
            sheet.append([EvaluationGoal.Kind(goal["kind"]).label, goal["order"]] + [
                goal[k] for k in ("name", "content", "outcome")])
        sheet.append([])
        sheet.append([INDICATORS_MARK])
        sheet.append(list(INDICATOR_HEAD))
        for level1, level2, node in _sheet_rows(doc):
            target, actual = _shown(node)
            formula = formula_score(node["comparator"], _decimal(node["target_value"]), _decimal(node["actual_value"]),
                                    _decimal(node["weight"]) or Decimal(0))
            sheet.append([level1["name"], _decimal(level1["weight"]), level2["name"], _decimal(level2["weight"]),
                          node["name"], target, node["description"], actual, _decimal(node["weight"]),
                          _decimal(node["score"]), formula, node["deviation_note"]])
            for column in range(1, 13):
                if column != 11:  # 公式得分 is computed
                    sheet.cell(sheet.max_row, column).protection = UNLOCKED
            sheet.cell(sheet.max_row, 11).fill = GREY
        sheet.append([])
        sheet.append([TOTAL_MARK, _decimal(doc["total_score"])])
        sheet.cell(sheet.max_row, 2).protection = UNLOCKED
        grade = Grade(doc["grade"]).label if doc["grade"] else ""
        sheet.append([GRADE_MARK, grade])
        sheet.cell(sheet.max_row, 2).protection = UNLOCKED
        for column, width in zip("ABCDEFGHIJKL", (22, 10, 22, 10, 30, 16, 24, 14, 8, 8, 8, 40)):
            sheet.column_dimensions[column].width = width
        set_up_printing(sheet, header_rows=1, landscape=True)


def read_sheets(book, report) -> tuple[list[dict] | None, set[str], list[Problem]]:
    """The sheets of a workbook (None when it has none: a workbook of the tables alone keeps the report's sheets)."""
    names = {name for name in book.sheetnames if name.startswith(SHEET_PREFIX)}
    if not names:
        return None, names, []
    problems, sheets = [], []
    for name in sorted(names, key=lambda n: (len(n), n)):
        order = name[len(SHEET_PREFIX):]
        if not order.isdigit():
            problems.append(Problem(name, f"工作表名应为“{SHEET_PREFIX}”加序号，例如“{SHEET_PREFIX}2”。"))
            continue
        sheets.append(_read_sheet(book[name], int(order), report, problems))
    return sheets, names, problems


def _read_sheet(sheet, order, report, problems) -> dict:
    merged = merged_cells(sheet)

    def text(row, column):
        value = sheet.cell(row, column).value
        if isinstance(value, str) and value.startswith("="):
            problems.append(Problem(address(sheet, row, column), "是公式，请填写文字或数值。"))
            return ""
        return text_of(restore_text(value)) if not isinstance(value, (int, float)) else format(
            Decimal(repr(value)).normalize(), "f")

    def number(row, column):
        value = read_amount(sheet, row, column, problems, merged)
        return None if value is None else format(value.normalize(), "f")

    column_a = {text_of(sheet.cell(r, 1).value): r for r in range(1, min(sheet.max_row, 2000) + 1)}
    missing = [mark for mark in (GOALS_MARK, INDICATORS_MARK, TOTAL_MARK, GRADE_MARK) if mark not in column_a]
    if missing or "资金" not in column_a:
        problems.append(Problem(sheet.title, f"找不到“{'”“'.join(missing or ['资金'])}”所在的行：请使用本系统导出的格式。"))
        return {}
    kinds = {label: value for value, label in EvaluationSheet.Kind.choices}
    header = {key: text(row, 2) for row, (label, key) in enumerate(HEADER_LABELS, start=2)}
    if header["kind"] not in kinds:
        problems.append(Problem(address(sheet, 2, 2), f"类型应为“{'”或“'.join(kinds)}”。"))
        return {}
    doc = {"kind": kinds[header["kind"]], "order": order, **{k: header[k] for k in (
        "name", "competent_department", "implementing_unit")}}
    funding_labels = {label: value for value, label in FundingRow.Kind.choices}
    doc["funding"], first = [], column_a["资金"] + 1
    for row in range(first, column_a[GOALS_MARK]):
        label = text(row, 1)
        if not label:
            continue
        if label not in funding_labels:
            problems.append(Problem(address(sheet, row, 1), f"“{label}”不是资金行。"))
            continue
        amounts = {}
        for column, name in enumerate(FUNDING_FIELDS, start=2):
            value = read_amount(sheet, row, column, problems, merged)
            amounts[name] = None if value is None else str(value.quantize(Decimal("0.01")))
        doc["funding"].append({"kind": funding_labels[label], **amounts})
        if funding_labels[label] == FundingRow.Kind.TOTAL:
            doc["budget_weight"], doc["budget_score"] = number(row, 5), number(row, 7)
    doc["funding"].sort(key=lambda r: r["kind"])
    goal_kinds = {label: value for value, label in EvaluationGoal.Kind.choices}
    doc["goals"] = []
    for row in range(column_a[GOALS_MARK] + 2, column_a[INDICATORS_MARK]):
        label = text(row, 1)
        if not label:
            continue
        if label not in goal_kinds or not isinstance(sheet.cell(row, 2).value, int):
            problems.append(Problem(address(sheet, row, 1), "目标行应写明类型（年度履职目标/年度主要任务/年度总体目标）和序号。"))
            continue
        doc["goals"].append({"kind": goal_kinds[label], "order": sheet.cell(row, 2).value, "name": text(row, 3),
                             "content": text(row, 4), "outcome": text(row, 5)})
    doc["goals"].sort(key=lambda g: (g["kind"], g["order"]))
    doc["indicators"], nodes = [], {}
    for row in range(column_a[INDICATORS_MARK] + 2, column_a[TOTAL_MARK]):
        name = text(row, 5)
        if not name:
            continue
        path = ()
        for level, column in ((1, 1), (2, 3)):
            path += (text(row, column),)
            if not path[-1]:
                problems.append(Problem(address(sheet, row, column), f"请填写{'一' if level == 1 else '二'}级指标。"))
            if path not in nodes:
                nodes[path] = {"level": level, "order": len(doc["indicators"]) + 1, "name": path[-1],
                               "weight": number(row, column + 1), "comparator": "", "target_value": None,
                               "target_unit": "", "description": "", "actual_value": None, "actual_unit": "",
                               "score": None, "deviation_note": "", "parent": nodes[path[:-1]]["order"] if level == 2
                               else None}
                doc["indicators"].append(nodes[path])
        try:
            comparator, target, unit = parse_target(text(row, 6))
        except ValueError as exc:
            problems.append(Problem(address(sheet, row, 6), str(exc)))
            comparator, target, unit = "", None, ""
        try:
            actual, actual_unit = parse_measured(text(row, 8)) if text(row, 8) else (None, "")
        except ValueError as exc:
            problems.append(Problem(address(sheet, row, 8), str(exc)))
            actual, actual_unit = None, ""
        doc["indicators"].append({
            "level": 3, "order": len(doc["indicators"]) + 1, "name": name, "weight": number(row, 9),
            "comparator": comparator, "target_value": None if target is None else format(target, "f"),
            "target_unit": unit, "description": text(row, 7),
            "actual_value": None if actual is None else format(actual, "f"), "actual_unit": actual_unit,
            "score": number(row, 10), "deviation_note": text(row, 12), "parent": nodes[path]["order"]})
    doc["total_score"] = number(column_a[TOTAL_MARK], 2)
    grades = {label: value for value, label in Grade.choices}
    grade = text(column_a[GRADE_MARK], 2)
    if grade and grade not in grades:
        problems.append(Problem(address(sheet, column_a[GRADE_MARK], 2), f"评价等级应为“{'”“'.join(grades)}”之一。"))
    doc["grade"] = grades.get(grade, "")
    return doc
