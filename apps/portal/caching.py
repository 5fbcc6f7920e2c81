"""Public pages are cached for anonymous visitors and all dropped at once when something is published.

Every cached page's key carries the current “publication generation”; publishing a revision moves the generation on
(after the commit), so no page shows a stale list. The cache is Django's (`CACHES`): per process by default, a
shared cache (Redis, database) in production so that every web process sees the same generation.

A cached view declares the query parameters it reads and sees only those, cleaned (`declared_query`); the key is made
of them and the path alone, so junk parameters neither reach the view nor add entries. The cache only saves work:
when it cannot be reached, pages are served uncached (and a warning logged).
"""
import hashlib
import re
import time
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils.http import urlencode

from apps.reports.caching import unless_unreachable

PUBLIC_PAGE_CACHE = "public page cache"
GENERATION_KEY = "public-pages:generation"
TIMEOUT = 60 * 60
MAX_PARAMETER_LENGTH = 100
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def generation() -> int:
    """The current generation. A new one (none stored yet, or evicted) is the time in ns: never one used before."""
    return cache.get_or_set(GENERATION_KEY, time.time_ns, None)


def _next_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): a fresh generation
        cache.set(GENERATION_KEY, time.time_ns(), None)


def public_pages_changed() -> None:
    """Something was published: every cached public page is out of date. If the cache cannot be reached now, pages it
    kept are served until they expire (TIMEOUT)."""
    unless_unreachable(PUBLIC_PAGE_CACHE, _next_generation)


def declared_query(query: QueryDict, parameters) -> QueryDict:
    """The declared parameters of a query string, in the declared order, each once (its last value), without control
    characters or surrounding space and at most MAX_PARAMETER_LENGTH characters long; empty ones are left out."""
    values = ((name, CONTROL_CHARACTERS.sub("", query.get(name, "")).strip()[:MAX_PARAMETER_LENGTH])
              for name in parameters)
    return QueryDict(urlencode([(name, value) for name, value in values if value]))


def public_page(*parameters):
    """Cache a public view's successful answers to anonymous GET requests, whole (status, type, body), per path and
    declared query `parameters` (the only ones the view sees, cleaned: `declared_query`)."""
    def decorate(view):
        @wraps(view)
        def cached(request, *args, **kwargs):
            request.GET = declared_query(request.GET, parameters)
            if request.method != "GET" or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            current = unless_unreachable(PUBLIC_PAGE_CACHE, generation)
            if current is None:
                return view(request, *args, **kwargs)
            address = hashlib.sha256(f"{request.path}?{request.GET.urlencode()}".encode()).hexdigest()
            key = f"public-pages:{current}:{address}"
            stored = unless_unreachable(PUBLIC_PAGE_CACHE, cache.get, key)
            if stored is not None:
                content, content_type = stored
                response = HttpResponse(content, content_type=content_type)
                response["X-Cache"] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and hasattr(response, "render"):
                response.render()
            if response.status_code == 200 and not response.streaming:
                unless_unreachable(PUBLIC_PAGE_CACHE, cache.set, key, (response.content, response["Content-Type"]),
                                   TIMEOUT)
            return response
        return cached
    return decorate
