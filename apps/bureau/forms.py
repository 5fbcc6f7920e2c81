"""The finance bureau's forms: which bureau's year the dashboard shows, a bulk import's bureau and files, a
catalogue file for a year."""
from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.bureau.selectors.progress import LISTINGS, report_years, year_under_review
from apps.bureau.services.bulk_import import MAX_BULK_UPLOAD_BYTES, MAX_FILES
from apps.documents.interchange.catalogue_files import ECONOMIC, FUNCTIONAL, KIND_NAMES
from apps.documents.interchange.workbook import MAX_UPLOAD_BYTES, too_large
from apps.reports import editions
from apps.reports.layouts import SummaryClasses


class BureauChoiceField(forms.TypedChoiceField):
    """One of the bureaus the user acts for (by id)."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, **kwargs)


class DashboardForm(forms.Form):
    """The bureau and year the dashboard shows: a bureau the user oversees (the first unless chosen) and a year (unless
    chosen: the newest with a report waiting for the bureau, else the latest with reports, else last year); a value
    that is no choice is the default."""

    bureau = BureauChoiceField(required=False)
    year = forms.IntegerField(min_value=1, max_value=9999, required=False)
    listing = forms.ChoiceField(choices=LISTINGS.items(), required=False)
    page = forms.IntegerField(min_value=1, required=False)

    def __init__(self, data, *, bureaus):
        super().__init__(data)
        self.bureaus = bureaus
        self.fields["bureau"].choices = [(b.pk, b.name) for b in bureaus]

    def choice(self):
        """(bureau, the years its departments have reports, newest first, year)."""
        self.is_valid()
        bureau = next((b for b in self.bureaus if b.pk == self.cleaned_data.get("bureau")), self.bureaus[0])
        years = report_years(bureau)
        year = (self.cleaned_data.get("year") or year_under_review(bureau)
                or (years[0] if years else timezone.now().year - 1))
        return bureau, years, year

    def listed(self) -> tuple[str, int]:
        """(which departments to list, page), all and the first unless chosen."""
        self.is_valid()
        return self.cleaned_data.get("listing") or "all", self.cleaned_data.get("page") or 1


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Many files at once (each checked as a file; an empty one is the import's to report)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        return [super(FilesField, self).clean(item, initial) for item in (data or [])]


class BulkImportForm(forms.Form):
    """A bulk import: the bureau (one the user administers), into drafts or as published reports of earlier years
    (historical), and the files, at most MAX_FILES and MAX_BULK_UPLOAD_BYTES together."""

    bureau = BureauChoiceField(error_messages={"required": "请选择财政局。", "invalid_choice": "请选择财政局。"})
    kind = forms.ChoiceField(choices=[("draft", "草稿"), ("historical", "历史导入")], required=False)
    files = FilesField()

    def __init__(self, data, files, *, bureaus):
        super().__init__(data, files)
        self.bureaus = {b.pk: b for b in bureaus}
        self.fields["bureau"].choices = [(b.pk, b.name) for b in bureaus]

    def clean_bureau(self):
        return self.bureaus[self.cleaned_data["bureau"]]

    def clean_kind(self):
        return self.cleaned_data["kind"] or "draft"

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if not uploads:
            raise ValidationError("请选择要导入的文件。", code="required")
        if len(uploads) > MAX_FILES:
            raise ValidationError(f"一次最多上传 {MAX_FILES} 个文件。", code="too_many")
        if sum(u.size for u in uploads) > MAX_BULK_UPLOAD_BYTES:
            raise ValidationError(f"上传的文件合计超过 {MAX_BULK_UPLOAD_BYTES // 1024 // 1024} MB。", code="too_large")
        return uploads

    @property
    def error(self) -> str:
        """The first thing wrong, in the order of the page."""
        return next(errors[0] for name in ("bureau", "kind", "files") if (errors := self.errors.get(name)))


class DraftSettingsForm(forms.Form):
    """A draft's edition of the public document (one of the editions shipped) and the 支出类 its 公开01表/04表 print
    (as the edition prescribes, where it does)."""

    edition = forms.ChoiceField(label="公开模板版式", choices=editions.choices)
    summary_classes = forms.ChoiceField(label="公开01表/04表支出类数", choices=SummaryClasses.choices)

    def clean(self):
        data = super().clean()
        if "edition" in data and "summary_classes" in data:
            fixed = editions.edition(data["edition"]).summary_classes
            if fixed and fixed != data["summary_classes"]:
                self.add_error("summary_classes", f"“{editions.edition(data['edition']).name}”规定列示"
                                                  f"{SummaryClasses(fixed).label}，请选择它。")
        return data


class YearChoiceForm(forms.Form):
    """The year whose settings the catalogue page's form shows (`?year=`): an open year, else none."""

    year = forms.TypedChoiceField(coerce=int, required=False)

    def __init__(self, data, *, years):
        super().__init__(data)
        self.fields["year"].choices = [(y, y) for y in years]

    def chosen(self) -> int | None:
        return self.cleaned_data["year"] or None if self.is_valid() else None


class YearSettingsForm(forms.Form):
    """The edition a bureau's new reports take in a year whose catalogues are loaded, and the bureau's due date: a
    bureau the user administers."""

    year = forms.TypedChoiceField(label="年度", coerce=int, error_messages={
        "invalid_choice": "该年度尚未开放：请先载入或复制该年度的科目目录。"})
    bureau = BureauChoiceField(label="财政局", error_messages={"invalid_choice": "只能设置您管理的财政局。"})
    edition = forms.ChoiceField(label="新建决算采用的版式", choices=editions.choices)
    due_date = forms.DateField(label="报送截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                               help_text="本财政局各部门提交本年度决算的截止日期；留空则不改")

    def __init__(self, data=None, *, years, bureaus, **kwargs):
        super().__init__(data, auto_id="settings-%s", **kwargs)  # beside the upload form's fields on one page
        self.bureaus = {b.pk: b for b in bureaus}
        self.fields["year"].choices = [(y, f"{y} 年度") for y in years]
        self.fields["bureau"].choices = [(b.pk, b.name) for b in bureaus]
        if len(bureaus) == 1:
            self.fields["bureau"].widget = forms.HiddenInput()
            self.fields["bureau"].initial = bureaus[0].pk


class DraftDeleteForm(forms.Form):
    """Deleting a draft is confirmed by typing its department's name."""

    confirm = forms.CharField(label="请输入部门名称以确认删除", max_length=200)

    def __init__(self, data=None, *, report):
        super().__init__(data)
        self.report = report

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip() != self.report.department.name:
            raise ValidationError(f"输入的名称与“{self.report.department.name}”不符，未删除。")
        return self.cleaned_data["confirm"]


class CatalogueActionForm(forms.Form):
    """Which of the catalogue page's forms was posted."""

    action = forms.ChoiceField(choices=[("check", "检查"), ("confirm", "确认载入"), ("copy", "复制上一年度"),
                                        ("settings", "年度设置")], required=False)

    def chosen(self) -> str:
        return (self.cleaned_data["action"] or "check") if self.is_valid() else "check"


class CatalogueUploadForm(forms.Form):
    """A catalogue file for a year: read and checked, then shown against the year before for confirming."""

    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="目录", choices=[(FUNCTIONAL, KIND_NAMES[FUNCTIONAL]), (ECONOMIC, KIND_NAMES[ECONOMIC])])
    file = forms.FileField(label="目录文件（.xlsx 或 .csv）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(str(too_large(upload.size)))
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("只接受 .xlsx 或 .csv 文件。")
        return upload


class CatalogueConfirmForm(forms.Form):
    """The checked entries, signed by the page that showed them (nothing is kept on the server in between)."""

    token = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "确认已过期或无效，请重新上传文件。"})

    def clean_token(self):
        try:
            return signing.loads(self.cleaned_data["token"], salt=CATALOGUE_SALT, max_age=3600)
        except signing.BadSignature:
            raise forms.ValidationError("确认已过期或无效，请重新上传文件。") from None


class CatalogueCopyForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2001, max_value=2100)


CATALOGUE_SALT = "bureau.catalogue-upload"


def catalogue_token(year: int, kind: str, entries) -> str:
    return signing.dumps({"year": year, "kind": kind, "entries": [(e.code, e.name, e.level) for e in entries]},
                         salt=CATALOGUE_SALT, compress=True)
