"""Benchmark: server time of every entry page for the demo report (the accountant's view), and of a save.

    .venv/bin/python benchmarks/entry.py [--runs N]

Runs on a throw-away SQLite database in memory; each figure is the median of N requests through Django's
test client (the whole request: middleware, session, permission, snapshot, rules, template).
"""
import argparse
import os
import re
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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def timed(client, method, url, runs, data=None):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code in (200, 302), (url, response.status_code)
    return statistics.median(timings), max(timings), len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    from apps.reports.layouts import TableCode

    client = Client(HTTP_HOST="localhost")
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    base = "/entry/410882-zwfw/2021"
    urls = [f"{base}/"] + [f"{base}/tables/{code}/" for code in TableCode.values] + [
        f"{base}/sections/{part}/" for part in ("overview", "facts", "budgets", "glossary", "attachments",
                                                 "narrative-general_budget-detail")] + [f"{base}/subjects/?q=2010"]
    client.get(urls[0])
    worst = 0.0
    for url in urls:
        median, slowest, queries = timed(client, "get", url, args.runs)
        worst = max(worst, median)
        print(f"GET  {url:<62} median {median:6.1f} ms  max {slowest:6.1f} ms  {queries:3d} queries")
    page = client.get(f"{base}/tables/expenditure/").content.decode()
    form = dict(re.findall(r'name="([vb]\|[^"]+)" value="([^"]*)"', page))
    median, slowest, queries = timed(client, "post", f"{base}/tables/expenditure/", args.runs,
                                     {**form, "action": "save"})
    print(f"POST {base + '/tables/expenditure/ (save)':<62} median {median:6.1f} ms  max {slowest:6.1f} ms  "
          f"{queries:3d} queries")
    print(f"slowest page median: {worst:.1f} ms")


if __name__ == "__main__":
    main()
