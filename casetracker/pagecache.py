"""
A cache of whole public pages, for anonymous visitors, in Django's cache.

Entries are keyed on the public version (editorial.models.PublicVersion),
which every change to published data replaces, so an edit shows up on the
next request without flushing anything: old entries simply stop being asked
for. The version is read from the cache when the cache is shared between
processes (Redis), and from the database when it is per process (locmem),
where another process's change could not otherwise be seen.

The cache is an optimisation, never a dependency: when it cannot be reached
the site answers uncached, and says so in the log once a minute.
"""

import logging
import threading
import time
import uuid

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache, caches
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.cache import set_response_etag

VERSION_KEY = "public-version"
PAGE_TIMEOUT = 24 * 60 * 60
PROCESS_LOCAL = {"LocMemCache", "DummyCache"}
WARN_EVERY_SECONDS = 60

log = logging.getLogger("casetracker.cache")


def _backend():
    return type(caches["default"]).__name__


def _shared_cache():
    return _backend() not in PROCESS_LOCAL


class _Warnings:
    """One warning a minute per cause, however many requests fail."""

    def __init__(self):
        self.last = {}
        self.lock = threading.Lock()

    def __call__(self, cause, error):
        now = time.monotonic()
        with self.lock:
            if now - self.last.get(cause, -WARN_EVERY_SECONDS) < WARN_EVERY_SECONDS:
                return
            self.last[cause] = now
        log.warning("%s: %s: %s", cause, type(error).__name__, error)


warn = _Warnings()


def cache_get(key, default=None, *, alias="default"):
    """Return ``caches[alias].get(key)``, or ``default`` if the cache fails."""
    try:
        return caches[alias].get(key, default)
    except Exception as error:  # any backend's failure: answer without it
        warn(f"cache {alias!r} unreachable, serving uncached", error)
        return default


def cache_set(key, value, timeout, *, alias="default"):
    """Store ``value`` unless the cache fails; a failure is only logged."""
    try:
        caches[alias].set(key, value, timeout)
    except Exception as error:
        warn(f"cache {alias!r} unreachable, serving uncached", error)


# The version read by a GET request, kept for the rest of that request: the
# page cache and the cached filter choices ask for it several times.
_request = Local()


def public_version():
    """Return the current public version (one cache or database read), or
    None when neither can be read: then nothing is cached."""
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
        value = cache_get(VERSION_KEY)
        if value is not None:
            return value
    try:
        row = PublicVersion.objects.filter(pk=1).values_list("value", flat=True)
        value = row.first() or "0"
    except DatabaseError as error:
        warn("database unreachable, serving uncached", error)
        return None
    if _shared_cache():
        try:
            cache.add(VERSION_KEY, value, None)
        except Exception as error:
            warn("cache 'default' unreachable, serving uncached", error)
    return value


# Bumps that ran on this thread. A transaction's callbacks all run after its
# commit, on its thread: the first one bumps, the rest see that one did.
_bumps = Local()


def bump_public_version():
    """
    Make every cached public page stale once the transaction commits: after
    the commit, so that no lock on the version row is held while the editor's
    transaction goes on (two such transactions could deadlock).

    An import saves thousands of records and each asks for a bump; only the
    first callback of a commit writes, so a transaction costs one write. A
    rolled-back transaction's callbacks are dropped with it.
    """
    asked_after = getattr(_bumps, "count", 0)

    def bump():
        if getattr(_bumps, "count", 0) != asked_after:
            return  # an earlier callback of the same commit did it
        _bumps.count = asked_after + 1
        _new_public_version()

    transaction.on_commit(bump)


def _new_public_version():
    from editorial.models import PublicVersion

    PublicVersion.objects.update_or_create(pk=1, defaults={"value": uuid.uuid4().hex})
    if _shared_cache():
        try:
            cache.delete(VERSION_KEY)
        except Exception as error:
            # Pages cached under the old version would stay live: say so
            # every time, this is not a harmless miss.
            log.error("public version not replaced in the cache: %s", error)


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
        version = public_version()
        if version is None:
            return self.get_response(request)
        language = translation.get_language_from_request(request)
        key = (
            f"page:{version}:{language}:{request.get_host()}:{request.get_full_path()}"
        )
        response = cache_get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if self._cacheable_response(response):
            # Hashed once here, not by ConditionalGetMiddleware on every hit.
            set_response_etag(response)
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
