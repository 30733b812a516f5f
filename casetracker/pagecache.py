"""
A cache of whole public pages, for anonymous visitors.

Entries are keyed on the public version (editorial.models.PublicVersion),
which every change to published data increases, so an edit shows up on the
next request without flushing anything: old entries simply stop being asked
for. The version is read from the cache when the cache is shared between
processes (Redis), and from the database when it is per process (locmem),
where another process's bump could not otherwise be seen.
"""

import uuid

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.utils import translation
from django.utils.cache import set_response_etag

VERSION_KEY = "public-version"
PAGE_TIMEOUT = 24 * 60 * 60
PROCESS_LOCAL = {"LocMemCache", "DummyCache"}


def _backend():
    return type(caches["default"]).__name__


def _shared_cache():
    return _backend() not in PROCESS_LOCAL


# The version read by a GET request, kept for the rest of that request: the
# page cache and the cached filter choices ask for it several times.
_request = Local()


def public_version():
    """Return the current public version (one cache or database read)."""
    value = getattr(_request, "version", None)
    if value is not None:
        return value
    value = _read_public_version()
    if getattr(_request, "reading", False):
        _request.version = value
    return value


def _read_public_version():
    from editorial.models import PublicVersion

    if _shared_cache():
        value = cache.get(VERSION_KEY)
        if value is not None:
            return value
    row = PublicVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    value = row or "0"
    if _shared_cache():
        cache.add(VERSION_KEY, value, None)
    return value


def bump_public_version():
    """
    Make every cached public page stale once the transaction commits: after
    the commit, so that no lock on the version row is held while the editor's
    transaction goes on (two such transactions could deadlock).
    """
    transaction.on_commit(_new_public_version)


def _new_public_version():
    from editorial.models import PublicVersion

    PublicVersion.objects.update_or_create(pk=1, defaults={"value": uuid.uuid4().hex})
    if _shared_cache():
        cache.delete(VERSION_KEY)


class PublicPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = _backend() != "DummyCache"
        admin = "/" + settings.ADMIN_URL.lstrip("/")
        self.skipped = (admin, "/language/", settings.STATIC_URL, settings.MEDIA_URL)

    def __call__(self, request):
        _request.reading = request.method in ("GET", "HEAD")
        _request.version = None
        try:
            return self._respond(request)
        finally:
            _request.reading = False
            _request.version = None

    def _respond(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        language = translation.get_language_from_request(request)
        key = (
            f"page:{public_version()}:{language}:"
            f"{request.get_host()}:{request.get_full_path()}"
        )
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if self._cacheable_response(response):
            # Hashed once here, not by ConditionalGetMiddleware on every hit.
            set_response_etag(response)
            cache.set(key, response, PAGE_TIMEOUT)
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
