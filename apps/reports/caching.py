"""Public pages are cached for anonymous visitors and all dropped at once when something is published.

Every cached page's key carries the current “publication generation”; publishing a revision moves the generation on
(after the commit), so no page shows a stale list. The cache is Django's (`CACHES`): per process by default, a
shared cache (Redis, database) in production so that every web process sees the same generation.
"""
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse

GENERATION_KEY = "public-pages:generation"
TIMEOUT = 60 * 60


def generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, None)


def public_pages_changed() -> None:
    """Something was published: every cached public page is out of date."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): a fresh generation
        cache.set(GENERATION_KEY, 2, None)


def public_page(view):
    """Cache a public view's successful answers to anonymous GET requests, whole (status, type, body)."""
    @wraps(view)
    def cached(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = f"public-pages:{generation()}:{request.get_full_path()}"
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response["X-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and hasattr(response, "render"):
            response.render()
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)
        return response
    return cached
