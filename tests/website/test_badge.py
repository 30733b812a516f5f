from xml.etree import ElementTree

import pytest
import time_machine

from cases.models import TimelineEvent

pytestmark = pytest.mark.django_db

Kind = TimelineEvent.Kind


def badge(client, person):
    response = client.get(f"/people/{person.slug}/badge.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "max-age=3600" in response["Cache-Control"]
    root = ElementTree.fromstring(response.content)
    return root.find("{http://www.w3.org/2000/svg}title").text


@time_machine.travel("2026-12-01")
def test_badge_gives_the_status_as_of_its_last_source(
    client, make_person, make_case, make_event
):
    # Read years later on another site: no count runs on to today.
    person = make_person(name="Bakhtiyar Hajiyev")
    make_event(case=make_case(person=person), kind=Kind.DETENTION, date="2023-01-09")
    assert badge(client, person) == "Bakhtiyar Hajiyev: Detained — as of 1 March 2023"


def test_badge_says_released(client, make_person, make_case, make_event):
    person = make_person(name="Mehman Aliyev")
    case = make_case(person=person)
    make_event(case=case, kind=Kind.DETENTION, date="2017-01-01")
    make_event(case=case, kind=Kind.RELEASE, date="2018-01-01")
    assert badge(client, person) == "Mehman Aliyev: Released — as of 1 March 2023"


def test_badge_escapes_names(client, make_person, make_case, make_event):
    person = make_person(name="<script>x</script> & Co")
    make_event(case=make_case(person=person), kind=Kind.DETENTION, date="2020-01-01")
    assert badge(client, person).startswith("<script>x</script> & Co:")  # as text


def test_badge_of_unpublished_person_is_404(client, make_person):
    person = make_person(publication_state="draft")
    assert client.get(f"/people/{person.slug}/badge.svg").status_code == 404


def test_person_page_offers_the_snippet(client, make_person, make_case, make_event):
    person = make_person(slug="afgan-mukhtarli", name="Afgan Mukhtarli")
    make_event(case=make_case(person=person))
    html = client.get(person.get_absolute_url()).content.decode()
    assert (
        "&lt;img src=&quot;http://testserver/people/afgan-mukhtarli/badge.svg&quot;"
        in html
    )
