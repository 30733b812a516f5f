"""
A cache of whole public pages, for anonymous visitors.

Entries are keyed on the public version (editorial.models.PublicVersion),
which every change to published data increases, so an edit shows up on the
next request without flushing anything: old entries simply stop being asked
for. The version is read from the cache when the cache is shared between
processes (Redis), and from the database when it is per process (locmem),
where another process's bump could not otherwise be seen.
"""

import hashlib
import threading
import uuid
from collections import OrderedDict

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.utils import translation
from django.utils.cache import set_response_etag

VERSION_KEY = "public-version"
PAGE_TIMEOUT = 24 * 60 * 60
# Set in the WSGI environ by the middleware when the response it returns is
# a public page, under the public version it belongs to (see FastPageCache).
ENVIRON_VERSION = "casetracker.public_page_version"
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
    # Once per transaction: an import saves thousands of records, and each
    # callback is a write. Django drops the callbacks of a savepoint that is
    # rolled back, so a bump still pending in the list will run at commit.
    pending = transaction.get_connection().run_on_commit
    if any(isinstance(f, _Bump) and not f.ran for _, f, _ in pending):
        return
    transaction.on_commit(_Bump())


class _Bump:
    """A pending bump; ``ran`` once called (tests may call it before commit)."""

    ran = False

    def __call__(self):
        self.ran = True
        _new_public_version()


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
            request.META[ENVIRON_VERSION] = public_version()
            return response
        response = self.get_response(request)
        if self._cacheable_response(response):
            # Hashed once here, not by ConditionalGetMiddleware on every hit.
            set_response_etag(response)
            cache.set(key, response, PAGE_TIMEOUT)
            request.META[ENVIRON_VERSION] = public_version()
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


class FastPageCache:
    """
    The page cache's fast lane, in front of Django (casetracker/wsgi.py).

    A public page that the middleware above cached is kept here as well, as
    the finished answer: status, every header the middleware stack added
    (CSP, frame options, ETag, Vary…) and the body. A later request that
    could only have been given that same answer gets it with one cache round
    trip (the public version and the page together) and without Django's
    request handling or middleware, which cost a cached page most of its time.

    Only plain anonymous GETs take the lane: no cookie (session, language,
    CSRF), no Origin (CORS), no conditional or authorised request. Their
    answer is keyed on everything the stack reads from such a request: the
    scheme and the forwarded one, the host, the path and query, the
    Accept-Language header. Anything else, and any miss, goes to Django,
    which answers as it always does. Only with a cache that processes share
    (Redis): the locmem cache could not see another process's new version.

    Each process also keeps the answers it served last, up to ``MEMORY``
    bytes: then a request costs one small round trip (the version, checked
    every time, so an edit still shows on the next request), not the transfer
    of a page of a few hundred kilobytes.
    """

    MEMORY = 32 * 1024 * 1024

    KEYED = (
        "wsgi.url_scheme",
        "HTTP_X_FORWARDED_PROTO",
        "HTTP_X_FORWARDED_HOST",
        "HTTP_HOST",
        "SERVER_NAME",
        "SERVER_PORT",
        "SCRIPT_NAME",
        "PATH_INFO",
        "QUERY_STRING",
        "HTTP_ACCEPT_LANGUAGE",
    )
    REFUSED = (
        "HTTP_COOKIE",
        "HTTP_ORIGIN",
        "HTTP_AUTHORIZATION",
        "HTTP_IF_NONE_MATCH",
        "HTTP_IF_MODIFIED_SINCE",
        "HTTP_IF_MATCH",
        "HTTP_IF_UNMODIFIED_SINCE",
        "HTTP_RANGE",
    )

    @staticmethod
    def possible():
        """Whether the configured cache can carry the lane (it is shared)."""
        return _shared_cache()

    def __init__(self, application):
        self.application = application
        self.kept = OrderedDict()  # key: entry, least recently served first
        self.kept_bytes = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        key = self._key(environ)
        if key is None:
            return self.application(environ, start_response)
        entry = self._recall(key, cache.get(VERSION_KEY))
        if entry is None:
            return self._pass_on(key, environ, start_response)
        _version, status, headers, body = entry
        start_response(status, list(headers))
        return [body]

    def _recall(self, key, version):
        """The entry for ``key`` under ``version``, from memory or the cache."""
        if version is None:
            return None
        with self.lock:
            entry = self.kept.get(key)
            if entry is not None and entry[0] == version:
                self.kept.move_to_end(key)
                return entry
        entry = cache.get(key)
        if entry is None or entry[0] != version:
            return None
        self._keep(key, entry)
        return entry

    def _keep(self, key, entry):
        size = len(entry[3])
        if size > self.MEMORY // 8:
            return
        with self.lock:
            old = self.kept.pop(key, None)
            if old is not None:
                self.kept_bytes -= len(old[3])
            self.kept[key] = entry
            self.kept_bytes += size
            while self.kept_bytes > self.MEMORY:
                _key, dropped = self.kept.popitem(last=False)
                self.kept_bytes -= len(dropped[3])

    def _key(self, environ):
        if environ.get("REQUEST_METHOD") != "GET":
            return None
        if any(environ.get(name) for name in self.REFUSED):
            return None
        digest = hashlib.blake2b(digest_size=20)
        for name in self.KEYED:
            digest.update(str(environ.get(name, "")).encode("utf-8", "surrogateescape"))
            digest.update(b"\x00")
        return f"fast-page:{digest.hexdigest()}"

    def _pass_on(self, key, environ, start_response):
        answer = {}

        def keep(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        result = self.application(environ, keep)
        version = environ.get(ENVIRON_VERSION)
        if version is None or not answer.get("status", "").startswith("200 "):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        entry = (version, answer["status"], answer["headers"], body)
        cache.set(key, entry, PAGE_TIMEOUT)
        self._keep(key, entry)
        return [body]
