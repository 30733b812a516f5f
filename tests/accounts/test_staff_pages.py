"""Staff pages: where they are (DJANGO_ADMIN_URL), and never cached."""

from importlib import import_module, reload

import pytest
from django.urls import clear_url_caches, reverse

from tests.conftest import STAFF_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _otp_required(settings):
    settings.OTP_REQUIRED = True


@pytest.fixture
def admin_at(settings):
    """Return a function that moves the admin to another path, for a test."""
    original = settings.ADMIN_URL

    def move(path):
        settings.ADMIN_URL = path
        reload(import_module(settings.ROOT_URLCONF))
        clear_url_caches()

    yield move
    move(original)


def no_store(response):
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:login"),
        reverse("admin:index"),
        reverse("admin:people_person_changelist"),
        f"{reverse('admin:index')}no-such-page/",
        reverse("accounts:enrol"),
        reverse("accounts:recovery-codes"),
        reverse("accounts:password-reset"),
        reverse("accounts:password-reset-done"),
        reverse("accounts:password-reset-complete"),
        reverse("accounts:password-reset-confirm", args=["MQ", "bad-token"]),
    ],
)
def test_staff_pages_are_not_cached_for_visitors(client, url):
    assert no_store(client.get(url))


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        reverse("admin:people_person_changelist"),
        reverse("admin:people_person_add"),
        reverse("admin:password_change"),
        reverse("admin:editorial_review_queue"),
        reverse("accounts:recovery-codes"),
    ],
)
def test_staff_pages_are_not_cached_for_editors(editor_client, url):
    response = editor_client.get(url)
    assert response.status_code == 200
    assert no_store(response)


def test_enrolment_page_is_not_cached(client, make_staff):
    user = make_staff()
    client.post(
        reverse("admin:login"),
        {"username": user.username, "password": STAFF_PASSWORD},
    )
    response = client.get(reverse("accounts:enrol"))
    assert response.status_code == 200
    assert no_store(response)


def test_public_pages_may_be_cached(client):
    assert not no_store(client.get("/"))


def test_admin_url_moves_the_admin_and_the_account_pages(client, admin_at):
    admin_at("office-7f3a/")
    assert reverse("admin:index") == "/office-7f3a/"
    assert reverse("accounts:enrol") == "/office-7f3a/account/two-factor/"
    response = client.get("/office-7f3a/login/")
    assert response.status_code == 200
    assert no_store(response)
    assert client.get("/admin/login/").status_code == 404
    assert client.get("/admin/account/two-factor/").status_code == 404


def test_admin_redirects_to_the_moved_login(client, admin_at):
    admin_at("office-7f3a/")
    response = client.get("/office-7f3a/people/person/")
    assert response["Location"].startswith("/office-7f3a/login/")
