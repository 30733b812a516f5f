"""
What is coming up, end to end in Chromium (issue 17): a reviewer logs in
with the second factor, enters a scheduled hearing in the admin with its
citation, and readers find it on /calendar/ in English, Azerbaijani and
Russian, on a wide screen and a phone. Screenshots go to
test-artifacts/calendar for a person to look at.

A transactional live server of its own, as tests/browser/test_editorial_
journeys.py has, since this test writes; the page cache is on, as in
production.
"""

import datetime
import subprocess

import icalendar
import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cases.models import Citation, TimelineEvent
from editorial.roles import REVIEWER
from lib import dates
from tests.browser.support import ARTIFACTS, axe_violations, require_vnu
from tests.conftest import STAFF_PASSWORD, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ARTIFACTS / "calendar"
HEARING = "Appeal hearing of Nigar Aliyeva"
HEADINGS = {"en": "What is coming up", "az": "Qarşıda nə var", "ru": "Что впереди"}
SCHEDULED = {
    "en": "Scheduled, as a cited source announced.",
    "az": "Planlaşdırılıb: istinad edilən mənbə bunu elan edib.",
    "ru": "Назначено: так сообщил цитируемый источник.",
}


@pytest.fixture
def site(live_server, _async_unsafe, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "calendar-journey",
        },
    }
    caches["default"].clear()
    yield live_server.url
    caches["default"].clear()


@pytest.fixture
def reviewer_page(browser, site, django_user_model):
    """A reviewer's window, logged in with password and authenticator code."""
    user = django_user_model.objects.create_user(
        username="calendar-reviewer", password=STAFF_PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=REVIEWER))
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    context = browser.new_context(
        base_url=site, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Review queue")).to_be_visible()
    page.wait_for_load_state("networkidle")
    yield page
    context.close()


@pytest.fixture
def prisoner(make_person, make_case, make_source, make_event):
    person = make_person(name="Nigar Aliyeva", slug="nigar-aliyeva", country="AZ")
    case = make_case(person=person, title="Smuggling charge (2025)", country="AZ")
    detention = make_event(
        case=case, kind="detention", date="2025-02-10", title="Detained", cite=False
    )
    source = make_source(title="Court of appeal sets a date", published="2025-03-01")
    Citation.objects.create(event=detention, source=source, quote="Detained.")
    return case


def _shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_a_hearing_entered_in_the_admin_is_on_the_calendar(
    browser, site, reviewer_page, prisoner
):
    day = datetime.date.today() + datetime.timedelta(days=12)
    page = reviewer_page
    page.goto(f"/admin/cases/timelineevent/add/?case={prisoner.pk}")
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_kind").select_option("appeal")
    page.locator("#id_title_en").fill(HEARING)
    page.locator("#id_is_scheduled").check()
    page.locator("#id_publication_state").select_option("published")
    page.locator(".field-source .select2-selection").first.click()
    page.locator(".select2-search__field").fill("Court of appeal")
    page.get_by_role("option", name="Court of appeal sets a date").click()
    page.locator("#id_citations-0-quote").fill("The appeal will be heard then.")
    _shoot(page, "admin-scheduled-hearing_en_1280")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added")
    event = TimelineEvent.objects.get(title=HEARING)
    assert event.is_scheduled and event.is_published
    assert event.citations.count() == 1

    pages = []
    for language in ("en", "az", "ru"):
        for width in (1280, 375):
            context = browser.new_context(
                base_url=site,
                viewport={"width": width, "height": 900},
                locale=language,
            )
            context.set_default_timeout(10_000)
            visitor = context.new_page()
            response = visitor.goto("/calendar/")
            assert response.status == 200
            expect(visitor.locator("h1")).to_have_text(HEADINGS[language])
            entry = visitor.locator(".calendar__entry").filter(has_text=HEARING)
            expect(entry).to_have_count(1)
            expect(entry).to_contain_text(SCHEDULED[language])
            expect(entry).to_contain_text("Court of appeal sets a date")
            with translation.override(language):
                expect(entry.locator("time")).to_have_text(
                    dates.display(day.isoformat())
                )
            # No wider than the screen: a phone reads it without scrolling
            # sideways.
            scroll = visitor.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{language} at {width}px is {scroll}px wide"
            _shoot(visitor, f"calendar_{language}_{width}")
            assert axe_violations(visitor) == []
            saved = SHOTS / f"calendar_{language}_{width}.html"
            saved.write_text(visitor.content(), encoding="utf-8")
            pages.append(saved)
            entry.get_by_role("link", name=HEARING).click()
            expect(visitor.locator(f"#event-{event.pk}")).to_contain_text(
                SCHEDULED[language]
            )
            context.close()

    # The page with its entries is valid HTML (the demo, which the other
    # browser tests check, has nothing coming up).
    result = subprocess.run(
        [*require_vnu(), "--format", "gnu", "--errors-only", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    feed = reviewer_page.request.get("/calendar.ics")
    assert feed.status == 200
    parsed = icalendar.Calendar.from_ical(feed.body())
    (vevent,) = [e for e in parsed.walk("VEVENT") if HEARING in str(e["SUMMARY"])]
    assert vevent.decoded("DTSTART") == day
