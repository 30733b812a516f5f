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
