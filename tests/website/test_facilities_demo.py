"""The demo's five documents name no place of detention and no postal
address: its pages say so plainly, and offer no letter."""

import pytest

from people.models import Facility

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def test_the_demo_says_no_place_of_detention_is_documented(client):
    assert not Facility.objects.exists()
    person = client.get("/people/bakhtiyar-hajiyev/").content.decode()
    assert "No place of detention is documented." in person
    assert "Write to" not in person
    assert client.get("/people/bakhtiyar-hajiyev/letter/").status_code == 404
    listing = client.get("/facilities/").content.decode()
    assert "No place of detention is documented." in listing


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("?lang=az", "Heç bir həbs yeri sənədləşdirilməyib."),
        ("?lang=ru", "Место содержания не задокументировано."),
        ("?page=1", "No place of detention is documented."),
        ("?sort=name", "No place of detention is documented."),
    ],
)
def test_a_language_or_page_is_not_a_filter(client, query, text):
    assert text in client.get(f"/facilities/{query}").content.decode()
