"""Benchmark: exporting the demo report to a workbook and importing it back (read, check, write, rules).

    .venv/bin/python benchmarks/interchange.py [--runs N]

Runs on a throw-away SQLite database in memory (DATABASE_URL=postgres://… to use a scratch PostgreSQL database).
Prints the median and worst of N runs of: writing the workbook, reading it, the preview (everything but the
commit) and the confirmed import, and the same for JSON.
"""
import argparse
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402


def timed(function, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, max(times) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=StringIO())
    from apps.documents.interchange.files import export_file, import_file
    from apps.documents.interchange.workbook import read_workbook
    from apps.reports.models import Report

    report = Report.objects.get(department__code="410882-zwfw", fiscal_year=2021)
    workbook = export_file(report, "xlsx")[0]
    document = export_file(report, "json")[0]
    print(f"demo workbook {len(workbook) / 1024:.0f} KB, JSON {len(document) / 1024:.0f} KB; {runs} runs each")
    rows = [
        ("export workbook", lambda: export_file(report, "xlsx")),
        ("read workbook", lambda: read_workbook(workbook, report)),
        ("preview workbook import", lambda: import_file(report=report, name="d.xlsx", content=workbook, confirm=False,
                                                        by=None)),
        ("import workbook (confirmed)", lambda: import_file(report=report, name="d.xlsx", content=workbook,
                                                            confirm=True, by=None)),
        ("export JSON", lambda: export_file(report, "json")),
        ("import JSON (confirmed)", lambda: import_file(report=report, name="d.json", content=document, confirm=True,
                                                        by=None)),
    ]
    for label, function in rows:
        median, worst = timed(function, runs)
        print(f"{label:<30} median {median:7.1f} ms   worst {worst:7.1f} ms")


if __name__ == "__main__":
    main()
