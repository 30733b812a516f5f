"""Writing to a prisoner: the "Write to …" section of a person's page and
the printable letter sheet."""

import pytest

from editorial.models import PublicationState
from people.models import Facility, LetterGuidance

pytestmark = pytest.mark.django_db

ADDRESS = "Penitentiary Service\nInstitution No. 13\nAZ 0114 Baku"


@pytest.fixture
def prison(make_facility):
    return make_facility(
        organization={
            "name": "Prison No. 13",
            "name_ru": "Исправительное учреждение № 13",
            "slug": "prison-13",
        },
        postal_address=ADDRESS,
        addressee_birth_year=True,
        letter_languages="az ru",
        letter_guidance="Letters are read by the administration.",
    )


@pytest.fixture
def held(make_person, make_case, make_event, prison):
    person = make_person(
        name="Bakhtiyar Hajiyev",
        slug="bakhtiyar-hajiyev",
        name_native="Bəxtiyar Hacıyev",
        born="1982-05-03",
        contacts="Home: 5 Secret Street; sister +994 55 000 00 00",
    )
    case = make_case(person=person)
    make_event(
        case=case, kind="detention", date="2024-03", organization=prison.organization
    )
    return person


def _page(client, person):
    return client.get(person.get_absolute_url()).content.decode()


def test_person_page_has_the_address_block_as_required(client, held):
    text = _page(client, held)
    assert "Write to Bakhtiyar Hajiyev" in text
    assert (
        "Bakhtiyar Hajiyev, 1982<br>Penitentiary Service<br>Institution No. 13"
        "<br>AZ 0114 Baku" in text
    )
    assert "Letters may be written in: Azerbaijani, Russian" in text
    assert "Letters are read by the administration." in text
    assert "/people/bakhtiyar-hajiyev/letter/" in text


def test_home_address_and_family_contacts_never_show(client, held):
    for url in (held.get_absolute_url(), f"{held.get_absolute_url()}letter/"):
        text = client.get(url).content.decode()
        assert "Secret Street" not in text and "000 00 00" not in text


def test_addressee_in_own_orthography_where_required(client, held, prison):
    prison.addressee_name = Facility.Addressee.NATIVE
    prison.save()
    assert "Bəxtiyar Hacıyev, 1982<br>Penitentiary Service" in _page(client, held)


@pytest.mark.parametrize("born", ["1982~", "1982?", "198X", ""])
def test_birth_year_only_at_the_records_precision(client, held, born):
    held.born = born
    held.save()
    text = _page(client, held)
    assert "Bakhtiyar Hajiyev<br>Penitentiary Service" in text
    assert "1981" not in text and "1982<br>" not in text
    assert "requires the addressee’s year of birth" in text


def test_no_birth_year_where_not_required(client, held, prison):
    prison.addressee_birth_year = False
    prison.save()
    text = _page(client, held)
    assert "Bakhtiyar Hajiyev<br>Penitentiary Service" in text
    assert "requires the addressee’s year of birth" not in text


def test_country_guidance_shows_once_published(client, held):
    guidance = LetterGuidance.objects.create(
        country="AZ", guidance="Write in Azerbaijani or Russian.", is_published=False
    )
    assert "Write in Azerbaijani or Russian." not in _page(client, held)
    guidance.is_published = True
    guidance.save()
    text = _page(client, held)
    assert "Writing to a prisoner in Azerbaijan" in text
    assert "Write in Azerbaijani or Russian." in text


def test_released_person_gets_no_letter_section(client, held, make_event):
    make_event(case=held.cases.get(), kind="release", date="2025-01-10")
    assert "Write to" not in _page(client, held)
    assert client.get(f"{held.get_absolute_url()}letter/").status_code == 404


def test_facility_without_a_postal_address_gets_no_letter(client, held, prison):
    prison.postal_address = ""
    prison.save()
    assert "Write to" not in _page(client, held)
    assert client.get(f"{held.get_absolute_url()}letter/").status_code == 404


def test_unpublished_facility_gets_no_letter(client, held, prison):
    organization = prison.organization
    organization.publication_state = PublicationState.DRAFT
    organization.save()
    text = _page(client, held)
    assert "Write to" not in text and "Penitentiary Service" not in text


def test_letter_sheet_has_the_address_and_lines_to_write_on(client, held):
    response = client.get(f"{held.get_absolute_url()}letter/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Letter to Bakhtiyar Hajiyev" in text
    assert "Bakhtiyar Hajiyev, 1982<br>Penitentiary Service" in text
    assert text.count('class="letter-sheet__line"') == 16


def test_demo_like_person_without_a_place_says_so(client, make_case, make_event):
    case = make_case()
    make_event(case=case, kind="detention", date="2024-03")
    text = _page(client, case.person)
    assert "No place of detention is documented." in text
    assert "Write to" not in text


def test_a_letter_costs_the_person_page_one_query(client, held, prison):
    client.get(held.get_absolute_url())
    with_letter = _queries(client, held.get_absolute_url())
    prison.postal_address = ""
    prison.save()
    client.get(held.get_absolute_url())
    # The letter's one query: the country's published guidance.
    assert with_letter == _queries(client, held.get_absolute_url()) + 1


@pytest.mark.parametrize("n", [1, 20])
def test_letter_sheet_queries_do_not_grow(
    client, django_assert_num_queries, held, make_case, make_event, n
):
    for _ in range(n):
        make_event(case=make_case(person=held), kind="charge", date="2023-01")
    # the person; their cases with the facility; the country's guidance
    with django_assert_num_queries(3):
        assert client.get(f"{held.get_absolute_url()}letter/").status_code == 200


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)
