"""The accountant's forms: the table grid (a field per typed cell of the table), the warning explanations, the parts
of a report outside the tables, a new report, a correction, the item search and the import page. Amounts are typed
in the report's unit and cleaned to 元; every text is bounded by its model."""
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.forms import modelform_factory, modelformset_factory

from apps.documents.interchange.workbook import MAX_UPLOAD_BYTES, too_large
from apps.entry.selectors import is_item
from apps.reports.layouts import may_be_negative
from apps.reports.models import (
    Attachment,
    FunctionalSubject,
    GlossaryEntry,
    ItemBudget,
    NarrativeFacts,
    NarrativeSection,
    Report,
    ReportOverview,
    WarningExplanation,
)
from apps.reports.money import AMOUNT_DIGITS, Unit, from_unit, parse_decimal, quoted, to_unit
from apps.reports.stored_cells import CellKey, current_values, parse_cell, typed_cells
from apps.reports.texts import PlainTextField, PlainTextFormMixin

TEXTAREA = forms.Textarea(attrs={"rows": 6})


class UnitAmountsMixin:
    """Model amount fields (stored in 元) shown and typed in the report's unit (万元 or 元), none of them negative."""

    def __init__(self, *args, unit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        for name in self.amount_fields():
            field = self.fields[name]
            self.fields[name] = forms.DecimalField(
                label=f"{field.label}（{Unit(unit).label}）", required=False, max_digits=AMOUNT_DIGITS - 2,
                decimal_places=2, min_value=0)  # a 上年数, a 年初预算, a 采购金额: never below zero
            self.initial[name] = to_unit(getattr(self.instance, name, None), unit)

    def amount_fields(self) -> list[str]:
        model_fields = {f.name: f for f in self._meta.model._meta.get_fields()}
        return [name for name in self.fields
                if getattr(model_fields.get(name), "max_digits", None) == AMOUNT_DIGITS]

    def clean(self):
        data = super().clean()
        for name in self.amount_fields():
            if data.get(name) is not None:
                data[name] = from_unit(data[name], self.unit)
        return data


class OverviewForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = ReportOverview
        fields = ["duties", "organisation", "composition"]
        widgets = {name: TEXTAREA for name in fields}


class NarrativeSectionForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = NarrativeSection
        fields = ["reason", "use_generated", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10}), "reason": forms.Textarea(attrs={"rows": 3})}


def _short_texts(model) -> dict:
    return {f.name: forms.Textarea(attrs={"rows": 2}) for f in model._meta.fields if isinstance(f, models.TextField)}


class FactsForm(PlainTextFormMixin, UnitAmountsMixin, forms.ModelForm):
    """The 情况说明填报数; `facts_form` gives the report's edition's fields."""

    class Meta:
        model = NarrativeFacts
        exclude = ["report"]
        widgets = _short_texts(NarrativeFacts)


def facts_form(edition) -> type[FactsForm]:
    """The form of the facts the edition's sentences state, in its order (the others are kept as they are)."""
    return modelform_factory(NarrativeFacts, form=FactsForm, fields=list(edition.facts))


class ItemBudgetForm(PlainTextFormMixin, UnitAmountsMixin, forms.ModelForm):
    class Meta:
        model = ItemBudget
        fields = ["subject", "initial_budget", "variance_reason"]
        widgets = _short_texts(ItemBudget)

    def __init__(self, *args, fiscal_year: int, subject_choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["subject"]
        field.queryset = FunctionalSubject.objects.filter(fiscal_year=fiscal_year, level=3)
        field.choices = subject_choices  # one catalogue query for the whole formset, not one per row


def item_choices(fiscal_year: int) -> list:
    subjects = FunctionalSubject.objects.filter(fiscal_year=fiscal_year, level=3).order_by("code")
    return [("", "---------")] + [(s.pk, str(s)) for s in subjects]


class GlossaryForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = GlossaryEntry
        fields = ["order", "term", "definition"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}


class AttachmentForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["order", "label", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}




def row_keys(model) -> tuple[str, ...]:
    """The fields that tell a report's rows apart (its unique constraints with the report): 科目, 名词."""
    return tuple(name for constraint in model._meta.constraints if "report" in getattr(constraint, "fields", ())
                 for name in constraint.fields if name != "report")


class ReportRowsFormSet(forms.BaseModelFormSet):
    """Rows of one report: two rows may not name the same 科目 (名词…); said on the rows, never a database error."""

    def clean(self):
        super().clean()
        seen = {}
        for number, form in enumerate(self.forms, start=1):
            if not form.has_changed() and form.instance.pk is None or self._should_delete_form(form):
                continue
            for name in row_keys(self.model):
                value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
                if value is None or value == "":
                    continue
                if (name, value) in seen:
                    label = self.model._meta.get_field(name).verbose_name
                    form.add_error(name, f"与第 {seen[name, value]} 行的{label}相同（{value}）：同一{label}只能填一行。")
                else:
                    seen[name, value] = number


def item_budget_formset(edition, unlisted: int = 0):
    """项级年初预算 with what the edition asks of each 项 besides (差异原因, 主要用于): the rows saved, then `unlisted`
    rows pre-filled with a 项 of 公开05表 each, then one blank row for any other 项."""
    return modelformset_factory(ItemBudget, form=ItemBudgetForm, formset=ReportRowsFormSet,
                                fields=["subject", "initial_budget", *edition.item_fields],
                                extra=unlisted + 1, can_delete=True, max_num=500)


GlossaryFormSet = modelformset_factory(GlossaryEntry, form=GlossaryForm, formset=ReportRowsFormSet, extra=1,
                                       can_delete=True, max_num=100)
AttachmentFormSet = modelformset_factory(Attachment, form=AttachmentForm, formset=ReportRowsFormSet, extra=1,
                                         can_delete=True, max_num=20)


# --- the table grid -------------------------------------------------------------------------------------------

VALUE, BASE = "v", "b"  # a typed cell's field: its value (`v|<row>|<column>`), the value the page showed (`b|…`)
SHOWN_INVALID = "页面上的原值无效，请刷新页面后重新填写"


class Absent:
    """What a cell field the post does not carry gives: the page posts only the cells changed; absent is unchanged."""

    def __repr__(self):
        return "ABSENT"


ABSENT = Absent()


def cell_field_name(prefix: str, cell: CellKey) -> str:
    return f"{prefix}|{cell[0]}|{cell[1]}"


class FigureField(forms.Field):
    """A typed cell's figure in the report's unit, cleaned to 元 by `parse_cell` (its messages; whether it may be
    negative is the layout's); ABSENT when the post does not carry it."""

    def __init__(self, *, unit: str, negative_allowed: bool):
        super().__init__(required=False)
        self.unit, self.negative_allowed = unit, negative_allowed

    def to_python(self, value):
        if value is None:
            return ABSENT
        try:
            return parse_cell(value, self.unit, self.negative_allowed)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from None


class ShownFigureField(FigureField):
    """The figure the page showed in a typed cell (its base, to tell the cells changed and edits made meanwhile)."""

    def to_python(self, value):
        if value is None:
            return ABSENT
        try:
            return from_unit(parse_decimal(value), self.unit)
        except ValueError:
            raise ValidationError(SHOWN_INVALID, code="invalid") from None


def refusal(names: list[str]) -> str:
    """The answer to a post naming cells that are not typed cells of the table (nothing is saved)."""
    shown = "、".join(quoted(name, 40) for name in names[:3])
    return (f"提交的数据含有本表不可填写的单元格（{shown}{'等' if len(names) > 3 else ''}），本次未保存。"
            "请刷新页面后重新填写。")


class GridForm(forms.Form):
    """A table of a report as its page posts it: for each typed cell of the table (`typed_cells`: the layout decides,
    never the post) its value and the value the page showed; the action (`save`, `add` the 项 `add_code`,
    `remove:<code>`) and the 说明 under the table (absent: unchanged). A cell the post leaves out is unchanged; a
    cell key (`v|…`, `b|…`) naming anything but a typed cell of the table makes the whole post refused."""

    action = forms.CharField(required=False)
    add_code = forms.CharField(required=False)
    table_note = PlainTextField(absent=None)

    def __init__(self, data, *, report: Report, table: str, layout):
        super().__init__(data)
        self.report = report
        action = self.data.get("action") or "save"
        self.add_codes = [(self.data.get("add_code") or "").strip()] if action == "add" else []
        self.remove_codes = [action.split(":", 1)[1]] if action.startswith("remove:") else []
        self.cells = {}  # field name → (VALUE or BASE, cell)
        # A field keeps nothing of its cell: the cells alike share one (a table of 2,000 项 has 20,000 fields).
        fields = {(prefix, negative): kind(unit=report.unit, negative_allowed=negative)
                  for prefix, kind in ((VALUE, FigureField), (BASE, ShownFigureField)) for negative in (False, True)}
        for cell in sorted(typed_cells(current_values(report, table, layout), layout, self.add_codes)):
            negative = may_be_negative(layout, *cell)
            for prefix in (VALUE, BASE):
                name = cell_field_name(prefix, cell)
                self.fields[name] = fields[(prefix, negative)]
                self.cells[name] = (prefix, cell)
        self.refused = sorted({key[2:] for key in self.data if key[:2] in ("v|", "b|") and key not in self.cells})

    def clean_add_code(self):
        code = self.cleaned_data["add_code"].strip()
        if self.add_codes and not is_item(self.report.fiscal_year, code):
            raise ValidationError(f"“{code}”不是 {self.report.fiscal_year} 年度目录中的项级科目，请从搜索结果中选择。",
                                  code="not_an_item")
        return code

    def clean(self):
        if self.refused:
            raise ValidationError(refusal(self.refused), code="refused")
        return super().clean()

    def _figures(self, prefix: str) -> dict[CellKey, object]:
        return {cell: self.cleaned_data[name] for name, (kind, cell) in self.cells.items()
                if kind == prefix and self.cleaned_data.get(name, ABSENT) is not ABSENT}

    @property
    def values(self) -> dict[CellKey, object]:
        """The cells posted, in 元 (None: blank)."""
        return self._figures(VALUE)

    @property
    def seen(self) -> dict[CellKey, object]:
        """The values the page showed of the cells posted, in 元."""
        return self._figures(BASE)

    @property
    def typed(self) -> dict[CellKey, str]:
        """What was typed in the table's cells, as typed (shown again with the errors)."""
        return {cell: self.data[name] for name, (kind, cell) in self.cells.items() if kind == VALUE and name in self.data}

    @property
    def cell_errors(self) -> dict[CellKey, str]:
        errors = {}
        for name, (_, cell) in self.cells.items():
            if name in self.errors:
                errors[cell] = self.errors[name][0]
        return errors

    @property
    def summary(self) -> str:
        """The one message of an invalid post."""
        if self.has_error(NON_FIELD_ERRORS, "refused"):
            return self.non_field_errors()[0]
        if "add_code" in self.errors:
            return self.errors["add_code"][0]
        return f"有 {len(self.cell_errors)} 个单元格填写有误，本表未保存；请按提示改正后再保存。"


# --- the warning explanations ----------------------------------------------------------------------------------


class ExplanationsForm(forms.Form):
    """The accountant's explanation of each warning the report has now (`w|<rule code>|<signature>`, the pairing of
    `explanations_of`); an explanation of a warning the report no longer has is not taken (`stale`). A warning the
    post leaves out keeps its explanation."""

    def __init__(self, data=None, *, warnings):
        super().__init__(data)
        self.rows, self.keys = [], {}
        for finding, explanation in warnings:
            key = (finding.code, WarningExplanation.signature_of(finding))
            name = f"w|{key[0]}|{key[1]}"
            if name not in self.keys:
                self.fields[name] = PlainTextField(absent=None)
                self.keys[name] = key
                self.rows.append({"finding": finding, "signature": key[1], "name": name,
                                  "text": explanation.text if explanation else "", "explanation": explanation})
        self.stale = sorted(key for key in self.data if key.startswith("w|") and key not in self.keys)

    @property
    def texts(self) -> dict[tuple[str, str], str]:
        """(rule code, signature) → the text posted."""
        return {key: self.cleaned_data[name] for name, key in self.keys.items()
                if self.cleaned_data.get(name) is not None}


# --- a new report, a correction, the item search, the import page ------------------------------------------------


class NewReportForm(forms.Form):
    department = forms.ModelChoiceField(queryset=None, label="部门", empty_label=None)
    fiscal_year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    unit = forms.ChoiceField(label="金额单位", choices=Report._meta.get_field("unit").choices)
    copy_previous = forms.BooleanField(label="沿用上一年度的科目结构和上年数", required=False, initial=True)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class CorrectionForm(forms.Form):
    """发起更正: the 更正说明 (the workflow checks it)."""

    note = PlainTextField()


class ItemSearchForm(forms.Form):
    """The 项 picker's query: a code prefix or part of a name."""

    q = forms.CharField(required=False)

    def clean_q(self):
        return self.cleaned_data["q"].strip()[:40]


class ImportForm(forms.Form):
    """The import page: a file to check and preview, or (`action=confirm`) the import of the file previewed."""

    CONFIRM = "confirm"
    action = forms.CharField(required=False)
    file = forms.FileField(required=False, allow_empty_file=True)  # an empty file gets the reader's message

    @property
    def confirming(self) -> bool:
        return self.cleaned_data.get("action") == self.CONFIRM

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if data.get("action") != self.CONFIRM and "file" not in self.errors:
            if upload is None:
                raise ValidationError("请选择要上传的文件。", code="required")
            if upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError(too_large(upload.size).message, code="too_large")
        return data
