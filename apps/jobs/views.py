"""A background job as its starter sees it: progress while it runs, then its result (a file, lines, the report)."""
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render

from apps.jobs.services import jobs_visible_to


def _job(request, token):
    return get_object_or_404(jobs_visible_to(request.user), token=token)


@login_required
def job_page(request, token):
    return render(request, "jobs/job.html", {"job": _job(request, token)})


@login_required
def job_status(request, token):
    """What the page polls while the job is not finished."""
    job = _job(request, token)
    return JsonResponse({"state": job.state, "state_label": job.get_state_display(), "finished": job.finished,
                         "percent": job.percent, "text": job.progress_text, "attempts": job.attempts},
                        headers={"Cache-Control": "no-store"})


@login_required
def job_download(request, token):
    job = _job(request, token)
    if not job.result_file:
        raise Http404("这个任务没有结果文件")
    return FileResponse(job.result_file.open("rb"), as_attachment=True,
                        filename=job.result_file.name.rsplit("/", 1)[-1])
