"""Settings of the servers the benchmarks start: production-like (DEBUG off, one cache shared by every worker),
without HTTPS so that they answer on loopback."""
from config.settings.test import *  # noqa: F401,F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "juesuan_cache"}}

# Accounts made here log in to servers with production settings: hash passwords as production does.
from django.conf import global_settings  # noqa: E402

PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
