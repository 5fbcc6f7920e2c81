"""Import and export of flat data in the admin (django-import-export): the shared limits of every resource."""
from django import forms
from import_export.admin import ExportMixin, ImportExportMixin
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


class ExportOnlyMixin(ExportMixin):
    """导出 only: data whose import has its own checked page (the catalogues: /bureau/catalogues/, where levels,
    parents and duplicates are checked and the differences from the year before shown before anything is written).
    The change list links to that page."""

    import_export_change_list_template = "admin/export_only_change_list.html"
    import_page = ""  # the URL of the page that imports this data
    import_label = ""

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"import_page": self.import_page, "import_label": self.import_label,
                                                 **(extra_context or {})})
