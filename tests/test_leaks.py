"""
Nothing private reaches a public surface. A unique marker is planted in
every private field of published records, and in every text of draft and
in-review records of every editorial model, each linked where a leak could
happen; then every public URL is fetched and the marker must be nowhere.

Add every new public surface to ``public_urls``.
"""

import pytest
from django.apps import apps
from django.db import models

from cases.models import (
    Case,
    CaseParticipant,
    Citation,
    Source,
    Statement,
    StatementParty,
    TimelineEvent,
)
from editorial.models import EditorialModel, PublicationState, private_fields
from people.models import Affiliation, Organization, OrganizationMembership, Person

pytestmark = pytest.mark.django_db

MARKER = "zqleakmarker"
PUBLISHED, DRAFT, IN_REVIEW = (
    PublicationState.PUBLISHED,
    PublicationState.DRAFT,
    PublicationState.IN_REVIEW,
)


def _mark_texts(record, label):
    """Put the marker in every text field of ``record`` that can take it."""
    for field in record._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        if field.name in {
            "date",
            "born",
            "started",
            "ended",
            "published",
            "sentence_starts",
            "sentence_ends",
            "publication_state",
        }:
            continue
        if isinstance(field, models.SlugField):
            setattr(record, field.name, f"{MARKER}-{label}")
        elif isinstance(field, models.URLField):
            setattr(record, field.name, f"https://{MARKER}.example/{label}")
        else:
            setattr(record, field.name, f"{MARKER} {label}"[: field.max_length or 1000])


def _hidden(model, state, label, **values):
    record = model(**values, publication_state=state)
    _mark_texts(record, label)
    record.save()
    return record


@pytest.fixture
def planted(
    make_person, make_organization, make_case, make_event, make_source, make_statement
):
    """Published records with marked private fields, each linked to hidden ones."""
    private = dict.fromkeys(("notes", "contacts"), f"{MARKER} private")
    person = make_person(name="Public Person", slug="public-person", **private)
    network = make_organization(
        name="Public Network", slug="public-network", kind="network", **private
    )
    source = make_source(title="Public Source", **{"notes": private["notes"]})
    case = make_case(
        person=person, title="Public Case", slug="public-case", notes=private["notes"]
    )
    event = make_event(
        case=case, title="Public Event", notes=private["notes"], cite=False
    )
    Citation.objects.create(event=event, source=source, quote="Public quote")
    statement = make_statement(
        title="Public Statement", slug="public-statement", notes=private["notes"]
    )
    statement.people.add(person)
    statement.cases.add(case)
    Citation.objects.create(statement=statement, source=source)
    StatementParty.objects.create(
        statement=statement, organization=network, role="author"
    )

    for state in (DRAFT, IN_REVIEW):
        label = state.replace("_", "")
        hidden_person = _hidden(Person, state, label, country="AZ")
        hidden_org = _hidden(Organization, state, label, kind="court")
        hidden_source = _hidden(Source, state, label, kind="news")
        hidden_case = _hidden(Case, state, label, person=person, country="AZ")
        _hidden(Case, state, f"{label}-of-hidden", person=hidden_person, country="AZ")
        hidden_event = _hidden(
            TimelineEvent, state, label, case=case, kind="other", date="2020-01-01"
        )
        _hidden(
            TimelineEvent,
            state,
            f"{label}-in-hidden",
            case=hidden_case,
            kind="other",
            date="2020-01-02",
        )
        hidden_statement = _hidden(Statement, state, label, kind="press_release")
        hidden_statement.people.add(person)
        hidden_statement.cases.add(case)
        # Hidden records linked from published ones.
        Citation.objects.create(
            event=event, source=hidden_source, quote=f"{MARKER} quote"
        )
        Citation.objects.create(event=hidden_event, source=source)
        StatementParty.objects.create(
            statement=statement,
            organization=hidden_org,
            role="signatory",
            via=hidden_org,
        )
        CaseParticipant.objects.create(case=case, person=hidden_person, role="lawyer")
        Affiliation.objects.create(
            person=person, organization=hidden_org, role="member"
        )
        OrganizationMembership.objects.create(member=hidden_org, network=network)
        case.related_cases.add(hidden_case)
    Case.objects.filter(pk=case.pk).update(court=hidden_org, facility=hidden_org)
    Organization.objects.filter(pk=network.pk).update(parent=hidden_org)
    return {
        "person": person,
        "case": case,
        "event": event,
        "statement": statement,
        "network": network,
        "source": source,
    }


def public_urls(planted):
    person, case, statement, network = (
        planted["person"],
        planted["case"],
        planted["statement"],
        planted["network"],
    )
    urls = [
        "/",
        "/people/",
        "/cases/",
        "/events/",
        "/statements/",
        "/organizations/",
        "/organizations/?q=leakmark",  # part of the marker: a query is echoed
        person.get_absolute_url(),
        case.get_absolute_url(),
        statement.get_absolute_url(),
        network.get_absolute_url(),
        "/search/?q=leakmark",
        "/search/?q=Public",
        "/events/feed/",
        f"/people/{person.slug}/feed/",
        "/sitemap.xml",
        "/robots.txt",
        "/api/v1/openapi.json",
    ]
    for name in ("people", "cases", "events", "statements", "organizations"):
        urls += [f"/{name}/export.csv", f"/{name}/export.json"]
    for name in ("people", "cases", "events", "statements", "organizations", "sources"):
        urls.append(f"/api/v1/{name}/")
    urls += [
        f"/api/v1/people/{person.slug}/",
        f"/api/v1/cases/{case.slug}/",
        f"/api/v1/events/{planted['event'].pk}/",
        f"/api/v1/statements/{statement.slug}/",
        f"/api/v1/organizations/{network.slug}/",
        f"/api/v1/sources/{planted['source'].pk}/",
    ]
    return urls


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_every_editorial_model_is_planted():
    editorial = {m.__name__ for m in apps.get_models() if issubclass(m, EditorialModel)}
    assert editorial == {
        "Person",
        "Organization",
        "Case",
        "TimelineEvent",
        "Source",
        "Statement",
    }
    for model in apps.get_models():
        if issubclass(model, EditorialModel):
            assert private_fields(model), model


def test_marker_is_nowhere_public(client, planted):
    assert Person.objects.filter(notes__contains=MARKER).exists()
    for url in public_urls(planted):
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKER not in _body(response).lower(), url


@pytest.mark.parametrize("model", [Person, Organization, Case, Statement])
def test_hidden_records_pages_are_404(client, planted, model):
    for record in model.objects.exclude(publication_state=PUBLISHED):
        response = client.get(record.get_absolute_url())
        assert response.status_code == 404
        # The address itself holds the marked slug; no marked text may show.
        assert f"{MARKER} " not in _body(response)
