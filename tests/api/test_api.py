import json
import os
import re
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from cases.models import Citation
from editorial.models import PublicationState

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT
RESOURCES = ["people", "cases", "events", "organizations", "statements", "sources"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_list_answers_with_pages(client, demo_data, resource):
    response = client.get(f"/api/v1/{resource}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] >= 1
    first = body["results"][0]
    detail = client.get(first["api_url"].replace("http://testserver", ""))
    assert detail.status_code == 200
    assert detail.json() == first


def test_person_links_to_cases_and_page(client, demo_data):
    body = client.get("/api/v1/people/bakhtiyar-hajiyev/").json()
    assert body["id"] == "bakhtiyar-hajiyev"
    assert body["html_url"] == "http://testserver/people/bakhtiyar-hajiyev/"
    assert "http://testserver/api/v1/cases/bakhtiyar-hajiyev-2010/" in body["cases"]
    assert {"name": "Бахтияр Гаджиев", "script": "cyrillic", "language": "ru"} in body[
        "other_names"
    ]


def test_event_carries_its_citations_and_dates(client, demo_data):
    body = client.get("/api/v1/events/?kind=release").json()
    release = body["results"][0]
    assert release["date"] == "2012-06"
    assert release["date_precision"] == "month"
    assert (release["date_lower"], release["date_upper"]) == (
        "2012-06-01",
        "2012-06-30",
    )
    assert release["citations"][0]["source"].startswith(
        "http://testserver/api/v1/sources/"
    )
    assert release["person"] == "http://testserver/api/v1/people/bakhtiyar-hajiyev/"


def test_statement_lists_every_signatory(client, demo_data):
    body = client.get("/api/v1/statements/joint-statement-mehman-huseynov-2019/").json()
    assert len(body["parties"]) == 44
    assert body["demands"][0].startswith("Transfer him to a civilian hospital")


def test_filters_are_those_of_the_pages(client, demo_data):
    body = client.get("/api/v1/people/?status=detained&role=journalist").json()
    assert [p["id"] for p in body["results"]] == []
    body = client.get("/api/v1/people/?status=pretrial_detention").json()
    assert {p["id"] for p in body["results"]} == {"rufat-safarov", "sevinj-vagifgizi"}
    body = client.get("/api/v1/cases/?charge=317.2").json()
    assert [c["id"] for c in body["results"]] == ["mehman-huseynov-2018"]


@pytest.mark.parametrize(
    "resource, query, parameter",
    [
        ("people", "status=bogus", "status"),
        ("people", "page_size=abc", "page_size"),
        ("events", "date_from=yesterday", "date_from"),
        ("statements", "year=twenty", "year"),
        ("events", "sort=,,,", "sort"),
        ("people", "sort=password", "sort"),
    ],
)
def test_bad_query_is_a_400_naming_the_parameter(
    client, demo_data, resource, query, parameter
):
    response = client.get(f"/api/v1/{resource}/?{query}")
    assert response.status_code == 400
    assert parameter in json.dumps(response.json())


def test_invalid_filter_value_is_400(client, demo_data):
    response = client.get("/api/v1/people/?status=bogus")
    assert response.status_code == 400
    assert "status" in response.json()


def test_page_beyond_the_end_is_404(client, demo_data):
    assert client.get("/api/v1/people/?page=99").status_code == 404


def test_unpublished_and_private_data_stay_out(
    client, make_person, make_case, make_event, make_source
):
    person = make_person(slug="visible", notes="PRIVATE-MARKER")
    case = make_case(person=person, notes="PRIVATE-MARKER")
    event = make_event(case=case, notes="PRIVATE-MARKER", cite=False)
    Citation.objects.create(
        event=event, source=make_source(title="DRAFT-MARKER", publication_state=DRAFT)
    )
    make_person(slug="hidden", name="DRAFT-MARKER", publication_state=DRAFT)
    for resource in RESOURCES:
        text = client.get(f"/api/v1/{resource}/").content.decode()
        assert "MARKER" not in text, resource
    assert client.get("/api/v1/people/hidden/").status_code == 404
    body = client.get(f"/api/v1/events/{event.pk}/").json()
    assert body["citations"] == []


def test_cors_allows_reading_from_other_sites(client, demo_data):
    response = client.get("/api/v1/people/", HTTP_ORIGIN="https://advocates.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    page = client.get("/people/", HTTP_ORIGIN="https://advocates.example")
    assert "Access-Control-Allow-Origin" not in page


def test_api_is_read_only(client, demo_data):
    assert client.post("/api/v1/people/", {"name": "x"}).status_code == 405
    assert client.delete("/api/v1/people/bakhtiyar-hajiyev/").status_code == 405


def test_conditional_get(client, demo_data):
    first = client.get("/api/v1/cases/")
    assert first.has_header("ETag")
    again = client.get("/api/v1/cases/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_openapi_document_and_docs(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    for resource in RESOURCES:
        assert f"/api/v1/{resource}/" in paths
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert "<script>" not in docs.content.decode()  # CSP forbids inline script


@pytest.mark.parametrize("n_rows", [5, 120])
def test_api_list_queries_do_not_grow(
    client, make_person, make_case, make_event, django_assert_max_num_queries, n_rows
):
    for i in range(n_rows):
        make_event(case=make_case(person=make_person()), date=f"20{i % 20:02d}-01-01")
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/events/?page_size=100").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/people/?page_size=100").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/cases/?page_size=100").status_code == 200


# Every endpoint against the OpenAPI document --------------------------------


@pytest.fixture
def api_schema(demo_data):
    from casetracker.wsgi import application

    # Called through WSGI, each request's start and end would close the
    # database connection (Django's test client unhooks this; schemathesis
    # does not), and on PostgreSQL the test's transaction would go with it.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis_settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_satisfies_its_openapi_document(case):
    # Country codes, charge articles and organization ids that exist are
    # data, not schema: a schema-valid unknown one is rightly a 400, so the
    # "valid data is accepted" check does not apply; every other does.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


@pytest.mark.parametrize("value", ["5.0", " 5", "5 ", "1e2"])
def test_a_whole_number_parameter_takes_digits_only(client, value):
    response = client.get("/api/v1/cases/", {"sentence_min": value})
    assert response.status_code == 400
    assert "sentence_min" in response.json()


# The representations are an interface -----------------------------------

# One per database: a case's related cases come in the database's order.
SNAPSHOT = Path(__file__).with_name(f"lists.{connection.vendor}.snapshot.json")


def _lists_as_text(client):
    """Every list of the demo data, as the API sends it, with what differs
    between two loads made stable: ``updated_at`` blanked, and the numeric
    ids of events, sources and citations counted from the first one."""
    from cases.models import Source, TimelineEvent

    first = {
        "events": TimelineEvent.objects.order_by("pk").first().pk,
        "sources": Source.objects.order_by("pk").first().pk,
    }
    pages = {}
    for resource in [*RESOURCES, "facilities"]:
        pages[resource] = client.get(f"/api/v1/{resource}/?page_size=500").content
    text = json.dumps({k: v.decode() for k, v in pages.items()}, indent=0)
    text = re.sub(r'\\"updated_at\\":\\"[^"\\]*\\"', '\\"updated_at\\":\\"\\"', text)
    for resource, offset in first.items():
        text = re.sub(
            rf"/api/v1/{resource}/(\d+)/",
            lambda m, r=resource, o=offset: f"/api/v1/{r}/+{int(m[1]) - o}/",
            text,
        )
    return text


def test_lists_are_byte_identical_to_the_snapshot(client, demo_data):
    # To record a deliberate change: API_SNAPSHOT_WRITE=1 pytest -k snapshot
    text = _lists_as_text(client)
    if os.environ.get("API_SNAPSHOT_WRITE"):
        SNAPSHOT.write_text(text)
    assert text == SNAPSHOT.read_text()
