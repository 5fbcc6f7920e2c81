"""Benchmark: rendering the disclosure — view model, the HTML page built from the database, the stored page of a
published revision, the PDF (WeasyPrint) in process and as `export_report --format pdf` (whole process, peak RSS) —
beside Debian Chromium's --print-to-pdf of the same HTML (whole process), for the demo, the 上海 2024 demo and a
synthetic report with 500 项 rows.

    .venv/bin/python benchmarks/render.py [--runs N] [--only demo|shanghai|500]

Runs on a throw-away SQLite database file (so that `export_report` runs in its own process on the same data).
Prints the median time of each step, the ratios to Chromium beside their targets (issue 23), and exits non-zero when
a ratio or the peak memory misses its target by more than 20 % (`targets.py`).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="juesuan-render-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.targets import Targets  # noqa: E402

TARGETS = {"pdf_ratio": 1.0, "export_ratio": 1.3, "export_rss_mb": 200.0}  # issue 23


def median_seconds(function, runs: int):
    """The median wall time of `function` over `runs` calls after one warm-up call, and its last result."""
    result = function()  # warm up (imports, font cache, template cache)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def chromium_seconds(html: str, runs: int) -> tuple[float, str] | None:
    """Chromium's --print-to-pdf of `html`, the whole headless process: (median seconds, pages)."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "report.html", Path(folder) / "report.pdf"
        source.write_text(html, encoding="utf-8")
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={folder}/profile", "--no-pdf-header-footer",
                            f"--print-to-pdf={target}", source.as_uri()],
                           check=True, capture_output=True, timeout=180)
            timings.append(time.perf_counter() - started)
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
        pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")
        return statistics.median(timings), pages


MEASURED = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def export_process(address: str, runs: int) -> tuple[float, float]:
    """`manage.py export_report ADDRESS --format pdf` as its own process: (median seconds, peak RSS in MB). The RSS
    is read by a small parent whose only child is the export (not this process's other children, Chromium)."""
    timings, peak = [], 0.0
    output = SCRATCH / "export.pdf"
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", MEASURED, sys.executable, "manage.py", "export_report", address,
                               "--format", "pdf", "--output", str(output)],
                              cwd=ROOT, check=True, capture_output=True, text=True, env=os.environ.copy(), timeout=300)
        timings.append(time.perf_counter() - started)
        peak = max(peak, int(done.stdout.strip()) / 1024)  # kB → MB
    return statistics.median(timings), peak


def bench(label: str, report, runs: int, targets: Targets):
    from io import BytesIO

    import pypdf

    from apps.documents.disclosure import build_disclosure
    from apps.documents.rendering import render_pdf, render_standalone_html
    from apps.reports.models import Report

    print(f"\n== {label}: {report} ==")
    Report.objects.filter(pk=report.pk).update(state=Report.State.PUBLISHED)  # the public page, no login
    report.refresh_from_db()
    client = Client(HTTP_HOST="localhost")
    url = f"/reports/{report.department.code}/{report.fiscal_year}/"

    def page():
        cache.clear()  # never the page cache: the page as built for its first visitor
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    seconds, doc = median_seconds(lambda: build_disclosure(report), runs * 4)
    print(f"view model (build_disclosure)            median {seconds * 1000:7.0f} ms")
    seconds, _ = median_seconds(page, runs * 4)
    print(f"HTML page built from the database        median {seconds * 1000:7.0f} ms")
    call_command("store_documents", "--formats", "html", stdout=open(os.devnull, "w"))  # what publication keeps
    seconds, _ = median_seconds(page, runs * 4)
    print(f"HTML page of the published revision      median {seconds * 1000:7.0f} ms  (its stored body)")
    weasy, pdf = median_seconds(lambda: render_pdf(doc), runs)
    pages = len(pypdf.PdfReader(BytesIO(pdf)).pages)
    print(f"PDF, WeasyPrint in process               median {weasy * 1000:7.0f} ms  ({len(pdf) // 1024} KiB, {pages} pages)")
    export, rss = export_process(report.address, max(1, runs // 2))
    print(f"export_report --format pdf, own process  median {export * 1000:7.0f} ms  (peak RSS {rss:.0f} MB)  "
          + targets.judge(f"{label}: export peak RSS", rss, TARGETS["export_rss_mb"], "MB"))
    chromium = chromium_seconds(render_standalone_html(doc), runs)
    if chromium is None:
        print("chromium --print-to-pdf: Chromium not installed (apt-get install chromium)")
        return
    seconds, chromium_pages = chromium
    print(f"chromium --print-to-pdf, same HTML       median {seconds * 1000:7.0f} ms  ({chromium_pages} pages)")
    print(f"WeasyPrint ÷ Chromium = {weasy / seconds:.2f}  "
          + targets.judge(f"{label}: PDF ÷ Chromium", weasy / seconds, TARGETS["pdf_ratio"], "×"))
    print(f"export_report ÷ Chromium = {export / seconds:.2f}  "
          + targets.judge(f"{label}: export ÷ Chromium", export / seconds, TARGETS["export_ratio"], "×"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["demo", "shanghai", "500"])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    from apps.reports.models import Report
    from benchmarks.rules import synthetic_report

    reports = {
        "demo": lambda: Report.objects.get(department__code="410882-zwfw", fiscal_year=2021),
        "shanghai": lambda: Report.objects.get(department__code="310000-sample", fiscal_year=2024),
        "500": lambda: synthetic_report(500),
    }
    targets = Targets()
    try:
        for key, report in reports.items():
            if args.only in (None, key):
                bench(key, report(), args.runs, targets)
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
    return targets.exit_code


if __name__ == "__main__":
    sys.exit(main())
