"""Structured logs: one JSON object per line, for log collectors (DJANGO_LOG_FORMAT=json)."""
import json
import logging

STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
                 "logger": record.name, "message": record.getMessage()}
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):  # django.request and django.security records
            entry.update(method=request.method, path=request.path)
        if getattr(record, "status_code", None):
            entry["status"] = record.status_code
        entry.update({key: value for key, value in vars(record).items()
                      if key not in STANDARD and key not in ("request", "status_code") and _plain(value)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _plain(value) -> bool:
    return isinstance(value, (str, int, float, bool, type(None), list, dict))
