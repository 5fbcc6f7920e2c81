"""A whole report as one plain document: what the JSON file holds, what a workbook is read into, and what an
import writes. The format is described in docs/report-format.md and docs/report.schema.json.

Amounts are decimal strings in the report's unit, exactly as printed (two decimals); blank cells are null.
Tables hold only what is entered; every subtotal and total is computed, except the printed totals the
finance bureau fixed (尾数调整, `printed_totals`). Other apps (the performance sheets) add their part through
`settings.REPORT_DOCUMENT_MODULES`: modules with KEY, export(report), problems(data, unit), write(report, data)
and schema().
"""
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from apps.reports.editions import edition
from apps.reports.extensions import modules
from apps.reports.layouts import TableCode, printed_classes
from apps.reports.models import (
    Attachment,
    FunctionalSubject,
    GlossaryEntry,
    ItemBudget,
    NarrativeFacts,
    NarrativeSection,
    PinnedTotal,
    Report,
    ReportOverview,
    TableNote,
    WarningExplanation,
)
from apps.reports.money import AMOUNT_DIGITS, format_amount, to_unit
from apps.reports.stored_cells import current_values

FORMAT = "juesuan.report"
VERSION = 1


@dataclass(frozen=True)
class Problem:
    """Something wrong with an upload, located: a workbook cell (公开03表!E12) or a JSON path ($.tables…)."""

    where: str
    message: str
    severity: str = "error"  # error (nothing is written) | info (written, but worth reading)

    def __str__(self):
        return f"{self.where}：{self.message}"


@dataclass(frozen=True)
class TextPart:
    """Rows of a text model hung on the report, serialised field by field."""

    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    many: bool = True
    order_by: tuple[str, ...] = ("id",)
    optional: tuple[str, ...] = ()  # fields added since version 1: a file may leave them out (empty)
    internal: bool = False  # between the accountant and the reviewer: never in a public file
    title: str = ""  # how people name the part (the schema's title, the places of a comparison)


# The 情况说明填报数 added with the 上海 2024 edition (migration reports 0014): files written before lack them.
FACTS_SINCE_VERSION_1 = (
    "previous_three_public_abroad", "previous_three_public_vehicle", "previous_three_public_reception",
    "abroad_change_reason", "vehicle_change_reason", "reception_change_reason", "abroad_content",
    "vehicle_purchase_use", "vehicle_operation_use", "reception_use", "procurement_sme_reserved",
    "procurement_small_micro_reserved", "procurement_sme_reserved_awarded", "procurement_small_micro_reserved_awarded",
    "procurement_sme_other_awarded", "vehicles_ministerial", "vehicles_principal", "vehicles_confidential",
    "vehicles_emergency", "vehicles_law_enforcement", "vehicles_special", "vehicles_retired", "vehicles_other",
    "equipment_over_million", "performance_rules", "performance_mechanism", "goal_projects", "goal_amount",
    "tracking_projects", "tracking_amount", "problems_found", "problems_fixed", "problems_fixing",
)

TEXT_PARTS = (
    TextPart("overview", ReportOverview, ("duties", "organisation", "composition"), many=False, title="部门概况"),
    TextPart("narrative_facts", NarrativeFacts, tuple(
        f.name for f in NarrativeFacts._meta.concrete_fields if f.name not in ("id", "report")), many=False,
        optional=FACTS_SINCE_VERSION_1, title="情况说明填报数"),
    TextPart("narrative_sections", NarrativeSection, ("key", "body", "reason", "use_generated"), order_by=("key",),
             title="情况说明"),
    TextPart("item_budgets", ItemBudget, ("subject", "initial_budget", "variance_reason", "purpose"),
             order_by=("subject__code",), optional=("purpose",), title="项级年初预算"),
    TextPart("glossary", GlossaryEntry, ("order", "term", "definition", "is_standard"), order_by=("order",),
             title="名词解释"),
    TextPart("attachments", Attachment, ("order", "label", "title", "body"), order_by=("order",), title="附件"),
    TextPart("table_notes", TableNote, ("table", "text"), order_by=("table",), title="表下说明"),
    TextPart("warning_explanations", WarningExplanation, ("code", "signature", "text"), order_by=("code", "signature"),
             internal=True, title="警告说明"),
)


def is_amount(field) -> bool:
    return isinstance(field, models.DecimalField) and field.decimal_places == 2 and field.max_digits == AMOUNT_DIGITS


def amount_text(value: Decimal | None, unit: str) -> str | None:
    return None if value is None else format_amount(to_unit(value, unit))


def layouts_of(report: Report) -> dict:
    classes = tuple(FunctionalSubject.objects.filter(fiscal_year=report.fiscal_year, level=1)
                    .order_by("code").values_list("code", "name"))
    return report.template.layouts(printed_classes(classes, report.summary_classes))


# --- export -----------------------------------------------------------------------------------------------------


def export_document(report: Report, public: bool = False) -> dict:
    """Every entered figure and text of one report revision; `public`: only what its published document shows
    (what the public downloads and the corrections page compare), see `published_only`."""
    unit = report.unit
    layouts = layouts_of(report)
    tables = {}
    for table in TableCode.values:
        rows: dict[str, dict] = {}
        for (row, column), value in current_values(report, table, layouts[table]).items():
            rows.setdefault(row, {})[column] = amount_text(value, unit)
        tables[table] = rows
    document = {
        "format": FORMAT, "version": VERSION,
        "department": {"code": report.department.code, "name": report.department.name},
        "fiscal_year": report.fiscal_year, "revision": report.revision, "state": report.state, "unit": unit,
        "edition": report.edition, "summary_classes": report.summary_classes,
        "correction_note": report.correction_note,
        "tables": tables,
        "printed_totals": [
            {"table": p.table, "row": p.row_key, "column": p.column_key, "value": amount_text(p.value, unit)}
            for p in PinnedTotal.objects.filter(report=report).order_by("table", "row_key", "column_key")],
    }
    for part in TEXT_PARTS:
        rows = [_text_row(instance, part, unit) for instance in
                part.model.objects.filter(report=report).select_related().order_by(*part.order_by)]
        document[part.key] = rows if part.many else (rows[0] if rows else None)
    for module in modules("REPORT_DOCUMENT_MODULES"):
        document[module.KEY] = module.export(report)
    return published_only(document) if public else document


def published_only(document: dict) -> dict:
    """The document without what its published form does not show: the internal parts (the accountant's
    explanations of warnings, for the reviewer), the 情况说明填报数 its edition does not print, and of each 情况说明
    section the text not printed. A section prints
    either its hand-written body or, by default, the text generated from the tables with its reason (see
    `disclosure._narrative`); the other one stays in the draft."""
    for part in TEXT_PARTS:
        if part.internal:
            document[part.key] = [] if part.many else None
    for section in document["narrative_sections"]:
        section["body" if section["use_generated"] else "reason"] = ""
    facts = document.get("narrative_facts")
    if facts:  # the facts its edition's sentences print; those of another edition (kept in the draft) are not shown
        asked = set(edition(document["edition"]).facts)
        document["narrative_facts"] = {name: value if name in asked else _blank(NarrativeFacts, name)
                                       for name, value in facts.items()}
    return document


def _blank(model, name: str):
    """A field as a document writes it when nobody entered it: "" for a text, null for a figure."""
    return "" if isinstance(model._meta.get_field(name), models.CharField | models.TextField) else None


def _text_row(instance, part: TextPart, unit: str) -> dict:
    row = {}
    for name in part.fields:
        field = part.model._meta.get_field(name)
        value = getattr(instance, name)
        if field.is_relation:
            row["code"] = value.code
        elif is_amount(field):
            row[name] = amount_text(value, unit)
        else:
            row[name] = value
    return row


# --- reading an incoming document ---------------------------------------------------------------------------------


