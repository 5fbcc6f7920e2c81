#!/usr/bin/env bash
# Follow docs/operations.md as written, on a clean checkout of HEAD, on this machine: install, configure, migrate,
# start gunicorn and a Celery worker on Redis and PostgreSQL (the blocks marked `ops-check`), publish the demo report
# through the worker, back up, restore into an empty database, serve the restored copy and compare every published
# report byte for byte (PDF and workbook hashes, HTML page, JSON). Exit 0 only if all of it holds.
#
# Uses its own database names, Redis databases, ports and a scratch folder; removes them afterwards.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/juesuan-ops.XXXXXX)"
LOGS="$WORK/logs"
mkdir -p "$LOGS"

export JUESUAN_DIR="$WORK/juesuan" JUESUAN_ENV_FILE="$WORK/etc/juesuan.env" JUESUAN_DB=juesuan_ops_check
export JUESUAN_MEDIA="$WORK/media" JUESUAN_PORT=8181 JUESUAN_HOST=juesuan.example.cn
export JUESUAN_BROKER_URL=redis://127.0.0.1:6379/5 JUESUAN_CACHE_URL=redis://127.0.0.1:6379/6
export JUESUAN_BACKUP_DIR="$WORK/backups" JUESUAN_RESTORE_DB=juesuan_ops_restore
export JUESUAN_RESTORE_MEDIA="$WORK/restored-media"
RESTORED_PORT=8182
PIDS=()

step() { printf '\n== %s ==\n' "$*"; }

cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  sleep 2
  for pid in "${PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  if [ $status -ne 0 ]; then
    for log in "$LOGS"/*.log; do [ -f "$log" ] && { echo "--- $log (last 40 lines)"; tail -n 40 "$log"; }; done
  fi
  dropdb -h 127.0.0.1 -U postgres --if-exists --force "$JUESUAN_DB" || true
  dropdb -h 127.0.0.1 -U postgres --if-exists --force "$JUESUAN_RESTORE_DB" || true
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT

dropdb -h 127.0.0.1 -U postgres --if-exists --force "$JUESUAN_DB"
dropdb -h 127.0.0.1 -U postgres --if-exists --force "$JUESUAN_RESTORE_DB"
redis-cli -u "$JUESUAN_BROKER_URL" flushdb >/dev/null
redis-cli -u "$JUESUAN_CACHE_URL" flushdb >/dev/null
git clone --quiet "$REPO" "$JUESUAN_DIR"
DOC="$JUESUAN_DIR/docs/operations.md"

# Run the blocks of one section of the document, in order, in this shell (as someone would in a terminal);
# a block marked `background NAME` is started in its own process group, its output in $LOGS/NAME.log.
run_section() {
  local section=$1 count=0
  while IFS= read -r -d '' header && IFS= read -r -d '' code; do
    count=$((count + 1))
    read -r _ mode name <<<"$header"
    if [ "$mode" = background ]; then
      step "docs/operations.md [$section] start $name in the background"
      setsid bash -c "$code" >"$LOGS/$name.log" 2>&1 &
      PIDS+=($!)
    else
      step "docs/operations.md [$section] block $count"
      printf '%s\n' "$code"
      eval "$code"
    fi
  done < <(python3 - "$DOC" "$section" <<'PY'
import re, sys
text, wanted = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
for marker, code in re.findall(r"<!-- ops-check: ([^>]*?) -->\n```bash\n(.*?)```", text, re.S):
    if marker.split()[0] == wanted:
        sys.stdout.write(f"{marker}\0{code}\0")
PY
)
  [ "$count" -gt 0 ] || { echo "no ops-check block for section $section in $DOC" >&2; return 1; }
}

run_section install
curl -fsS "http://127.0.0.1:$JUESUAN_PORT/healthz" | grep -q '"broker": "ok"'

step "the demo data (development settings: production refuses accounts with published passwords)"
DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python manage.py load_demo >"$LOGS/load_demo.log"

step "publish the demo report through the worker"
.venv/bin/python - <<'PY'
import os, time
import django
django.setup()
from apps.accounts.models import User
from apps.workflow import services as workflow
from apps.reports.models import Report
from apps.jobs.models import Job
from apps.portal.services.publication import publication_start

by = {name: User.objects.get(username=name) for name in ("kuaiji", "shenhe")}
report = workflow.report_submit(report=Report.objects.get(department__code="410882-zwfw", fiscal_year=2021),
                                by=by["kuaiji"])
for explanation in report.warning_explanations.all():
    workflow.explanation_judge(explanation=explanation, verdict="accepted", by=by["shenhe"])
job = publication_start(workflow.report_approve(report=report, by=by["shenhe"]), by=by["shenhe"])
assert job.state == Job.State.QUEUED, job.state  # handed to the worker through Redis
deadline = time.monotonic() + 120
while not job.finished and time.monotonic() < deadline:
    time.sleep(0.5)
    job.refresh_from_db()
assert job.state == Job.State.SUCCEEDED, (job.state, job.error)
assert not job.worker.endswith(f":{os.getpid()}")
print(f"published by the worker {job.worker} in {(job.finished_at - job.created_at).total_seconds():.1f} s")
PY

fetch_all() {  # every public file of the published report, from the server on port $1, into folder $2
  mkdir -p "$2"
  for path in /reports/410882-zwfw/2021/r1/ /reports/410882-zwfw/2021/r1/document.pdf \
              /reports/410882-zwfw/2021/r1/report.xlsx /reports/410882-zwfw/2021/r1/report.json \
              /departments/410882-zwfw/ /open-data/tables.csv; do
    curl -fsS -H "Host: $JUESUAN_HOST" -H "X-Forwarded-Proto: https" \
      "http://127.0.0.1:$1$path" -o "$2/$(echo "$path" | tr '/' '_')"
  done
}
step "the published report as the public gets it"
fetch_all "$JUESUAN_PORT" "$WORK/served"
.venv/bin/python manage.py verify_published

run_section backup
run_section restore

step "serve the restored database and files (a second gunicorn) and compare"
(
  set -a && . "$JUESUAN_ENV_FILE" && set +a
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$JUESUAN_RESTORE_DB" DJANGO_MEDIA_ROOT="$JUESUAN_RESTORE_MEDIA"
  export GUNICORN_BIND="127.0.0.1:$RESTORED_PORT" REDIS_CACHE_URL=redis://127.0.0.1:6379/7
  redis-cli -u "$REDIS_CACHE_URL" flushdb >/dev/null
  exec setsid .venv/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi
) >"$LOGS/restored-web.log" 2>&1 &
PIDS+=($!)
curl -fsS --retry 60 --retry-delay 1 --retry-connrefused "http://127.0.0.1:$RESTORED_PORT/healthz" >/dev/null
fetch_all "$RESTORED_PORT" "$WORK/restored"
(cd "$WORK/served" && sha256sum ./*) >"$WORK/served.sums"
(cd "$WORK/restored" && sha256sum ./*) >"$WORK/restored.sums"
cat "$WORK/served.sums"
diff "$WORK/served.sums" "$WORK/restored.sums"
grep -q "$(sha256sum "$WORK/served/_reports_410882-zwfw_2021_r1_document.pdf" | cut -d' ' -f1)" \
  < <(.venv/bin/python manage.py shell -c "from apps.reports.models import PublishedDocument as D; print(*D.objects.values_list('sha256', flat=True))")
step "docs/operations.md holds: production configuration up, published through the worker, restored byte for byte"
