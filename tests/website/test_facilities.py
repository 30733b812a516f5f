"""Places of detention: their pages, who is held there as last documented,
transfers, the lists' filters and downloads."""

import json

import pytest
from django.core.exceptions import ValidationError

from cases.models import TimelineEvent
from editorial.models import PublicationState
from people.models import Facility, Organization

pytestmark = pytest.mark.django_db

ADDRESS = "Ministry of Justice Penitentiary Service\\nInstitution No. 13\\nAZ 0114 Baku"


@pytest.fixture
def prison(make_facility):
    return make_facility(
        organization={
            "name": "Prison No. 13",
            "name_az": "13 nömrəli cəzaçəkmə müəssisəsi",
            "name_ru": "Исправительное учреждение № 13",
            "slug": "prison-13",
        },
        region="Baku",
        postal_address="Penitentiary Service\nInstitution No. 13\nAZ 0114 Baku",
        letter_languages="az ru",
        latitude="40.40930",
        longitude="49.86700",
    )


def _held(make_case, make_event, facility, *, name="Held Person", kind="detention"):
    case = make_case(title=f"Case of {name}")
    case.person.name = name
    case.person.save()
    make_event(
        case=case,
        kind=kind,
        date="2024-03",
        title="Detained",
        organization=facility.organization,
    )
    case.refresh_from_db()
    return case


def test_list_shows_published_facilities_with_held_count(
    client, prison, make_case, make_event, make_facility
):
    _held(make_case, make_event, prison)
    make_facility(organization={"name": "Draft Prison", "publication_state": "draft"})
    response = client.get("/facilities/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Prison No. 13" in text
    assert "Draft Prison" not in text
    assert "1 person held here, as last documented" in text
    assert "?held_at=prison-13" in text


def test_facility_page_shows_address_and_who_is_held(
    client, prison, make_case, make_event
):
    _held(make_case, make_event, prison)
    response = client.get("/facilities/prison-13/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Institution No. 13<br>AZ 0114 Baku" in text
    assert "Held Person" in text
    assert "March 2024" in text  # since, at the event's own precision
    assert "Letters may be written in: Azerbaijani, Russian" in text


def test_facility_name_in_the_readers_language(client, prison):
    client.get("/language/ru/")
    response = client.get("/facilities/prison-13/")
    assert "Исправительное учреждение № 13" in response.content.decode()


def test_released_person_is_not_held(client, prison, make_case, make_event):
    case = _held(make_case, make_event, prison)
    make_event(case=case, kind="release", date="2025-01-10", title="Released")
    case.refresh_from_db()
    assert case.held_at is None
    text = client.get("/facilities/prison-13/").content.decode()
    assert "Held Person" not in text
    assert "No one is documented as held here now." in text


def test_transfer_moves_the_person_and_is_listed_both_ways(
    client, prison, make_case, make_event, make_facility
):
    other = make_facility(organization={"name": "Colony No. 2", "slug": "colony-2"})
    case = _held(make_case, make_event, prison)
    make_event(
        case=case,
        kind="transfer",
        date="2024-09-02",
        title="Moved to the colony",
        organization=other.organization,
    )
    case.refresh_from_db()
    assert case.held_at == other.organization
    assert case.held_at_since == "2024-09-02"
    here = client.get("/facilities/prison-13/").content.decode()
    assert "Transferred elsewhere" in here and "Colony No. 2" in here
    assert "No one is documented as held here now." in here
    there = client.get("/facilities/colony-2/").content.decode()
    assert "Transferred here" in there and "Prison No. 13" in there
    assert "Held Person" in there


def test_unpublished_event_places_no_one(client, prison, make_case, make_event):
    case = make_case()
    make_event(case=case, kind="detention", date="2024-03", cite=True)
    make_event(
        case=case,
        kind="transfer",
        date="2024-04",
        organization=prison.organization,
        publication_state=PublicationState.DRAFT,
    )
    case.refresh_from_db()
    assert case.held_at is None


def test_a_detention_without_a_place_forgets_the_last_one(
    prison, make_case, make_event
):
    case = _held(make_case, make_event, prison)
    make_event(case=case, kind="detention", date="2024-06", title="Again")
    case.refresh_from_db()
    assert case.held_at is None


def test_case_facility_is_the_fallback_while_held(prison, make_case, make_event):
    case = make_case(facility=prison.organization)
    make_event(case=case, kind="detention", date="2024-03")
    case.refresh_from_db()
    assert case.held_at == prison.organization
    assert case.held_at_since == ""


def test_draft_facility_is_404(client, make_facility):
    make_facility(organization={"slug": "hidden-prison", "publication_state": "draft"})
    assert client.get("/facilities/hidden-prison/").status_code == 404


def test_other_organizations_have_no_facility_page(client, make_organization):
    make_organization(slug="some-ngo")
    assert client.get("/facilities/some-ngo/").status_code == 404


def test_organization_address_of_a_facility_redirects(client, prison):
    response = client.get("/organizations/prison-13/")
    assert response.status_code == 301
    assert response["Location"] == "/facilities/prison-13/"
    assert prison.organization.get_absolute_url() == "/facilities/prison-13/"


def test_people_and_cases_filter_by_held_at(
    client, prison, make_case, make_event, make_facility
):
    _held(make_case, make_event, prison, name="Inside Person")
    other = make_facility(organization={"slug": "elsewhere"})
    _held(make_case, make_event, other, name="Elsewhere Person")
    people = client.get("/people/?held_at=prison-13").content.decode()
    assert "Inside Person" in people and "Elsewhere Person" not in people
    cases = client.get("/cases/?held_at=prison-13").content.decode()
    assert "Case of Inside Person" in cases
    assert "Case of Elsewhere Person" not in cases


def test_unknown_facility_in_filter_is_a_message_not_a_500(client):
    response = client.get("/people/?held_at=no-such-place")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_list_filters_by_kind_and_name(client, prison, make_facility):
    make_facility(
        organization={"name": "Police Station 9"}, kind=Facility.Kind.POLICE_STATION
    )
    text = client.get("/facilities/?kind=police_station").content.decode()
    assert "Police Station 9" in text and "Prison No. 13" not in text
    text = client.get("/facilities/?q=учреждение").content.decode()
    assert "Prison No. 13" in text and "Police Station 9" not in text


def test_exports_carry_facilities(client, prison, make_case, make_event):
    _held(make_case, make_event, prison)
    rows = json.loads(b"".join(client.get("/facilities/export.json").streaming_content))
    assert rows[0]["id"] == "prison-13"
    assert rows[0]["postal_address"].endswith("AZ 0114 Baku")
    assert rows[0]["held_as_last_documented"] == 1
    assert "notes" not in rows[0]
    cases = json.loads(b"".join(client.get("/cases/export.json").streaming_content))
    assert cases[0]["held_at"] == "prison-13"
    csv = b"".join(client.get("/facilities/export.csv").streaming_content).decode()
    assert "facility_kind" in csv.splitlines()[0]


def test_coordinates_come_in_pairs(prison):
    prison.longitude = None
    with pytest.raises(ValidationError, match="both the latitude"):
        prison.full_clean()


def test_details_only_for_a_detention_facility(make_organization):
    court = make_organization(kind=Organization.Kind.COURT)
    with pytest.raises(ValidationError, match="Detention facility"):
        Facility(organization=court).full_clean()


def test_unknown_letter_language_is_refused(prison):
    prison.letter_languages = "az xx"
    with pytest.raises(ValidationError, match="xx"):
        prison.full_clean()


def test_sitemap_lists_facilities(client, prison):
    assert "/facilities/prison-13/" in client.get("/sitemap.xml").content.decode()


def test_event_kinds_that_place_someone_are_model_kinds():
    from cases import facilities

    kinds = set(TimelineEvent.Kind.values)
    assert facilities.PLACING <= kinds
    assert facilities.UNPLACING <= kinds


def test_facility_page_draws_its_country_with_a_table_beside(
    client, prison, make_facility
):
    make_facility(
        organization={"name": "Ganja Prison", "slug": "ganja"},
        latitude="40.68",
        longitude="46.36",
    )
    make_facility(organization={"name": "No Coordinates Centre"})
    make_facility(
        organization={"name": "Tbilisi Prison", "country": "GE"},
        latitude="41.7",
        longitude="44.8",
    )
    text = client.get("/facilities/prison-13/").content.decode()
    svg = text[text.index("<svg") : text.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="map-title map-desc"' in svg
    assert "Map of places of detention in Azerbaijan" in svg
    assert "2 places are marked" in svg
    assert svg.count("<circle") == 2
    assert "facility-map__marker--current" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    table = text[text.index('<table class="facility-map__table"') :]
    table = table[: table.index("</table>")]
    assert "Ganja Prison" in table and "No Coordinates Centre" in table
    assert "not on the map: no coordinates" in table
    assert "Tbilisi Prison" not in table


def test_map_numbers_never_localized(client, prison):
    client.get("/language/ru/")
    text = client.get("/facilities/prison-13/").content.decode()
    svg = text[text.index("<svg") : text.index("</svg>")]
    import re

    for value in re.findall(r' (?:cx|cy|x|y|width|height)="([^"]+)"', svg):
        float(value)


def test_list_filtered_by_country_shows_its_map(client, prison):
    text = client.get("/facilities/?country=AZ").content.decode()
    assert "Map of places of detention in Azerbaijan" in text
    assert "Map of places" not in client.get("/facilities/").content.decode()


def test_country_without_boundaries_gets_the_table_only(client, make_facility):
    make_facility(
        organization={"slug": "atlantis", "country": "XK"},
        latitude="42.6",
        longitude="21.1",
    )
    text = client.get("/facilities/atlantis/").content.decode()
    assert "No map of this country is available" in text
    assert "<svg" not in text


@pytest.mark.parametrize("n", [3, 30])
def test_facility_page_queries_do_not_grow(
    client, django_assert_num_queries, make_facility, make_case, make_event, n
):
    prison = make_facility(
        organization={"slug": "big-prison"}, latitude="40.4", longitude="49.8"
    )
    for i in range(n):
        _held(make_case, make_event, prison, name=f"Held {i}")
        make_facility(latitude="40.5", longitude="49.5")
    # the facility with its details and held count; its published sources;
    # the transfers (one query, the cases touched a subquery); the country's
    # facilities for the map and its table; the people held there
    with django_assert_num_queries(5):
        assert client.get("/facilities/big-prison/").status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_facility_list_queries_do_not_grow(
    client, django_assert_num_queries, make_facility, n
):
    for _ in range(n):
        make_facility(latitude="40.5", longitude="49.5")
    client.get("/facilities/?country=AZ")  # the country choices, then cached
    # public version; count; 2 facet counts; the country's facilities for
    # the map; the page of facilities
    with django_assert_num_queries(6):
        assert client.get("/facilities/?country=AZ").status_code == 200


def test_api_lists_facilities_and_cases_link_them(
    client, prison, make_case, make_event
):
    case = _held(make_case, make_event, prison)
    found = client.get("/api/v1/facilities/").json()["results"]
    assert [f["id"] for f in found] == ["prison-13"]
    assert found[0]["names"]["ru"] == "Исправительное учреждение № 13"
    assert found[0]["letter_languages"] == ["az", "ru"]
    assert found[0]["latitude"] == pytest.approx(40.4093)
    assert found[0]["held_total"] == 1
    assert "notes" not in found[0]
    data = client.get(f"/api/v1/cases/{case.slug}/").json()
    assert data["held_at"].endswith("/api/v1/facilities/prison-13/")
    assert data["held_at_since"]["text"] == "2024-03"


def test_archive_carries_facilities(prison, make_source):
    from bulk.archive import archive_export

    prison.sources.add(make_source(title="Where it is"))
    document = archive_export()
    (row,) = document["facilities"]
    assert row["organization"] == prison.organization_id
    assert row["latitude"] == "40.40930"
    assert row["postal_address"].startswith("Penitentiary Service")
    assert len(row["sources"]) == 1
    assert "notes" not in row


def test_archive_restores_facilities(prison, make_source, flush_database):
    from bulk.archive import archive_export, archive_import

    prison.sources.add(make_source(title="Where it is"))
    document = archive_export()
    flush_database()
    archive_import(document)
    assert archive_export() == document
    restored = Facility.objects.select_related("organization").get()
    assert restored.organization.name_ru == "Исправительное учреждение № 13"


@pytest.mark.parametrize("language", ["az", "ru"])
def test_facility_pages_speak_the_language(
    client, prison, make_case, make_event, make_facility, language
):
    from django.conf import settings

    from tests.website.test_every_language import (
        Page,
        content_text,
        interface_messages,
    )

    other = make_facility(organization={"name": "Colony No. 2"})
    case = _held(make_case, make_event, prison)
    make_event(
        case=case, kind="transfer", date="2024-09", organization=other.organization
    )
    content = content_text()
    messages = {m for m in interface_messages(language) if m not in content}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in (
        "/facilities/",
        "/facilities/?country=AZ",
        "/facilities/prison-13/",
        other.organization.get_absolute_url(),
        case.person.get_absolute_url(),
        f"{case.person.get_absolute_url()}letter/",
    ):
        page = Page()
        page.feed(client.get(url).content.decode())
        text = " ".join(" ".join(page.text).split())
        assert [m for m in messages if m in text] == [], url


def test_an_editors_new_address_waits_for_review(
    editor_client, reviewer_client, client, prison
):
    from tests.cases.test_admin import _url, form_data
    from tests.editorial.test_revisions import review_url

    organization = prison.organization
    url = _url(Organization, "change", organization.pk)
    data = form_data(editor_client.get(url))
    data["facility-0-postal_address"] = "New Street 2\nAZ 2000 Ganja"
    data["facility-0-notes"] = "Address confirmed by phone."
    assert editor_client.post(url, data).status_code == 302
    prison.refresh_from_db()
    assert "New Street" not in prison.postal_address
    assert "New Street" not in client.get("/facilities/prison-13/").content.decode()
    page = reviewer_client.get(review_url(organization)).content.decode()
    assert "New Street 2" in page
    reviewer_client.post(review_url(organization), {"decision": "publish"})
    prison.refresh_from_db()
    assert prison.postal_address == "New Street 2\nAZ 2000 Ganja"
    text = client.get("/facilities/prison-13/").content.decode()
    assert "New Street 2<br>AZ 2000 Ganja" in text
    assert "confirmed by phone" not in text


def test_facility_details_are_refused_on_a_court(reviewer_client, make_organization):
    from tests.cases.test_admin import _url, form_data

    court = make_organization(kind=Organization.Kind.COURT, publication_state="draft")
    url = _url(Organization, "change", court.pk)
    data = form_data(reviewer_client.get(url))
    data["facility-TOTAL_FORMS"] = "1"
    data["facility-0-kind"] = "prison"
    data["facility-0-addressee_name"] = "name"
    response = reviewer_client.post(url, data)
    assert response.status_code == 200
    assert "Only an organization of kind" in response.content.decode()
    assert not Facility.objects.exists()


def test_search_finds_a_facility_by_its_russian_name(client, prison):
    text = client.get("/search/?q=Исправительное").content.decode()
    assert "/facilities/prison-13/" in text


def test_no_facility_at_all_is_said_plainly(client):
    text = client.get("/facilities/").content.decode()
    assert "No place of detention is documented." in text
    text = client.get("/facilities/?kind=prison").content.decode()
    assert "No places of detention match these filters." in text


def test_country_filter_offers_only_countries_with_facilities(
    client, prison, make_organization
):
    make_organization(kind="ngo", country="GE")
    text = client.get("/facilities/").content.decode()
    assert '<option value="AZ"' in text and '<option value="GE"' not in text
