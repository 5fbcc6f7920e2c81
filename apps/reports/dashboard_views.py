"""The finance bureau's dashboard for a fiscal year: every department's state, due date, days since approval,
errors and warnings; the consolidated totals of the published reports (and their workbook); which rules fire most."""
from collections import Counter

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from apps.accounts.models import Membership, Organisation
from apps.reports.check_summaries import check_summaries
from apps.reports.consolidation import consolidated, consolidated_workbook
from apps.reports.interchange.files import XLSX_TYPE
from apps.reports.models import Report, ReportingDeadline
from apps.reports.rules import all_rules
from apps.reports.selectors import latest_revisions


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
    bureau = next((b for b in bureaus if str(b.pk) == request.GET.get("bureau")), bureaus[0])
    years = sorted(set(Report.objects.filter(department__parent=bureau).values_list("fiscal_year", flat=True)),
                   reverse=True)
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else (years[0] if years else
                                                                                    timezone.now().year - 1)
    return bureaus, bureau, years, year


@login_required
def bureau_dashboard(request):
    bureaus, bureau, years, year = _choice(request)
    departments = list(Organisation.objects.filter(parent=bureau, kind=Organisation.Kind.DEPARTMENT).order_by("code"))
    reports = latest_revisions(Report.objects.filter(department__parent=bureau, fiscal_year=year))
    by_department = {r.department_id: r for r in reports}
    summaries = check_summaries(reports)
    deadline = ReportingDeadline.objects.filter(finance_bureau=bureau, fiscal_year=year).first()
    today = timezone.localdate()
    rows = []
    for department in departments:
        report = by_department.get(department.pk)
        summary = summaries.get(report.pk) if report else None
        waiting = ((today - timezone.localdate(report.approved_at)).days
                   if report and report.state == Report.State.APPROVED and report.approved_at else None)
        late = bool(deadline and today > deadline.due_date and (report is None or report.state == Report.State.DRAFT))
        rows.append({"department": department, "report": report, "summary": summary, "waiting": waiting,
                     "late": late})
    titles = {rule.code: rule.title for rule in all_rules()}
    fired = Counter(code for s in summaries.values() for code in s.codes)
    count, blocks = consolidated(bureau, year)
    return render(request, "bureau/dashboard.html", {
        "bureaus": bureaus, "bureau": bureau, "years": years or [year], "year": year, "rows": rows,
        "deadline": deadline, "states": _progress(rows),
        "rules": [(code, titles.get(code, ""), n) for code, n in fired.most_common(10)],
        "most_warnings": sorted((r for r in rows if r["summary"] and r["summary"].warnings),
                                key=lambda r: -r["summary"].warnings)[:10],
        "published_count": count, "blocks": blocks, "today": today,
    })


STATE_WORDS = {"none": "未开始", Report.State.DRAFT: "填报中", Report.State.SUBMITTED: "已提交",
               Report.State.APPROVED: "已审核", Report.State.PUBLISHED: "已公开"}


def _progress(rows) -> list[tuple[str, int]]:
    """How many departments are at each step, in workflow order: [("填报中", 3), …]."""
    counts = Counter(row["report"].state if row["report"] else "none" for row in rows)
    return [(word, counts[state]) for state, word in STATE_WORDS.items() if counts[state]]


@login_required
def bureau_consolidated_xlsx(request):
    _, bureau, _, year = _choice(request)
    response = HttpResponse(consolidated_workbook(bureau, year), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{bureau.code}-{year}-consolidated.xlsx"'
    return response


