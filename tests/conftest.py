import base64
import hashlib
import hmac
import re
import struct
import time
from itertools import count

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in
from django.core.cache import caches
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.models import Q
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import Case, Citation, Source, Statement, TimelineEvent
from editorial.models import PublicationState
from editorial.roles import EDITOR, REVIEWER
from people.models import Facility, Organization, Person

_serial = count(1)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Tests see pages as they are rendered: no page cache, unless a test of
    the cache itself asks for one (tests/website/test_page_cache.py). The fragment
    cache stays on, empty at each test's start, so that a stale fragment
    would fail the tests that edit and look again."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-fragments",
        },
    }
    caches["fragments"].clear()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """LocaleMiddleware leaves the last request's language active on the
    thread; start every test in English."""
    from django.utils import translation

    yield
    translation.activate("en")


# What the tests' own database fixtures are called: a test using one of them
# (itself or through a maker) writes records whose visibility is checked.
_DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}


@pytest.fixture(autouse=True)
def _visibility_kept_in_step(request):
    """
    After every test that used the database, each case's and each event's
    stored ``is_public`` (all that published(), the public door, reads) is
    what the records' own states say: published, with its person (and an
    event's case) published. A write path that forgot to keep it fails the
    test that took it, wherever that test is.
    """
    uses_db = request.node.get_closest_marker("django_db") or (
        _DATABASE_FIXTURES & set(request.fixturenames)
    )
    if not uses_db:
        yield
        return
    # Requested here, the database is set up before this fixture and torn
    # down (rolled back) after it: the check reads what the test left.
    request.getfixturevalue("db")
    yield
    try:
        wrong = _visibility_out_of_step()
    except DatabaseError:
        return  # the test left no usable connection: nothing to read
    assert not wrong, f"is_public out of step with the states: {wrong}"


def _visibility_out_of_step():
    published = PublicationState.PUBLISHED
    case_public = Q(publication_state=published, person__publication_state=published)
    event_public = Q(
        publication_state=published,
        case__publication_state=published,
        case__person__publication_state=published,
    )
    wrong = []
    for model, public in ((Case, case_public), (TimelineEvent, event_public)):
        rows = model.objects.using("default").filter(
            (Q(is_public=True) & ~public) | (Q(is_public=False) & public)
        )
        wrong += [f"{model.__name__} {pk}" for pk in rows.values_list("pk", flat=True)]
    return wrong


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _local_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "pending": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "pending-media"},
        },
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


def _n():
    return next(_serial)


@pytest.fixture
def flush_database(db):
    """Return a function that empties the database inside a test."""

    def flush():
        # PostgreSQL refuses to TRUNCATE a table whose deferred foreign-key
        # checks are still pending in the transaction: run them first.
        connection.check_constraints()
        call_command("flush", interactive=False, verbosity=0)

    return flush


@pytest.fixture
def make_person(db):
    def make(**kwargs):
        n = _n()
        kwargs.setdefault("name", f"Person {n}")
        kwargs.setdefault("slug", f"person-{n}")
        kwargs.setdefault("country", "AZ")
        kwargs.setdefault("publication_state", PublicationState.PUBLISHED)
        return Person.objects.create(**kwargs)

    return make


@pytest.fixture
def make_organization(db):
    def make(**kwargs):
        n = _n()
        kwargs.setdefault("name", f"Organization {n}")
        kwargs.setdefault("slug", f"organization-{n}")
        kwargs.setdefault("kind", Organization.Kind.NGO)
        kwargs.setdefault("publication_state", PublicationState.PUBLISHED)
        return Organization.objects.create(**kwargs)

    return make


@pytest.fixture
def make_facility(db, make_organization):
    """Make a published detention facility (an Organization of that kind)
    with its details; ``organization`` kwargs go to the Organization."""

    def make(organization=None, **kwargs):
        organization = dict(organization or {})
        organization.setdefault("kind", Organization.Kind.DETENTION_FACILITY)
        organization.setdefault("country", "AZ")
        n = _n()
        organization.setdefault("name", f"Prison No. {n}")
        organization.setdefault("slug", f"prison-{n}")
        org = make_organization(**organization)
        kwargs.setdefault("kind", Facility.Kind.PRISON)
        return Facility.objects.create(organization=org, **kwargs)

    return make


@pytest.fixture
def make_case(db, make_person):
    def make(**kwargs):
        n = _n()
        if "person" not in kwargs:
            kwargs["person"] = make_person()
        kwargs.setdefault("title", f"Case {n}")
        kwargs.setdefault("slug", f"case-{n}")
        kwargs.setdefault("country", "AZ")
        kwargs.setdefault("publication_state", PublicationState.PUBLISHED)
        return Case.objects.create(**kwargs)

    return make


@pytest.fixture
def make_source(db):
    def make(**kwargs):
        n = _n()
        kwargs.setdefault("title", f"Source {n}")
        kwargs.setdefault("publisher", "OC Media")
        kwargs.setdefault("kind", Source.Kind.NEWS)
        kwargs.setdefault("url", f"https://example.org/news/{n}")
        kwargs.setdefault("published", "2023-03-01")
        kwargs.setdefault("publication_state", PublicationState.PUBLISHED)
        return Source.objects.create(**kwargs)

    return make


@pytest.fixture
def make_event(db, make_case, make_source):
    def make(*, cite=True, **kwargs):
        if "case" not in kwargs:
            kwargs["case"] = make_case()
        kwargs.setdefault("kind", TimelineEvent.Kind.OTHER)
        kwargs.setdefault("title", f"Event {_n()}")
        kwargs.setdefault("date", "2020-01-01")
        kwargs.setdefault("publication_state", PublicationState.PUBLISHED)
        event = TimelineEvent.objects.create(**kwargs)
        if cite:
            Citation.objects.create(event=event, source=make_source(), quote="Quoted.")
        return event

    return make


@pytest.fixture
def make_statement(db):
    def make(**kwargs):
        n = _n()
        kwargs.setdefault("title", f"Statement {n}")
        kwargs.setdefault("slug", f"statement-{n}")
        kwargs.setdefault("kind", Statement.Kind.PRESS_RELEASE)
        kwargs.setdefault("date", "2024-12-09")
        kwargs.setdefault("publication_state", PublicationState.PUBLISHED)
        return Statement.objects.create(**kwargs)

    return make


@pytest.fixture
def passes_second_factor(db):
    """
    Return a function that gives a user an authenticator app and makes each
    of their logins, force_login() too, count as passing it, as a login with
    a code does. The personas use it; tests of the second factor do not.
    """
    devices = {}

    def verified(sender, request, user, **kwargs):
        if user.pk in devices:
            request.session[DEVICE_ID_SESSION_KEY] = devices[user.pk].persistent_id

    user_logged_in.connect(verified)

    def enrol(user):
        devices[user.pk] = TOTPDevice.objects.create(user=user, name="Phone")
        return user

    yield enrol
    user_logged_in.disconnect(verified)


def _staff(django_user_model, username, role):
    user = django_user_model.objects.create_user(
        username=username, password="correct horse battery", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(django_user_model, passes_second_factor):
    """A staff user with the Editor role: edits and submits, never publishes."""
    return passes_second_factor(_staff(django_user_model, "editor", EDITOR))


@pytest.fixture
def reviewer(django_user_model, passes_second_factor):
    """A staff user with the Reviewer role: also publishes and reverts."""
    return passes_second_factor(_staff(django_user_model, "reviewer", REVIEWER))


@pytest.fixture
def admin_user(admin_user, passes_second_factor):
    """pytest-django's superuser (and so its admin_client), with an app."""
    return passes_second_factor(admin_user)


STAFF_PASSWORD = "correct horse battery"


@pytest.fixture
def make_staff(django_user_model):
    """Make an Editor who logs in for real: no device unless ``app=True``."""

    def make(*, app=False, **kwargs):
        kwargs.setdefault("username", f"staff-{_n()}")
        kwargs.setdefault("password", STAFF_PASSWORD)
        kwargs.setdefault("email", f"{kwargs['username']}@example.org")
        user = django_user_model.objects.create_user(is_staff=True, **kwargs)
        user.groups.add(Group.objects.get(name=EDITOR))
        if app:
            TOTPDevice.objects.create(user=user, name="Phone")
        return user

    return make


def totp_code(secret, at=None):
    """Return the TOTP code (RFC 6238, as an app computes it) for a base32
    secret or a device, now or at the Unix time ``at``."""
    if isinstance(secret, TOTPDevice):
        secret = base64.b32encode(secret.bin_key).decode()
    key = base64.b32decode(secret.replace(" ", ""))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


@pytest.fixture
def totp():
    return totp_code


def recovery_codes_shown(response):
    """Return the recovery codes a page shows, as shown: 'abcd-efgh'."""
    return re.findall(
        r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", response.content.decode()
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(reviewer):
    """A client of its own, so a test can act as editor and reviewer."""
    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    return client


@pytest.fixture
def viewer_client(client, django_user_model, passes_second_factor):
    """Staff who may view every record of ours but change none."""

    user = django_user_model.objects.create_user(
        "viewer", password="correct horse battery", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(
            codename__startswith="view_",
            content_type__app_label__in=["people", "cases", "editorial"],
        )
    )
    passes_second_factor(user)
    client.force_login(user)
    return client


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, loaded once for a module's tests and removed after.

    Tests using it must leave it as they found it (read, or roll back through
    the ``db`` fixture)."""

    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
