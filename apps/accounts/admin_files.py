"""Import and export of flat data in the admin (django-import-export): the shared limits of every resource."""
from django import forms
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm

MAX_IMPORT_BYTES = 5 * 1024 * 1024  # thousands of rows of a catalogue or of accounts


class BoundedImportForm(ImportForm):
    """The library's form, refusing files above the limit before they are read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(f"文件超过 {MAX_IMPORT_BYTES // 1024 // 1024} MB 的上限。")
        return upload


class FlatDataMixin(ImportExportMixin):
    """导入/导出 of CSV or XLSX on an admin page (formats, formula escaping, transactions and the permission
    needed are in settings)."""

    import_form_class = BoundedImportForm
