"""Sessions end after inactivity, after a maximum lifetime, and on a new
password."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import STAFF_PASSWORD

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


@pytest.fixture(autouse=True)
def _lifetimes(settings):
    settings.OTP_REQUIRED = True
    settings.SESSION_COOKIE_AGE = 30 * 60
    settings.SESSION_ABSOLUTE_AGE = 12 * 3600


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def session(clock, editor):
    client = Client()
    client.force_login(editor)
    assert client.get(INDEX).status_code == 200
    return client


def test_session_ends_after_thirty_idle_minutes(session, clock):
    clock.shift(timedelta(minutes=31))
    response = session.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_activity_keeps_the_session(session, clock):
    for _ in range(6):
        clock.shift(timedelta(minutes=25))
        assert session.get(INDEX).status_code == 200


def test_session_ends_twelve_hours_after_login_despite_activity(session, clock):
    for _ in range(11 * 3):
        clock.shift(timedelta(minutes=20))
        assert session.get(INDEX).status_code == 200
    clock.shift(timedelta(minutes=61))
    assert session.get(INDEX).status_code == 302
    assert "_auth_user_id" not in session.session


def test_session_without_a_login_time_ends(session):
    # Sessions from before the lifetime was enforced.
    stored = session.session
    del stored["accounts_login_at"]
    stored.save()
    assert session.get(INDEX).status_code == 302


def test_password_change_ends_the_users_other_sessions(clock, editor):
    mine, other = Client(), Client()
    mine.force_login(editor)
    other.force_login(editor)
    assert other.get(INDEX).status_code == 200
    response = mine.post(
        reverse("admin:password_change"),
        {
            "old_password": STAFF_PASSWORD,
            "new_password1": "a new and long passphrase",
            "new_password2": "a new and long passphrase",
        },
    )
    assert response.status_code == 302
    assert mine.get(INDEX).status_code == 200
    assert other.get(INDEX).status_code == 302
    assert "_auth_user_id" not in other.session


@pytest.mark.parametrize("url", ["/robots.txt", reverse("admin:login")])
def test_malformed_session_cookie_is_dropped(client, url):
    client.cookies["sessionid"] = "abcdefghij\x00k"
    response = client.get(url)
    assert response.status_code == 200
    assert response.cookies["sessionid"].value == ""
