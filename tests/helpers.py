"""Steps of the workflow that many tests take, done as the demo's people would; the production settings' values."""
import os
import subprocess
import sys
from pathlib import Path

from apps.accounts.models import User
from apps.portal.services import publication
from apps.workflow import services as workflow

ROOT = Path(__file__).resolve().parents[1]
PROD_ENV = {"DJANGO_SETTINGS_MODULE": "config.settings.prod", "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-" * 3,
            "DJANGO_ALLOWED_HOSTS": "juesuan.example.cn", "JUESUAN_SITE_URL": "https://juesuan.example.cn"}


# A shared cache nobody answers for (nobody listens on port 1): the cache only saves work.
CACHE_DOWN = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": "redis://127.0.0.1:1/0"}}


def user(name):
    return User.objects.get(username=name)


# The demo's accountant and reviewer of each demo department.
PEOPLE = {"410882-zwfw": ("kuaiji", "shenhe"), "310000-sample": ("shkuaiji", "shshenhe")}


def accept_explanations(explanations, reviewer="shenhe"):
    """The reviewer accepts the explanations the accountant wrote (the demo explains the seed's warnings)."""
    for explanation in explanations:
        workflow.explanation_judge(explanation=explanation, verdict="accepted", by=user(reviewer))


def approve(report):
    reviewer = PEOPLE.get(report.department.code, PEOPLE["410882-zwfw"])[1]
    accept_explanations(report.warning_explanations.all(), reviewer)
    return workflow.report_approve(report=report, by=user(reviewer))


def publish(report):
    accountant, reviewer = PEOPLE.get(report.department.code, PEOPLE["410882-zwfw"])
    report = workflow.report_submit(report=report, by=user(accountant))
    return publication.report_publish(report=approve(report), by=user(reviewer))


def production_environment(**env) -> dict:
    """The production settings' environment (without what the browser tests set for their own process)."""
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**inherited, **PROD_ENV, **env}


def production(code: str, **env) -> str:
    """Run Python with the production settings (a separate process: settings are read once)."""
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=ROOT,
                            env=production_environment(**env), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def use_broker(url):
    """Point the Celery application at another broker (None: none), with no connection pooled for the previous one.
    Celery keeps a connection pool and a producer pool per application: both are dropped (test-only internals)."""
    from config.celery import app

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.broker_url = url


def findings_on_page(page: str) -> str:
    """The findings panel's list for the page shown (本页), without the other parts' findings."""
    panel = page.split('id="findings-title"', 1)[1].split("</section>", 1)[0]
    return panel.split("<details", 1)[0]


def open_years_from(source_year: int, years) -> None:
    """Open `years` with the catalogues of `source_year` (codes, names, glossary, settings): enough for documents of
    earlier years built from a report of `source_year`."""
    from apps.reports.models import EconomicSubject, FiscalYear, FunctionalSubject, StandardGlossaryTerm

    settings = FiscalYear.objects.get(year=source_year)
    for year in years:
        FiscalYear.objects.create(year=year, summary_classes=settings.summary_classes, edition=settings.edition)
        for model, fields in ((FunctionalSubject, ("code", "name", "level")), (EconomicSubject, ("code", "name")),
                              (StandardGlossaryTerm, ("order", "term", "definition"))):
            model.objects.bulk_create(model(fiscal_year=year, **row)
                                      for row in model.objects.filter(fiscal_year=source_year).values(*fields))
