"""A finance bureau's bulk import page: many workbooks or JSON files at once, imported by a background job."""
import uuid

from django.core.files.storage import default_storage
from django.shortcuts import redirect, render

from apps.access.permissions import ADMINISTRATOR, bureaus_administered_by, require_role
from apps.bureau.services.bulk_import import MAX_BULK_UPLOAD_BYTES, MAX_FILES
from apps.jobs.models import Job
from apps.jobs.services import job_start


@require_role(ADMINISTRATOR, refusal="只有财政局管理员可以批量导入。")
def bureau_import(request):
    """A finance bureau imports many reports at once: workbooks or JSON files, or zips of them. The files are kept
    and imported by a background job, whose page shows a line per file as it is done."""
    bureaus = list(bureaus_administered_by(request.user))
    if request.method != "POST":
        return render(request, "bureau/import.html", {"bureaus": bureaus})
    bureau = next((b for b in bureaus if str(b.pk) == request.POST.get("bureau")), None)
    uploads = request.FILES.getlist("files")
    error = ("请选择财政局。" if bureau is None else "请选择要导入的文件。" if not uploads else
             f"一次最多上传 {MAX_FILES} 个文件。" if len(uploads) > MAX_FILES else
             "上传的文件合计超过 200 MB。" if sum(u.size for u in uploads) > MAX_BULK_UPLOAD_BYTES else None)
    if error:
        return render(request, "bureau/import.html", {"bureaus": bureaus, "error": error}, status=422)
    folder = f"imports/bulk/{uuid.uuid4().hex}"
    stored = [{"name": upload.name[:200], "path": default_storage.save(f"{folder}/{number:03d}.upload", upload)}
              for number, upload in enumerate(uploads, 1)]
    job = job_start(Job.Kind.BULK_IMPORT, by=request.user, organisation=bureau, params={"uploads": stored},
                    total=len(stored))
    return redirect(job)
