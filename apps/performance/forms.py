"""The 绩效自评表 form as its page posts it: the header (`name`, `competent_department`, `implementing_unit`), the
budget block (`funding-<kind>-<column>`), the goals (`goals`, then `goal-<i>-<field>`) and the indicator rows
(`rows`, then `row-<i>-<field>`) as formsets of a bounded size. Texts come out as `plain_text`; the numbers, targets
and the indicator tree are read and checked by `services.sheet_save`, which reports each error at its field."""
from django import forms
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm
from django.utils.functional import cached_property

from apps.performance.models import EvaluationGoal, EvaluationSheet, FundingRow
from apps.performance.services import INDICATOR_FIELDS, SheetInput
from apps.reports.money import plain_number
from apps.reports.stored_cells import display
from apps.reports.texts import PlainTextField

FUNDING_COLUMNS = (("initial_budget", "年初预算数"), ("annual_budget", "全年预算数"), ("executed", "全年执行数"))
HEADER_FIELDS = ("name", "competent_department", "implementing_unit")
GOAL_FIELDS = ("kind", "name", "content", "outcome")
MAX_GOALS, MAX_ROWS = 50, 200  # a sheet has a handful of goals and a few dozen indicator rows


class CountedFormSet(forms.BaseFormSet):
    """A formset whose page posts its size as one number (`count_name`) instead of Django's management form: junk
    reads as none, more than `max_num` as `max_num` (a crafted count never drives a long loop)."""

    count_name = ""

    @cached_property
    def management_form(self):
        if not self.is_bound:
            return super().management_form
        text = self.data.get(self.count_name) or ""
        count = min(int(text), self.max_num) if text.isascii() and text.isdigit() else 0
        form = ManagementForm({f"{self.prefix}-{TOTAL_FORM_COUNT}": count, f"{self.prefix}-{INITIAL_FORM_COUNT}": 0},
                              prefix=self.prefix, renderer=self.renderer)
        form.full_clean()
        return form

    def values(self, fields) -> list[dict[str, str]]:
        """Each form's texts in order (a row left blank reads as blank texts: its place stays its place)."""
        return [{name: form.cleaned_data.get(name, "") for name in fields} for form in self.forms]


def _text_form(name: str, fields) -> type[forms.Form]:
    return type(name, (forms.Form,), {field: PlainTextField() for field in fields})


class GoalFormSetBase(CountedFormSet):
    count_name = "goals"


class IndicatorFormSetBase(CountedFormSet):
    count_name = "rows"


GoalFormSet = forms.formset_factory(_text_form("GoalForm", GOAL_FIELDS), formset=GoalFormSetBase, extra=0,
                                    max_num=MAX_GOALS)
IndicatorFormSet = forms.formset_factory(_text_form("IndicatorRowForm", INDICATOR_FIELDS),
                                         formset=IndicatorFormSetBase, extra=0, max_num=MAX_ROWS)


class SheetForm(forms.Form):
    """The header and the budget block of a sheet: a field per `funding-<kind>-<column>` of the sheet's kind."""

    name = PlainTextField()
    competent_department = PlainTextField()
    implementing_unit = PlainTextField()

    def __init__(self, data, *, sheet: EvaluationSheet):
        super().__init__(data)
        self.funding = {f"funding-{kind}-{column}": (kind, column)
                        for kind in FundingRow.ROWS[sheet.kind] for column, _ in FUNDING_COLUMNS}
        for name in self.funding:
            self.fields[name] = PlainTextField()


class SheetEntry:
    """The whole page's form: `SheetForm`, `GoalFormSet` (prefix `goal`), `IndicatorFormSet` (prefix `row`)."""

    def __init__(self, data, *, sheet: EvaluationSheet):
        self.sheet = SheetForm(data, sheet=sheet)
        self.goals = GoalFormSet(data, prefix="goal")
        self.rows = IndicatorFormSet(data, prefix="row")

    def is_valid(self) -> bool:
        return all([self.sheet.is_valid(), self.goals.is_valid(), self.rows.is_valid()])

    def sheet_input(self) -> SheetInput:
        """What was typed, for `sheet_save` (goals of a kind the sheet does not know are left out)."""
        data = self.sheet.cleaned_data
        return SheetInput(header={name: data.get(name, "") for name in HEADER_FIELDS},
                          funding={cell: data.get(name, "") for name, cell in self.sheet.funding.items()},
                          goals=[goal for goal in self.goals.values(GOAL_FIELDS)
                                 if goal["kind"] in EvaluationGoal.Kind.values],
                          rows=self.rows.values(INDICATOR_FIELDS))


def stored_input(sheet: EvaluationSheet, unit: str) -> SheetInput:
    """A stored sheet as its form shows it (amounts in the report's unit; a sheet without goals offers one blank
    goal of each kind it has)."""
    indicators = list(sheet.indicators.order_by("order"))
    by_id = {i.id: i for i in indicators}
    rows = [{"level1": by_id[by_id[i.parent_id].parent_id].name, "level2": by_id[i.parent_id].name, "name": i.name,
             "target": i.target_display, "description": i.description, "actual": i.actual_display,
             "weight": plain_number(i.weight) if i.weight is not None else "",
             "score": plain_number(i.score) if i.score is not None else "", "note": i.deviation_note}
            for i in indicators if i.level == 3]
    funding = {(r.kind, column): display(getattr(r, column), unit) for r in sheet.funding_rows.all()
               for column, _ in FUNDING_COLUMNS}
    goal_kinds = ([EvaluationGoal.Kind.DUTY_GOAL, EvaluationGoal.Kind.MAIN_TASK]
                  if sheet.kind == EvaluationSheet.Kind.DEPARTMENT else [EvaluationGoal.Kind.OVERALL])
    goals = [{"kind": g.kind, "name": g.name, "content": g.content, "outcome": g.outcome}
             for g in sheet.goals.order_by("kind", "order")] or [{"kind": k, "name": "", "content": "", "outcome": ""}
                                                                  for k in goal_kinds]
    return SheetInput(header={"name": sheet.name, "competent_department": sheet.competent_department,
                              "implementing_unit": sheet.implementing_unit}, funding=funding, goals=goals, rows=rows)


class NewSheetForm(forms.Form):
    """Which sheet to add: a project sheet (the default) or the 部门整体 sheet a report lacks."""

    kind = forms.ChoiceField(choices=EvaluationSheet.Kind.choices, required=False)

    def clean_kind(self):
        return self.cleaned_data["kind"] or EvaluationSheet.Kind.PROJECT
