import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from cases.models import Citation, Statement
from people.models import Affiliation

pytestmark = pytest.mark.django_db


def test_person_with_cases_cannot_be_deleted(make_case):
    case = make_case()
    with pytest.raises(ProtectedError):
        case.person.delete()


def test_source_with_citations_cannot_be_deleted(make_event):
    event = make_event()
    with pytest.raises(ProtectedError):
        event.citations.get().source.delete()


def test_case_with_events_cannot_be_deleted(make_event):
    event = make_event()
    with pytest.raises(ProtectedError):
        event.case.delete()


def test_duplicate_slug_is_a_readable_error(make_person):
    make_person(slug="mehman-huseynov")
    from people.models import Person

    duplicate = Person(name="Mehman Huseynov", slug="mehman-huseynov", country="AZ")
    with pytest.raises(ValidationError, match="already exists"):
        duplicate.full_clean()


def test_source_url_is_unique_but_may_be_empty(make_source):
    make_source(url="https://oc-media.org/a/")
    make_source(url="")
    make_source(url="")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_source(url="https://oc-media.org/a/")


def test_citation_has_exactly_one_target(make_event, make_statement, make_source):
    event, statement, source = make_event(), make_statement(), make_source()
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(source=source)
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(source=source, event=event, statement=statement)


def test_designation_needs_its_kind(make_statement):
    statement = make_statement(kind=Statement.Kind.DESIGNATION)
    with pytest.raises(ValidationError, match="Say which designation"):
        statement.full_clean()
    statement.designation = Statement.Designation.PRISONER_OF_CONSCIENCE
    statement.full_clean()
    statement.kind = Statement.Kind.PRESS_RELEASE
    with pytest.raises(ValidationError, match="Only a designation"):
        statement.full_clean()


def test_affiliation_period_must_be_ordered(make_person, make_organization):
    affiliation = Affiliation(
        person=make_person(),
        organization=make_organization(),
        role=Affiliation.Role.EDITOR,
        started="2020",
        ended="2019",
    )
    with pytest.raises(ValidationError, match="ends before it starts"):
        affiliation.full_clean()
    affiliation.ended = "2024-12"
    affiliation.full_clean()
    affiliation.save()
    assert str(affiliation.started_on) == "2020-01-01"
    assert str(affiliation.ended_on) == "2024-12-31"


def test_organization_cannot_be_its_own_ancestor(make_organization):
    network = make_organization()
    house = make_organization(parent=network)
    network.parent = house
    with pytest.raises(ValidationError, match="own ancestor"):
        network.full_clean()


def test_photo_needs_a_credit(make_person):
    person = make_person()
    person.photo = "people/portrait.jpg"
    with pytest.raises(ValidationError, match="who took the photo"):
        person.full_clean(exclude=["photo"])


def test_statement_without_date_sorts_last(make_statement):
    undated = make_statement(date="")
    dated = make_statement(date="2011-11-16")
    assert list(Statement.objects.filter(pk__in=[undated.pk, dated.pk])) == [
        dated,
        undated,
    ]
    assert undated.date_lower is None
