from django.shortcuts import render

from apps.accounts.permissions import reports_visible_to


def home(request):
    """The reports this visitor may read (published ones for everybody)."""
    reports = reports_visible_to(request.user).order_by("-fiscal_year", "department__code", "-revision")
    return render(request, "reports/home.html", {"reports": reports})


def rule_catalogue(request):
    """Every 审核公式 with its code, severity, description, basis and the years it applies (public)."""
    from apps.reports.rules import Severity, all_rules

    rules = [(rule, Severity(rule.severity).label) for rule in all_rules()]
    return render(request, "reports/rule_catalogue.html", {"rules": rules})
