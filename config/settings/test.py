"""Test settings: fast hashing, in-memory e-mail. DATABASE_URL still selects PostgreSQL in CI."""
from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Tests clear the cache before each one (tests/conftest.py); an in-memory cache needs no database for that.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The test client's login() authenticates without a request, which django-axes refuses; the lockout itself is
# tested with it enabled (tests/accounts/test_hardening.py).
AXES_ENABLED = False
