"""
Editing and reviewing, end to end in Chromium: an editor and a reviewer log
in with their second factor, and what they do in the admin shows on the
public site only when a reviewer publishes it.

These tests write, so they have a transactional live server of their own
(pytest-django's ``live_server``), not the demo site the other browser
tests share. The page cache is on, as in production: a public page cached
while a change waits must not outlive its publication.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cases.models import Citation
from editorial.roles import EDITOR, REVIEWER
from tests.browser.support import save_screenshot
from tests.conftest import STAFF_PASSWORD, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, _async_unsafe, settings):
    """Return the live server's address, with the page cache on."""
    assert settings.OTP_REQUIRED is True
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "editorial-journeys",
        },
    }
    caches["default"].clear()
    yield live_server.url
    caches["default"].clear()


@pytest.fixture
def staff(django_user_model):
    """Return a function that makes a staff user with a role and an
    authenticator app, who logs in as in production."""

    def make(username, role):
        user = django_user_model.objects.create_user(
            username=username, password=STAFF_PASSWORD, is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
        return user

    return make


def log_in(browser, site, user):
    """Return a page of a new browser window where ``user`` has logged in
    with their password and the code their app shows."""
    context = browser.new_context(
        base_url=site, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_label("Code").fill(totp_code(TOTPDevice.objects.get(user=user)))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Review queue")).to_be_visible()
    return page


@pytest.fixture
def editor_page(browser, site, staff):
    page = log_in(browser, site, staff("journey-editor", EDITOR))
    yield page
    page.context.close()


@pytest.fixture
def reviewer_page(browser, site, staff):
    page = log_in(browser, site, staff("journey-reviewer", REVIEWER))
    yield page
    page.context.close()


@pytest.fixture
def visitor(browser, site):
    """An anonymous visitor's window: no session, so pages come from the
    page cache when they are there."""
    context = browser.new_context(base_url=site)
    context.set_default_timeout(10_000)
    page = context.new_page()
    # Only the page cache stamps a page: without it these tests could not
    # show that a publication makes the cached pages stale.
    assert "last-modified" in page.goto("/").headers, "the page cache is off"
    yield page
    context.close()


def public_text(visitor, path):
    """Return what the public gets at ``path``: the page as the browser
    shows it, or the body of a download, feed or API answer."""
    if path.endswith("/") and "/api/" not in path and "feed" not in path:
        response = visitor.goto(path)
        assert response.status == 200, path
        return visitor.content()
    response = visitor.request.get(path)
    assert response.status == 200, path
    return response.text()


@dataclass
class World:
    """A published person with a case, an event, a source and a statement
    about them: what the public sees of one prisoner."""

    person: object
    case: object
    source: object
    event: object
    statement: object

    def paths(self, templates):
        values = {
            "person": self.person.slug,
            "case": self.case.slug,
            "source": self.source.pk,
            "event": self.event.pk,
            "statement": self.statement.slug,
        }
        return [template.format(**values) for template in templates]


@pytest.fixture
def world(make_person, make_case, make_source, make_event, make_statement):
    person = make_person(
        name="Aynur Tarlanova",
        slug="aynur-tarlanova",
        biography="Reporter for a regional weekly.",
    )
    case = make_case(person=person, title="Smuggling charge (2024)", slug="aynur-2024")
    source = make_source(title="Court extends the detention of a reporter")
    event = make_event(
        case=case,
        kind="detention",
        date="2024-11-02",
        title="Detained in Baku",
        description="Police detained her at home.",
        cite=False,
    )
    Citation.objects.create(event=event, source=source, quote="She was detained.")
    # As an editor submits it and a reviewer publishes it: who and what it
    # is about set before it is first published.
    statement = make_statement(
        title="Free the reporter",
        slug="free-the-reporter",
        summary="Calls for her immediate release.",
        publication_state="in_review",
    )
    Citation.objects.create(statement=statement, source=source, quote="Detained.")
    statement.people.add(person)
    statement.cases.add(case)
    statement.publication_state = "published"
    statement.save()
    return World(person, case, source, event, statement)


@dataclass
class Edit:
    """What an editor changes in a published record's admin form, and where
    the public reads it."""

    record: str  # which record of the World
    admin: str  # its change page
    queued_as: str  # how the review queue names it
    fields: list  # (label, published text, pending text, paths showing it)
    search: str  # a word only the pending text has

    def __str__(self):
        return self.record


PERSON = "/people/{person}/"
CASE = "/cases/{case}/"
STATEMENT = "/statements/{statement}/"

EDITS = [
    Edit(
        "person",
        "/admin/people/person/{pk}/change/",
        "Aynur Tarlanova",
        [
            (
                "Name",
                "Aynur Tarlanova",
                "Aynur Gilavarli",
                [
                    PERSON,
                    CASE,
                    "/people/",
                    "/people/{person}/badge.svg",
                    "/api/v1/people/{person}/",
                    "/people/export.csv",
                    "/people/export.json",
                    "/cases/export.csv",
                    "/events/export.json",
                    "/people/{person}/feed/",
                    "/events/feed/",
                ],
            ),
            (
                "Biography",
                "Reporter for a regional weekly.",
                "Reporter and poet, born in Shamakhi.",
                [PERSON, "/api/v1/people/{person}/", "/people/export.json"],
            ),
        ],
        search="Gilavarli",
    ),
    Edit(
        "source",
        "/admin/cases/source/{pk}/change/",
        "Court extends the detention of a reporter",
        [
            (
                "Title",
                "Court extends the detention of a reporter",
                "Sabirabad court upholds the detention",
                [PERSON, CASE, STATEMENT, "/api/v1/sources/{source}/"],
            )
        ],
        search="Sabirabad",
    ),
    Edit(
        "event",
        "/admin/cases/timelineevent/{pk}/change/",
        "Detained in Baku",
        [
            (
                "Description",
                "Police detained her at home.",
                "Police detained her at the Khinalug checkpoint.",
                [
                    PERSON,
                    CASE,
                    "/api/v1/events/{event}/",
                    "/events/export.csv",
                    "/events/export.json",
                    "/events/feed/",
                    "/people/{person}/feed/",
                ],
            )
        ],
        search="Khinalug",
    ),
    Edit(
        "statement",
        "/admin/cases/statement/{pk}/change/",
        "Free the reporter",
        [
            (
                "Summary",
                "Calls for her immediate release.",
                "Condemns the Zirvetaq verdict and calls for her release.",
                [
                    STATEMENT,
                    PERSON,
                    CASE,
                    "/api/v1/statements/{statement}/",
                    "/statements/export.csv",
                    "/statements/export.json",
                ],
            )
        ],
        search="Zirvetaq",
    ),
]


def check_public(visitor, world, edit, *, shown, hidden):
    """Every public surface of the edit answers 200, shows the ``shown``
    side of each field (0 published, 1 pending) and not the ``hidden``."""
    for _label, *texts, templates in edit.fields:
        for path in world.paths(templates):
            body = public_text(visitor, path)
            assert texts[shown] in body, f"{path} lacks {texts[shown]!r}"
            assert texts[hidden] not in body, f"{path} shows {texts[hidden]!r}"


def search_finds(visitor, word):
    visitor.goto(f"/search/?q={word}")
    status = visitor.get_by_role("status")
    expect(status).to_be_visible()
    return "Nothing published matches" not in status.inner_text()


@pytest.mark.parametrize("edit", EDITS, ids=str)
def test_an_edit_waits_until_a_reviewer_publishes_it(
    editor_page, reviewer_page, visitor, world, edit
):
    record = getattr(world, edit.record)
    # The public pages, cached as the published version.
    check_public(visitor, world, edit, shown=0, hidden=1)

    editor_page.goto(edit.admin.format(pk=record.pk))
    for label, _old, new, _paths in edit.fields:
        editor_page.locator(f"#id_{label.lower()}").fill(new)
    editor_page.get_by_role("button", name="Save", exact=True).click()
    expect(editor_page.locator(".messagelist")).to_contain_text(
        "Your changes are saved as a pending revision"
    )
    check_public(visitor, world, edit, shown=0, hidden=1)
    assert not search_finds(visitor, edit.search)

    reviewer_page.goto("/admin/")
    reviewer_page.get_by_role("link", name="Review queue").click()
    row = reviewer_page.get_by_role("row").filter(has_text=edit.queued_as)
    expect(row).to_contain_text("published · pending revision")
    expect(row).to_contain_text("journey-editor")
    row.get_by_role("link", name="Review").click()
    comparison = reviewer_page.locator("#pending-revision")
    for label, old, new, _paths in edit.fields:
        cells = comparison.get_by_role("row").filter(
            has=reviewer_page.get_by_role("rowheader", name=label)
        )
        expect(cells.get_by_role("cell").nth(0)).to_have_text(old)
        expect(cells.get_by_role("cell").nth(1)).to_have_text(new)
    save_screenshot(reviewer_page, f"review-pending-{edit.record}")
    reviewer_page.get_by_role("button", name="Publish the revision").click()
    expect(reviewer_page.locator(".messagelist")).to_contain_text(
        "Published the pending revision"
    )

    check_public(visitor, world, edit, shown=1, hidden=0)
    assert search_finds(visitor, edit.search)
