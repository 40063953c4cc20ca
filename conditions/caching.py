"""Cached public pages that never go stale.

Readers' pages (anonymous GET requests) are cached whole, under a key that includes the
*content version*: a timestamp bumped by every save or delete of anything a page can show
(conditions, symptoms, their links, references, tags, care levels, body areas, synonyms,
triggers). One change makes every cached page a miss on the next request, in every app
server, because the version lives in the shared cache (Redis in production).

Staff (who may be previewing drafts) and anything but a plain 200 are never cached.
Responses carry Last-Modified (the content version) and an ETag, and Django's
ConditionalGetMiddleware answers If-None-Match / If-Modified-Since with 304.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils.http import http_date

VERSION_KEY = "content-version"
CACHED_HEADERS = ("Content-Type", "Content-Language")


def content_version():
    """The time of the last content change (set on first use if the cache lost it)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time()
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def content_changed(**kwargs):
    """Make every cached page stale: now, and again when the change commits.

    The second bump matters: a reader request served between the save and the commit
    renders the old content, and could store it under the first new version.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump():
    cache.set(VERSION_KEY, time.time(), None)


def _is_content_model(sender):
    return sender._meta.app_label in {
        "conditions",
        "taggit",
    } and not sender._meta.model_name.startswith(("search", "sqlitefts"))


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def _content_saved(sender, **kwargs):
    if _is_content_model(sender):
        content_changed()


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
        if not self._cacheable_request(request):
            return self.get_response(request)
        version = content_version()
        # Pages hold absolute URLs (canonical, JSON-LD, sitemap), so the host counts too.
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        key = f"page:{version}:{digest}"
        cached = cache.get(key)
        if cached is not None:
            return self._rebuild(cached, version)
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            stored = {
                "content": response.content,
                "headers": {h: response[h] for h in CACHED_HEADERS if h in response},
            }
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
            response["Last-Modified"] = http_date(version)
        return response

    @staticmethod
    def _rebuild(stored, version):
        from django.http import HttpResponse

        response = HttpResponse(stored["content"])
        for header, value in stored["headers"].items():
            response[header] = value
        response["Last-Modified"] = http_date(version)
        return response
