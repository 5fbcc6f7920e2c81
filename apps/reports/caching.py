"""The cache only saves work: an operation on it that fails (Redis down, timed out, refusing writes) is logged and
answered as a miss, never passed on to the page or the PDF that asked."""
import logging

log = logging.getLogger(__name__)


def unless_unreachable(what: str, operation, *args):
    """`operation(*args)`, or None, and a warning naming `what`, when the cache cannot be reached."""
    try:
        return operation(*args)
    except Exception as exc:  # noqa: BLE001 (any failure of the cache backend: the caller does without it)
        log.warning("%s unreachable (%s: %s)", what, type(exc).__name__, exc)
        return None
