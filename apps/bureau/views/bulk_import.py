"""A finance bureau's bulk import page: many workbooks or JSON files at once, imported by a background job."""
from django.shortcuts import redirect, render

from apps.access.permissions import ADMINISTRATOR, bureaus_administered_by, require_role
from apps.bureau.forms import BulkImportForm
from apps.bureau.services.jobs import bulk_import_start


@require_role(ADMINISTRATOR, refusal="只有财政局管理员可以批量导入。")
def bureau_import(request):
    """A finance bureau imports many reports at once: workbooks or JSON files, or zips of them, into drafts or as
    published reports of earlier years (历史导入). The files are kept and imported by a background job, whose page
    shows a line per file as it is done."""
    bureaus = list(bureaus_administered_by(request.user))
    if request.method != "POST":
        return render(request, "bureau/import.html", {"bureaus": bureaus})
    form = BulkImportForm(request.POST, request.FILES, bureaus=bureaus)
    if not form.is_valid():
        return render(request, "bureau/import.html", {"bureaus": bureaus, "error": form.error}, status=422)
    data = form.cleaned_data
    return redirect(bulk_import_start(bureau=data["bureau"], uploads=data["files"], by=request.user,
                                      historical=data["kind"] == "historical"))
