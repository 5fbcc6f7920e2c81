from django.shortcuts import render

from apps.accounts.permissions import reports_visible_to


def home(request):
    """The reports this visitor may read (published ones for everybody)."""
    reports = reports_visible_to(request.user).order_by("-fiscal_year", "department__code", "-revision")
    return render(request, "reports/home.html", {"reports": reports})
