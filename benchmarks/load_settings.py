"""Settings of the servers the benchmarks start: production-like (DEBUG off, one cache shared by every worker),
without HTTPS so that they answer on loopback."""
from config.settings.test import *  # noqa: F401,F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "juesuan_cache"}}
