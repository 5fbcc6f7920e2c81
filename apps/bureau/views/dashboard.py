"""The finance bureau's dashboard for a fiscal year: every department's state, due date, days since approval,
errors and warnings; the consolidated totals of the published reports (and their workbook); which rules fire most."""
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.access.permissions import ADMINISTRATOR, REVIEWER, bureaus_overseen_by, require_role
from apps.bureau.consolidation import consolidated
from apps.bureau.forms import DashboardForm
from apps.bureau.selectors.progress import LISTINGS, bureau_progress, catalogue_years
from apps.bureau.services.jobs import consolidated_workbook_start

overseers_only = require_role(REVIEWER, ADMINISTRATOR, refusal="只有财政局审核人和管理员可以查看汇总。")


@overseers_only
def bureau_dashboard(request):
    bureaus = list(bureaus_overseen_by(request.user))
    form = DashboardForm(request.GET, bureaus=bureaus)
    bureau, years, year = form.choice()
    listing, page = form.listed()
    count, blocks = consolidated(bureau, year)
    return render(request, "bureau/dashboard.html", {
        "bureaus": bureaus, "bureau": bureau, "years": years or [year], "year": year, "listing": listing,
        "listings": LISTINGS, "listing_word": LISTINGS[listing], "progress": bureau_progress(bureau, year, listing, page),
        "published_count": count, "blocks": blocks,
        "years_not_open": [y.year for y in catalogue_years() if not y.is_open],
    })


@overseers_only
@require_POST
def bureau_consolidated_xlsx(request):
    """The consolidated workbook is made in the background; the job's page offers it when it is ready."""
    bureau, _, year = DashboardForm(request.POST, bureaus=list(bureaus_overseen_by(request.user))).choice()
    return redirect(consolidated_workbook_start(bureau=bureau, year=year, by=request.user))
