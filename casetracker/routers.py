"""
Reads of public data from a PostgreSQL read replica, everything else on the
primary (docs/deployment.md). Active only when DATABASE_REPLICA_URL is set
(casetracker/settings.py adds the `replica` alias, this router and the
middleware below).

The rule: a query goes to the replica only if it reads a public model
(editorial.models.is_public_model) for an anonymous GET or HEAD request to the
public site, outside a transaction. Everything else reads the primary:

- staff and editors: any request with a session cookie (only staff have
  sessions) or under the admin's path, so an editor never sees the page
  they just saved as it was before, through the replica's lag;
- writes, and reads inside a transaction on the primary, which must see
  what that transaction wrote;
- accounts, sessions, lockouts, second factors and the editorial workflow,
  whose stale reads would be a security problem (a lockout or a used TOTP
  code not seen yet) or a lost update;
- management commands, the shell and tests: outside a request nothing is
  allowed the replica, unless inside `replica_reads()`.

A replica that does not answer (stopped, restarting, unreachable) is not an
outage: its reads go to the primary, and the replica is left alone for
REPLICA_RETRY_SECONDS before a request tries it again (per process).
"""

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
SAFE_METHODS = {"GET", "HEAD"}
REPLICA_RETRY_SECONDS = 5

log = logging.getLogger("casetracker.db")

_replica_allowed = ContextVar("replica_allowed", default=False)
# The time (_clock()) until which this process reads the primary only,
# after the replica failed to answer.
_replica_down_until = 0.0
_clock = time.monotonic


def replica_usable():
    """
    Return whether the replica answers: its open connection passes Django's
    health check (CONN_HEALTH_CHECKS, once a request) or a new one opens.
    When it does not, say so and read the primary for REPLICA_RETRY_SECONDS.
    """
    global _replica_down_until
    if _clock() < _replica_down_until:
        return False
    connection = connections[REPLICA]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        _replica_down_until = _clock() + REPLICA_RETRY_SECONDS
        log.warning(
            "replica unreachable, reading the primary for %s s: %s: %s",
            REPLICA_RETRY_SECONDS,
            type(error).__name__,
            error,
        )
        return False
    return True


@contextmanager
def replica_reads(allowed=True):
    """Let (or stop) reads of public data go to the replica within the block."""
    token = _replica_allowed.set(allowed)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


class PrimaryReplicaRouter:
    """Public reads to `replica` when the rule above allows; all else `default`."""

    def db_for_read(self, model, **hints):
        # Imported here: routers load before the apps' models do.
        from editorial.models import is_public_model

        # The records public pages show (editorial ones and their parts);
        # their history is read by the admin only, on the primary.
        public = is_public_model(model)
        if REPLICA not in settings.DATABASES or not public:
            return DEFAULT_DB_ALIAS
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db  # related objects come from the same place
        if (
            _replica_allowed.get()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
            and replica_usable()
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: an object read from one may
        # be related to one read from the other.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica gets its schema by replication, never by migrate.
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Allow the replica for anonymous reads of the public site only."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin = "/" + settings.ADMIN_URL.lstrip("/")

    def __call__(self, request):
        allowed = (
            request.method in SAFE_METHODS
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(self.admin)
        )
        with replica_reads(allowed):
            return self.get_response(request)
