"""
Whole public pages for anonymous visitors, in Django's cache.

Entries are keyed on the public version (editorial/public.py), which every
change to published data replaces, so an edit shows up on the next request
without flushing anything: old entries simply stop being asked for; and on
the day, which pages read too. A cache
that cannot be reached is a miss (lib/cache.py): the page is rendered.
"""

import datetime

from django.conf import settings
from django.core.cache import caches
from django.utils import translation
from django.utils.cache import set_response_etag
from django.utils.http import http_date

from editorial.public import public_version, reading_for_request
from lib.cache import cache_get, cache_set

PAGE_TIMEOUT = 24 * 60 * 60


class PublicPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = type(caches["default"]).__name__ != "DummyCache"
        admin = "/" + settings.ADMIN_URL.lstrip("/")
        self.skipped = (admin, "/language/", settings.STATIC_URL, settings.MEDIA_URL)

    def __call__(self, request):
        with reading_for_request(request.method in ("GET", "HEAD")):
            return self._respond(request)

    def _respond(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        version = public_version()
        if version is None:
            return self.get_response(request)
        language = translation.get_language_from_request(request)
        # Pages read today too (who is held as last documented, what is
        # coming up, whether a hearing's day has passed): a new day, a new key.
        today = datetime.date.today().isoformat()
        key = (
            f"page:{version}:{today}:{language}:"
            f"{request.get_host()}:{request.get_full_path()}"
        )
        response = cache_get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if self._cacheable_response(response):
            # Hashed once here, not by ConditionalGetMiddleware on every hit,
            # which answers If-None-Match and If-Modified-Since from these.
            set_response_etag(response)
            # Nothing public has changed since: a change replaces the public
            # version, and with it this entry's key.
            response.headers.setdefault("Last-Modified", http_date())
            cache_set(key, response, PAGE_TIMEOUT)
        return response

    def _cacheable_request(self, request):
        return (
            self.enabled
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(self.skipped)
        )

    def _cacheable_response(self, response):
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in control
            and "no-store" not in control
            and "Cookie" not in response.get("Vary", "")
        )
