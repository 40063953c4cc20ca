"""Cached public pages that never go stale, and that nobody can flood.

Readers' pages (anonymous GET requests) are cached whole, under a key made of:

- the *content version* (conditions/content_version.py), which every change to anything
  a page can show bumps, so one change makes every cached page a miss everywhere;
- the scheme and host (pages hold absolute URLs: canonical, JSON-LD, sitemap);
- the path, and only the query parameters the page reads. A view lists them in
  ``cache_query_params`` (``@cache_query_params("q", "page")`` for a function); anything
  else in the query string is left out of the key, so ``?utm_source=…`` or junk share the
  one canonical entry instead of adding a new one each. A view that sets it to ``None``
  (the symptom checker: personal answers, endless combinations) is never cached.

Staff (who may be previewing drafts), anything but a plain 200, responses that set a
cookie and pages over ``PAGE_CACHE_MAX_BYTES`` are never cached. Responses carry
Last-Modified (the time of the content version), ``X-Cache: hit`` or ``miss``, and
Django's ConditionalGetMiddleware answers If-None-Match / If-Modified-Since with 304.

The cache may be down: the fail-safe backend (legpain/cache.py) then reports every
lookup as a miss and pages are rendered from the database.
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils.http import http_date

from .content_version import content_version

CACHED_HEADERS = ("Content-Type", "Content-Language")


def cache_query_params(*names):
    """Mark a function view as cached per value of the query parameters ``names``."""

    def decorate(view):
        view.cache_query_params = names
        return view

    return decorate


def _params_of(view_func):
    """The query parameters a view's page depends on (None: do not cache the page)."""
    view_class = getattr(view_func, "view_class", None)
    return getattr(view_class or view_func, "cache_query_params", ())


def _mark_revalidate(response, version):
    """Last-Modified for cheap 304s, and "no-cache" so browsers ask every time.

    Without Cache-Control a browser may reuse a page with a Last-Modified date for a tenth
    of its age without asking (heuristic freshness): a page unchanged for ten days could be
    shown for a day after a correction to its warning signs.
    """
    response["Last-Modified"] = http_date(version.changed_at)
    response["Cache-Control"] = "no-cache"


class ReaderPageCacheMiddleware:
    """Serve and store whole pages for anonymous readers (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.skip_prefixes = ("/" + settings.ADMIN_URL, "/healthz", settings.STATIC_URL)

    def _cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(self.skip_prefixes)
            and not request.user.is_authenticated
        )

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is None or getattr(response, "_page_cache_hit", False):
            return response
        response["X-Cache"] = "miss"
        # Django renders a view's TemplateResponse before any middleware sees it.
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and len(response.content) <= settings.PAGE_CACHE_MAX_BYTES
        ):
            stored = {
                "content": response.content,
                "headers": {h: response[h] for h in CACHED_HEADERS if h in response},
            }
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
            _mark_revalidate(response, request._page_cache_version)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Answer from the cache before the view runs, when the page is there."""
        params = _params_of(view_func)
        if params is None or not self._cacheable_request(request):
            return None
        try:
            version = content_version()
        except DatabaseError:
            # Nothing to key the page on (the database is down and this process has not
            # seen a version yet): serve it uncached. The view meets the outage itself and
            # gets the 503 page, or renders the page if the database answers again.
            return None
        request._page_cache_version = version
        request._page_cache_key = self.key_for(request, params, version)
        stored = cache.get(request._page_cache_key)
        if stored is None:
            return None
        response = HttpResponse(stored["content"])
        for header, value in stored["headers"].items():
            response[header] = value
        _mark_revalidate(response, version)
        response["X-Cache"] = "hit"
        response._page_cache_hit = True
        return response

    @staticmethod
    def key_for(request, params, version):
        """The cache key of this request's page: version, address, and ``params`` only."""
        kept = sorted((name, value) for name in params for value in request.GET.getlist(name))
        query = urlencode(kept)
        address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"page:{version.token}:{digest}"
