"""
The list download (/cases/list.csv) in the import's columns: a downloaded
list imports into an empty database and downloads again identically.
"""

import csv
import io

import pytest
from django.test import override_settings

from bulk.importer import COLUMNS, import_events
from cases.models import Case, Citation, Source, TimelineEvent
from editorial.models import PublicationState
from people.models import Organization, Person, PersonAlias, PersonRole
from website.exports import LIST_COLUMNS

# Where the site is served: a case page is a web address there (the test
# client's "testserver" has no domain, and the import refuses it).
HOST = "casetracker.example.org"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("served"),
]


@pytest.fixture
def served():
    with override_settings(ALLOWED_HOSTS=[HOST]):
        yield


PUBLISHED = PublicationState.PUBLISHED


def download(client, query=""):
    response = client.get(f"/cases/list.csv{query}", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(response.streaming_content)


def rows_of(data):
    return list(csv.DictReader(io.StringIO(data.decode().lstrip("\ufeff"))))


@pytest.fixture
def listed(make_person, make_case, make_event, make_source, make_organization):
    """Two people as a list gives them, and what a list must not show."""
    court = make_organization(name="Example Grave Crimes Court", kind="court")
    hidden = make_organization(
        name="Example Draft Facility",
        kind="detention_facility",
        publication_state=PublicationState.DRAFT,
    )
    first = make_person(
        name="Example Listed One",
        name_native="Nümunə Siyahı Bir",
        gender="female",
        born="1983-06",
    )
    PersonRole.objects.create(person=first, role="journalist")
    PersonRole.objects.create(person=first, role="human_rights_defender")
    # The native name again (the demo's people have it so), and a spelling
    # without the diacritics: the list gives the second, not the first.
    PersonAlias.objects.create(person=first, name="Nümunə Siyahı Bir", position=0)
    PersonAlias.objects.create(person=first, name="Пример Один", position=1)
    PersonAlias.objects.create(person=first, name="Numune Siyahi Bir", position=2)
    case = make_case(
        person=first,
        title="Example Listed One: example case (2020)",
        court=court,
        facility=hidden,
        sentence="six years in prison",
        sentence_months=72,
    )
    case.charges.create(
        code="CC", article="234.4.3", description="drug possession", position=0
    )
    case.charges.create(code="CC", article="221.3", description="CC 221.3", position=1)
    case.charges.create(description="hooliganism", position=2)
    make_event(case=case, kind="detention", date="2020-01-03")
    for title in ("An example list", "Another example list"):
        Citation.objects.create(case=case, source=make_source(title=title))
    Citation.objects.create(
        case=case,
        source=make_source(title="A draft list", publication_state="draft"),
    )
    second = make_person(name="Example Listed Two")
    make_case(person=second, title="Example Listed Two: example case (2021)")
    return case


def test_the_list_has_the_import_columns_and_what_is_published():
    # The import also reads an event's texts in other languages (title_az).
    assert COLUMNS[: len(LIST_COLUMNS)] == LIST_COLUMNS
    assert set(COLUMNS[len(LIST_COLUMNS) :]) == {
        "title_az",
        "title_ru",
        "description_az",
        "description_ru",
    }


def test_the_list_gives_each_case_once_per_cited_source(client, listed):
    rows = rows_of(download(client))
    assert [row["person"] for row in rows] == [
        "Example Listed One",
        "Example Listed One",
        "Example Listed Two",
    ]
    first = rows[0]
    assert first["person_role"] == "human_rights_defender; journalist"
    assert (first["person_gender"], first["person_born"]) == ("female", "1983-06")
    assert first["person_other_names"] == "Пример Один; Numune Siyahi Bir"
    assert first["case_charges"] == (
        "CC 234.4.3: drug possession; CC 221.3; : hooliganism"
    )
    assert first["case_court"] == "Example Grave Crimes Court"
    assert first["case_facility"] == ""  # a draft
    assert (first["case_sentence"], first["case_sentence_months"]) == (
        "six years in prison",
        "72",
    )
    assert {row["source_title"] for row in rows[:2]} == {
        "An example list",
        "Another example list",
    }
    assert not any(row["event_date"] or row["title"] for row in rows)
    # A case whose particulars cite nothing cites its page here.
    assert rows[2]["source_url"] == (
        f"http://{HOST}/cases/"
        + Case.objects.get(person__name__endswith="Two").slug
        + "/"
    )


def test_a_downloaded_list_imports_into_an_empty_database_and_downloads_again_the_same(
    client, listed
):
    before = download(client)
    for model in (Citation, TimelineEvent, Case, PersonAlias, PersonRole, Person):
        model.objects.all().delete()
    Source.objects.all().delete()
    Organization.objects.all().delete()
    plan = import_events(data=before)
    assert (plan.counts.people, plan.counts.cases, plan.counts.events) == (2, 2, 0)
    for model in (Person, Case, Source, Organization):
        model.objects.update(publication_state=PUBLISHED)
    Case.objects.all().refresh_visibility()  # as every write path does
    after = download(client)
    assert after.decode() == before.decode()
    # And importing it again changes nothing.
    assert import_events(data=after).counts.total == 0


def test_the_list_follows_the_case_filters(client, listed):
    rows = rows_of(download(client, f"?court={listed.court.slug}"))
    assert {row["person"] for row in rows} == {"Example Listed One"}
    response = client.get("/cases/list.csv?year_from=abc", HTTP_HOST=HOST)
    assert response.status_code == 400
