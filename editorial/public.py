"""
The public version: a token that changes whenever anything the public site
shows changes. Public page caches key their entries on it, so an edit or a
publication shows up on the next request without flushing anything.

Editorial records replace it when saved or deleted (editorial/apps.py), bulk
writes once when they finish. It is kept in the database (PublicVersion) and,
with a cache that processes share, in the cache too.
"""

import uuid

from asgiref.local import Local
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, router, transaction

from lib.cache import cache_add, cache_delete, cache_get, is_shared, log, warn

VERSION_KEY = "public-version"

# The version read by a GET request, kept for the rest of that request: the
# page cache and the cached filter choices ask for it several times. The
# public page cache middleware opens and closes it (reading_for_request).
_request = Local()


class reading_for_request:
    """Within the block, the version is read once and then remembered."""

    def __init__(self, enabled=True):
        self.enabled = enabled

    def __enter__(self):
        _request.reading = self.enabled
        _request.version = None

    def __exit__(self, *exc):
        _request.reading = False
        _request.version = None


def public_version():
    """Return the current public version (one cache or database read), or
    None when neither can be read: then nothing may be cached."""
    value = getattr(_request, "version", None)
    if value is not None:
        return value
    value = _read()
    if getattr(_request, "reading", False):
        _request.version = value
    return value


def _read():
    from .models import PublicVersion

    # A request that reads the public records from a replica reads the
    # version there too, never the shared cache's (written from the
    # primary): a page or fragment rendered from data behind the primary is
    # then kept under the version that data had, not a newer one, where it
    # would stay stale after the replica caught up (docs/deployment.md).
    alias = _public_alias()
    shared = is_shared() and alias == DEFAULT_DB_ALIAS
    if shared:
        value = cache_get(VERSION_KEY)
        if value is not None:
            return value
    try:
        row = PublicVersion.objects.using(alias).filter(pk=1)
        value = row.values_list("value", flat=True).first() or "0"
    except DatabaseError as error:
        warn("database unreachable, serving uncached", error)
        return None
    if shared:
        cache_add(VERSION_KEY, value, None)
    return value


def _public_alias():
    """The database this request reads public records from: the routers'
    choice for any public model (a replica's, for an anonymous read of the
    public site where one is configured)."""
    from .models import is_public_model

    model = next((m for m in apps.get_models() if is_public_model(m)), None)
    return router.db_for_read(model) if model else DEFAULT_DB_ALIAS


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
    from .models import PublicVersion

    PublicVersion.objects.update_or_create(pk=1, defaults={"value": uuid.uuid4().hex})
    if is_shared() and not cache_delete(VERSION_KEY):
        # Pages cached under the old version would stay live: say so every
        # time, this is not a harmless miss.
        log.error("public version not replaced in the cache")
