"""Background jobs in the admin: what is queued, running, done, and why a job failed; failed jobs can be retried."""
from django.contrib import admin
from django.db.models import Q

from apps.access.permissions import organisations_administered, sees_every_job
from apps.jobs import models as m
from apps.jobs.services import job_retry, retryable
from apps.reports.admin import ReadOnlyAdmin


@admin.register(m.Job)
class JobAdmin(ReadOnlyAdmin):
    """Background jobs: what is queued, running, done, and why a job failed; failed jobs can be tried again."""

    list_display = ["id", "kind", "state", "report", "organisation", "created_by", "attempts", "progress_text",
                    "created_at", "finished_at", "worker"]
    list_filter = ["state", "kind"]
    search_fields = ["report__department__name", "organisation__name", "created_by__username", "error"]
    actions = ["retry"]

    def get_queryset(self, request):
        """A superuser sees every job; an administrator those of their bureau and its reports, and their own."""
        jobs = super().get_queryset(request)
        if sees_every_job(request.user):
            return jobs
        administered = organisations_administered(request.user)
        return jobs.filter(Q(organisation__in=administered) | Q(report__department__in=administered)
                           | Q(created_by=request.user))

    @admin.action(description="重试所选的失败（或未能开始）的任务", permissions=["view"])
    def retry(self, request, queryset):
        chosen = list(retryable(queryset))
        for job in chosen:
            job_retry(job)
        self.message_user(request, f"已重新排队 {len(chosen)} 个任务。")
