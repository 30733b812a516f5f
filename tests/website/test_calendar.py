"""
What is coming up (issue 17): /calendar/ and its iCal feeds, from published,
cited records only, each date at its own precision.
"""

import datetime

import icalendar
import pytest
import time_machine
from django.urls import reverse

from cases.models import Source, TimelineEvent
from website import calendar

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
Kind = TimelineEvent.Kind


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _held(make_person, make_case, make_event, *, country="AZ", detained="2020-03-04"):
    """A case that holds its person, detained on ``detained``, as a source
    published last month says."""
    person = make_person(country=country)
    case = make_case(person=person, country=country)
    event = make_event(
        case=case, kind=Kind.DETENTION, date=detained, title="Detained", cite=False
    )
    _cite_recently(event)
    return case


def _cite_recently(event):
    event.citations.create(
        source=Source.objects.create(
            title=f"Still held ({event.pk})",
            url=f"https://example.org/held/{event.pk}",
            published="2026-11-01",
            publication_state="published",
        )
    )


def _scheduled(make_event, case, kind, date, **kwargs):
    kwargs.setdefault("title", f"{kind} on {date}")
    return make_event(case=case, kind=kind, date=date, is_scheduled=True, **kwargs)


@pytest.fixture
def calendar_data(make_person, make_case, make_event, make_source):
    case = _held(make_person, make_case, make_event, detained="2011-12-01")
    source = make_source(
        title="Court sets hearing", url="https://example.org/hearing", published=""
    )
    hearing = _scheduled(make_event, case, Kind.TRIAL, "2026-12-03", cite=False)
    hearing.citations.create(source=source, quote="Set for 3 December.")
    return {
        "case": case,
        "hearing": hearing,
        "appeal": _scheduled(make_event, case, Kind.APPEAL, "2026-12"),
        "later": _scheduled(make_event, case, Kind.CASSATION, "2027-03-01"),
        "passed": _scheduled(make_event, case, Kind.PAROLE_HEARING, "2026-11-22"),
        "done": _scheduled(
            make_event, case, Kind.VERDICT, "2026-11-20", outcome="Adjourned again."
        ),
        "old": _scheduled(make_event, case, Kind.TRIAL, "2026-11-01"),
    }


def _page(client, **query):
    response = client.get(reverse("cases:calendar"), query)
    assert response.status_code == 200
    return response.content.decode()


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _uids(feed):
    return {str(e["UID"]).split("@")[0] for e in feed.walk("VEVENT")}


def test_calendar_lists_the_next_60_days_and_the_past_week(client, calendar_data):
    page = _page(client)
    upcoming, past = page.split('id="past-heading"')
    assert "trial on 2026-12-03" in upcoming
    assert "appeal on 2026-12" in upcoming
    assert "cassation on 2027-03-01" not in page  # beyond 60 days
    assert "parole_hearing on 2026-11-22" in past
    assert "outcome not yet documented" in past
    assert "Outcome: Adjourned again." in past
    assert "trial on 2026-11-01" not in page  # more than a week ago
    # At the source's precision: the month, never its first day.
    assert '<time datetime="2026-12">December 2026</time>' in upcoming
    assert "1 December 2026" not in upcoming.split("appeal on 2026-12")[0][-400:]
    assert "Scheduled, as a cited source announced." in upcoming
    assert 'href="https://example.org/hearing"' in upcoming
    hearing = calendar_data["hearing"]
    assert f'href="{hearing.get_absolute_url()}"' in upcoming


def test_a_detention_dated_to_the_day_has_its_anniversary(
    client, calendar_data, make_person, make_case, make_event
):
    _held(make_person, make_case, make_event, detained="2019-12")  # a month: no day
    released = _held(make_person, make_case, make_event, detained="2015-12-05")
    make_event(case=released, kind=Kind.RELEASE, date="2016-01-01")
    page = _page(client)
    assert "15 years since the detention of 1 December 2011" in page
    assert "since the detention of December 2019" not in page
    assert "since the detention of 5 December 2015" not in page
    assert _page(client, kind="anniversary").count("calendar__entry--anniversary") == 1


def test_a_computed_sentence_end_is_labelled_as_computed(
    client, make_person, make_case, make_event
):
    person = make_person()
    case = make_case(person=person, sentence_months=72)
    make_event(case=case, kind=Kind.DETENTION, date="2020-12-01")
    make_event(case=case, kind=Kind.SENTENCE, date="2020-12-15", title="Sentenced")
    case.refresh_from_db()
    assert case.sentence_latest_end == "2026-12-14"
    page = _page(client)
    assert "Sentence ends at the latest (computed)" in page
    assert "Computed from the length of the sentence and its start" in page
    assert '<time datetime="2026-12-14">14 December 2026</time>' in page
    feed = _feed(client, reverse("cases:calendar-ics"))
    (entry,) = [e for e in feed.walk("VEVENT") if "sentence-end" in str(e["UID"])]
    assert "computed" in str(entry["SUMMARY"])
    assert entry.decoded("DTSTART") == datetime.date(2026, 12, 14)


def test_a_scheduled_sentence_end_replaces_the_computed_one(
    client, make_person, make_case, make_event
):
    case = make_case(person=make_person(), sentence_months=72)
    make_event(case=case, kind=Kind.DETENTION, date="2020-12-01")
    make_event(case=case, kind=Kind.SENTENCE, date="2020-12-15")
    _scheduled(make_event, case, Kind.SENTENCE_END, "2026-12-10", title="Release due")
    page = _page(client)
    assert "Release due" in page
    assert "(computed)" not in page


def test_filters_by_country_and_kind(
    client, calendar_data, make_person, make_case, make_event
):
    other = _held(make_person, make_case, make_event, country="BY")
    _scheduled(make_event, other, Kind.TRIAL, "2026-12-05", title="Minsk hearing")
    assert "Minsk hearing" in _page(client)
    assert "Minsk hearing" not in _page(client, country="AZ")
    assert "trial on 2026-12-03" not in _page(client, country="BY")
    page = _page(client, kind="appeal")
    assert "appeal on 2026-12" in page and "trial on 2026-12-03" not in page


def test_a_bad_filter_value_is_explained_not_a_500(client, calendar_data):
    page = _page(client, kind="picnic", country="XX")
    assert page.count('role="alert"') == 2
    assert "trial on 2026-12-03" not in page


def test_feeds_parse_and_carry_every_upcoming_entry(client, calendar_data):
    feed = _feed(client, reverse("cases:calendar-ics"))
    window = calendar.Window.feed(TODAY)
    expected = {e.key for e in calendar.entries(window)}
    assert _uids(feed) == expected
    keys = {f"event-{calendar_data[n].pk}" for n in ("hearing", "appeal", "later")}
    assert keys <= expected
    # Every upcoming entry of the page is in the feed.
    page_entries = calendar.entries(calendar.Window.page(TODAY))
    assert {e.key for e in page_entries} <= _uids(feed)
    events = {str(e["UID"]).split("@")[0]: e for e in feed.walk("VEVENT")}
    hearing = events[f"event-{calendar_data['hearing'].pk}"]
    assert hearing.decoded("DTSTART") == datetime.date(2026, 12, 3)
    assert hearing.decoded("DTEND") == datetime.date(2026, 12, 4)
    assert str(hearing["URL"]).endswith(calendar_data["hearing"].get_absolute_url())
    assert "https://example.org/hearing" in str(hearing["DESCRIPTION"])
    assert str(hearing["STATUS"]) == "TENTATIVE"
    # A month: the whole month, and the month said in the summary.
    appeal = events[f"event-{calendar_data['appeal'].pk}"]
    assert appeal.decoded("DTSTART") == datetime.date(2026, 12, 1)
    assert appeal.decoded("DTEND") == datetime.date(2027, 1, 1)
    assert "December 2026" in str(appeal["SUMMARY"])


def test_person_and_country_feeds(
    client, calendar_data, make_person, make_case, make_event
):
    other = _held(make_person, make_case, make_event, country="BY")
    minsk = _scheduled(make_event, other, Kind.TRIAL, "2026-12-05")
    person = calendar_data["case"].person
    own = _uids(_feed(client, reverse("people:person-calendar", args=[person.slug])))
    assert f"event-{calendar_data['hearing'].pk}" in own
    assert f"event-{minsk.pk}" not in own
    by = _uids(_feed(client, reverse("cases:country-calendar", args=["by"])))
    assert f"event-{minsk.pk}" in by
    assert f"event-{calendar_data['hearing'].pk}" not in by
    assert client.get(reverse("cases:country-calendar", args=["zz"])).status_code == 404
    assert client.get("/countries/AZ/calendar.ics").status_code == 200


def test_nothing_unpublished_is_on_the_calendar(
    client, calendar_data, make_person, make_case, make_event, make_source
):
    case = calendar_data["case"]
    _scheduled(
        make_event,
        case,
        Kind.TRIAL,
        "2026-12-04",
        title="Draft hearing",
        publication_state="draft",
    )
    hidden = make_person(publication_state="draft", slug="hidden-person")
    hidden_case = make_case(person=hidden)
    _scheduled(make_event, hidden_case, Kind.TRIAL, "2026-12-04", title="Hidden one")
    draft_source = make_source(
        title="Unpublished source",
        url="https://example.org/draft",
        publication_state="draft",
    )
    calendar_data["appeal"].citations.create(source=draft_source)
    for body in (
        _page(client),
        client.get(reverse("cases:calendar-ics")).content.decode(),
        client.get(reverse("cases:country-calendar", args=["az"])).content.decode(),
    ):
        assert "Draft hearing" not in body
        assert "Hidden one" not in body
        assert "example.org/draft" not in body
        assert "Unpublished source" not in body
    url = reverse("people:person-calendar", args=["hidden-person"])
    assert client.get(url).status_code == 404


def _many(make_person, make_case, make_event, n):
    for i in range(n):
        case = _held(
            make_person, make_case, make_event, detained=f"2015-12-{1 + i % 28:02d}"
        )
        _scheduled(make_event, case, Kind.TRIAL, f"2026-12-{1 + i % 28:02d}")


@pytest.mark.parametrize(
    "url", ["/calendar/", "/calendar.ics", "/countries/az/calendar.ics"]
)
def test_query_counts_do_not_grow_with_the_entries(
    client, make_person, make_case, make_event, django_assert_max_num_queries, url
):
    _many(make_person, make_case, make_event, 2)
    with django_assert_max_num_queries(50) as few:
        client.get(url)
    _many(make_person, make_case, make_event, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.count(b"2026-12") >= 30


@pytest.mark.parametrize(
    ("language", "heading", "state"),
    [
        ("az", "Qarşıda nə var", "Planlaşdırılıb"),
        ("ru", "Что впереди", "Назначено"),
    ],
)
def test_the_calendar_speaks_azerbaijani_and_russian(
    client, calendar_data, language, heading, state
):
    page = _page(client, lang=language)
    assert heading in page
    assert state in page
    assert "What is coming up" not in page
    feed = client.get(reverse("cases:calendar-ics"), {"lang": language})
    assert "Scheduled" not in feed.content.decode()


def test_the_page_cache_keys_on_the_day(client, settings, calendar_data):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    from django.core.cache import cache

    cache.clear()
    case_url = calendar_data["case"].get_absolute_url()
    assert "Scheduled, as a cited source announced." in _page(client)
    before = client.get(case_url).content.decode()
    assert "trial on 2026-12-03" in before
    with time_machine.travel(datetime.date(2026, 12, 10), tick=False):
        after = _page(client)
        case_page = client.get(case_url).content.decode()
    assert "trial on 2026-12-03" in after.split('id="past-heading"')[1]
    assert case_page.count("outcome not yet documented") > before.count(
        "outcome not yet documented"
    )
    cache.clear()


def test_the_chronology_and_event_list_say_scheduled(client, calendar_data):
    person_page = client.get(calendar_data["case"].person.get_absolute_url())
    text = person_page.content.decode()
    assert "Scheduled, as a cited source announced." in text
    assert "Scheduled for this date; outcome not yet documented." in text
    assert "Outcome: Adjourned again." in text
    events = client.get(reverse("cases:event-list")).content.decode()
    assert "Scheduled, as a cited source announced." in events
    assert reverse("cases:calendar") in text  # in the site's navigation
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/calendar/" in sitemap


def test_no_anniversary_for_custody_last_documented_long_ago(
    client, make_person, make_case, make_event
):
    # Its one source is of March 2023: held as last documented then, and
    # nothing since; an anniversary would seem to say the person still is.
    case = make_case(person=make_person())
    make_event(case=case, kind=Kind.DETENTION, date="2011-12-01", title="Detained")
    assert "since the detention" not in _page(client)
    fresh = _held(make_person, make_case, make_event, detained="2011-12-02")
    page = _page(client)
    assert "15 years since the detention of 2 December 2011" in page
    assert "Held as last documented on 1 November 2026; no later source" in page
    assert fresh.status_as_of == "2026-11-01"


def test_no_private_field_reaches_the_calendar_or_its_feeds(
    client, make_person, make_case, make_event, make_source
):
    person = make_person(notes="PRIVATE-PERSON", contacts="PRIVATE-CONTACT")
    case = make_case(person=person, notes="PRIVATE-CASE", sentence_months=72)
    _cite_recently(
        make_event(
            case=case, kind=Kind.DETENTION, date="2011-12-01", notes="PRIVATE-DET"
        )
    )
    make_event(case=case, kind=Kind.SENTENCE, date="2020-12-15", notes="PRIVATE-SEN")
    hearing = _scheduled(
        make_event, case, Kind.TRIAL, "2026-12-03", notes="PRIVATE-EVENT", cite=False
    )
    hearing.citations.create(source=make_source(notes="PRIVATE-SOURCE"), quote="Q.")
    bodies = [
        _page(client),
        *(
            client.get(url).content.decode()
            for url in (
                reverse("cases:calendar-ics"),
                reverse("people:person-calendar", args=[person.slug]),
                reverse("cases:country-calendar", args=["az"]),
            )
        ),
    ]
    # All three kinds of entry are there, and no private word.
    assert "15 years since the detention" in bodies[0]
    assert "(computed)" in bodies[0]
    assert "trial on 2026-12-03" in bodies[0]
    for body in bodies:
        assert "PRIVATE" not in body


def test_the_home_page_lists_what_happened_not_what_is_announced(client, calendar_data):
    home = client.get("/").content.decode()
    assert "trial on 2026-12-03" not in home
    assert "verdict on 2026-11-20" in home  # its outcome is recorded
