"""Hardening: login throttling, Content Security Policy, error pages without debug information, bounded inputs,
the health endpoint, production settings (cookies, static files, S3; `check --deploy` is in tests/test_project.py) and structured logs."""
import json
import logging
import sys

import pytest
from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import path

from apps.accounts.models import User
from apps.reports.models import Report, ReportEvent
from apps.workflow import services as workflow
from config.logs import JsonFormatter
from tests.helpers import production, user


def failing_view(request):
    raise RuntimeError("secret internal detail: /srv/juesuan/config.py")


urlpatterns = [path("boom/", failing_view)]


def login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR="203.0.113.9")


def test_five_wrong_passwords_lock_the_account_from_that_address(client, db, settings):
    settings.AXES_ENABLED = True
    for _ in range(4):
        assert login(client, "kuaiji", "guess-wrong").status_code == 200
    response = login(client, "kuaiji", "guess-wrong")
    assert response.status_code == 429 and "登录已暂停" in response.content.decode()
    response = login(client, "kuaiji", "kuaiji-2021-demo")  # even the right password, during the lockout
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert login(client, "shenhe", "shenhe-2021-demo").status_code == 302  # other people are not locked out


def test_pages_carry_a_content_security_policy(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                      "frame-ancestors 'none'", "form-action 'self'", "base-uri 'self'"):
        assert directive in policy
    assert "unsafe-eval" not in policy and "script-src 'self' 'unsafe-inline'" not in policy


def test_an_error_shows_a_plain_page_and_no_debug_information(client, db, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500 and "系统出错" in page
    assert "secret internal detail" not in page and "Traceback" not in page and "RuntimeError" not in page
    settings.ROOT_URLCONF = "config.urls"
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_request_bodies_are_bounded(client, db):
    response = client.post("/accounts/login/", {"username": "kuaiji", "password": "x" * (6 * 1024 * 1024)})
    assert response.status_code == 400 and "请求无效" in response.content.decode()


def test_every_text_field_of_every_model_is_bounded():
    unbounded = [f"{model.__name__}.{field.name}" for model in apps.get_models()
                 if model.__module__.startswith("apps.") for field in model._meta.get_fields()
                 if isinstance(field, (models.CharField, models.TextField)) and not field.max_length]
    assert unbounded == []


def test_long_free_texts_are_refused_not_stored(demo_report):
    report = workflow.report_submit(report=demo_report, by=user("kuaiji"))
    most = ReportEvent._meta.get_field("comment").max_length  # where a 退回意见 is kept
    with pytest.raises(workflow.TransitionRefused, match=f"退回意见不能超过 {most} 字"):
        workflow.report_return(report=report, by=user("shenhe"), comment="请核对" * (most // 3 + 1))
    report.refresh_from_db()
    assert report.state == Report.State.SUBMITTED
    assert not ReportEvent.objects.filter(action=ReportEvent.Action.RETURN).exists()


@pytest.mark.parametrize("weak", ["12345678901", "password123", "kuaiji2021", "short-1"])
def test_weak_passwords_are_refused(db, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=User(username="kuaiji2021"))


def test_health_endpoint_reports_each_dependency(client, db, settings):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "checks": {
        "database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # a broker nobody listens on
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["broker"].startswith("error")


def test_production_cookies_proxy_static_files_and_logs():
    values = json.loads(production(
        "from django.conf import settings as s; import json; print(json.dumps({"
        "'cookies': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY], "
        "'hsts': s.SECURE_HSTS_SECONDS, 'ssl': s.SECURE_SSL_REDIRECT, 'debug': s.DEBUG, "
        "'static': s.STORAGES['staticfiles']['BACKEND'], 'middleware': s.MIDDLEWARE[1], "
        "'media': s.STORAGES['default']['BACKEND'], 'log': s.LOGGING['handlers']['console']['formatter']}))"))
    assert values == {"cookies": [True, True, True], "hsts": 31536000, "ssl": True, "debug": False,
                      "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
                      "middleware": "whitenoise.middleware.WhiteNoiseMiddleware",
                      "media": "django.core.files.storage.FileSystemStorage", "log": "json"}


def test_media_on_s3_compatible_storage_when_configured():
    url = production(
        "from django.core.files.storage import storages; d = storages['default']; "
        "print(type(d).__name__, d.bucket_name, d.url('published/410882-zwfw/2021/r1/a.pdf'))",
        JUESUAN_S3_BUCKET="juesuan-media", JUESUAN_S3_ENDPOINT_URL="https://oss.example.cn",
        JUESUAN_S3_ACCESS_KEY_ID="AKIDEXAMPLE", JUESUAN_S3_SECRET_ACCESS_KEY="secret", JUESUAN_S3_REGION="cn-1")
    kind, bucket, signed = url.split()
    assert (kind, bucket) == ("S3Storage", "juesuan-media")
    assert signed.startswith("https://oss.example.cn/juesuan-media/media/published/410882-zwfw/2021/r1/a.pdf?")
    assert "Signature=" in signed or "X-Amz-Signature=" in signed  # private files, signed links


def test_logs_are_one_json_object_per_line():
    try:
        raise ValueError("坏数据")
    except ValueError:
        record = logging.LogRecord("apps.jobs.services", logging.ERROR, __file__, 1, "job %s failed", (7,),
                                   sys.exc_info())
    record.job = 7
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "ERROR" and entry["logger"] == "apps.jobs.services" and entry["message"] == "job 7 failed"
    assert entry["job"] == 7 and "ValueError: 坏数据" in entry["exception"] and "\n" not in JsonFormatter().format(
        logging.LogRecord("x", logging.INFO, __file__, 1, "一行", None, None))
