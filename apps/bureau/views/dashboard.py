"""The finance bureau's dashboard for a fiscal year: every department's state, due date, days since approval,
errors and warnings; the consolidated totals of the published reports (and their workbook); which rules fire most."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.models import Membership, Organisation
from apps.bureau.consolidation import consolidated
from apps.bureau.selectors.progress import bureau_progress
from apps.jobs.models import Job
from apps.jobs.services import job_start
from apps.reports.models import Report


def dashboard_bureaus(user):
    """The finance bureaus whose reviewer or administrator the user is (every bureau for a superuser)."""
    bureaus = Organisation.objects.filter(kind=Organisation.Kind.FINANCE_BUREAU).order_by("code")
    if user.is_superuser:
        return bureaus
    return bureaus.filter(memberships__user=user, memberships__role__in=[
        Membership.Role.REVIEWER, Membership.Role.ADMINISTRATOR]).distinct()


def _choice(request):
    bureaus = list(dashboard_bureaus(request.user))
    if not bureaus:
        raise PermissionDenied("只有财政局审核人和管理员可以查看汇总。")
    asked = request.POST if request.method == "POST" else request.GET
    bureau = next((b for b in bureaus if str(b.pk) == asked.get("bureau")), bureaus[0])
    years = list(Report.objects.filter(department__parent=bureau).order_by("-fiscal_year")
                 .values_list("fiscal_year", flat=True).distinct())
    year = int(asked["year"]) if asked.get("year", "").isdigit() else (years[0] if years else
                                                                                    timezone.now().year - 1)
    return bureaus, bureau, years, year


@login_required
def bureau_dashboard(request):
    bureaus, bureau, years, year = _choice(request)
    progress = bureau_progress(bureau, year)
    count, blocks = consolidated(bureau, year)
    return render(request, "bureau/dashboard.html", {
        "bureaus": bureaus, "bureau": bureau, "years": years or [year], "year": year, "progress": progress,
        "published_count": count, "blocks": blocks,
    })


@login_required
@require_POST
def bureau_consolidated_xlsx(request):
    """The consolidated workbook is made in the background; the job's page offers it when it is ready."""
    _, bureau, _, year = _choice(request)
    job = job_start(Job.Kind.CONSOLIDATED, by=request.user, organisation=bureau, fiscal_year=year, total=1)
    return redirect(job)


