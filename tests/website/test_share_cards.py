"""
The picture a shared link shows (og:image): a person's photo when its
licence allows it, else a card drawn from the published record.
"""

import io
import re
from html import unescape

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from PIL import Image

from cases.models import TimelineEvent
from lib import cards
from people.models import Person
from tests.editorial.test_revisions import edit
from tests.lib.test_photos import jpeg_with_location

pytestmark = pytest.mark.django_db

Kind = TimelineEvent.Kind
META = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">')


@pytest.fixture
def drawn(monkeypatch):
    """Return the list of (title, line) of every card drawn from now on."""
    calls = []
    draw = cards.draw_card

    def counting(title, line="", **kwargs):
        calls.append((title, line))
        return draw(title, line, **kwargs)

    monkeypatch.setattr(cards, "draw_card", counting)
    return calls


@pytest.fixture
def prisoner(make_person, make_case, make_event):
    person = make_person(name="Bakhtiyar Hajiyev", slug="bakhtiyar-hajiyev")
    case = make_case(
        person=person,
        title="Bakhtiyar Hajiyev: detention (2023)",
        slug="hajiyev-2023",
    )
    make_event(case=case, kind=Kind.DETENTION, date="2023-01-09")
    person.refresh_from_db()
    case.refresh_from_db()
    return person, case


def card(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "max-age=3600" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    return response


def meta(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return {name: unescape(value) for name, value in META.findall(response.text)}


def with_photo(person, shareable):
    person.photo = jpeg_with_location()
    person.photo_credit = "Family archive"
    person.photo_is_shareable = shareable
    person.save()
    return person


# The cards ------------------------------------------------------------------


def test_a_published_person_and_case_have_a_card(client, prisoner, drawn):
    person, case = prisoner
    card(client, f"/people/{person.slug}/card.png")
    card(client, f"/cases/{case.slug}/card.png")
    assert drawn == [
        ("Bakhtiyar Hajiyev", "Detained — as of 1 March 2023"),
        ("Bakhtiyar Hajiyev: detention (2023)", "Detained — as of 1 March 2023"),
    ]


@pytest.mark.parametrize("state", ["draft", "in_review"])
def test_the_card_of_an_unpublished_person_or_case_is_404(
    client, make_person, make_case, state
):
    person = make_person(publication_state=state)
    case = make_case(publication_state=state)
    assert client.get(f"/people/{person.slug}/card.png").status_code == 404
    assert client.get(f"/cases/{case.slug}/card.png").status_code == 404
    assert client.get("/people/nobody/card.png").status_code == 404


def test_a_draft_case_says_nothing_on_its_persons_card(
    client, make_person, make_case, make_event, drawn
):
    person = make_person(name="Gubad Ibadoghlu")
    make_event(
        case=make_case(person=person, publication_state="draft"),
        kind=Kind.DETENTION,
    )
    card(client, f"/people/{person.slug}/card.png")
    assert drawn == [("Gubad Ibadoghlu", "")]


def test_someone_without_a_case_of_their_own_has_a_card_without_status(
    client, make_person, drawn
):
    lawyer = make_person(name="Elchin Sadigov", notes="PRIVATE-MARKER")
    card(client, f"/people/{lawyer.slug}/card.png")
    assert drawn == [("Elchin Sadigov", "")]


def test_the_card_speaks_the_language_it_is_asked_for(client, prisoner, drawn):
    person, _case = prisoner
    response = card(client, f"/people/{person.slug}/card.png", lang="ru")
    assert response["Content-Language"] == "ru"
    card(client, f"/people/{person.slug}/card.png", lang="xx")  # the default
    assert drawn == [
        ("Bakhtiyar Hajiyev", "Под стражей — по состоянию на 1 марта 2023"),
        ("Bakhtiyar Hajiyev", "Detained — as of 1 March 2023"),
    ]


def test_a_name_in_azerbaijani_and_cyrillic_letters_draws(
    client, make_person, make_case, make_event, drawn
):
    name = "Bəxtiyar Hacıyev Şəhriyar oğlu Ğəniyev — Бахтияр Гаджиев Щёлкин"
    person = make_person(name=name)
    make_event(case=make_case(person=person), kind=Kind.DETENTION)
    response = card(client, f"/people/{person.slug}/card.png", lang="az")
    assert drawn[0][0] == name
    image = Image.open(io.BytesIO(response.content)).convert("L")
    inked = image.crop((100, 0, 1120, 518)).point(lambda v: v < 128 and 255)
    assert inked.getbbox() is not None  # the title is there, in black


def test_a_pending_revision_stays_off_the_card(editor_client, client, prisoner, drawn):
    person, case = prisoner
    before = card(client, f"/people/{person.slug}/card.png").content
    assert edit(editor_client, person, name="Renamed Pending").status_code == 302
    caches["fragments"].clear()  # so that it is drawn again
    after = card(client, f"/people/{person.slug}/card.png").content
    assert after == before
    assert drawn == [("Bakhtiyar Hajiyev", "Detained — as of 1 March 2023")] * 2
    for url in (person.get_absolute_url(), case.get_absolute_url()):
        assert "Renamed Pending" not in meta(client, url)["og:image:alt"]


def test_a_card_is_drawn_once_for_the_same_words(
    client, prisoner, drawn, django_assert_num_queries
):
    person, case = prisoner
    for _ in range(2):
        # The person with whether they have a published case.
        with django_assert_num_queries(1):
            card(client, f"/people/{person.slug}/card.png")
        with django_assert_num_queries(1):  # the case
            card(client, f"/cases/{case.slug}/card.png")
    assert len(drawn) == 2
    card(client, f"/people/{person.slug}/card.png", lang="az")
    assert len(drawn) == 3


def test_a_published_change_of_name_draws_a_new_card(client, prisoner, drawn):
    person, _case = prisoner
    card(client, f"/people/{person.slug}/card.png")
    Person.objects.filter(pk=person.pk).update(name="Bakhtiyar Hacıyev")
    card(client, f"/people/{person.slug}/card.png")
    assert [title for title, _line in drawn] == [
        "Bakhtiyar Hajiyev",
        "Bakhtiyar Hacıyev",
    ]


# The pages' heads -----------------------------------------------------------


@time_machine.travel("2026-12-01")
def test_pages_offer_the_card_without_a_shareable_photo(client, prisoner):
    person, case = prisoner
    with_photo(person, shareable=False)
    for url, card_url, alt in (
        (
            person.get_absolute_url(),
            "http://testserver/people/bakhtiyar-hajiyev/card.png?lang=en&v=",
            "Bakhtiyar Hajiyev: Detained — as of 1 March 2023",
        ),
        (
            case.get_absolute_url(),
            "http://testserver/cases/hajiyev-2023/card.png?lang=en&v=",
            "Bakhtiyar Hajiyev: detention (2023): Detained — as of 1 March 2023",
        ),
    ):
        tags = meta(client, url)
        assert tags["og:image"].startswith(card_url), url
        assert tags["og:image:type"] == "image/png"
        assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
        assert tags["og:image:alt"] == tags["twitter:image:alt"] == alt
        assert tags["twitter:card"] == "summary_large_image"
        path = tags["og:image"].removeprefix("http://testserver")
        card(client, path)


def test_pages_offer_the_photo_its_licence_lets_other_sites_show(client, prisoner):
    person, case = prisoner
    with_photo(person, shareable=True)
    photo = f"http://testserver{settings.MEDIA_URL}{person.photo.name}"
    for url in (person.get_absolute_url(), case.get_absolute_url()):
        tags = meta(client, url)
        assert tags["og:image"] == photo, url
        assert tags["og:image:alt"] == "Photo of Bakhtiyar Hajiyev"
        assert tags["twitter:card"] == "summary_large_image"
        assert "og:image:width" not in tags  # not read from the file


def test_the_cards_address_follows_the_pages_language(client, prisoner):
    person, _case = prisoner
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    tags = meta(client, person.get_absolute_url())
    assert "card.png?lang=ru&v=" in tags["og:image"]
    assert tags["og:image:alt"] == (
        "Bakhtiyar Hajiyev: Под стражей — по состоянию на 1 марта 2023"
    )


def test_the_cards_address_changes_with_its_words(client, prisoner):
    person, _case = prisoner
    before = meta(client, person.get_absolute_url())["og:image"]
    Person.objects.filter(pk=person.pk).update(status="released")
    after = meta(client, person.get_absolute_url())["og:image"]
    assert before != after


def test_the_admin_asks_about_the_licence_beside_the_photo(editor_client, prisoner):
    person, _case = prisoner
    html = editor_client.get(f"/admin/people/person/{person.pk}/change/").text
    assert html.index('name="photo_credit"') < html.index('name="photo_is_shareable"')
    assert "photo may be shown on other sites" in html.lower()


@pytest.mark.parametrize("shareable", [True, False])
def test_structured_data_names_the_photo_only_when_it_may_be_shared(
    client, prisoner, shareable
):
    import json

    person, _case = prisoner
    with_photo(person, shareable)
    html = client.get(person.get_absolute_url()).content.decode()
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert ("image" in json.loads(block)) is shareable
