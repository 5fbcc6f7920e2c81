"""Editions of the public document (公开模板): every region's and year's way of printing the same tables, as data.

An edition is one YAML file under `apps/reports/data/editions/` (see docs/editions.md). It says which tables the
document prints, in which order, with which numbers (公开0N表 or none), titles, notes and empty-table statements;
whether 行次/栏次 are printed; and, table by table, how the stored figures are laid out: column headers and their
groups (and their order), row labels, where 合计 stands, the blocks of 公开06表. The tables' structure by meaning
(which figures exist, which are sums of which) lives in `layouts.py`; an edition only arranges it, so every edition's
figures are comparable, and a report's edition changes what is printed, never what is stored.

A report keeps its edition for good (`Report.edition`); a new report takes the edition chosen for its region and
year (`selectors.edition_for`).
"""
import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from apps.reports.layouts import (
    Column,
    EconomicLayout,
    FunctionalLayout,
    Layout,
    Row,
    Side,
    SingleRowLayout,
    SummaryClasses,
    SummaryLayout,
    TableCode,
    chinese_ordinal,
    layouts_for,
)
from apps.reports.outline import NARRATIVE_KEYS, Section, leaves, places
from apps.reports.sentences import SentenceError, compile_template, printed_names

EDITIONS_DIR = Path(__file__).resolve().parent / "data" / "editions"
KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")  # a file name, never a path
DEFAULT_EDITION = "henan-2021"


TABLE_META = ("部门：{department}", "{year}年度", "金额单位：{unit}")  # the line over each table, by default


class EditionError(ValueError):
    """An edition file that cannot be used; the message names the file and the place in it."""


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    header: str
    groups: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    code: str
    title: str
    note: str = ""
    empty_note: str = ""  # the statement suggested to a department with nothing to show in the table ({department})
    headers: dict = field(default_factory=dict)  # column key -> header
    columns: tuple[ColumnSpec, ...] = ()  # every column, in printed order, with its header groups
    labels: dict = field(default_factory=dict)  # row key -> printed label
    omit: tuple[str, ...] = ()  # 收支总表: blank rows the edition does not print (income.blank_end …)
    total_row: str = "top"  # 功能分类 tables: where 合计 stands (top | bottom)
    total_label: str = "合 计"
    blocks: tuple[tuple[str, ...], ...] = ()  # 公开06表: the 类 printed in each block, left to right
    block_headings: tuple[str, ...] = ()  # 公开06表: the heading over each block (none: no heading row)
    code_header: str = "科目编码"
    orientation: str = ""  # landscape | portrait; empty: landscape when the table has more than six columns
    leaf_headers: str = ""  # “三公” table: bottom — every column's own header on the last header row


@dataclass(frozen=True, eq=False)  # compared (and cached) by identity: `edition(key)` loads each file once
class Edition:
    key: str
    name: str
    tables: tuple[TableSpec, ...]
    line_numbers: bool = True  # 行次 and 栏次 printed
    numbered: bool = True  # tables numbered 公开0N表
    global_note: str = ""  # printed under the first table
    summary_classes: str = ""  # 类 printed in 公开01表/04表 (26 | 24); empty: the fiscal year's setting
    parts: dict = field(default_factory=lambda: dict(PART_TITLES))  # the parts' headings ({department}, {year})
    table_meta: tuple[str, ...] = TABLE_META  # the line over each table, left to right ({department}, {year}, {unit})
    overview: tuple[Section, ...] = ()  # 第一部分: duties, organisation
    narrative: tuple[Section, ...] = ()  # 第三部分 情况说明: the sections the edition prints, numbered and headed
    sentences: dict = field(default_factory=dict)  # 情况说明 section key -> its compiled sentence template
    facts: tuple[str, ...] = ()  # the 情况说明填报数 (NarrativeFacts fields) the edition's sentences need, in order
    item_fields: tuple[str, ...] = ()  # what is asked of each 项 besides its 年初预算数 (ItemBudget fields)
    evaluation_sheets: bool = True  # the document carries the 绩效自评表 (a new report starts with the 部门整体 sheet)

    @cached_property  # an edition never changes once loaded; a check asks once per finding
    def narrative_leaves(self) -> tuple[Section, ...]:
        return leaves(self.narrative)

    @cached_property
    def narrative_places(self) -> dict[str, str]:
        """How each 情况说明 section is named to people in this edition: 情况说明 五（三）具体情况."""
        return places(self.narrative)

    def __str__(self):
        return self.name

    def sentence(self, key: str):
        """The compiled sentence template of a 情况说明 section (`sentences.py`)."""
        return self.sentences[key]

    def asks_reason(self, key: str) -> bool:
        """Whether the section's sentences print the reason the accountant writes on the section's page."""
        return "reason" in printed_names(self.sentences[key])

    def codes(self) -> list[str]:
        return [t.code for t in self.tables]

    def spec(self, code: str) -> TableSpec:
        return next(t for t in self.tables if t.code == code)

    def number(self, code: str) -> str:
        """How messages, sheets and files name a table: its number (公开07表), or its title where the edition
        numbers no tables (or does not print this one)."""
        if self.numbered and code in self.codes():
            return f"公开{self.codes().index(code) + 1:02d}表"
        return self.title(code)

    def printed_number(self, code: str) -> str:
        """The number printed with the table's title: empty where the edition numbers no tables."""
        return self.number(code) if self.numbered else ""

    def contents_label(self, code: str) -> str:
        """The table's line in the contents (目录): 公开07表 一般公共预算财政拨款“三公”经费支出决算表, or 七、… ."""
        if self.numbered:
            return f"{self.number(code)} {self.title(code)}"
        return f"{chinese_ordinal(self.codes().index(code) + 1)}、{self.title(code)}"

    def title(self, code: str) -> str:
        return self.spec(code).title if code in self.codes() else TableCode(code).label

    def orientation(self, code: str) -> str:
        """The page a table is printed on, as the edition says (landscape | portrait), or "" to decide by width."""
        return self.spec(code).orientation if code in self.codes() else ""

    def layouts(self, classes: tuple[tuple[str, str], ...]) -> dict[str, Layout]:
        return _arranged(self, classes)


# --- arranging the layouts ---------------------------------------------------------------------------------------


def _columns(spec: TableSpec, columns: tuple[Column, ...], line_numbers: bool) -> tuple[Column, ...]:
    by_key = {c.key: c for c in columns}
    if spec.columns:
        columns = tuple(replace(by_key[c.key], header=c.header, groups=c.groups) for c in spec.columns)
    columns = tuple(replace(c, header=spec.headers.get(c.key, c.header)) for c in columns)
    return columns if line_numbers else tuple(replace(c, number=None) for c in columns)


def _rows(spec: TableSpec, rows: tuple[Row, ...], line_numbers: bool) -> tuple[Row, ...]:
    return tuple(replace(r, label=spec.labels.get(r.key, r.label), line_no=r.line_no if line_numbers else None)
                 for r in rows if r.key not in spec.omit)


def _arrange(edition: Edition, spec: TableSpec, layout: Layout) -> Layout:
    numbers = edition.line_numbers
    if isinstance(layout, SummaryLayout):
        sides = tuple(Side(s.key, s.heading, _columns(spec, s.columns, numbers), _rows(spec, s.rows, numbers))
                      for s in layout.sides)
        return replace(layout, note=spec.note, sides=sides)
    if isinstance(layout, FunctionalLayout):
        return replace(layout, note=spec.note, empty_note=spec.empty_note, columns=_columns(spec, layout.columns, numbers),
                       total_row=spec.total_row, total_label=spec.total_label)
    if isinstance(layout, EconomicLayout):
        return replace(layout, note=spec.note, columns=_columns(spec, layout.columns, numbers),
                       blocks=spec.blocks or layout.blocks, block_headings=spec.block_headings,
                       code_header=spec.code_header)
    assert isinstance(layout, SingleRowLayout)
    return replace(layout, note=spec.note, columns=_columns(spec, layout.columns, numbers),
                   headers_at_bottom=spec.leaf_headers == "bottom")


@lru_cache(maxsize=64)
def _arranged(edition: Edition, classes: tuple[tuple[str, str], ...]) -> dict[str, Layout]:
    """The edition's layouts of its tables, in its order; then, as `layouts.py` declares them, the tables it does not
    print (their figures still exist by meaning — 公开01表 takes its fund rows from them — but nobody enters or
    prints them in this edition)."""
    base = layouts_for(classes)
    printed = {spec.code: _arrange(edition, spec, base[spec.code]) for spec in edition.tables}
    return printed | {code: layout for code, layout in base.items() if code not in printed}


# --- reading the files -------------------------------------------------------------------------------------------

TABLE_FIELDS = {"code", "title", "note", "empty_note", "headers", "columns", "labels", "total_row", "total_label",
                "blocks", "block_headings", "code_header", "orientation", "omit", "leaf_headers"}
EDITION_FIELDS = {"name", "extends", "tables", "order", "line_numbers", "numbered", "global_note", "overview",
                  "narrative", "summary_classes", "parts", "sentences", "facts", "item_fields", "table_meta",
                  "evaluation_sheets"}
OVERVIEW_KEYS = ("duties", "organisation")
PART_TITLES = {"overview": "第一部分 {department}概况", "tables": "第二部分 {year} 年度部门决算表",
               "narrative": "第三部分 {year} 年度部门决算情况说明", "glossary": "第四部分 名词解释",
               "attachments": "第五部分 附件"}


def _fail(path: Path, where: str, message: str):
    raise EditionError(f"版式文件 {path.name}，{where}：{message}")


def _text(path, where, value, required=False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str | int) or (required and not str(value).strip()):
        _fail(path, where, "应为一段文字。")
    return str(value)


def _table(path: Path, raw: dict, inherited: TableSpec | None) -> TableSpec:
    code = raw.get("code")
    where = f"表格 {code}"
    if code not in TableCode.values:
        _fail(path, "tables", f"未知的表格代码“{code}”，可用：{'、'.join(TableCode.values)}。")
    unknown = set(raw) - TABLE_FIELDS
    if unknown:
        _fail(path, where, f"未知的字段 {'、'.join(sorted(unknown))}。")
    base = layouts_for((("201", "一般公共服务支出"),))[code]
    values = {k: v for k, v in raw.items() if k != "code"}
    for name in ("title", "note", "empty_note", "total_label", "code_header"):
        if name in values:
            values[name] = _text(path, f"{where} 的 {name}", values[name], required=name == "title")
    column_keys = {c.key for c in _all_columns(base)}
    if "headers" in values:
        headers = values["headers"]
        if not isinstance(headers, dict) or set(headers) - column_keys:
            _fail(path, f"{where} 的 headers", f"只能写本表的栏目：{'、'.join(sorted(column_keys))}。")
        values["headers"] = {k: _text(path, f"{where} 的 headers.{k}", v, True) for k, v in headers.items()}
    if "columns" in values:
        values["columns"] = _column_specs(path, where, values["columns"], column_keys)
    if "labels" in values:
        labels, row_keys = values["labels"], _row_keys(base)
        if not isinstance(labels, dict) or set(labels) - row_keys:
            _fail(path, f"{where} 的 labels", f"未知的行：{'、'.join(sorted(set(labels or {}) - row_keys))}。")
        values["labels"] = {k: _text(path, f"{where} 的 labels.{k}", v) for k, v in labels.items()}
    if values.get("total_row", "top") not in ("top", "bottom"):
        _fail(path, f"{where} 的 total_row", "只能是 top（合计在上）或 bottom（合计在下）。")
    if "omit" in values:
        blank = {r.key for side in getattr(base, "sides", ()) for r in side.rows if r.is_blank}
        if not isinstance(values["omit"], list) or set(values["omit"]) - blank:
            _fail(path, f"{where} 的 omit", f"只能省去收支总表的空行：{'、'.join(sorted(blank)) or '本表没有空行'}。")
        values["omit"] = tuple(values["omit"])
    if values.get("leaf_headers", "bottom") != "bottom":
        _fail(path, f"{where} 的 leaf_headers", "只能是 bottom（各栏名称都在表头最下一行）。")
    if values.get("orientation", "landscape") not in ("landscape", "portrait"):
        _fail(path, f"{where} 的 orientation", "只能是 landscape（横排）或 portrait（竖排）。")
    if "blocks" in values:
        values["blocks"] = _blocks(path, where, values["blocks"], base)
    if "block_headings" in values:
        headings = values["block_headings"] or []
        if not isinstance(headings, list):
            _fail(path, f"{where} 的 block_headings", "应为文字列表。")
        values["block_headings"] = tuple(_text(path, f"{where} 的 block_headings", h, True) for h in headings)
    if inherited is None and not values.get("title"):
        _fail(path, where, "缺少 title（表格标题）。")
    spec = replace(inherited, **values) if inherited else TableSpec(code=code, **values)
    sides = [side.columns for side in base.sides] if isinstance(base, SummaryLayout) else [base.columns]
    for columns in sides:
        named = [(*c.groups, c.header) for c in _columns(spec, columns, True)]
        twice = sorted({"·".join(n) for n in named if named.count(n) > 1})
        if twice:
            _fail(path, where, f"两栏的表头完全相同（{'、'.join(twice)}），读者和导入都无法区分。")
    if spec.block_headings and len(spec.block_headings) != len(spec.blocks or base.blocks):
        _fail(path, f"{where} 的 block_headings", "每个区块一个标题。")
    return spec


def _all_columns(layout: Layout) -> tuple[Column, ...]:
    if isinstance(layout, SummaryLayout):
        return tuple(c for side in layout.sides for c in side.columns)
    return layout.columns


def _row_keys(layout: Layout) -> set[str]:
    """The rows whose label an edition may word its own way (功能分类 tables: `total_label`)."""
    if isinstance(layout, SummaryLayout):
        return {r.key for side in layout.sides for r in side.rows}
    return set()


def _column_specs(path, where, raw, column_keys) -> tuple[ColumnSpec, ...]:
    if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
        _fail(path, f"{where} 的 columns", "应为栏目列表，每栏写 key、header，可写 groups。")
    specs = []
    for i, item in enumerate(raw, start=1):
        if item.get("key") not in column_keys:
            _fail(path, f"{where} 的第 {i} 栏", f"未知的栏目“{item.get('key')}”。")
        groups = item.get("groups") or []
        if not isinstance(groups, list):
            _fail(path, f"{where} 的第 {i} 栏", "groups 应为文字列表。")
        specs.append(ColumnSpec(item["key"], _text(path, f"{where} 的第 {i} 栏", item.get("header"), True),
                                tuple(_text(path, f"{where} 的第 {i} 栏", g, True) for g in groups)))
    keys = [s.key for s in specs]
    if sorted(keys) != sorted(column_keys):
        missing, twice = column_keys - set(keys), {k for k in keys if keys.count(k) > 1}
        _fail(path, f"{where} 的 columns", f"每个栏目恰好列一次（缺少：{'、'.join(sorted(missing)) or '无'}；"
                                            f"重复：{'、'.join(sorted(twice)) or '无'}）。")
    return tuple(specs)


def _blocks(path, where, raw, layout) -> tuple[tuple[str, ...], ...]:
    if not isinstance(layout, EconomicLayout):
        _fail(path, f"{where} 的 blocks", "只有经济分类表（basic）分区块。")
    if not isinstance(raw, list) or not all(isinstance(b, list) and b for b in raw):
        _fail(path, f"{where} 的 blocks", "应为区块列表，每个区块列出所含的类编码。")
    blocks = tuple(tuple(str(c) for c in block) for block in raw)
    printed = sorted(c for block in blocks for c in block)
    expected = sorted(layout.personnel_classes + layout.public_classes)
    if printed != expected:
        _fail(path, f"{where} 的 blocks", f"各区块合起来须恰好列出 {'、'.join(expected)} 各一次。")
    if len(blocks) < 2:
        _fail(path, f"{where} 的 blocks", "至少两个区块：人员经费合计印在第一个区块下，公用经费合计印在其余区块下。")
    if sorted(blocks[0]) != sorted(layout.personnel_classes):
        _fail(path, f"{where} 的 blocks", f"第一个区块须恰好是人员经费的类（{'、'.join(layout.personnel_classes)}），"
                                           "其合计印在它下面。")
    return blocks


def _sections(path: Path, where: str, raw, allowed: tuple[str, ...], used: set) -> tuple[Section, ...]:
    """An outline: a list of sections, each with key, number and heading, and either children or a key the product
    knows how to write (`allowed`); each known key at most once."""
    if not isinstance(raw, list) or not raw:
        _fail(path, where, "应为章节列表，每节写 key、number、heading，可写 children。")
    sections = []
    for i, item in enumerate(raw, start=1):
        place = f"{where} 第 {i} 节"
        if not isinstance(item, dict) or set(item) - {"key", "number", "heading", "children"}:
            _fail(path, place, "每节只写 key、number、heading、children。")
        key = _text(path, place, item.get("key"), True)
        children = _sections(path, f"{place}（{key}）的 children", item["children"], allowed, used) \
            if item.get("children") else ()
        if not children:
            if key not in allowed:
                _fail(path, place, f"未知的章节“{key}”，可用：{'、'.join(allowed)}。")
            if key in used:
                _fail(path, place, f"章节“{key}”出现了两次。")
            used.add(key)
        sections.append(Section(key, _text(path, place, item.get("number"), True),
                                _text(path, place, item.get("heading"), True), children))
    return tuple(sections)


def _table_meta(path: Path, raw, inherited: tuple[str, ...]) -> tuple[str, ...]:
    if raw is None:
        return inherited
    if not isinstance(raw, list) or not raw:
        _fail(path, "table_meta", "应为文字列表，如 [\"单位：{unit}\"]。")
    items = tuple(_text(path, "table_meta", item, True) for item in raw)
    for item in items:
        try:
            item.format(department="", year="", unit="")
        except (KeyError, IndexError, ValueError):
            _fail(path, "table_meta", "只能用 {department}（部门名称）、{year}（年度）和 {unit}（金额单位）三个占位符。")
    return items


def _parts(path: Path, raw, inherited: dict) -> dict:
    """The headings of the document's parts: those the file words its own way, the others inherited."""
    if raw is None:
        return dict(inherited)
    if not isinstance(raw, dict) or set(raw) - set(PART_TITLES):
        _fail(path, "parts", f"只能写这些部分的标题：{'、'.join(PART_TITLES)}。")
    parts = dict(inherited)
    for key, title in raw.items():
        title = _text(path, f"parts.{key}", title, True)
        try:
            title.format(department="", year="")
        except (KeyError, IndexError, ValueError):
            _fail(path, f"parts.{key}", "标题中只能用 {department}（部门名称）和 {year}（年度）两个占位符。")
        parts[key] = title
    return parts


def _sentences(path: Path, raw, inherited: dict) -> dict:
    """The sentence templates the file writes, compiled, over those inherited."""
    if raw is None:
        return dict(inherited)
    if not isinstance(raw, dict) or set(raw) - set(NARRATIVE_KEYS):
        unknown = sorted(set(raw or {}) - set(NARRATIVE_KEYS)) if isinstance(raw, dict) else []
        _fail(path, "sentences", f"只能写情况说明各节的句式（未知的章节：{'、'.join(unknown) or '—'}）。")
    sentences = dict(inherited)
    for key, source in raw.items():
        try:
            sentences[key] = compile_template(_text(path, f"sentences.{key}", source, True))
        except SentenceError as exc:
            _fail(path, f"sentences.{key}", f"句式写法有误：{exc}")
    return sentences


def _names(path: Path, where: str, raw, inherited: tuple[str, ...]) -> tuple[str, ...]:
    """A list of field names (facts, item_fields); checked against the models by `entry.forms`."""
    if raw is None:
        return inherited
    if not isinstance(raw, list) or not all(isinstance(n, str) and n for n in raw) or len(set(raw)) != len(raw):
        _fail(path, where, "应为不重复的字段名列表。")
    return tuple(raw)


def _parent_path(path: Path, key) -> Path:
    """The edition extended: beside the file, else among the shipped ones."""
    beside = path.with_name(f"{key}.yaml")
    return beside if beside.is_file() or not (EDITIONS_DIR / f"{key}.yaml").is_file() else EDITIONS_DIR / f"{key}.yaml"


def _load(path: Path, seen: tuple[str, ...] = ()) -> Edition:
    key = path.stem
    if key in seen:
        _fail(path, "extends", f"循环继承：{' → '.join(seen + (key,))}。")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EditionError(f"版式文件 {path.name} 无法读取：{exc}") from exc
    if not isinstance(raw, dict):
        _fail(path, "文件", "应为字段表（name、tables 等）。")
    unknown = set(raw) - EDITION_FIELDS
    if unknown:
        _fail(path, "文件", f"未知的字段 {'、'.join(sorted(unknown))}。")
    parent = _load(_parent_path(path, raw["extends"]), seen + (key,)) if raw.get("extends") else None
    inherited = {t.code: t for t in parent.tables} if parent else {}
    tables = dict(inherited)
    if not isinstance(raw.get("tables", []), list):
        _fail(path, "tables", "应为表格列表。")
    for item in raw.get("tables", []):
        if not isinstance(item, dict):
            _fail(path, "tables", "每张表应为字段表（code、title 等）。")
        spec = _table(path, item, inherited.get(item.get("code")))
        tables[spec.code] = spec
    order = raw.get("order") or ([t.code for t in parent.tables] if parent else [t["code"] for t in raw["tables"]])
    unknown = [code for code in order if code not in tables]
    if unknown or len(set(order)) != len(order):
        _fail(path, "order", f"表格顺序须列出已声明的表格各一次（未声明：{'、'.join(map(str, unknown)) or '无'}）。")
    edition = Edition(
        key=key,
        name=_text(path, "name", raw.get("name", parent.name if parent else None), True),
        tables=tuple(tables[code] for code in order),
        line_numbers=bool(raw.get("line_numbers", parent.line_numbers if parent else True)),
        numbered=bool(raw.get("numbered", parent.numbered if parent else True)),
        global_note=_text(path, "global_note", raw.get("global_note", parent.global_note if parent else "")),
        summary_classes=_text(path, "summary_classes", raw.get("summary_classes", parent.summary_classes if parent else "")),
        parts=_parts(path, raw.get("parts"), parent.parts if parent else dict(PART_TITLES)),
        table_meta=_table_meta(path, raw.get("table_meta"), parent.table_meta if parent else TABLE_META),
        overview=_sections(path, "overview", raw["overview"], OVERVIEW_KEYS, set()) if "overview" in raw
        else parent.overview if parent else (),
        narrative=_sections(path, "narrative", raw["narrative"], NARRATIVE_KEYS, set()) if "narrative" in raw
        else parent.narrative if parent else (),
        sentences=_sentences(path, raw.get("sentences"), parent.sentences if parent else {}),
        facts=_names(path, "facts", raw.get("facts"), parent.facts if parent else ()),
        item_fields=_names(path, "item_fields", raw.get("item_fields"), parent.item_fields if parent else ()),
        evaluation_sheets=bool(raw.get("evaluation_sheets", parent.evaluation_sheets if parent else True)),
    )
    if edition.summary_classes not in ("", *SummaryClasses.values):
        _fail(path, "summary_classes", f"只能是 {'、'.join(SummaryClasses.values)}（收支总表列示的支出类数）。")
    if [s.key for s in edition.overview] != list(OVERVIEW_KEYS):
        _fail(path, "overview", f"概况须依次列出 {'、'.join(OVERVIEW_KEYS)} 两节。")
    if not edition.narrative:
        _fail(path, "narrative", "缺少情况说明的提纲。")
    unwritten = [leaf.key for leaf in edition.narrative_leaves if leaf.key not in edition.sentences]
    if unwritten:
        _fail(path, "sentences", f"提纲中的章节 {'、'.join(unwritten)} 没有句式。")
    return edition


def folders() -> list[Path]:
    """Where editions are read: the shipped folder, then the folders of `settings.JUESUAN_EDITION_DIRS` (a
    bureau's own editions, or a test's)."""
    return [EDITIONS_DIR, *(Path(folder) for folder in settings.JUESUAN_EDITION_DIRS)]


@lru_cache(maxsize=None)
def edition(key: str) -> Edition:
    path = next((folder / f"{key}.yaml" for folder in folders() if (folder / f"{key}.yaml").is_file()), None) \
        if KEY.fullmatch(key or "") else None
    if path is None:
        raise EditionError(f"没有名为“{key}”的版式（{'、'.join(map(str, folders()))} 下无 {key}.yaml）。")
    return _load(path)


def keys() -> list[str]:
    return sorted({p.stem for folder in folders() for p in folder.glob("*.yaml") if KEY.fullmatch(p.stem)})


@receiver(setting_changed)
def _forget_editions(*, setting, **kwargs):
    if setting == "JUESUAN_EDITION_DIRS":
        edition.cache_clear()
        _arranged.cache_clear()


def choices() -> list[tuple[str, str]]:
    """(key, name) of every edition shipped, for the model fields' choices."""
    return [(key, edition(key).name) for key in keys()]
