"""Project-level checks: migrations match the models, system checks and deploy checks are clean."""
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]


def test_migrations_are_complete(db):
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_system_checks_are_clean():
    call_command("check", fail_level="WARNING", stdout=StringIO())


def test_deploy_checks_are_clean_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set for the browser tests
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-secret-for-the-deploy-check-only-" + "y" * 10,
        "DJANGO_ALLOWED_HOSTS": "juesuan.example.cn",
        "JUESUAN_SITE_URL": "https://juesuan.example.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_missing_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.prod", "DJANGO_SECRET_KEY": ""}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_container_files_name_what_exists():
    """No Docker engine runs here to build them; at least every file, module and command they name exists."""
    import yaml

    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    assert set(compose["services"]) == {"db", "redis", "cache", "migrate", "web", "worker"}
    assert compose["services"]["worker"]["command"][:3] == ["celery", "-A", "config"]
    assert compose["services"]["web"]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    environment = compose["services"]["worker"]["environment"]
    assert environment["CELERY_BROKER_URL"].startswith("redis://redis:") and "@db:5432/" in environment["DATABASE_URL"]
    # The cache has a Redis of its own, bounded and evicting; the broker's never drops a message.
    assert environment["REDIS_CACHE_URL"].startswith("redis://cache:")
    broker, cache = (" ".join(compose["services"][name]["command"]) for name in ("redis", "cache"))
    assert "--maxmemory-policy noeviction" in broker and "--maxmemory" not in broker.replace("--maxmemory-policy", "")
    assert "--maxmemory 256mb" in cache and "--maxmemory-policy allkeys-lru" in cache
    assert all("cache" in compose["services"][name]["depends_on"] for name in ("web", "worker"))
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    for copied in ("scripts/system-deps.sh", "scripts/system-packages.txt", "deploy/gunicorn.conf.py"):
        assert copied in dockerfile and (ROOT / copied).exists()
    for unit in ("juesuan-web.service", "juesuan-worker.service", "juesuan-cleanup.service"):
        assert "EnvironmentFile=/etc/juesuan.env" in (ROOT / "deploy" / "systemd" / unit).read_text(encoding="utf-8")


def test_gunicorn_configuration_loads():
    result = subprocess.run([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--check-config",
                             "config.wsgi"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_template_comment_spans_lines():
    """Django's {# #} comment ends at the line's end: spread over two lines it is printed to the reader (a published
    report page began with one). Longer comments use {% comment %}."""
    import re

    spread = [(path.relative_to(ROOT), text[:match.start()].count("\n") + 1)
              for path in sorted((ROOT / "templates").rglob("*.html"))
              for text in [path.read_text(encoding="utf-8")]
              for match in re.finditer(r"\{#(?:(?!#\}).)*?\n", text, re.S)]
    assert spread == []
