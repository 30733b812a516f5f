"""
Django's cache as an optimisation, never a dependency: reads and writes that
fail (Redis down, a timeout) answer as a miss, and the log says so once a
minute rather than at every request.
"""

import logging
import threading
import time

from django.core.cache import caches

WARN_EVERY_SECONDS = 60

log = logging.getLogger("casetracker.cache")


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


def _unreachable(alias, error):
    warn(f"cache {alias!r} unreachable, serving uncached", error)


def cache_get(key, default=None, *, alias="default"):
    """Return ``caches[alias].get(key)``, or ``default`` if the cache fails."""
    try:
        return caches[alias].get(key, default)
    except Exception as error:  # any backend's failure: answer without it
        _unreachable(alias, error)
        return default


def cache_set(key, value, timeout, *, alias="default"):
    """Store ``value`` unless the cache fails; a failure is only logged."""
    try:
        caches[alias].set(key, value, timeout)
    except Exception as error:
        _unreachable(alias, error)


def cache_add(key, value, timeout, *, alias="default"):
    """Store ``value`` if ``key`` is not there yet, unless the cache fails."""
    try:
        caches[alias].add(key, value, timeout)
    except Exception as error:
        _unreachable(alias, error)


def cache_delete(key, *, alias="default"):
    """Delete ``key``; return False if the cache could not be reached."""
    try:
        caches[alias].delete(key)
    except Exception as error:
        _unreachable(alias, error)
        return False
    return True


def is_shared(alias="default"):
    """Return whether processes share the cache (Redis, Memcached), so that a
    value one process stores is seen by the others."""
    return type(caches[alias]).__name__ not in {"LocMemCache", "DummyCache"}
