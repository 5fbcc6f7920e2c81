"""Settings shared by every environment.

Environments differ only through environment variables (see dev/test/prod).
`DATABASE_URL` selects the database; SQLite in the repository root is the default.
"""
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]
# The public site's address (scheme and host): the absolute links of the sitemap and the open-data catalogue, which
# are cached and shared by every visitor, so never the host a request names. Required in production.
JUESUAN_SITE_URL = os.environ.get("JUESUAN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Folders of editions of the public document beside the shipped ones (apps/reports/data/editions/; docs/editions.md):
# a finance bureau's own editions, separated by the path separator.
# The public site's footer as the deployment registers it (主办单位, 网站标识码, ICP备案, 公安备案, 联系方式); a line
# left empty is not shown.
JUESUAN_FOOTER = {label: os.environ.get(variable, "") for label, variable in (
    ("主办单位", "JUESUAN_SITE_OWNER"), ("网站标识码", "JUESUAN_SITE_CODE"), ("ICP备案号", "JUESUAN_ICP"),
    ("公安机关备案号", "JUESUAN_POLICE_RECORD"), ("联系方式", "JUESUAN_CONTACT"))}
JUESUAN_EDITION_DIRS = [d for d in os.environ.get("JUESUAN_EDITION_DIRS", "").split(os.pathsep) if d]

INSTALLED_APPS = [
    "config.admin.JuesuanAdminConfig",  # django.contrib.admin with the project's site (who may enter)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "import_export",
    "axes",
    "csp",
    "apps.accounts",
    "apps.reports",
    "apps.access",
    "apps.documents",
    "apps.workflow",
    "apps.jobs",
    "apps.entry",
    "apps.review",
    "apps.portal",
    "apps.bureau",
    "apps.performance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.access.context_processors.roles",
                "apps.portal.context_processors.site_footer",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's threaded server: concurrent requests wait for each other's writes (up to 20 s) instead of failing
    # with “database is locked” — a write transaction takes its lock when it begins (IMMEDIATE), and readers
    # never block the writer (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE", "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# One cache shared by every web process (the public pages and their publication generation, apps/portal/caching.py):
# Redis when REDIS_CACHE_URL is set (production; its own Redis, not the broker's: docs/operations.md), otherwise a
# table of the database (`manage.py createcachetable`). Pages are served uncached when the cache cannot be reached; a
# call to a Redis that does not answer is given up after a second (redis-py's default would be 5 s).
REDIS_CACHE_URL = os.environ.get("REDIS_CACHE_URL", "")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_CACHE_URL,
                      "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
          if REDIS_CACHE_URL else
          {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "juesuan_cache"}}

# Background jobs (apps/jobs): the handler of each kind of job, named by the app that owns the work.
# The official PDF is laid out by two processes at once (apps/documents/pdf_assembly.py) where the process may fork
# and has a second core; 1 lays it out in one pass.
PDF_LAYOUT_PROCESSES = int(os.environ.get("JUESUAN_PDF_LAYOUT_PROCESSES", "2"))

JOB_HANDLERS = {
    "publish": "apps.portal.services.publication.publish_job",
    "bulk_import": "apps.bureau.services.bulk_import.bulk_import_job",
    "consolidated": "apps.bureau.consolidation.consolidated_workbook_job",
}
# Background jobs (apps/jobs/services.py): run by Celery workers through this broker (Redis in production,
# e.g. redis://127.0.0.1:6379/0); without one they run at once in the process that starts them.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message not acknowledged within this time (its worker vanished with it) is delivered again.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Password guessing: five failed logins for one account from one address lock that pair out for 15 minutes
# (django-axes; the client's address comes through the reverse proxy in production, see prod.py).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend",
                           "apps.access.backends.AdministratorRoleBackend"]  # the administrator role's admin pages
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# Chinese only: a visitor's Accept-Language must not change the numbers (214,46 for 214.46) of a page cached for all.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# Stored files (published PDFs and workbooks, uploads kept for jobs, job results): the file system under MEDIA_ROOT,
# or an S3-compatible bucket (django-storages) when JUESUAN_S3_BUCKET is set; files stay private (signed URLs).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("JUESUAN_S3_BUCKET"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ["JUESUAN_S3_BUCKET"],
        "endpoint_url": os.environ.get("JUESUAN_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("JUESUAN_S3_REGION") or None,
        "access_key": os.environ.get("JUESUAN_S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("JUESUAN_S3_SECRET_ACCESS_KEY") or None,
        "location": os.environ.get("JUESUAN_S3_PREFIX", "media"),
        "default_acl": "private", "querystring_auth": True, "file_overwrite": False,
    }}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploads are bounded (workbooks and attachments are small documents).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A grid posts two fields per typed cell it changed (value and the value shown, static/js/grid.js); a 2,000-项 table
# pasted whole (5 typed columns) is 20,000 fields. The request body stays bounded above.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 25_000

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy (django-csp): scripts, styles, images and fonts only from this site; no plugins, no
# framing, forms post only here. Style attributes are allowed for the official tables' column widths
# (`<col style="width: …">`, computed per table) and the admin's import/export pages; style elements are not.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": [SELF], "script-src": [SELF], "style-src": [SELF], "style-src-attr": ["'unsafe-inline'"],
    "img-src": [SELF, "data:"], "font-src": [SELF], "connect-src": [SELF], "object-src": [NONE],
    "base-uri": [SELF], "frame-ancestors": [NONE], "form-action": [SELF],
}}

# Logs go to standard output; DJANGO_LOG_FORMAT=json gives one JSON object per line (production).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logs.JsonFormatter"},
                   "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "formatter": os.environ.get("DJANGO_LOG_FORMAT", "text")}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# The demo data creates accounts with published passwords: never in production.
DEMO_DATA_ALLOWED = True

# Modules whose RULES make up the 审核公式 (and whose load(report) adds their data to the checked snapshot).
REPORT_RULE_MODULES = [
    "apps.reports.rules.tables",
    "apps.reports.rules.quality",
    "apps.reports.rules.narrative",
    "apps.performance.rules",
]

# Modules whose sections(report) add parts to the disclosure document (the performance sheets).
DISCLOSURE_SECTION_PROVIDERS = [
    "apps.performance.disclosure",
]

# Copiers other apps add to a new revision (a correction copies the performance sheets too).
REPORT_COPY_HOOKS = ["apps.performance.copying.copy_sheets"]  # a correction's new revision: (source, revision)
ENTRY_PART_PROVIDERS = ["apps.performance.selectors.sheet_parts"]  # the overview's parts beyond the texts: (report)
ENTRY_PLACE_PROVIDERS = ["apps.performance.selectors.sheet_places"]  # where findings on sheets point: (report, refs)
REPORT_NEW_YEAR_HOOKS = ["apps.performance.copying.carry_sheets"]  # a new year's report: (last year's or None, report)
REPORT_PUBLISHED_HOOKS = ["apps.bureau.consolidation.consolidation_refresh"]  # after a publication commits: (report)
# django-import-export (catalogues, organisations and accounts in the admin): CSV and XLSX only, each import in one
# transaction, only for those who may add; exported texts are neutralised by `accounts.spreadsheets.SafeExportMixin`.
from import_export.formats.base_formats import CSV, XLSX  # noqa: E402

IMPORT_EXPORT_FORMATS = [CSV, XLSX]
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Parts other apps add to the report document (JSON, workbook, imports): the performance sheets.
REPORT_DOCUMENT_MODULES = ["apps.performance.interchange"]
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "juesuan@localhost")

# Figures other apps give the 情况说明 (the 预算绩效 counts and scores come from the performance sheets).
NARRATIVE_FIGURE_PROVIDERS = ["apps.performance.narrative.figures"]
