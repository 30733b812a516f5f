"""The read-replica router: public reads to `replica`, everything else primary."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import OperationalError, connections, transaction
from django.test import RequestFactory

from cases.models import TimelineEvent
from casetracker import routers
from casetracker.routers import (
    PrimaryReplicaRouter,
    ReplicaReadsMiddleware,
    replica_reads,
)
from people.models import Person

ROUTER = "casetracker.routers.PrimaryReplicaRouter"


@pytest.fixture
def replica(settings, monkeypatch):
    """A `replica` alias (a mirror of the test database) and the router."""
    config = {**django_settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
    monkeypatch.setitem(django_settings.DATABASES, "replica", config)
    settings.DATABASE_ROUTERS = [ROUTER]
    # The replica answers; the tests of its outage below say otherwise.
    monkeypatch.setattr(routers, "replica_usable", lambda: True)
    return PrimaryReplicaRouter()


def test_without_a_replica_everything_reads_the_primary(settings):
    assert "replica" not in settings.DATABASES
    with replica_reads():
        assert PrimaryReplicaRouter().db_for_read(Person) == "default"


def test_public_reads_go_to_the_replica_when_allowed(replica):
    with replica_reads():
        assert replica.db_for_read(Person) == "replica"
        assert replica.db_for_read(TimelineEvent) == "replica"


def test_reads_outside_a_request_stay_on_the_primary(replica):
    """Commands, the shell and tests read what they just wrote."""
    assert replica.db_for_read(Person) == "default"


@pytest.mark.parametrize("model", [User, Session])
def test_accounts_and_sessions_always_read_the_primary(replica, model):
    with replica_reads():
        assert replica.db_for_read(model) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(replica):
    with replica_reads(), transaction.atomic():
        assert replica.db_for_read(Person) == "default"


def test_related_objects_come_from_where_their_instance_came_from(replica):
    person = Person(name="A")
    person._state.db = "default"
    with replica_reads():
        assert replica.db_for_read(TimelineEvent, instance=person) == "default"


def test_writes_go_to_the_primary(replica):
    with replica_reads():
        assert replica.db_for_write(Person) == "default"


def test_migrations_run_on_the_primary_only(replica):
    assert replica.allow_migrate("default", "people", "person")
    assert not replica.allow_migrate("replica", "people", "person")


def test_objects_of_primary_and_replica_may_be_related(replica):
    person, event = Person(), TimelineEvent()
    person._state.db, event._state.db = "default", "replica"
    assert replica.allow_relation(person, event)
    event._state.db = "elsewhere"
    assert not replica.allow_relation(person, event)


def test_a_public_queryset_reads_the_replica_through_django(replica):
    with replica_reads():
        assert Person.objects.published().db == "replica"
        assert Person.objects.published().filter(name="A").db == "replica"
    assert Person.objects.published().db == "default"


def _db_seen_by(request):
    seen = []

    def view(request):
        seen.append(Person.objects.published().db)
        return None

    ReplicaReadsMiddleware(view)(request)
    return seen[0]


def test_anonymous_get_of_a_public_page_reads_the_replica(replica):
    assert _db_seen_by(RequestFactory().get("/people/")) == "replica"


def test_staff_with_a_session_read_the_primary(replica):
    request = RequestFactory().get("/people/")
    request.COOKIES[django_settings.SESSION_COOKIE_NAME] = "abc"
    assert _db_seen_by(request) == "default"


def test_posts_and_the_admin_read_the_primary(replica):
    factory = RequestFactory()
    assert _db_seen_by(factory.post("/search/")) == "default"
    admin = "/" + django_settings.ADMIN_URL
    assert _db_seen_by(factory.get(admin + "people/person/")) == "default"


def test_the_setting_is_back_to_primary_after_the_request(replica):
    _db_seen_by(RequestFactory().get("/people/"))
    assert Person.objects.published().db == "default"


class _Down:
    """A replica connection that refuses, as a stopped PostgreSQL does."""

    attempts = 0

    def close_if_health_check_failed(self):
        pass

    def ensure_connection(self):
        type(self).attempts += 1
        raise OperationalError("connection refused")


@pytest.fixture
def replica_down(settings, monkeypatch):
    """A `replica` alias whose server refuses connections; a clock to move."""
    config = {**django_settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
    monkeypatch.setitem(django_settings.DATABASES, "replica", config)
    settings.DATABASE_ROUTERS = [ROUTER]
    _Down.attempts = 0
    monkeypatch.setattr(
        routers, "connections", {"default": connections["default"], "replica": _Down()}
    )
    monkeypatch.setattr(routers, "_replica_down_until", 0.0)
    clock = [1000.0]
    monkeypatch.setattr(routers, "_clock", lambda: clock[0])
    return clock


def test_a_replica_that_does_not_answer_sends_reads_to_the_primary(replica_down):
    with replica_reads():
        assert PrimaryReplicaRouter().db_for_read(Person) == "default"


def test_the_replica_is_tried_again_after_a_while(replica_down):
    router = PrimaryReplicaRouter()
    with replica_reads():
        router.db_for_read(Person)
        router.db_for_read(Person)
        assert _Down.attempts == 1  # not once a query while it is down
        replica_down[0] += routers.REPLICA_RETRY_SECONDS + 1
        router.db_for_read(Person)
        assert _Down.attempts == 2


@pytest.mark.django_db(transaction=True)  # outside a transaction, as a page
def test_a_replica_read_takes_the_version_the_replica_has(replica, monkeypatch):
    """Not the shared cache's, written from the primary: a page rendered from
    the replica's older data is then never kept under a newer version."""
    from editorial import public
    from editorial.models import PublicVersion

    PublicVersion.objects.update_or_create(pk=1, defaults={"value": "replicated"})
    monkeypatch.setattr(public, "is_shared", lambda: True)
    monkeypatch.setattr(public, "cache_get", lambda key: "newer, from the primary")
    added, read_from = [], []
    monkeypatch.setattr(public, "cache_add", lambda *args: added.append(args))
    using = PublicVersion.objects.using

    def reading(alias):
        read_from.append(alias)
        return using("default")  # the test database the replica mirrors

    monkeypatch.setattr(PublicVersion.objects, "using", reading)
    with replica_reads():
        assert public.public_version() == "replicated"
    assert read_from == ["replica"]
    assert added == []  # the shared cache keeps the primary's version
    assert public.public_version() == "newer, from the primary"
