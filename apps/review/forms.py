"""The reviewer's forms: the queue's filter, the comparison chosen, a workflow step with its 退回意见, a comment on a
table, row or cell, a verdict on an explanation."""
from django import forms
from django.core.exceptions import ValidationError

from apps.documents.comparison import PREVIOUS_REVISION, PREVIOUS_YEAR
from apps.reports.cells import place_of
from apps.reports.models import Report, WarningExplanation
from apps.reports.texts import PlainTextField
from apps.review.selectors import RETURNED
from apps.workflow.services import Action

QUEUE_STATES = [*((value, label) for value, label in Report.State.choices if value != Report.State.DRAFT),
                (RETURNED, "已退回（待重新提交）"), (Report.State.DRAFT, "填报中（含已退回）")]


class QueueFilterForm(forms.Form):
    """The queue by state and year; a value that is not one of them filters nothing (the field is left out)."""

    state = forms.ChoiceField(choices=[("", "全部"), *QUEUE_STATES], required=False)
    year = forms.IntegerField(min_value=1, max_value=9999, required=False)

    def filters(self) -> dict:
        self.is_valid()
        return {"state": self.cleaned_data.get("state") or None, "year": self.cleaned_data.get("year")}


class CompareForm(forms.Form):
    """What the report under review is compared with: its previous revision (the default) or the year before."""

    compare = forms.ChoiceField(choices=[(PREVIOUS_REVISION, "上一版"), (PREVIOUS_YEAR, "上年度已公开决算")],
                                required=False)

    @property
    def against(self) -> str:
        return (self.cleaned_data.get("compare") if self.is_valid() else None) or PREVIOUS_REVISION


class ReviewActionForm(forms.Form):
    """退回 (with its 退回意见, which the workflow checks), 审核通过 or 公开."""

    action = forms.ChoiceField(choices=[(Action.RETURN, "退回"), (Action.APPROVE, "审核通过"), (Action.PUBLISH, "公开")])
    comment = PlainTextField()


class CommentForm(forms.Form):
    """A comment on a table, one of its rows or a cell (`table`, `row`, `column`), named as the rules name places."""

    table = forms.CharField(required=False)
    row = forms.CharField(required=False)
    column = forms.CharField(required=False)
    text = PlainTextField(strip=True)

    def __init__(self, data, *, report: Report):
        super().__init__(data)
        self.report = report

    def clean(self):
        data = super().clean()
        where = place_of(self.report, data.get("table", ""), data.get("row", ""), data.get("column", ""))
        if not data.get("text") or where is None:
            raise ValidationError("请选择要批注的表或单元格，并填写批注内容。", code="no_place")
        data["where"] = where
        return data


class VerdictForm(forms.Form):
    """认可, or 不认可 with the reason the accountant will read."""

    verdict = forms.ChoiceField(choices=WarningExplanation.Verdict.choices)
    note = PlainTextField(required=False, max_length=WarningExplanation._meta.get_field("verdict_note").max_length)

    def clean(self):
        data = super().clean()
        if data.get("verdict") == WarningExplanation.Verdict.REJECTED and not data.get("note", "").strip():
            raise ValidationError("不认可时请写明理由，部门会计据此修改说明或数据。")
        return data
