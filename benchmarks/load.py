"""Load on the production configuration: gunicorn (deploy/gunicorn.conf.py, config.settings.prod, WhiteNoise, Redis
cache) with PostgreSQL on loopback, driven by a second process (benchmarks/load_client.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/juesuan_load python benchmarks/load.py [--departments 500]
        [--years 3] [--seconds 20] [--visitors 6] [--accountants 2] [--keep]

The database holds the demo (published, with its stored PDF and workbook; then a correction in draft that the
accountants edit) and a synthetic bureau of published reports shaped like it (benchmarks/portal.py). Three phases of
`--seconds` each:
1. a static file (WhiteNoise) alone — the yardstick;
2. public report pages alone (random reports: cached after their first visit, as in production);
3. mixed: visitors reading report pages, downloading official PDFs, searching and opening department pages, while
   accountants open a table and save a changed cell again and again.
Prints requests per second, p50/p95/p99 and errors per kind of request, and the report page against the static file.
Exits 1 when a request failed or the report pages' p95 reached 200 ms (the target of issue 11).
"""
import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/juesuan_load")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.load_settings")

import django  # noqa: E402

from benchmarks.portal import generate, recreate_database  # noqa: E402

PORT = 8095
HOST = "juesuan.example.cn"
CACHE_URL = "redis://127.0.0.1:6379/9"
P95_TARGET_MS = 200


def prepare(departments: int, years: int, media: Path):
    """The data: the synthetic bureau, the demo published through the workflow, then a correction in draft."""
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = media
    bureau = generate(departments, years)
    from apps.accounts.models import User
    from apps.portal.services import publication
    from apps.reports.models import PublishedDocument, Report
    from apps.workflow import services as workflow

    by = {name: User.objects.get(username=name) for name in ("kuaiji", "shenhe")}
    demo = workflow.report_submit(report=Report.objects.get(department__code="410882-zwfw", fiscal_year=2021),
                                  by=by["kuaiji"])
    for explanation in demo.warning_explanations.all():
        workflow.explanation_judge(explanation=explanation, verdict="accepted", by=by["shenhe"])
    demo = publication.report_publish(report=workflow.report_approve(report=demo, by=by["shenhe"]), by=by["shenhe"])
    workflow.report_start_correction(report=demo, by=by["kuaiji"], note="负载测试中的更正")
    # The synthetic reports were written by COPY without files: give each the demo's stored PDF (same file).
    pdf = PublishedDocument.objects.get(report=demo, format="pdf")
    PublishedDocument.objects.bulk_create(
        PublishedDocument(report_id=pk, format="pdf", file=pdf.file.name, sha256=pdf.sha256, size=pdf.size)
        for pk in Report.objects.filter(department__parent=bureau).values_list("pk", flat=True))
    call_command("store_documents", "--formats", "html", stdout=StringIO())  # each page body, as at publication
    return bureau


def paths(bureau) -> dict[str, list[str]]:
    from apps.reports.models import Report

    reports = list(Report.objects.filter(state="published").values_list("department__code", "fiscal_year",
                                                                         "revision"))
    years = sorted({year for _, year, _ in reports})
    words = ["教育", "卫生", "交通", "审计局", "水利", "商务局", "政务服务"]
    return {
        "report page": [f"/reports/{code}/{year}/r{revision}/" for code, year, revision in reports],
        "PDF download": [f"/reports/{code}/{year}/r{revision}/document.pdf" for code, year, revision in reports],
        "search": [f"/?q={word}&year={year}" for word in words for year in years] + ["/"],
        "department page": sorted({f"/departments/{code}/" for code, _, _ in reports}),
    }


def server_environment(media: Path) -> dict:
    from django.db import connection

    database = connection.settings_dict
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64), "DJANGO_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
            "DB_CONN_MAX_AGE": "60", "REDIS_CACHE_URL": CACHE_URL, "DJANGO_MEDIA_ROOT": str(media),
            "GUNICORN_BIND": f"127.0.0.1:{PORT}", "DJANGO_LOG_LEVEL": "WARNING"}


def run_client(plan: dict, work: Path) -> dict:
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "load_client.py"), str(plan_file)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def summary(label: str, result: dict, seconds: float) -> dict:
    times = sorted(result["times"])
    if not times:
        print(f"  {label:<18} no requests; errors {len(result['errors'])} {result['errors'][:1]}")
        return {"rps": 0, "p50": 0, "p95": 0, "p99": 0, "errors": len(result["errors"])}

    def p(q):
        return times[min(len(times) - 1, int(len(times) * q))] * 1000

    figures = {"rps": len(times) / seconds, "p50": p(0.5), "p95": p(0.95), "p99": p(0.99),
               "errors": len(result["errors"])}
    print(f"  {label:<18} {figures['rps']:7.1f} req/s   p50 {figures['p50']:6.1f} ms   p95 {figures['p95']:6.1f} ms"
          f"   p99 {figures['p99']:6.1f} ms   errors {figures['errors']}"
          + (f" (first: {result['errors'][0]})" if result["errors"] else ""))
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--departments", type=int, default=500)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--visitors", type=int, default=6)
    parser.add_argument("--accountants", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="reuse the database and files of the last run")
    args = parser.parse_args()
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        sys.exit("benchmarks/load.py needs PostgreSQL (DATABASE_URL=postgres://…)")
    work = Path(tempfile.gettempdir()) / "juesuan-load"
    media = work / "media"
    if not args.keep:
        recreate_database(os.environ["DATABASE_URL"])
        subprocess.run(["rm", "-rf", str(work)], check=True)
    media.mkdir(parents=True, exist_ok=True)
    django.setup()
    from apps.accounts.models import Organisation

    started = time.perf_counter()
    bureau = (Organisation.objects.filter(code="410000-czt").first() if args.keep else None) or prepare(
        args.departments, args.years, media)
    targets = paths(bureau)
    print(f"data ready in {time.perf_counter() - started:.0f} s: {len(targets['report page'])} published reports")

    env = server_environment(media)
    subprocess.run(["redis-cli", "-u", CACHE_URL, "flushdb"], check=True, capture_output=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)
    workers = os.environ.get("GUNICORN_WORKERS", str(os.cpu_count() * 2 + 1))
    log = open(work / "gunicorn.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
                              cwd=ROOT, env={**env, "GUNICORN_WORKERS": workers}, stdout=log, stderr=log)
    try:
        subprocess.run(["curl", "-fs", "--retry", "30", "--retry-delay", "1", "--retry-connrefused", "-o",
                        "/dev/null", f"http://127.0.0.1:{PORT}/healthz"], check=True)
        print(f"gunicorn: {workers} workers × {os.environ.get('GUNICORN_THREADS', '2')} threads, production "
              f"settings, Redis cache; client: {args.visitors} visitors + {args.accountants} accountants "
              f"in a second process, {args.seconds:.0f} s per phase, {os.cpu_count()} cores shared")
        base = {"base": f"http://127.0.0.1:{PORT}", "seconds": args.seconds, "host": HOST}
        threads = args.visitors + args.accountants
        print("1. static file (WhiteNoise), alone:")
        static = summary("static file", run_client({**base, "visitors": {"threads": threads, "mix": [
            [1, "static file", ["/static/css/site.css"]]]}}, work)["static file"], args.seconds)
        print("2. public report pages, alone (random reports: each cached after its first visit):")
        alone = summary("report page", run_client({**base, "visitors": {"threads": threads, "mix": [
            [1, "report page", targets["report page"]]]}}, work)["report page"], args.seconds)
        print("3. mixed: visitors and accountants saving at the same time:")
        mixed = run_client({**base, "visitors": {"threads": args.visitors, "mix": [
            [50, "report page", targets["report page"]], [15, "PDF download", targets["PDF download"]],
            [20, "search", targets["search"]], [15, "department page", targets["department page"]]]},
            "accountants": {"threads": args.accountants, "login": ["kuaiji", "kuaiji-2021-demo"],
                            "table": "/entry/410882-zwfw/2021/tables/expenditure/",
                            "cells": ["v|2010306|basic", "v|2010350|basic", "v|2101101|basic"]}}, work)
        figures = {kind: summary(kind, mixed[kind], args.seconds) for kind in sorted(mixed)}
    finally:
        server.terminate()
        server.wait(30)
        log.close()
    total = sum(len(r["times"]) for r in mixed.values())
    errors = static["errors"] + alone["errors"] + sum(f["errors"] for f in figures.values())
    print(f"mixed total: {total / args.seconds:.1f} req/s")
    print(f"report page vs static file: p50 {alone['p50'] / static['p50']:.1f}×, "
          f"throughput {alone['rps'] / static['rps']:.2f}× (alone); p95 under mixed load "
          f"{figures['report page']['p95']:.1f} ms")
    worst = max(alone["p95"], figures["report page"]["p95"])
    verdict = errors == 0 and worst < P95_TARGET_MS
    print(f"{'PASS' if verdict else 'FAIL'}: {errors} errors; report pages p95 {worst:.1f} ms "
          f"(target < {P95_TARGET_MS} ms)")
    sys.exit(0 if verdict else 1)


if __name__ == "__main__":
    main()
