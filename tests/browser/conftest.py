"""
One live server with the demo data, and one Chromium, for all the browser
tests.

pytest-django's ``live_server`` fixture makes every test using it
transactional, and a transactional test empties the database when it ends:
the demo data would have to be loaded again for each page, at seconds a
time. The tests here only read, so ``live_site`` serves the same
``LiveServer`` as ``live_server`` from a database loaded once for the whole
package, and empties it after the last browser test.

The demo is joined by a few invented records whose names, titles and
addresses are single words too long for a phone (long_names/demo.toml), so
that every page kind is seen holding one, and by two invented places of
detention (support.add_places_of_detention), the demo's documents naming
none. No browser test counts the demo's records.
"""

import re
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import modify_settings, override_settings
from playwright.sync_api import Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from bulk.demo import demo_load
from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LONG_NAMES_DIR,
    add_places_of_detention,
    require_chromium,
)

HOST = "127.0.0.1"


@pytest.fixture(scope="package")
def _async_unsafe():
    """
    Let Django touch the database while Playwright's event loop runs.

    Playwright's sync API keeps an asyncio loop running in the main thread,
    where Django then refuses database access; nothing here is async.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def live_site(_async_unsafe, django_db_setup, django_db_blocker, tmp_path_factory):
    """Return the address of a live server showing the demo data and the
    long names."""
    with (
        django_db_blocker.unblock(),
        modify_settings(ALLOWED_HOSTS={"append": HOST}),
        # Static files come from the finders (as for live_server); whitenoise
        # only needs STATIC_ROOT to exist.
        override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static")),
    ):
        _refuse_unless_test_database()
        call_command("load_demo", verbosity=0)
        demo_load(demo_dir=LONG_NAMES_DIR)
        add_places_of_detention()
        server = LiveServer(HOST)
        try:
            yield server.url
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


def _refuse_unless_test_database():
    """
    Stop before the demo is loaded into, and flushed from, a real database.

    pytest-django creates the test database only for tests marked django_db
    (or using db): a browser test module without the mark would reach this
    fixture with the developer's own database still configured.
    """
    name = str(connection.settings_dict["NAME"])
    if not (name.startswith("test_") or "mode=memory" in name):
        pytest.fail(
            f"The database is {name!r}, not a test database: "
            "mark the browser tests with pytest.mark.django_db.",
            pytrace=False,
        )


@pytest.fixture(scope="package")
def browser(_async_unsafe):
    """Debian's Chromium, started once (Playwright never downloads one)."""
    require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
        # Tests run while Playwright is on get database connections other
        # than those opened before it started (Django keeps them per context,
        # and Playwright's greenlets switch contexts). Left open, they keep
        # PostgreSQL from dropping the test database.
        connections.close_all()


# What Chromium logs for every response of 400 or more, the page's own too.
LOAD_FAILURE = re.compile(r"^Failed to load resource: the server responded with")


@dataclass
class Visit:
    """A page as the browser opened it, and what the browser said meanwhile."""

    page: Page
    url: str = ""
    status: int = 0
    console_errors: list = field(default_factory=list)  # (text, source URL)
    script_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)  # (URL, reason)

    def listen(self):
        for event, handler in self._handlers():
            self.page.on(event, handler)

    def stop_listening(self):
        for event, handler in self._handlers():
            self.page.remove_listener(event, handler)

    def _handlers(self):
        return [
            ("console", self._on_console),
            ("pageerror", self._on_page_error),
            ("requestfailed", self._on_request_failed),
            ("response", self._on_response),
        ]

    def _on_console(self, message):
        if message.type == "error":
            self.console_errors.append((message.text, message.location.get("url")))

    def _on_page_error(self, error):
        self.script_errors.append(error)

    def _on_request_failed(self, request):
        self.failed_requests.append((request.url, request.failure))

    def _on_response(self, response):
        if response.status >= 400:
            self.failed_requests.append((response.url, f"status {response.status}"))

    def problems(self):
        """
        Return every console error, uncaught script error and failed request
        but the page's own status, which the test checks: Chromium logs any
        response of 400 or more as an error, the 404 page's too.
        """
        own_status = f"status {self.status}"
        return [
            *(
                f"console error: {text} ({url or 'inline'})"
                for text, url in self.console_errors
                if not (url == self.url and LOAD_FAILURE.match(text))
            ),
            *(f"script error: {error}" for error in self.script_errors),
            *(
                f"request failed: {url} ({reason})"
                for url, reason in self.failed_requests
                if (url, reason) != (self.url, own_status)
            ),
        ]


@pytest.fixture(scope="package")
def _windows(browser, live_site):
    """
    Return the pages opened so far, by kind of window, for tests to reuse:
    a new page costs Chromium a new renderer process, most of a second.
    """
    windows = {}
    yield windows
    for page in windows.values():
        page.context.close()


@pytest.fixture
def visit(browser, live_site, _windows):
    """
    Return a function that opens a path at a width, with or without
    JavaScript, for the screen or in print, in a language, and returns the
    ``Visit``.

    Tests share a page for each kind of window, so a test must change
    nothing but where it is (no cookies, no emulation): ask for another kind
    of window instead.
    """
    visits = []

    def open_page(
        path,
        *,
        width=1280,
        height=800,
        javascript=True,
        media="screen",
        language="en",
    ):
        key = (width, height, javascript, media, language)
        if key not in _windows or _windows[key].is_closed():
            # The browser's locale is its Accept-Language: the site answers
            # in it, as for a reader whose browser speaks that language.
            context = browser.new_context(
                base_url=live_site,
                viewport={"width": width, "height": height},
                java_script_enabled=javascript,
                locale=language,
            )
            _windows[key] = context.new_page()
            _windows[key].emulate_media(media=media)
        visit = Visit(_windows[key])
        visits.append(visit)
        visit.listen()
        response = visit.page.goto(path)
        visit.url, visit.status = response.url, response.status
        return visit

    yield open_page
    for visit in visits:
        visit.stop_listening()
