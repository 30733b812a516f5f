"""Every kind of public page, in every language, is valid HTML, by the Nu
HTML Checker."""

import subprocess
from urllib.error import HTTPError
from urllib.request import ProxyHandler, Request, build_opener

import pytest
from django.conf import settings

from tests.browser.support import ARTIFACTS, PAGES, require_vnu

# The demo data lives in the test database (live_site).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PAGES_DIR = ARTIFACTS / "html"


def fetch(url, language="en"):
    """Return the status and body of a page in a language, never through a
    proxy."""
    request = Request(url, headers={"Accept-Language": language})
    try:
        with build_opener(ProxyHandler({})).open(request, timeout=30) as response:
            return response.status, response.read()
    except HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def checker():
    """The checker's command; asked for before live_site, to skip quickly."""
    return require_vnu()


def test_every_public_page_is_valid_html(checker, live_site):
    PAGES_DIR.mkdir(parents=True, exist_ok=True)
    saved = {}
    for language, _name in settings.LANGUAGES:
        for site_page in PAGES:
            status, body = fetch(live_site + site_page.path, language)
            assert status == site_page.status, site_page.path
            path = PAGES_DIR / f"{site_page.name}_{language}.html"
            path.write_bytes(body)
            saved[path] = f"{site_page.path} in {language}"

    # One run for all pages: starting Java is most of the checker's time.
    result = subprocess.run(
        [*checker, "--format", "gnu", "--errors-only", *map(str, saved)],
        capture_output=True,
        text=True,
        timeout=300,
    )

    report = result.stdout + result.stderr
    for path, url in saved.items():
        report = report.replace(f'"file:{path}"', f"{url} ({path.name})")
    assert result.returncode == 0, f"Invalid HTML (pages in {PAGES_DIR}):\n{report}"
