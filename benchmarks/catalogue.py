"""Benchmark: a 3,000-row 支出功能分类 catalogue file read, checked and written for a new year (target: under 5 s).

    .venv/bin/python benchmarks/catalogue.py [--rows 3000] [--runs 3]

Runs on a throw-away SQLite database in memory (DATABASE_URL=postgres://… for a scratch PostgreSQL database).
Prints the median and the worst of the runs for reading the .xlsx and for writing the year; exits non-zero when
the median of the whole exceeds the target by more than 20 %.
"""
import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from openpyxl import Workbook  # noqa: E402

TARGET_SECONDS = 5.0


def catalogue_workbook(rows: int) -> bytes:
    """类 201…, ten 款 each, nine 项 each, until `rows` rows (code | name layout)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["科目编码", "科目名称"])
    written = 0
    for c in range(201, 300):
        for s in range(0, 11):
            for i in range(0, 10):
                if written >= rows:
                    break
                if s == 0 and i == 0:
                    sheet.append([str(c), f"第{c}类支出"])
                elif s and i == 0:
                    sheet.append([f"{c}{s:02d}", f"第{c}类第{s}款"])
                elif s:
                    sheet.append([f"{c}{s:02d}{i:02d}", f"第{c}类第{s}款第{i}项"])
                else:
                    continue
                written += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from apps.documents.interchange.catalogue_files import FUNCTIONAL, read_catalogue
    from apps.reports.models import FunctionalSubject
    from apps.reports.services.catalogues import catalogue_save
    from benchmarks.targets import Targets

    targets = Targets()
    content = catalogue_workbook(args.rows)
    reads, writes, wholes = [], [], []
    for run in range(args.runs):
        year = 2100 + run
        start = time.perf_counter()
        entries = read_catalogue(content, "功能分类.xlsx", FUNCTIONAL)
        read = time.perf_counter()
        catalogue_save(year, FUNCTIONAL, entries)
        done = time.perf_counter()
        assert FunctionalSubject.objects.filter(fiscal_year=year).count() == len(entries) == args.rows
        reads.append(read - start)
        writes.append(done - read)
        wholes.append(done - start)
    median = statistics.median(wholes)
    print(f"catalogue of {args.rows} rows ({len(content) // 1024} KB .xlsx), {args.runs} runs: "
          f"read and checked median {statistics.median(reads):.2f} s (worst {max(reads):.2f} s), "
          f"written median {statistics.median(writes):.2f} s (worst {max(writes):.2f} s), "
          f"whole median {median:.2f} s — {targets.judge('catalogue', median, TARGET_SECONDS, 's')}")
    return targets.exit_code


if __name__ == "__main__":
    sys.exit(main())
