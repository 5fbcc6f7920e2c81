"""Local development: DEBUG on, SQLite by default, e-mail to the console."""
from .base import *  # noqa: F401,F403

DEBUG = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
