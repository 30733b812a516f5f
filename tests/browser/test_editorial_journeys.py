"""
Editing and reviewing, end to end in Chromium: an editor and a reviewer log
in with their second factor, and what they do in the admin shows on the
public site only when a reviewer publishes it.

These tests write, so they have a transactional live server of their own
(pytest-django's ``live_server``), not the demo site the other browser
tests share. pytest-django runs transactional tests after the others, so
the demo data may still be loaded when they start (the flush after each
one empties it, once its readers are done): they look only for their own
names, never for a count. The page cache is on, as in production: a public
page cached while a change waits must not outlive its publication.
"""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from cases.models import Citation
from editorial.roles import EDITOR, REVIEWER
from editorial.translations import translated_fields
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
    # The live server shares the test's SQLite connection: a request still
    # being served while the test writes fails with "table is locked".
    page.wait_for_load_state("networkidle")
    return page


def settle(page):
    """Let the requests ``page`` still has in flight (an autocomplete, the
    session's save) end before the test's database is emptied, which they
    would otherwise find locked; a request that never ends is not waited
    for longer than a few seconds."""
    try:
        page.wait_for_load_state("networkidle", timeout=5_000)
    except PlaywrightTimeoutError:
        pass


@pytest.fixture
def editor_page(browser, site, staff):
    page = log_in(browser, site, staff("journey-editor", EDITOR))
    yield page
    settle(page)
    page.context.close()


@pytest.fixture
def reviewer_page(browser, site, staff):
    page = log_in(browser, site, staff("journey-reviewer", REVIEWER))
    yield page
    settle(page)
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
    page.wait_for_load_state("networkidle")
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
        title_ru="Задержана в Баку",
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
    language: str = "en"  # which language's text of each field is edited

    def __str__(self):
        return (
            self.record if self.language == "en" else f"{self.record}-{self.language}"
        )


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
    # A translation of a published record is a change like any other: it
    # waits for review, and the readers of its language see it once published.
    Edit(
        "event",
        "/admin/cases/timelineevent/{pk}/change/",
        "Detained in Baku",
        [
            (
                "Title",
                "Задержана в Баку",
                "Задержана в Хыналыге",
                [
                    PERSON + "?lang=ru",
                    CASE + "?lang=ru",
                    "/api/v1/events/{event}/?lang=ru",
                    "/events/feed/?lang=ru",
                ],
            )
        ],
        search="Хыналыге",
        language="ru",
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


def admin_field(record, label, language="en"):
    """The admin's input for the field ``label`` of ``record``, and its
    label on the review page: a text written per language is edited, and
    compared, in each language ("Title [en]")."""
    name = label.lower()
    if name in translated_fields(type(record)):
        return f"#id_{name}_{language}", f"{label} [{language}]"
    return f"#id_{name}", label


def check_public(visitor, world, edit, *, shown, hidden):
    """Every public surface of the edit answers 200, shows the ``shown``
    side of each field (0 published, 1 pending) and not the ``hidden``."""
    for _label, *texts, templates in edit.fields:
        for path in world.paths(templates):
            body = public_text(visitor, path)
            assert texts[shown] in body, f"{path} lacks {texts[shown]!r}"
            assert texts[hidden] not in body, f"{path} shows {texts[hidden]!r}"


def search_finds(visitor, word):
    visitor.goto(f"/search/?q={word}&lang=en")
    status = visitor.get_by_role("status")
    expect(status).to_be_visible()
    return "Nothing published matches" not in status.inner_text()


@pytest.mark.parametrize("edit", EDITS, ids=str)
def test_an_edit_waits_until_a_reviewer_publishes_it(
    world, editor_page, reviewer_page, visitor, edit
):
    record = getattr(world, edit.record)
    # The public pages, cached as the published version.
    check_public(visitor, world, edit, shown=0, hidden=1)

    editor_page.goto(edit.admin.format(pk=record.pk))
    for label, _old, new, _paths in edit.fields:
        editor_page.locator(admin_field(record, label, edit.language)[0]).fill(new)
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
        header = admin_field(record, label, edit.language)[1]
        cells = comparison.get_by_role("row").filter(
            has=reviewer_page.get_by_role("rowheader", name=header)
        )
        expect(cells.get_by_role("cell").nth(0)).to_have_text(old)
        expect(cells.get_by_role("cell").nth(1)).to_have_text(new)
    save_screenshot(reviewer_page, f"review-pending-{edit}")
    reviewer_page.get_by_role("button", name="Publish the revision").click()
    expect(reviewer_page.locator(".messagelist")).to_contain_text(
        "Published the pending revision"
    )

    check_public(visitor, world, edit, shown=1, hidden=0)
    assert search_finds(visitor, edit.search)


def review_page_of(record):
    meta = record._meta
    return f"/admin/review/{meta.app_label}/{meta.model_name}/{record.pk}/"


def expect_cited(page, title, source_title):
    """The event ``title`` is on the page once, with a citation marker that
    leads to ``source_title`` in the page's list of sources."""
    event = page.locator(".chronology .event").filter(has_text=title)
    expect(event).to_have_count(1)
    markers = event.get_by_role("link", name=re.compile(r"^Source \d+$"))
    expect(markers.first).to_be_visible()
    targets = [markers.nth(n).get_attribute("href") for n in range(markers.count())]
    cited = " ".join(page.locator(target).inner_text() for target in targets)
    assert source_title in cited, f"{title} does not cite {source_title}"


def expect_every_event_cited(page):
    """No event on the page is shown without a citation."""
    for event in page.locator(".chronology .event").all():
        expect(event.locator(".event__cites")).not_to_be_empty()


def test_a_new_case_is_published_as_one_package(
    editor_page,
    reviewer_page,
    visitor,
    make_person,
    make_case,
    make_source,
    make_event,
):
    draft = {"publication_state": "draft"}
    person = make_person(name="Kamran Sabirli", slug="kamran-sabirli", **draft)
    case = make_case(
        person=person, title="Hooliganism charge (2025)", slug="kamran-2025", **draft
    )
    source = make_source(title="Activist detained after a protest", **draft)
    events = {
        "Detained after a protest": ("detention", "2025-03-01"),
        "Charged with hooliganism": ("charge", "2025-03-03"),
    }
    for title, (kind, date) in events.items():
        event = make_event(
            case=case, title=title, kind=kind, date=date, cite=False, **draft
        )
        Citation.objects.create(event=event, source=source, quote=f"{title}.")
    for path in ("/people/kamran-sabirli/", "/cases/kamran-2025/"):
        assert visitor.goto(path).status == 404

    # The editor sends the whole case for review from the case's review page.
    editor_page.goto(review_page_of(case))
    editor_page.get_by_role("button", name="Submit the 5 drafts above").click()
    expect(editor_page.locator(".messagelist")).to_contain_text(
        "Submitted Hooliganism charge (2025) with its drafts for review"
    )

    reviewer_page.goto("/admin/")
    reviewer_page.get_by_role("link", name="Review queue").click()
    reviewer_page.get_by_role("row").filter(
        has_text="Hooliganism charge (2025)"
    ).get_by_role("link", name="Review").click()
    package = reviewer_page.locator("#package")
    for name in ("Kamran Sabirli", "Activist detained after a protest", *events):
        expect(package).to_contain_text(name)
    save_screenshot(reviewer_page, "review-package")
    reviewer_page.get_by_role("button", name="Publish the package").click()
    expect(reviewer_page.locator(".messagelist")).to_contain_text(
        "Published Hooliganism charge (2025) with everything in review for it"
    )
    for name in ("Kamran Sabirli", "Hooliganism charge (2025)", *events):
        expect(reviewer_page.get_by_role("row").filter(has_text=name)).to_have_count(0)

    for path in ("/people/kamran-sabirli/", "/cases/kamran-2025/"):
        assert visitor.goto(path).status == 200, path
        for title in events:
            expect_cited(visitor, title, "Activist detained after a protest")
        expect(visitor.locator(".sources")).to_contain_text("Detained after a protest.")


@pytest.fixture
def sole_source(make_person, make_case, make_source, make_event):
    """A published case with two events: one cited only by ``source``, one
    also by another source."""
    case = make_case(
        person=make_person(name="Ilkin Rustamli", slug="ilkin-rustamli"),
        title="Treason charge (2023)",
        slug="ilkin-2023",
    )
    source = make_source(title="Blogger detained in Ganja")
    other = make_source(title="Court hearing postponed again")
    only = make_event(
        case=case, kind="detention", date="2023-05-10", title="Detained in Ganja"
    )
    both = make_event(
        case=case, kind="charge", date="2023-05-12", title="Charged with treason"
    )
    only.citations.all().delete()
    both.citations.all().delete()
    Citation.objects.create(event=only, source=source)
    Citation.objects.create(event=both, source=source)
    Citation.objects.create(event=both, source=other)
    return case, source


def test_a_sole_source_comes_down_only_with_the_event_it_cites(
    sole_source, reviewer_page, visitor
):
    case, source = sole_source
    case_page = f"/cases/{case.slug}/"

    def public_case_is_whole():
        assert visitor.goto(case_page).status == 200
        expect_every_event_cited(visitor)

    public_case_is_whole()
    expect_cited(visitor, "Detained in Ganja", "Blogger detained in Ganja")

    # Unpublishing the source alone, from its admin form, is refused.
    reviewer_page.goto(f"/admin/cases/source/{source.pk}/change/")
    reviewer_page.locator("#id_publication_state").select_option("draft")
    reviewer_page.get_by_role("button", name="Save", exact=True).click()
    refusal = reviewer_page.locator(".field-publication_state .errorlist")
    expect(refusal).to_contain_text("alone would leave the public record incomplete")
    expect(refusal).to_contain_text("Detained in Ganja")
    expect(refusal).not_to_contain_text("Charged with treason")
    save_screenshot(reviewer_page, "unpublish-refused")
    public_case_is_whole()
    expect_cited(visitor, "Detained in Ganja", "Blogger detained in Ganja")

    # Its review page names what would leave with it.
    reviewer_page.goto(review_page_of(source))
    dependents = reviewer_page.locator("#dependents")
    expect(dependents.get_by_role("link", name="Detained in Ganja")).to_be_visible()
    expect(dependents).not_to_contain_text("Charged with treason")
    take_down = reviewer_page.get_by_role("button", name="Unpublish it with the record")
    take_down.click()
    expect(reviewer_page.locator("#review-errors")).to_contain_text(
        "the comment is required"
    )
    public_case_is_whole()
    expect_cited(visitor, "Detained in Ganja", "Blogger detained in Ganja")

    reviewer_page.get_by_label("Comment for the editors").fill("The link is wrong.")
    take_down.click()
    expect(reviewer_page.locator(".messagelist")).to_contain_text(
        "with the records that depend on it"
    )
    public_case_is_whole()
    expect(visitor.locator(".chronology")).not_to_contain_text("Detained in Ganja")
    expect(visitor.locator("main")).not_to_contain_text("Blogger detained in Ganja")
    expect_cited(visitor, "Charged with treason", "Court hearing postponed again")
    visitor.goto("/events/")
    expect(visitor.locator("main")).not_to_contain_text("Detained in Ganja")


@pytest.fixture
def sentenced(make_person, make_case, make_event):
    """A published person held on a sentence, whose biography was since
    edited by mistake. The person's first version was saved before their
    case: its stored status is "unknown"."""
    person = make_person(
        name="Tofig Aliyarli", slug="tofig-aliyarli", biography="First."
    )
    case = make_case(person=person, title="Tax evasion (2026)", slug="tofig-2026")
    today = datetime.date.today()
    for kind, days in (("detention", 60), ("sentence", 30)):
        date = (today - datetime.timedelta(days=days)).isoformat()
        make_event(case=case, kind=kind, date=date)
    person.refresh_from_db()
    person.biography = "A mistaken edit."
    person.save()
    return person


def derived(visitor, person):
    """What the public reads that is derived from the person: their status
    and the home page's figures."""
    assert visitor.goto(person.get_absolute_url()).status == 200
    status = visitor.locator(".profile__status").inner_text()
    biography = visitor.locator(".profile__bio").inner_text()
    assert visitor.goto("/").status == 200
    figures = " ".join(visitor.locator(".figures").inner_text().split())
    visitor.get_by_role("link", name=re.compile("held, as last documented")).click()
    held = visitor.locator("main").inner_text()
    return status, biography, figures, person.name in held


def test_a_revert_from_history_derives_what_a_fresh_save_does(
    sentenced, reviewer_page, visitor
):
    person = sentenced
    status, biography, figures, held = derived(visitor, person)
    assert "Sentenced" in status and "A mistaken edit." in biography
    assert held is True

    reviewer_page.goto(f"/admin/people/person/{person.pk}/change/")
    reviewer_page.get_by_role("link", name="History").click()
    versions = reviewer_page.locator("#change-history tbody tr")
    expect(versions.first).to_be_visible()
    versions.last.get_by_role("link").first.click()
    expect(reviewer_page.locator("#id_biography_en")).to_have_value("First.")
    reviewer_page.get_by_role("button", name="Revert").click()
    expect(reviewer_page.locator(".messagelist")).to_contain_text(
        "Reverted to the version of"
    )
    reverted = derived(visitor, person)
    first = biography.replace("A mistaken edit.", "First.")
    assert reverted == (status, first, figures, held)

    # A fresh save of the reverted record changes nothing the public sees.
    reviewer_page.goto(f"/admin/people/person/{person.pk}/change/")
    reviewer_page.get_by_role("button", name="Save", exact=True).click()
    expect(reviewer_page.locator(".messagelist")).to_contain_text("was changed")
    assert derived(visitor, person) == reverted


def test_a_statement_whose_people_changed_can_still_be_reviewed(
    world, make_person, editor_page, reviewer_page
):
    make_person(name="Rashad Gilani", slug="rashad-gilani")
    statement_admin = f"/admin/cases/statement/{world.statement.pk}/change/"
    # A reviewer adds a person the statement is about: published at once.
    reviewer_page.goto(statement_admin)
    settle(reviewer_page)
    reviewer_page.locator(".field-people .select2-selection").click()
    # Opening the list asks the server for names: let that answer come
    # before typing asks again (the live server shares one SQLite
    # connection between its threads, and two requests at once lock it).
    expect(reviewer_page.locator(".select2-results__option").first).to_be_visible()
    settle(reviewer_page)
    reviewer_page.locator(".field-people .select2-search__field").fill("Rashad")
    reviewer_page.get_by_role("option", name="Rashad Gilani").click()
    reviewer_page.get_by_role("button", name="Save", exact=True).click()
    expect(reviewer_page.locator(".messagelist")).to_contain_text("was changed")
    # Then an editor corrects its summary.
    editor_page.goto(statement_admin)
    editor_page.locator("#id_summary_en").fill("Calls for the release of both.")
    editor_page.get_by_role("button", name="Save", exact=True).click()
    expect(editor_page.locator(".messagelist")).to_contain_text(
        "saved as a pending revision"
    )

    reviewer_page.goto("/admin/review/")
    review = reviewer_page.get_by_role("row").filter(has_text="Free the reporter")
    with reviewer_page.expect_response(re.compile(r"/admin/review/cases/")) as shown:
        review.get_by_role("link", name="Review").click()
    assert shown.value.status == 200
    summary = (
        reviewer_page.locator("#pending-revision")
        .get_by_role("row")
        .filter(has=reviewer_page.get_by_role("rowheader", name="Summary"))
    )
    expect(summary.get_by_role("cell").nth(1)).to_have_text(
        "Calls for the release of both."
    )


def test_the_refusal_to_unpublish_alone_leads_to_the_review_page(
    sole_source, reviewer_page
):
    _case, source = sole_source
    reviewer_page.goto(f"/admin/cases/source/{source.pk}/change/")
    reviewer_page.locator("#id_publication_state").select_option("draft")
    reviewer_page.get_by_role("button", name="Save", exact=True).click()
    expect(
        reviewer_page.locator(".field-publication_state .errorlist")
    ).to_contain_text("on its review page")
    links = reviewer_page.locator(f'a[href="{review_page_of(source)}"]')
    assert links.count() >= 1, "nothing on the page leads to the review page"


@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_a_reader_reports_an_error_and_an_editor_finds_it(
    world, visitor, editor_page, language
):
    """A reader on the person page (cached for anonymous visitors) opens the
    form, sends a report; the editor finds it in the admin's triage queue
    and marks the record corrected; the page then says so, with the date."""
    visitor.goto(f"/language/{language}/?next=/people/aynur-tarlanova/")
    visitor.locator(".report-link a").click()
    save_screenshot(visitor, f"report-form_{language}")
    visitor.locator("#id_message").fill("REPORTED: the detention was on 3 November.")
    visitor.locator("#id_contact").fill("reader@example.org")
    visitor.locator(".report__form button[type=submit]").click()
    expect(visitor.locator("h1")).to_be_visible()
    assert visitor.locator("#id_message").count() == 0  # sent, not refused

    editor_page.goto("/admin/editorial/report/")
    editor_page.locator("#result_list .field-received_at a").first.click()
    expect(editor_page.locator(".field-message")).to_contain_text("3 November")
    editor_page.locator("#id_status").select_option("corrected")
    editor_page.locator("#id_correction").fill("the date of the detention")
    editor_page.get_by_role("button", name="Save", exact=True).click()
    expect(editor_page.locator(".messagelist")).to_be_visible()

    visitor.goto("/people/aynur-tarlanova/")
    expect(visitor.locator(".corrections")).to_contain_text("the date of the detention")
    assert "REPORTED" not in visitor.content()


# A prisoner list imported through the admin: the editor sees, on the
# preview, where the file differs from a published case, proposes the
# differences, and the public page changes only once a reviewer publishes
# the case's pending revision.

LIST = (
    "person,person_role,country,case,case_sentence,case_charges,"
    "source_url,source_title,source_publisher\r\n"
    "Example Listed Person,journalist,AZ,Example Listed Person: example case,"
    "seven years in prison,CC 221.3: hooliganism,"
    "https://example.org/example-only/list,An example list,Example Centre\r\n"
    "Example New Person,activist,AZ,Example New Person: example case,"
    "two years in prison,,"
    "https://example.org/example-only/list,An example list,Example Centre\r\n"
)


@pytest.fixture
def listed(make_person, make_case, make_event):
    """A published case the list says more of (made before any browser
    request: the live server shares the test's SQLite connection)."""
    person = make_person(name="Example Listed Person")
    case = make_case(
        person=person,
        title="Example Listed Person: example case",
        sentence="six years in prison",
    )
    make_event(case=case, kind="detention", date="2020-01-03")
    return case


def upload(page):
    page.goto("/admin/cases/timelineevent/import/")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "list.csv", "mimeType": "text/csv", "buffer": LIST.encode()}],
    )
    page.get_by_role("button", name="Preview the import").click()


def test_an_editor_proposes_a_lists_differences_and_a_reviewer_publishes_them(
    listed, editor_page, reviewer_page, visitor
):
    upload(editor_page)
    differences = editor_page.locator("#import-differences")
    expect(differences).to_contain_text("case_sentence")
    expect(differences).to_contain_text("six years in prison")
    expect(differences).to_contain_text("seven years in prison")
    expect(differences).to_contain_text("case_charges")
    rows = editor_page.locator("#import-rows")
    expect(rows).to_contain_text("no event: the source is cited")
    save_screenshot(editor_page, "import-preview-differences")
    editor_page.get_by_label("Propose them as pending revisions for a reviewer").check()
    editor_page.get_by_role("button", name="Import").click()
    expect(editor_page.locator(".messagelist")).to_contain_text(
        "wait for a reviewer as their pending revisions"
    )

    # Nothing public changed.
    visitor.goto(listed.get_absolute_url())
    expect(visitor.locator(".facts")).to_contain_text("six years in prison")

    reviewer_page.goto(f"/admin/review/cases/case/{listed.pk}/")
    save_screenshot(reviewer_page, "import-review-proposed")
    reviewer_page.get_by_role("button", name="Publish the revision").click()
    expect(reviewer_page.locator(".messagelist")).to_contain_text(
        "Published the pending revision"
    )
    visitor.goto(listed.get_absolute_url())
    facts = visitor.locator(".facts")
    expect(facts).to_contain_text("seven years in prison")
    expect(facts).to_contain_text("hooliganism")
