"""
Nothing private reaches a public surface. A unique marker is planted in
every private field of published records, and in every text of draft and
in-review records of every editorial model, each linked where a leak could
happen; then every public URL is fetched and the marker must be nowhere.

Add every new public surface to ``public_urls``.
"""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
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
from editorial.services import publication_return
from people.models import (
    Affiliation,
    Facility,
    LetterGuidance,
    Organization,
    OrganizationMembership,
    Person,
)

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
    # A published place of detention with a public address (the person is
    # held there: their page has a letter section) and marked private notes.
    prison = make_organization(
        name="Public Prison",
        slug="public-prison",
        kind="detention_facility",
        country="AZ",
        **private,
    )
    Facility.objects.create(
        organization=prison,
        kind="prison",
        postal_address="Public Street 1\nAZ 1000 Baku",
        addressee_birth_year=True,
        letter_languages="az ru",
        letter_guidance="Public guidance.",
        latitude="40.4",
        longitude="49.8",
        notes=private["notes"],
    )
    detained = make_event(
        case=case,
        kind="detention",
        date="2024-01-09",
        title="Public Detention",
        organization=prison,
        cite=False,
    )
    Citation.objects.create(event=detained, source=source)
    LetterGuidance.objects.create(
        country="AZ", guidance=f"{MARKER} unpublished guidance", is_published=False
    )
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
        # A hidden facility, every text of its details marked, to which a
        # published case of the person is transferred from the public one.
        hidden_prison = _hidden(
            Organization, state, f"{label}-prison", kind="detention_facility"
        )
        details = Facility(organization=hidden_prison, latitude=40, longitude=49)
        _mark_texts(details, f"{label}-details")
        details.save()
        moved = make_case(person=person, title=f"Moved {label}", slug=f"moved-{label}")
        for kind, date, place in (
            ("detention", "2023-01-01", prison),
            ("transfer", "2023-02-01", hidden_prison),
        ):
            event = make_event(
                case=moved,
                kind=kind,
                date=date,
                title=f"Moved {kind}",
                organization=place,
                cite=False,
            )
            Citation.objects.create(event=event, source=source)
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
        "prison": prison,
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
        "/facilities/",
        "/facilities/?q=leakmark",
        planted["prison"].get_absolute_url(),
        f"{person.get_absolute_url()}letter/",
        "/people/?held_at=public-prison",
        "/cases/?held_at=public-prison",
        "/data/",
    ]
    lists = ("people", "cases", "events", "statements", "organizations", "facilities")
    for name in lists:
        urls += [f"/{name}/export.csv", f"/{name}/export.json"]
    for name in (*lists, "sources"):
        urls.append(f"/api/v1/{name}/")
    urls += [
        f"/api/v1/people/{person.slug}/",
        f"/api/v1/cases/{case.slug}/",
        f"/api/v1/events/{planted['event'].pk}/",
        f"/api/v1/statements/{statement.slug}/",
        f"/api/v1/organizations/{network.slug}/",
        f"/api/v1/facilities/{planted['prison'].slug}/",
        f"/api/v1/organizations/{planted['prison'].slug}/",
        f"/api/v1/sources/{planted['source'].pk}/",
    ]
    return urls


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    if response["Content-Type"] == "image/png":  # a share card, byte for byte
        return response.content.hex()
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
        if model in (Person, Case):
            card = client.get(f"{record.get_absolute_url()}card.png")
            assert card.status_code == 404


def _public_snapshot(client, urls):
    """Return {url: body} of every public surface, and the archive export."""
    snapshot = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        snapshot[url] = _body(response)
    out = io.StringIO()
    call_command("export_data", "-", stdout=out)
    snapshot["export_data"] = out.getvalue()
    return snapshot


def _detention_case(person, source, state, label):
    case = Case.objects.create(
        person=person,
        title=f"Held back {label}",
        slug=f"held-back-{label}",
        country="AZ",
        publication_state=state,
    )
    for kind, date in (("detention", "2024-01-09"), ("sentence", "2024-06-01")):
        event = TimelineEvent.objects.create(
            case=case,
            kind=kind,
            title=f"{kind} {label}",
            date=date,
            publication_state=PUBLISHED,
        )
        Citation.objects.create(event=event, source=source)
    return case


@pytest.mark.django_db
def test_cases_not_public_change_nothing_public(
    client, make_person, make_case, make_event, make_source, reviewer
):
    """
    A published person's detention in a case that is a draft, in review, or
    was taken down by a reviewer changes no public surface by one character
    or one count: statuses, facets, figures, badges, exports, the archive.
    """
    person = make_person(name="Free Person", slug="free-person")
    free_case = make_case(person=person, title="Charged case", slug="charged-case")
    make_event(case=free_case, kind="charge", date="2023-05-01")
    source = make_source(title="Held-back source")
    urls = [
        *public_urls_basic(person, free_case),
        "/people/?status=detained",
        "/cases/?status=sentenced",
        "/stats/",
        *(f"/stats/{slug}.csv" for slug in STAT_SLUGS),
        f"/people/{person.slug}/badge.svg",
        f"/people/{person.slug}/card.png",
        f"/cases/{free_case.slug}/card.png",
    ]
    before = _public_snapshot(client, urls)

    _detention_case(person, source, DRAFT, "draft")
    _detention_case(person, source, IN_REVIEW, "review")
    taken_down = _detention_case(person, source, PUBLISHED, "taken-down")
    assert (
        client.get(f"/people/{person.slug}/").content.decode()
        != before[f"/people/{person.slug}/"]
    ), "the published detention case must show while it is published"
    publication_return(
        obj=taken_down, by=reviewer, comment="Not yet confirmed.", together=True
    )

    after = _public_snapshot(client, urls)
    for url in urls + ["export_data"]:
        assert after[url] == before[url], url
    person.refresh_from_db()
    assert person.status == "charged"


STAT_SLUGS = (
    "detained-over-time",
    "detentions-per-year",
    "releases-per-year",
    "cases-by-charge",
    "people-by-role",
    "sentence-lengths",
)


def public_urls_basic(person, case):
    urls = ["/", "/people/", "/cases/", "/events/", "/search/?q=Free"]
    urls += [person.get_absolute_url(), case.get_absolute_url()]
    urls += [f"/people/{person.slug}/feed/", "/events/feed/", "/sitemap.xml"]
    for name in ("people", "cases", "events"):
        urls += [f"/{name}/export.csv", f"/{name}/export.json"]
    urls += ["/api/v1/people/", "/api/v1/cases/", "/api/v1/events/"]
    urls += [f"/api/v1/people/{person.slug}/", f"/api/v1/cases/{case.slug}/"]
    return urls


def test_every_field_is_public_private_or_internal():
    """
    Each field of a public model is listed once: in PUBLIC_FIELDS (what
    public surfaces may read, editorial.models.public_fields), in
    PRIVATE_FIELDS, or is bookkeeping or a search column. A field added
    without saying which fails here before it can reach a download.
    """
    from editorial.models import INTERNAL_FIELDS, is_public_model
    from editorial.translations import base_name

    for model in apps.get_models():
        if not is_public_model(model):
            continue
        public, private = set(model.PUBLIC_FIELDS), set(model.PRIVATE_FIELDS)
        assert not public & private, model
        names = {
            f.name
            for f in model._meta.get_fields()
            if (f.concrete or f.many_to_many) and not f.auto_created
        }
        internal = {n for n in names if n in INTERNAL_FIELDS or n.startswith("search_")}
        # A public text's column in each language (title_az) is as public.
        public |= {n for n in names if base_name(model, n) in public}
        assert names - public - private - internal == set(), model
        assert public <= names, model


def test_no_download_or_api_field_reads_a_private_field():
    from api import serializers
    from website.exports import EXPORTS

    for export in EXPORTS.values():
        headers = {header for header, _get in export.columns}
        assert not headers & set(export.model.PRIVATE_FIELDS), export.name
    for serializer in vars(serializers).values():
        meta = getattr(serializer, "Meta", None)
        if meta is not None and hasattr(meta, "model"):
            private = set(getattr(meta.model, "PRIVATE_FIELDS", ()))
            assert not set(meta.fields) & private, serializer
