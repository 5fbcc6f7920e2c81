"""The JSON Schema of the report document, generated from the models and layouts (docs/report.schema.json is
this output; a test keeps them equal), and the structural check of an incoming document with located messages
in Chinese."""
import re

from django.db import models
from jsonschema import Draft202012Validator

from apps.documents.interchange.document import FORMAT, TEXT_PARTS, VERSION, Problem, is_amount
from apps.reports.extensions import modules
from apps.reports.layouts import TableCode
from apps.reports.models import Report, TableNote

AMOUNT_PATTERN = r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$"
AMOUNT = {"type": ["string", "null"], "pattern": AMOUNT_PATTERN,
          "description": "金额：报表金额单位下的十进制数字字符串，最多两位小数；空白为 null"}
MAX_ROWS = 2000  # far above any department's 项 rows
FISCAL_YEARS = range(2000, 2101)
# Characters no text of a report can hold: a database refuses NUL, UTF-8 cannot encode a lone surrogate, and a
# workbook (XML 1.0) holds neither these nor the other control characters (tab, line feed and return excepted).
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def field_schema(field) -> dict:
    """A model field's schema, titled with its name as people read it (the places of a comparison)."""
    return {**_value_schema(field), "title": str(field.verbose_name)}


def _value_schema(field) -> dict:
    if is_amount(field):
        return AMOUNT
    if isinstance(field, models.DecimalField):  # a score, a weight, a measured value: what its column holds
        whole, decimals = field.max_digits - field.decimal_places, field.decimal_places
        return {"type": ["string", "null"] if field.null else "string",
                "pattern": f"^-?[0-9]{{1,{whole}}}(\\.[0-9]{{1,{decimals}}})?$",
                "description": f"数值：十进制数字字符串，最多 {whole} 位整数、{decimals} 位小数"}
    if field.is_relation:
        return {"type": "string", "pattern": "^[0-9]{3,7}$", "description": "功能分类科目编码（项）"}
    if isinstance(field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, models.IntegerField):
        small = isinstance(field, (models.SmallIntegerField, models.PositiveSmallIntegerField))
        return {"type": ["integer", "null"] if field.null else "integer", "minimum": 0,
                "maximum": 32767 if small else 1000000}
    schema = {"type": "string", "description": str(field.verbose_name)}
    if field.max_length:
        schema["maxLength"] = field.max_length
    if field.choices:
        schema["enum"] = [value for value, _ in field.choices]
    return schema


def object_schema(model, fields, optional=()) -> dict:
    properties = {}
    for name in fields:
        field = model._meta.get_field(name)
        properties["code" if field.is_relation else name] = field_schema(field)
    return {"type": "object", "properties": properties, "required": sorted(set(properties) - set(optional)),
            "additionalProperties": False}


def report_schema() -> dict:
    rows = {"type": "object", "maxProperties": MAX_ROWS,
            "additionalProperties": {"type": "object", "additionalProperties": AMOUNT, "maxProperties": 40}}
    properties = {
        "format": {"const": FORMAT}, "version": {"const": VERSION},
        "department": {"type": "object", "properties": {"code": {"type": "string", "maxLength": 32},
                                                        "name": {"type": "string", "maxLength": 200}},
                       "required": ["code", "name"], "additionalProperties": False},
        "fiscal_year": {"type": "integer", "minimum": FISCAL_YEARS.start, "maximum": FISCAL_YEARS.stop - 1},
        "revision": {"type": "integer", "minimum": 1},
        "state": {"enum": Report.State.values},
        "unit": {"enum": [value for value, _ in Report._meta.get_field("unit").choices]},
        "edition": {"enum": [value for value, _ in Report._meta.get_field("edition").choices]},
        "summary_classes": {"enum": [value for value, _ in Report._meta.get_field("summary_classes").choices]},
        "correction_note": {"type": "string", "maxLength": 5000, "title": "更正说明"},
        "tables": {"type": "object", "description": "各表填报数：表 → 行（项级科目编码或行键）→ 栏 → 金额",
                   "properties": {code: rows for code in TableCode.values},
                   "required": list(TableCode.values), "additionalProperties": False},
        "printed_totals": {"type": "array", "maxItems": 500, "items": {
            "type": "object", "description": "计算格所印的数：合计数（尾数调整或按文件所印）或取自其他表的数",
            "properties": {"table": {"enum": TableCode.values}, "row": {"type": "string", "maxLength": 64},
                           "column": {"type": "string", "maxLength": 32}, "value": {**AMOUNT, "type": "string"}},
            "required": ["table", "row", "column", "value"], "additionalProperties": False}},
    }
    for part in TEXT_PARTS:
        item = object_schema(part.model, part.fields, part.optional)
        if part.model is TableNote:
            item["properties"]["table"] = {"enum": TableCode.values}
        properties[part.key] = {"type": "array", "maxItems": MAX_ROWS, "items": item} if part.many else {
            "oneOf": [{"type": "null"}, item]}
        properties[part.key]["title"] = part.title
    for module in modules("REPORT_DOCUMENT_MODULES"):
        properties[module.KEY] = module.schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://juesuan.example/report.schema.json",
        "title": "部门决算（juesuan.report 第 1 版）",
        "type": "object", "properties": properties, "required": sorted(properties), "additionalProperties": False,
    }


def visible(text: str) -> str:
    """A text with its unstorable characters written as escapes (\\u0000), fit to be shown in a message."""
    return UNSTORABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def json_path(parts) -> str:
    """$.sheets[0].name"""
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{visible(str(part))}"
    return path


def _path(error) -> str:
    return json_path(error.absolute_path)


def _message(error) -> str:
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        return f"缺少必填项“{missing}”。"
    if kind == "additionalProperties":
        return "含有本格式没有的项：" + "、".join(sorted(set(error.instance) - set(error.schema.get("properties", {}))))
    if kind == "pattern" and error.validator_value == AMOUNT_PATTERN:
        return f"“{error.instance}”不是有效的金额（数字字符串，最多两位小数，不超过 12 位整数）。"
    if kind == "pattern":
        return f"“{error.instance:.40}”不是有效的数值（{error.schema.get('description', '数字字符串')}）。"
    if kind in ("type", "oneOf"):
        return f"类型不对：{_shown(error.instance)}"
    if kind in ("enum", "const"):
        return f"“{_shown(error.instance)}”不是允许的值。"
    if kind == "maxLength":
        return f"文字超过 {error.validator_value} 字。"
    if kind in ("maxItems", "maxProperties"):
        return f"条目超过 {error.validator_value} 个。"
    if kind in ("minimum", "maximum"):
        return f"数值 {error.instance} 超出允许范围。"
    return "内容不符合格式。"


def text_problems(data) -> list[Problem]:
    """Every place (the first 50) where a text of `data`, a key or a value, holds a character no report can hold."""
    found, pending = [], [((), data)]
    while pending and len(found) < 50:  # a loop, not recursion: the document may be nested as deep as JSON allows
        path, value = pending.pop()
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, item in items:
            problem = _unstorable(key, "键名") or _unstorable(item, "文字")
            if problem:
                found.append(Problem(json_path(path + (key,)), problem))
            else:
                pending.append((path + (key,), item))
    return sorted(found, key=lambda p: p.where)


def _unstorable(text, what: str) -> str | None:
    match = UNSTORABLE.search(text) if isinstance(text, str) else None
    if match is None:
        return None
    code = ord(match[0])
    kind = ("不成对的代理项，不是有效的 Unicode 字符" if 0xD800 <= code <= 0xDFFF else "空字符" if code == 0 else
            "控制字符" if code < 0x20 else "非字符")
    return f"{what}中有不能保存的字符 U+{code:04X}（{kind}），请删除后重新上传。"


def _shown(value) -> str:
    """A value in a message: scalars as written (cut short), objects and arrays by their kind only."""
    if isinstance(value, dict):
        return "对象 {…}"
    if isinstance(value, list):
        return "数组 […]"
    return f"{value!r:.60}" if not isinstance(value, str) else f"{value:.60}"


def structure_problems(data) -> list[Problem]:
    """Every place where `data` does not fit the schema (the first 50), located as JSON paths."""
    if not isinstance(data, dict):
        return [Problem("$", "文件内容不是一份决算（应为 JSON 对象）。")]
    validator = Draft202012Validator(report_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    return [Problem(_path(e), _message(e)) for e in errors[:50]]
