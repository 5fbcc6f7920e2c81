"""Benchmark: the demo report's disclosure — view model, HTML page, PDF (WeasyPrint) — and, on the same
HTML, Debian Chromium's --print-to-pdf as a reference.

    .venv/bin/python benchmarks/render.py [--runs N]

Runs on a throw-away SQLite database in memory. Prints the median time and the peak Python memory
(tracemalloc) of each step; Chromium's time is measured around the whole headless process.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402


def measure(label, function, runs):
    function()  # warm up (imports, font cache, template cache)
    timings, peaks = [], []
    for _ in range(runs):
        tracemalloc.start()
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    # tracemalloc slows Python down; take the time again without it.
    plain = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        plain.append(time.perf_counter() - started)
    print(f"{label}: median {statistics.median(plain) * 1000:.0f} ms (min {min(plain) * 1000:.0f}, "
          f"max {max(plain) * 1000:.0f}), peak Python memory {max(peaks) / 2**20:.1f} MiB")
    return result


def chromium_print(html: str, runs: int):
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        print("chromium --print-to-pdf: Chromium not installed (apt-get install chromium)")
        return
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
                           check=True, capture_output=True, timeout=120)
            timings.append(time.perf_counter() - started)
        pages = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
        count = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?")
        print(f"chromium --print-to-pdf (same HTML, whole process): median {statistics.median(timings) * 1000:.0f} ms "
              f"(min {min(timings) * 1000:.0f}), {count} pages")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    from apps.documents.disclosure import build_disclosure
    from apps.documents.rendering import render_pdf, render_standalone_html
    from apps.reports.models import Report

    report = Report.objects.get(fiscal_year=2021)
    Report.objects.filter(pk=report.pk).update(state=Report.State.PUBLISHED)  # the public page, no login
    report.refresh_from_db()
    doc = measure("view model (build_disclosure)", lambda: build_disclosure(report), args.runs * 4)
    client = Client(HTTP_HOST="localhost")
    url = f"/reports/{report.department.code}/{report.fiscal_year}/"
    response = measure("HTML page (GET, whole request)", lambda: client.get(url), args.runs * 4)
    assert response.status_code == 200, response.status_code
    pdf = measure("PDF (WeasyPrint)", lambda: render_pdf(doc), args.runs)
    from io import BytesIO

    import pypdf

    print(f"PDF: {len(pdf) / 1024:.0f} KiB, {len(pypdf.PdfReader(BytesIO(pdf)).pages)} pages")
    chromium_print(render_standalone_html(doc), args.runs)


if __name__ == "__main__":
    main()
