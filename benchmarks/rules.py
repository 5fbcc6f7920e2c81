"""Benchmark: time to load and check the demo report, and a synthetic report with 500 项 rows.

    .venv/bin/python benchmarks/rules.py [--runs N]

Runs on a throw-away SQLite database in memory (DATABASE_URL=postgres://… to use PostgreSQL instead; the
database named there is used as is, so point it at a scratch database). Prints the median and the worst of
N runs of `check_report` (load in a constant number of queries + compute + every rule) beside its target, and exits
non-zero when a median misses its target by more than 20 % (`targets.py`).
"""
import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from benchmarks.targets import Targets  # noqa: E402


def synthetic_report(items: int):
    """A copy of the demo department's report for a synthetic year with `items` 项 rows in 公开02/03/05表."""
    from apps.reports.models import (
        BalanceFacts,
        EconomicSubject,
        ExpenditureLine,
        FunctionalSubject,
        GeneralBudgetLine,
        IncomeLine,
        Report,
    )

    year = 2099
    classes = [f"{200 + c}" for c in range(1, 11)]
    subjects = []
    for class_code in classes:
        subjects.append(FunctionalSubject(fiscal_year=year, code=class_code, name=f"第{class_code}类", level=1))
        for section in range(1, 11):
            section_code = f"{class_code}{section:02d}"
            subjects.append(FunctionalSubject(fiscal_year=year, code=section_code, name=f"款{section_code}", level=2))
            for item in range(1, 6):
                subjects.append(FunctionalSubject(fiscal_year=year, code=f"{section_code}{item:02d}",
                                                  name=f"项{section_code}{item:02d}", level=3))
    FunctionalSubject.objects.bulk_create(subjects)
    EconomicSubject.objects.bulk_create(
        EconomicSubject(fiscal_year=year, code=s.code, name=s.name) for s in EconomicSubject.objects.filter(fiscal_year=2021)
    )
    demo = Report.objects.get(fiscal_year=2021)
    report = Report.objects.create(department=demo.department, fiscal_year=year)
    leaves = [s for s in subjects if s.level == 3][:items]
    amount = Decimal("10000.00")
    IncomeLine.objects.bulk_create(IncomeLine(report=report, subject=s, fiscal=amount * 2) for s in leaves)
    ExpenditureLine.objects.bulk_create(
        ExpenditureLine(report=report, subject=s, basic=amount, project=amount) for s in leaves)
    GeneralBudgetLine.objects.bulk_create(
        GeneralBudgetLine(report=report, subject=s, basic=amount, project=amount) for s in leaves)
    BalanceFacts.objects.create(report=report, general_budget_income=amount * 2 * len(leaves),
                                opening_balance=Decimal(0), closing_balance=Decimal(0))
    return report


TARGETS_MS = {"demo": 10.0, "500": 50.0}  # issue 23: rules on the demo, on a 500-项 report


def measure(label: str, report, runs: int, target_ms: float, targets):
    from apps.reports.rules import check_report

    check_report(report)  # warm up imports and caches
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = check_report(report)
            timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    print(f"{label}: median {median:.1f} ms, worst {max(timings):.1f} ms over {runs} runs; "
          f"{len(queries)} queries; {len(result.errors)} errors, {len(result.warnings)} warnings, "
          f"{len(result.infos)} infos — {targets.judge(label, median, target_ms)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    from apps.reports.models import Report

    targets = Targets()
    measure("demo report (14 项 rows, 8 sheets, 96 indicators)", Report.objects.get(fiscal_year=2021), args.runs,
            TARGETS_MS["demo"], targets)
    measure("synthetic report (500 项 rows in 公开02/03/05表)", synthetic_report(500), args.runs, TARGETS_MS["500"],
            targets)
    return targets.exit_code


if __name__ == "__main__":
    sys.exit(main())
