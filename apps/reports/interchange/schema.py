"""The JSON Schema of the report document, generated from the models and layouts (docs/report.schema.json is
this output; a test keeps them equal), and the structural check of an incoming document with located messages
in Chinese."""
from django.db import models
from jsonschema import Draft202012Validator

from apps.reports.extensions import modules
from apps.reports.interchange.document import FORMAT, TEXT_PARTS, VERSION, Problem, is_amount
from apps.reports.layouts import TableCode
from apps.reports.models import Report, TableNote

AMOUNT_PATTERN = r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$"
AMOUNT = {"type": ["string", "null"], "pattern": AMOUNT_PATTERN,
          "description": "金额：报表金额单位下的十进制数字字符串，最多两位小数；空白为 null"}
MAX_ROWS = 2000  # far above any department's 项 rows


def field_schema(field) -> dict:
    if is_amount(field):
        return AMOUNT
    if field.is_relation:
        return {"type": "string", "pattern": "^[0-9]{3,7}$", "description": "功能分类科目编码（项）"}
    if isinstance(field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, (models.IntegerField, models.PositiveSmallIntegerField)):
        schema = {"type": ["integer", "null"] if field.null else "integer", "minimum": 0, "maximum": 1000000}
        return schema
    schema = {"type": "string", "description": str(field.verbose_name)}
    if field.max_length:
        schema["maxLength"] = field.max_length
    if field.choices:
        schema["enum"] = [value for value, _ in field.choices]
    return schema


def object_schema(model, fields) -> dict:
    properties = {}
    for name in fields:
        field = model._meta.get_field(name)
        properties["code" if field.is_relation else name] = field_schema(field)
    return {"type": "object", "properties": properties, "required": sorted(properties),
            "additionalProperties": False}


def report_schema() -> dict:
    rows = {"type": "object", "maxProperties": MAX_ROWS,
            "additionalProperties": {"type": "object", "additionalProperties": AMOUNT, "maxProperties": 40}}
    properties = {
        "format": {"const": FORMAT}, "version": {"const": VERSION},
        "department": {"type": "object", "properties": {"code": {"type": "string", "maxLength": 32},
                                                        "name": {"type": "string", "maxLength": 200}},
                       "required": ["code", "name"], "additionalProperties": False},
        "fiscal_year": {"type": "integer", "minimum": 2000, "maximum": 2100},
        "revision": {"type": "integer", "minimum": 1},
        "state": {"enum": Report.State.values},
        "unit": {"enum": [value for value, _ in Report._meta.get_field("unit").choices]},
        "table_order": {"enum": [value for value, _ in Report._meta.get_field("table_order").choices]},
        "summary_classes": {"enum": [value for value, _ in Report._meta.get_field("summary_classes").choices]},
        "correction_note": {"type": "string", "maxLength": 5000},
        "tables": {"type": "object", "description": "各表填报数：表 → 行（项级科目编码或行键）→ 栏 → 金额",
                   "properties": {code: rows for code in TableCode.values},
                   "required": list(TableCode.values), "additionalProperties": False},
        "printed_totals": {"type": "array", "maxItems": 500, "items": {
            "type": "object", "description": "经批复的合计数（尾数调整）",
            "properties": {"table": {"enum": TableCode.values}, "row": {"type": "string", "maxLength": 64},
                           "column": {"type": "string", "maxLength": 32}, "value": {**AMOUNT, "type": "string"}},
            "required": ["table", "row", "column", "value"], "additionalProperties": False}},
    }
    for part in TEXT_PARTS:
        item = object_schema(part.model, part.fields)
        if part.model is TableNote:
            item["properties"]["table"] = {"enum": TableCode.values}
        properties[part.key] = {"type": "array", "maxItems": MAX_ROWS, "items": item} if part.many else {
            "oneOf": [{"type": "null"}, item]}
    for module in modules("REPORT_DOCUMENT_MODULES"):
        properties[module.KEY] = module.schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://juesuan.example/report.schema.json",
        "title": "部门决算（juesuan.report 第 1 版）",
        "type": "object", "properties": properties, "required": sorted(properties), "additionalProperties": False,
    }


def _path(error) -> str:
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _message(error) -> str:
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        return f"缺少必填项“{missing}”。"
    if kind == "additionalProperties":
        return "含有本格式没有的项：" + "、".join(sorted(set(error.instance) - set(error.schema.get("properties", {}))))
    if kind == "pattern":
        return f"“{error.instance}”不是有效的金额（数字字符串，最多两位小数，不超过 12 位整数）。"
    if kind in ("type", "oneOf"):
        return f"类型不对：{error.instance!r:.60}"
    if kind in ("enum", "const"):
        return f"“{error.instance}”不是允许的值。"
    if kind == "maxLength":
        return f"文字超过 {error.validator_value} 字。"
    if kind in ("maxItems", "maxProperties"):
        return f"条目超过 {error.validator_value} 个。"
    if kind in ("minimum", "maximum"):
        return f"数值 {error.instance} 超出允许范围。"
    return "内容不符合格式。"


def structure_problems(data) -> list[Problem]:
    """Every place where `data` does not fit the schema (the first 50), located as JSON paths."""
    if not isinstance(data, dict):
        return [Problem("$", "文件内容不是一份决算（应为 JSON 对象）。")]
    validator = Draft202012Validator(report_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    return [Problem(_path(e), _message(e)) for e in errors[:50]]
