"""The explicit registry through which other apps join a report (their rules, sections, figures, copiers),
so that `reports` never imports them: each list lives in settings and is imported once."""
from functools import cache
from importlib import import_module

from django.conf import settings


@cache
def modules(setting: str) -> tuple:
    """The modules named by a settings list, e.g. REPORT_RULE_MODULES."""
    return tuple(import_module(name) for name in getattr(settings, setting))


@cache
def callables(setting: str) -> tuple:
    """The functions named "module.function" by a settings list, e.g. REPORT_COPY_HOOKS."""
    found = []
    for path in getattr(settings, setting):
        module, name = path.rsplit(".", 1)
        found.append(getattr(import_module(module), name))
    return tuple(found)
