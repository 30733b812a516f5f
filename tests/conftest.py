from itertools import count

import pytest
from django.contrib.auth.models import Group

from cases.models import Case, Citation, Source, Statement, TimelineEvent
from editorial.models import PublicationState
from editorial.roles import EDITOR, REVIEWER
from people.models import Organization, Person

_serial = count(1)


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
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


def _n():
    return next(_serial)


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


def _staff(django_user_model, username, role):
    user = django_user_model.objects.create_user(
        username=username, password="correct horse battery", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(django_user_model):
    """A staff user with the Editor role: edits and submits, never publishes."""
    return _staff(django_user_model, "editor", EDITOR)


@pytest.fixture
def reviewer(django_user_model):
    """A staff user with the Reviewer role: also publishes and reverts."""
    return _staff(django_user_model, "reviewer", REVIEWER)


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


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, loaded once for a module's tests and removed after.

    Tests using it must leave it as they found it (read, or roll back through
    the ``db`` fixture)."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
