"""Forms for the parts of a report outside the tables. Amounts are typed in the report's unit and stored
in 元; every field is bounded by its model."""
from django import forms
from django.forms import modelformset_factory

from apps.reports.models import (
    Attachment,
    FunctionalSubject,
    GlossaryEntry,
    ItemBudget,
    NarrativeFacts,
    NarrativeSection,
    ReportOverview,
)
from apps.reports.money import AMOUNT_DIGITS, Unit, from_unit, to_unit
from apps.reports.outline import NARRATIVE_LEAVES
from apps.reports.texts import PlainTextFormMixin

TEXTAREA = forms.Textarea(attrs={"rows": 6})


class UnitAmountsMixin:
    """Model amount fields (stored in 元) shown and typed in the report's unit (万元 or 元)."""

    def __init__(self, *args, unit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        for name in self.amount_fields():
            field = self.fields[name]
            self.fields[name] = forms.DecimalField(
                label=f"{field.label}（{Unit(unit).label}）", required=False, max_digits=AMOUNT_DIGITS - 2,
                decimal_places=2)
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


class FactsForm(PlainTextFormMixin, UnitAmountsMixin, forms.ModelForm):
    class Meta:
        model = NarrativeFacts
        exclude = ["report"]
        widgets = {"key_evaluation_result": forms.Textarea(attrs={"rows": 2})}


class ItemBudgetForm(PlainTextFormMixin, UnitAmountsMixin, forms.ModelForm):
    class Meta:
        model = ItemBudget
        fields = ["subject", "initial_budget", "variance_reason"]
        widgets = {"variance_reason": forms.Textarea(attrs={"rows": 2})}

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


ItemBudgetFormSet = modelformset_factory(ItemBudget, form=ItemBudgetForm, extra=1, can_delete=True, max_num=500)
GlossaryFormSet = modelformset_factory(GlossaryEntry, form=GlossaryForm, extra=1, can_delete=True, max_num=100)
AttachmentFormSet = modelformset_factory(Attachment, form=AttachmentForm, extra=1, can_delete=True, max_num=20)

NARRATIVE_PARTS = {f"narrative-{leaf.key.replace('.', '-')}": leaf for leaf in NARRATIVE_LEAVES}
