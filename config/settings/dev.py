"""Local development: DEBUG on, SQLite by default, e-mail to the console."""
from .base import *  # noqa: F401,F403

DEBUG = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The demo's footer: what a deployment registers (see .env.example), marked as not real.
JUESUAN_FOOTER = {label: value or demo for (label, value), demo in zip(JUESUAN_FOOTER.items(), (  # noqa: F405
    "沁阳市财政局（演示）", "（演示）", "（演示）", "（演示）", "沁阳市财政局预算股 0391-0000000（演示）"))}
