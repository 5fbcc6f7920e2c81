"""The finance bureau's dashboard for a fiscal year: every department's state, due date, days since approval,
errors and warnings; the consolidated totals of the published reports (and their workbook); which rules fire most."""
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.access.permissions import ADMINISTRATOR, REVIEWER, bureaus_overseen_by, require_role
from apps.bureau.consolidation import consolidated
from apps.bureau.selectors.progress import bureau_progress
from apps.jobs.models import Job
from apps.jobs.services import job_start
from apps.reports.models import Report

overseers_only = require_role(REVIEWER, ADMINISTRATOR, refusal="只有财政局审核人和管理员可以查看汇总。")


def _choice(request):
    bureaus = list(bureaus_overseen_by(request.user))
    asked = request.POST if request.method == "POST" else request.GET
    bureau = next((b for b in bureaus if str(b.pk) == asked.get("bureau")), bureaus[0])
    years = list(Report.objects.filter(department__parent=bureau).order_by("-fiscal_year")
                 .values_list("fiscal_year", flat=True).distinct())
    year = int(asked["year"]) if asked.get("year", "").isdigit() else (years[0] if years else
                                                                                    timezone.now().year - 1)
    return bureaus, bureau, years, year


@overseers_only
def bureau_dashboard(request):
    bureaus, bureau, years, year = _choice(request)
    progress = bureau_progress(bureau, year)
    count, blocks = consolidated(bureau, year)
    return render(request, "bureau/dashboard.html", {
        "bureaus": bureaus, "bureau": bureau, "years": years or [year], "year": year, "progress": progress,
        "published_count": count, "blocks": blocks,
    })


@overseers_only
@require_POST
def bureau_consolidated_xlsx(request):
    """The consolidated workbook is made in the background; the job's page offers it when it is ready."""
    _, bureau, _, year = _choice(request)
    job = job_start(Job.Kind.CONSOLIDATED, by=request.user, organisation=bureau, fiscal_year=year, total=1)
    return redirect(job)


