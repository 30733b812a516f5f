"""The debug error page shows no password: not of a URL, not Django's own."""

import sys

import pytest
from django.test import RequestFactory
from django.views.debug import ExceptionReporter, technical_500_response

pytestmark = pytest.mark.django_db

# As runserver passes the environment to each request's META.
ENVIRONMENT = {
    "DATABASE_URL": "postgres://casetracker:db-pass-1@10.0.0.2:5432/casetracker",
    "DATABASE_REPLICA_URL": "postgres://casetracker:replica-pass-2@10.0.0.12/ct",
    "DJANGO_EMAIL_URL": "smtp+tls://casetracker:mail-pass-3@mail.example.org:587",
    "CACHE_URL": "redis://:cache-pass-4@10.0.0.5:6379/1",
    "FRAGMENT_CACHE_URL": "redis://default:p@ss:w0rd-5@10.0.0.6:6379/2",
}
PASSWORDS = ["db-pass-1", "replica-pass-2", "mail-pass-3", "cache-pass-4", "w0rd-5"]


@pytest.fixture(autouse=True)
def _debug(settings):
    settings.DEBUG = True


def error_page(request):
    try:
        raise ValueError("Something broke")
    except ValueError:
        return technical_500_response(request, *sys.exc_info()).content.decode()


@pytest.mark.parametrize("accept", ["text/html", "text/plain"])
def test_debug_page_masks_url_passwords_in_the_environment(accept):
    request = RequestFactory().get("/", HTTP_ACCEPT=accept, **ENVIRONMENT)
    page = error_page(request)
    assert "Something broke" in page
    assert [password for password in PASSWORDS if password in page] == []
    # Masked, not removed: the rest of each URL still helps debugging.
    assert "postgres://casetracker:********************@10.0.0.2:5432" in page
    assert "redis://:********************@10.0.0.5:6379/1" in page


def test_debug_page_masks_url_passwords_in_settings(settings):
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": ["redis://:cache-pass-4@10.0.0.5:6379/1"],
        },
    }
    settings.EMAIL_HOST_PASSWORD = "mail-pass-3"
    page = error_page(RequestFactory().get("/", HTTP_ACCEPT="text/html"))
    assert "10.0.0.5:6379" in page
    assert "cache-pass-4" not in page
    assert "mail-pass-3" not in page  # Django's own masking, by name
    assert settings.SECRET_KEY not in page


def test_debug_page_masks_url_passwords_in_local_variables():
    def connect():
        url = ENVIRONMENT["DATABASE_URL"]  # noqa: F841 (shown in the frame)
        raise ConnectionError("no database")

    try:
        connect()
    except ConnectionError:
        reporter = ExceptionReporter(RequestFactory().get("/"), *sys.exc_info())
    page = reporter.get_traceback_html()
    assert "10.0.0.2:5432" in page
    # Not spelt out here: the page quotes the source around each frame.
    assert PASSWORDS[0] not in page


def test_urls_without_a_password_are_shown_as_they_are():
    request = RequestFactory().get(
        "/",
        HTTP_ACCEPT="text/html",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
        SOURCE_URL="https://example.org:8443/news/a@b",
    )
    page = error_page(request)
    assert "postgres://postgres@127.0.0.1:5432/postgres" in page
    assert "https://example.org:8443/news/a@b" in page
