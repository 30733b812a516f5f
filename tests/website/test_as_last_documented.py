"""
Nothing public claims more, for longer, or more precisely than its cited
sources: at a "today" years after the last source, no page, list, badge,
feed, API answer, download or chart claims custody past the last documented
date or past a sentence's latest end, every headline count equals the list
it links to, and no date is given more precisely than its EDTF text.
"""

import csv
import datetime
import io
import json
import re

import pytest
import time_machine

from cases.models import Case, Citation, TimelineEvent
from people.models import Person

pytestmark = pytest.mark.django_db

# Years after the last source, as the issue found the demo.
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, 0), tick=False):
        yield


def _event(case, kind, date, source, **kwargs):
    event = TimelineEvent.objects.create(
        case=case, kind=kind, date=date, publication_state="published", **kwargs
    )
    Citation.objects.create(event=event, source=source)
    return event


@pytest.fixture
def held_2023(make_person, make_case, make_source):
    """Held from 9 January 2023; the only source is of December 2024."""
    person = make_person(name="Bakhtiyar Test", slug="bakhtiyar-test")
    case = make_case(person=person, title="Test case 2023", slug="test-case-2023")
    source = make_source(published="2024-12")
    _event(case, "detention", "2023-01-09", source)
    return person, case


@pytest.fixture
def six_years(make_person, make_case, make_source):
    """Sentenced in January 2018 to six years; the last source is of
    October 2018, and no release is documented."""
    person = make_person(name="Afgan Test", slug="afgan-test")
    case = make_case(
        person=person, title="Six years", slug="six-years", sentence_months=72
    )
    abducted = make_source(published="2017-06")
    letter = make_source(published="2018-10-19")
    _event(case, "detention", "2017-05", abducted)
    _event(case, "sentence", "2018-01", letter)
    return person, case


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_custody_is_counted_to_its_last_documentation_never_to_today(client, held_2023):
    person, case = held_2023
    case.refresh_from_db()
    assert (case.status_as_of, str(case.status_as_of_on)) == ("2024-12", "2024-12-01")
    text = text_of(page(client, person.get_absolute_url()))
    assert (
        "Held for at least 692 days, documented from 9 January 2023 to December 2024"
        in text
    )
    assert "as of December 2024" in text
    assert "1,422" not in text and "1422" not in text


def test_a_sentence_ends_at_the_latest_its_length_after_it(client, six_years):
    person, case = six_years
    case.refresh_from_db()
    assert case.sentence_latest_end == "2024-01"
    assert case.status_as_of == "2018-10-19"
    text = text_of(page(client, case.get_absolute_url()))
    assert "ends by January 2024 at the latest" in text
    assert "the sentence ended by January 2024 at the latest, and no release" in text
    assert "documented from May 2017 to 19 October 2018" in text
    assert "3,441" not in text
    person.refresh_from_db()
    assert person.status_as_of == "2018-10-19"


def test_only_a_later_custody_source_counts_past_the_sentence_end(
    make_person, make_case, make_source
):
    case = make_case(person=make_person(), sentence_months=12)
    _event(case, "sentence", "2019-03-03", make_source(published="2019-03-04"))
    judgment = _event(case, "echr_judgment", "2024-05-02", make_source())
    case.refresh_from_db()
    # The judgment says nothing of custody: documented only to the last
    # source before the sentence's end.
    assert case.sentence_latest_end == "2020-03-02"
    assert case.status_as_of == "2019-03-04"
    assert case.status_as_of_sentence_end is True
    _event(case, "transfer", "2024-06-01", make_source(published="2024-06-03"))
    case.refresh_from_db()
    assert case.status_as_of == "2024-06-03"
    assert case.status_as_of_sentence_end is False
    assert judgment.pk


def test_the_badge_says_as_of_and_counts_nothing_to_today(client, held_2023):
    person, _case = held_2023
    svg = page(client, f"/people/{person.slug}/badge.svg")
    assert "as of December 2024" in svg
    assert "days" not in svg


def test_lists_search_and_api_give_the_status_as_of(client, held_2023):
    person, case = held_2023
    assert "as of December 2024" in text_of(page(client, "/people/"))
    assert "as of December 2024" in text_of(page(client, "/cases/"))
    assert "as of December 2024" in text_of(page(client, "/search/?q=Bakhtiyar"))
    data = json.loads(page(client, f"/api/v1/people/{person.slug}/"))
    assert data["status_as_of"] == {
        "text": "2024-12",
        "lower": "2024-12-01",
        "upper": "2024-12-31",
        "precision": "month",
    }
    data = json.loads(page(client, f"/api/v1/cases/{case.slug}/"))
    assert data["status_since"]["text"] == "2023-01-09"
    assert data["last_documented"]["text"] == "2024-12"


def test_downloads_keep_each_dates_precision(
    client, make_person, make_case, make_source
):
    case = make_case(person=make_person(born="1984"), slug="june-case")
    _event(case, "detention", "2012-06", make_source(published="2012-07"))
    rows = list(csv.DictReader(io.StringIO(page(client, "/cases/export.csv")[1:])))
    (row,) = [r for r in rows if r["id"] == "june-case"]
    assert row["status_since"] == "2012-06"
    assert (row["status_since_lower"], row["status_since_upper"]) == (
        "2012-06-01",
        "2012-06-30",
    )
    assert row["status_since_precision"] == "month"
    assert row["status_as_of"] == "2012-07"
    people = list(csv.DictReader(io.StringIO(page(client, "/people/export.csv")[1:])))
    assert {p["born"] for p in people} == {"1984"}
    assert {p["born_precision"] for p in people} == {"year"}


def test_json_downloads_give_lists_as_arrays(client, make_person, make_case):
    person = make_person()
    person.aliases.create(name="One", script="latin")
    person.aliases.create(name="Two", script="latin")
    make_case(person=person)
    (record,) = json.loads(page(client, "/people/export.json"))
    assert record["other_names"] == ["One", "Two"]
    rows = list(csv.DictReader(io.StringIO(page(client, "/people/export.csv")[1:])))
    assert rows[0]["other_names"] == "One | Two"


@pytest.fixture
def held_and_stale(make_person, make_case, make_source):
    fresh = make_person(name="Fresh Person", slug="fresh")
    stale = make_person(name="Stale Person", slug="stale")
    released = make_person(name="Released Person", slug="released")
    sentenced = make_person(name="Sentence Over", slug="sentence-over")
    recent = make_source(published="2026-10")
    old = make_source(published="2021-05")
    _event(make_case(person=fresh), "detention", "2026-09-30", recent)
    _event(make_case(person=stale), "detention", "2021-04-01", old)
    free = make_case(person=released)
    _event(free, "detention", "2025-01-01", recent)
    _event(free, "release", "2026-02-01", recent)
    over = make_case(person=sentenced, sentence_months=6)
    _event(over, "sentence", "2026-01-10", recent)
    return fresh, stale, released, sentenced


def _listed(client, url):
    html = page(client, url)
    return re.findall(r'class="card__title"><a href="/people/([^/]+)/"', html)


def test_every_headline_count_equals_the_list_it_links_to(client, held_and_stale):
    home = page(client, "/")
    held = re.search(r"\?custody=held\"><span class=\"figures__number\">(\d+)", home)
    assert _listed(client, "/people/?custody=held") == ["fresh"]
    assert int(held.group(1)) == 1
    stale = re.search(r'\?custody=stale">(\d+) more', home)
    assert sorted(_listed(client, "/people/?custody=stale")) == [
        "sentence-over",
        "stale",
    ]
    assert int(stale.group(1)) == 2
    assert _listed(client, "/people/?custody=released") == ["released"]
    stats = page(client, "/stats/")
    assert '?custody=held"><strong>1</strong>' in stats
    cases = page(client, "/cases/?custody=held")
    assert cases.count('class="card__title"') == 1


def test_a_person_held_in_one_case_and_stale_in_another_counts_once_as_held(
    client, held_and_stale, make_case, make_source
):
    fresh = held_and_stale[0]
    _event(make_case(person=fresh), "detention", "2021-04-01", make_source())
    home = page(client, "/")
    held = re.search(r"\?custody=held\"><span class=\"figures__number\">(\d+)", home)
    assert int(held.group(1)) == 1 == len(_listed(client, "/people/?custody=held"))
    stale = re.search(r'\?custody=stale">(\d+) more', home)
    assert int(stale.group(1)) == 2 == len(_listed(client, "/people/?custody=stale"))


def test_the_freshness_window_is_a_setting(client, settings, held_and_stale):
    settings.CASETRACKER_FRESH_DAYS = 3000
    assert sorted(_listed(client, "/people/?custody=held")) == ["fresh", "stale"]


def test_a_charge_while_held_in_another_case_is_never_not_detained(
    client, make_person, make_case, make_source
):
    person = make_person(name="Mehman Test", slug="mehman-test")
    first = make_case(person=person, title="Defamation", slug="defamation")
    second = make_case(person=person, title="Prison staff", slug="prison-staff")
    doc = make_source(published="2018-12-26/2019-03-02")
    _event(first, "sentence", "2017-03-03", doc)
    _event(second, "charge", "2018-08/2018-12-26", doc)
    second.refresh_from_db()
    assert second.status == "charged_while_held"
    text = text_of(page(client, second.get_absolute_url()))
    assert "Charged while held in the case Defamation" in text
    assert "not detained" not in text
    text = text_of(page(client, person.get_absolute_url()))
    assert "Charged, not detained" not in text
    person.refresh_from_db()
    assert person.status == "sentenced"


def test_a_draft_case_holding_the_person_changes_no_charge(
    make_person, make_case, make_source
):
    person = make_person()
    held = make_case(person=person, publication_state="draft")
    charged = make_case(person=person)
    doc = make_source()
    _event(held, "sentence", "2017-03-03", doc)
    _event(charged, "charge", "2018-08", doc)
    charged.refresh_from_db()
    assert charged.status == "charged"


def test_pages_show_last_documented_apart_from_last_edited(client, held_2023):
    person, _case = held_2023
    text = text_of(page(client, person.get_absolute_url()))
    assert "Last documented: December 2024" in text
    assert "Last edited: 1 December 2026" in text
    assert "(last edited 1 December 2026; accessed 1 December 2026)" in text


def test_the_statement_says_its_own_count_beside_those_listed(
    client, make_statement, make_organization
):
    from cases.models import StatementParty

    statement = make_statement(signatories_stated=3)
    house = make_organization(name="House")
    for name in ("One", "Two"):
        organization = make_organization(name=name)
        StatementParty.objects.create(
            statement=statement, organization=organization, role="signatory"
        )
    StatementParty.objects.create(
        statement=statement,
        organization=organization,
        role="signatory",
        via=house,
    )
    text = text_of(page(client, statement.get_absolute_url()))
    assert (
        "3 organisations according to the statement; 3 signatures listed, 2 distinct"
        in text
    )


def test_about_and_data_pages_are_linked_from_every_page(client):
    home = page(client, "/")
    assert 'href="/about/"' in home and 'href="/data/"' in home
    about = text_of(page(client, "/about/"))
    assert "As last documented" in about and "365 days" in about
    data = page(client, "/data/")
    assert "/people/export.csv" in data and "/api/v1/docs/" in data


def test_no_public_text_counts_custody_to_today(client, held_2023, six_years):
    """At a today years after the last source, the day count of today
    (1,422 for the 2023 case) appears nowhere."""
    urls = ["/", "/people/", "/cases/", "/stats/", "/events/feed/"]
    for person in Person.objects.all():
        urls += [person.get_absolute_url(), f"/people/{person.slug}/badge.svg"]
    for case in Case.objects.all():
        urls.append(case.get_absolute_url())
    today_counts = {"1,422", "1422", "3,441", "3441", "3,495", "3495"}
    for url in urls:
        body = page(client, url)
        assert not [n for n in today_counts if n in body], url


def test_figures_are_as_of_a_date_and_count_only_documented_months(client, held_2023):
    from website import statistics

    figure = statistics.detained_over_time(TODAY)
    months = {point.label: point.value for point in figure.points}
    assert months["2023-01"] == 1 and months["2024-11"] == 1
    # December 2024 is documented from its first day only; 2025 not at all.
    assert months["2024-12"] == 0 and months["2026-11"] == 0
    figure = statistics.detained_over_time(datetime.date(2023, 6, 15))
    assert figure.points[-1].label == "2023-06"
    csv_text = page(client, "/stats/detained-over-time.csv?as_of=2023-06-15")
    assert "# As of 2023-06-15" in csv_text
    assert "As of 15 June 2023" in text_of(page(client, "/stats/?as_of=2023-06-15"))
    assert client.get("/stats/?as_of=2031-01-01").status_code == 400
    assert client.get("/stats/?as_of=nonsense").status_code == 400


def test_a_report_of_custody_is_no_detention_date_and_two_years_are_uncertain(
    make_person, make_case, make_source
):
    from website import statistics

    source = make_source()
    reported = make_case(person=make_person())
    _event(reported, "in_custody", "2024-12", source)
    spanning = make_case(person=make_person())
    _event(spanning, "detention", "2017-12~", source)
    _event(spanning, "charges_dropped", "2017/2018-10-19", source)
    plain = make_case(person=make_person())
    _event(plain, "detention", "2019-05-02", source)
    _event(plain, "pardon", "2020-03", source)
    detentions, releases = statistics.detentions_and_releases(TODAY)
    assert {p.label: p.value for p in detentions.points} == {
        "2019": 1,
        "year uncertain": 1,
    }
    assert {p.label: p.value for p in releases.points} == {
        "2020 · Pardon": 1,
        "year uncertain · Charges dropped": 1,
    }
    (pardon,) = [p for p in releases.points if "Pardon" in p.label]
    assert pardon.link == "/cases/?released_year=2020&released_how=pardon"


def test_days_before_the_first_sentence_only_where_both_ends_are_documented(
    make_person, make_case, make_source
):
    from website import statistics

    source = make_source()
    only_sentence = make_case(person=make_person(), title="Sentenced at once")
    _event(only_sentence, "abduction", "2017-01-09", source)
    _event(only_sentence, "sentence", "2017-03-03", source)
    held_first = make_case(person=make_person(), title="Held first")
    _event(held_first, "detention", "2023-01", source)
    _event(held_first, "sentence", "2023-03-03", source)
    result = statistics.pretrial_days(TODAY)
    assert [(f, m, c.title) for f, m, c in result["cases"]] == [(31, 61, "Held first")]
