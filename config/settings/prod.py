"""Production: every secret and host comes from the environment; HTTPS only."""
import os
import re

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-"):
    raise ImproperlyConfigured("生产环境必须通过 DJANGO_SECRET_KEY 设置至少 50 个字符的随机密钥。")
JUESUAN_SITE_URL = os.environ.get("JUESUAN_SITE_URL", "").rstrip("/")
if not re.fullmatch(r"https?://[^/?#\s]+", JUESUAN_SITE_URL):
    raise ImproperlyConfigured("生产环境必须通过 JUESUAN_SITE_URL 设置公开网站的地址，例如 https://juesuan.example.cn（不含路径）。")

# Static files are served by the application itself (WhiteNoise: compressed, hashed names cached for a year).
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405

# The client's address (login throttling counts failures per account and address; django-axes finds it through
# django-ipware). Behind JUESUAN_PROXY_COUNT reverse proxies, each adding the address it saw to X-Forwarded-For, the
# client is the address the outermost proxy saw: the header's JUESUAN_PROXY_COUNT-th address from the right, whatever
# the client put to its left (not strict). Default 1: nginx (deploy/nginx.conf) replaces the client's header with the
# address it saw; behind another proxy it appends to it instead. ipware counts only the proxies listed in the header
# (the nearest one is the connection itself), hence one less. Without a proxy: the connection's address.
JUESUAN_PROXY_COUNT = int(os.environ.get("JUESUAN_PROXY_COUNT", "1"))
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"] if JUESUAN_PROXY_COUNT else ["REMOTE_ADDR"]
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_IPWARE_PROXY_COUNT = max(JUESUAN_PROXY_COUNT - 1, 0)
IPWARE_STRICT = False
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("DJANGO_LOG_FORMAT", "json")  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true") == "true"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
DEMO_DATA_ALLOWED = False
