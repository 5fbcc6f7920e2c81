"""Every URL of the product × six kinds of visitor × every report state: the exact status code.

The URL list is taken from the URL configuration, so a new view cannot escape this matrix.
"""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from apps.accounts.models import Membership, Organisation, Region, User
from apps.jobs.models import Job
from apps.jobs.services import job_start
from apps.portal.views import reports as views
from apps.reports.models import Report, WarningExplanation

ROLES = ["anonymous", "accountant", "other_accountant", "reviewer", "other_reviewer", "administrator"]
STATES = list(Report.State.values)
R = "410882-zwfw/2021"


def visible(role, state):
    return (state == "published" or role in ("accountant", "administrator")
            or (role == "reviewer" and state != "draft"))


def entry_page(role, state, ok=200):
    if role == "anonymous":
        return 302
    if not visible(role, state):
        return 404
    return ok if role == "accountant" and state == "draft" else 403


def entry_reading_page(role, state):
    """An entry page read: its accountant in every state (read only once submitted), nobody else."""
    return entry_page(role, "draft" if role == "accountant" and visible(role, state) else state)


def reviewer_page(role, state, ok=200):
    if role == "anonymous":
        return 302
    if not visible(role, state):
        return 404
    return ok if role == "reviewer" else 403


def own_job(role, state):
    return 302 if role == "anonymous" else 200 if role == "administrator" else 404


def public_page(role, state):
    return 200 if visible(role, state) else 404


# name → (method, path, data, expected(role, state))
URLS = {
    "home": ("get", "/", None, lambda role, state: 200),
    "department": ("get", "/departments/410882-zwfw/", None, lambda role, state: 200 if state == "published" else 404),
    "department-compare": ("get", "/departments/410882-zwfw/compare/", None,
                           lambda role, state: 200 if state == "published" else 404),
    "open-data": ("get", "/open-data/", None, lambda role, state: 200),
    "open-data-catalogue": ("get", "/open-data/catalogue.json", None, lambda role, state: 200),
    "open-data-schema": ("get", "/open-data/report.schema.json", None, lambda role, state: 200),
    "open-data-csv": ("get", "/open-data/tables.csv", None, lambda role, state: 200),
    "corrections": ("get", "/corrections/", None, lambda role, state: 200),
    "sitemap": ("get", "/sitemap.xml", None, lambda role, state: 200),
    "rule-catalogue": ("get", "/rules/", None, lambda role, state: 200),
    "report": ("get", f"/reports/{R}/", None, public_page),
    "report-revision": ("get", f"/reports/{R}/r1/", None, public_page),
    "report-pdf-latest": ("get", f"/reports/{R}/document.pdf", None, public_page),
    "report-pdf": ("get", f"/reports/{R}/r1/document.pdf", None, public_page),
    "report-history": ("get", f"/reports/{R}/r1/history/", None,
                       lambda role, state: 302 if role == "anonymous" else 404 if not visible(role, state)
                       else 200 if role in ("reviewer", "administrator") else 403),
    "entry-home": ("get", "/entry/", None, lambda role, state: 302 if role == "anonymous" else 200),
    "entry-overview": ("get", f"/entry/{R}/", None, entry_reading_page),
    "entry-table": ("get", f"/entry/{R}/tables/expenditure/", None, entry_reading_page),
    "entry-table save": ("post", f"/entry/{R}/tables/expenditure/", {"table_note": ""},
                         lambda role, state: entry_page(role, state, ok=302)),
    "entry-subjects": ("get", f"/entry/{R}/subjects/?q=201", None, entry_page),
    "entry-section": ("get", f"/entry/{R}/sections/overview/", None, entry_reading_page),
    "entry-section save": ("post", f"/entry/{R}/sections/glossary/",
                           {"glossary-TOTAL_FORMS": "0", "glossary-INITIAL_FORMS": "0"},
                           lambda role, state: entry_page(role, state, ok=302)),
    "entry-explanations": ("post", f"/entry/{R}/explanations/", {"w|T07-03|x": "说明"},
                           lambda role, state: entry_page(role, state, ok=302)),
    "sheet-list": ("get", f"/entry/{R}/sheets/", None, entry_reading_page),
    "entry-import": ("get", f"/entry/{R}/import/", None, entry_page),
    # every bureau's reviewer has a dashboard: their own (tests/portal/test_dashboard.py: never another's)
    "bureau-dashboard": ("get", "/bureau/dashboard/", None, lambda role, state: 302 if role == "anonymous" else
                         200 if role in ("reviewer", "other_reviewer", "administrator") else 403),
    "bureau-consolidated": ("post", "/bureau/dashboard/consolidated/", {"year": "2021"}, lambda role, state: 302
                            if role == "anonymous" else 302 if role in ("reviewer", "other_reviewer", "administrator")
                            else 403),
    # a job is seen by the person who started it (here the administrator), by nobody else
    "job": ("get", "/jobs/JOB/", None, own_job),
    "job-status": ("get", "/jobs/JOB/status.json", None, own_job),
    "job-download": ("get", "/jobs/JOB/result", None, own_job),
    # a draft's edition and class count are changed, and a draft deleted, by the administrator of its bureau only;
    # a report that left draft keeps its own and is never deleted
    "bureau-draft": ("post", f"/bureau/reports/{R}/draft/", {"edition": "shanghai-2024", "summary_classes": "24"},
                     lambda role, state: 302 if role == "anonymous" else 404 if not visible(role, state)
                     else 302 if role == "administrator" and state == "draft" else 403),
    # the demo's report was entered in the system: no source file (its bureau's download: test_historical_import)
    "bureau-source": ("get", f"/bureau/reports/{R}/source/", None,
                      lambda role, state: 302 if role == "anonymous" else 404),
    "bureau-draft-delete": ("post", f"/bureau/reports/{R}/draft/delete/", {"confirm": "沁阳市政务服务和大数据管理局"},
                            lambda role, state: 302 if role == "anonymous" else 404 if not visible(role, state)
                            else 302 if role == "administrator" and state == "draft" else 403),
    "bureau-import": ("get", "/bureau/import/", None,
                      lambda role, state: 302 if role == "anonymous" else 200 if role == "administrator" else 403),
    "bureau-catalogues": ("get", "/bureau/catalogues/", None,
                          lambda role, state: 302 if role == "anonymous" else 200 if role == "administrator" else 403),
    "report-download": ("get", f"/reports/{R}/r1/report.json", None, public_page),
    "sheet-edit": ("get", f"/entry/{R}/sheets/2/", None, entry_reading_page),
    "sheet-edit save": ("post", f"/entry/{R}/sheets/2/", {"name": "改"}, lambda role, state: entry_page(role, state, ok=302)),
    "sheet-new": ("post", f"/entry/{R}/sheets/new/", {}, lambda role, state: entry_page(role, state, ok=302)),
    "entry-submit": ("post", f"/entry/{R}/submit/", {}, lambda role, state: entry_page(role, state, ok=302)),
    "entry-correct": ("post", f"/entry/{R}/correct/", {"note": "更正"},
                      lambda role, state: 302 if role == "anonymous" else 404 if not visible(role, state)
                      else 302 if role == "accountant" else 403),
    "review-queue": ("get", "/review/", None,
                     lambda role, state: 302 if role == "anonymous" else 200 if "reviewer" in role else 403),
    "review-report": ("get", f"/review/{R}/", None, reviewer_page),
    "review-action": ("post", f"/review/{R}/action/", {"action": "approve"},
                      lambda role, state: reviewer_page(role, state, ok=302)),
    "review-comment": ("post", f"/review/{R}/comments/", {"table": "expenditure", "text": "请核对"},
                       lambda role, state: reviewer_page(role, state, ok=302)),
    "review-judge": ("post", f"/review/{R}/explanations/EXPLANATION/", {"verdict": "accepted"},
                     lambda role, state: reviewer_page(role, state, ok=302)),
    "review-accept-all": ("post", f"/review/{R}/explanations/accept-all/", {},
                          lambda role, state: reviewer_page(role, state, ok=302)),
    "login": ("get", "/accounts/login/", None, lambda role, state: 200),
    "healthz": ("get", "/healthz", None, lambda role, state: 200),
    "favicon": ("get", "/favicon.ico", None, lambda role, state: 302),
    "logout": ("post", "/accounts/logout/", {}, lambda role, state: 302),
}


def named_patterns(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from named_patterns(pattern, namespace)
        elif isinstance(pattern, URLPattern):
            yield pattern.name


def test_the_matrix_covers_every_url_of_the_product():
    """Every named URL once (a page read by GET and changed by POST has a second entry, "name save")."""
    assert sorted(named_patterns()) == sorted(name for name in URLS if not name.endswith(" save"))


@pytest.fixture
def people(db):
    region = Region.objects.create(code="410883", name="孟州市")
    bureau = Organisation.objects.create(code="410883-czj", name="孟州市财政局", kind="finance_bureau", region=region)
    department = Organisation.objects.create(code="410883-jyj", name="孟州市教育局", kind="department",
                                             region=region, parent=bureau)
    other_accountant = User.objects.create_user("other_accountant", password="x")
    other_reviewer = User.objects.create_user("other_reviewer", password="x")
    Membership.objects.create(user=other_accountant, organisation=department, role=Membership.Role.ACCOUNTANT)
    Membership.objects.create(user=other_reviewer, organisation=bureau, role=Membership.Role.REVIEWER)
    return {"accountant": "kuaiji", "reviewer": "shenhe", "administrator": "guanli",
            "other_accountant": "other_accountant", "other_reviewer": "other_reviewer"}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(URLS))
def test_status(client, demo_report, people, monkeypatch, media, name, role, state):
    monkeypatch.setattr(views, "render_pdf", lambda doc: b"%PDF-1.7 stub")  # permissions, not rendering
    explanation = WarningExplanation.objects.create(report=demo_report, code="T07-03", signature="x", text="说明")
    Report.objects.filter(pk=demo_report.pk).update(state=state)
    if role != "anonymous":
        client.force_login(User.objects.get(username=people[role]))
    method, path, data, expected = URLS[name]
    path = path.replace("EXPLANATION", str(explanation.pk))
    if "JOB" in path:
        job = job_start(Job.Kind.CONSOLIDATED, by=User.objects.get(username="guanli"), fiscal_year=2021,
                        organisation=demo_report.department.parent)
        path = path.replace("JOB", str(job.token))
    response = getattr(client, method)(path, data) if data is not None else getattr(client, method)(path)
    response.close()  # a file response holds its file open
    assert response.status_code == expected(role, state), (name, role, state)
