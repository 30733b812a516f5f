import csv
import datetime
import io
import re
from xml.etree import ElementTree

import pytest
import time_machine

from cases.models import TimelineEvent
from website import statistics

pytestmark = pytest.mark.django_db

Kind = TimelineEvent.Kind
SVG = "{http://www.w3.org/2000/svg}"
TODAY = datetime.date(2024, 6, 15)


@pytest.fixture
def small_world(make_person, make_case, make_event):
    """Three people, four cases, with numbers easy to count by hand."""
    anna = make_person(name="Anna")
    anna.roles.create(role="journalist")
    a1 = make_case(person=anna, sentence_months=24)
    a1.charges.create(article="317.2", description="Violence")
    make_event(case=a1, kind=Kind.DETENTION, date="2022-01-10")
    make_event(case=a1, kind=Kind.SENTENCE, date="2022-04-20")  # 100 days
    make_event(case=a1, kind=Kind.RELEASE, date="2023-03-01")

    bob = make_person(name="Bob")
    bob.roles.create(role="journalist")
    bob.roles.create(role="activist")
    b1 = make_case(person=bob, sentence_months=96)
    b1.charges.create(article="317.2", description="Violence")
    b1.charges.create(article="206.3.2", description="Smuggling")
    make_event(case=b1, kind=Kind.PRETRIAL_DETENTION, date="2023-02-01")
    make_event(case=b1, kind=Kind.SENTENCE, date="2023-02-21")  # 20 days

    cem = make_person(name="Cem")
    c1 = make_case(person=cem, sentence_months=6)
    make_event(case=c1, kind=Kind.DETENTION, date="2023-05")  # month only
    make_event(case=c1, kind=Kind.SENTENCE, date="2023-08-01")  # not counted
    make_case(person=cem, publication_state="draft", sentence_months=200)
    return {"anna": anna, "bob": bob, "cem": cem}


def values(figure):
    return {p.label: p.value for p in figure.points}


@time_machine.travel(TODAY)
def test_detained_over_time_counts_people_at_month_end_as_documented(small_world):
    # Every source is of 1 March 2023; Cem's sentence of 1 August 2023 is
    # his last documentation.
    figure = statistics.detained_over_time(TODAY)
    by_month = values(figure)
    assert by_month["2022-01"] == 1  # Anna
    assert by_month["2023-02"] == 2  # Anna, released 1 March; Bob from 1 Feb
    assert by_month["2023-03"] == 0  # Bob is documented to 1 March only
    assert by_month["2023-05"] == 1  # Cem, from "May 2023": on 31 May
    assert by_month["2023-08"] == 0  # documented to 1 August
    assert by_month["2024-06"] == 0  # nothing documents anyone then
    assert list(by_month)[0] == "2022-01"


def test_detentions_and_releases_per_year(small_world):
    detentions, releases = statistics.detentions_and_releases(TODAY)
    assert values(detentions) == {"2022": 1, "2023": 2}
    assert values(releases) == {"2023 · Release": 1}
    assert releases.points[0].link == "/cases/?released_year=2023&released_how=release"


@time_machine.travel(TODAY)
def test_every_year_between_the_first_and_the_last_has_its_bar(
    small_world, make_case, make_event
):
    make_event(case=make_case(), kind=Kind.DETENTION, date="2019-03-01")
    make_event(case=make_case(), kind=Kind.DETENTION, date="2019-12~")
    detentions, releases = statistics.detentions_and_releases(TODAY)
    assert values(detentions) == {
        "2019": 1,
        "2020": 0,
        "2021": 0,
        "2022": 1,
        "2023": 2,
        "year uncertain": 1,
    }


def result_count(client, link):
    response = client.get(link)
    assert response.status_code == 200, link
    return response.context["result_count"]


@time_machine.travel(TODAY)
def test_every_chart_element_links_to_a_list_with_its_count(
    client, small_world, make_case, make_event
):
    dropped = make_case()
    make_event(case=dropped, kind=Kind.DETENTION, date="2017-02-01")
    make_event(case=dropped, kind=Kind.CHARGES_DROPPED, date="2017-06-01")
    make_event(case=make_case(), kind=Kind.PRETRIAL_DETENTION, date="2017-12~")
    checked = 0
    for figure in statistics.all_figures(TODAY):
        for point in figure.points:
            assert point.link, (figure.slug, point.label)
            assert result_count(client, point.link) == point.value, (
                figure.slug,
                point.label,
                point.link,
            )
            checked += 1
    assert checked > 40


@pytest.mark.parametrize("query", ["detained_year=20x7", "released_year=1"])
def test_a_bad_chart_year_is_explained(client, query):
    html = client.get(f"/cases/?{query}").content.decode()
    assert "Expected a year, e.g. 2017, or “uncertain”." in html


def test_cases_by_charge(small_world):
    figure = statistics.cases_by_charge()
    assert values(figure) == {"317.2": 2, "206.3.2": 1}
    assert figure.points[0].link == "/cases/?charge=317.2"


def test_people_by_role(small_world):
    assert values(statistics.people_by_role()) == {
        "Journalist": 2,
        "Activist": 1,
        "No role recorded": 1,
    }


def test_sentence_lengths_leave_out_drafts(small_world):
    figure = statistics.sentence_lengths()
    assert values(figure) == {
        "up to 1 year": 1,
        "1–2 years": 1,
        "2–5 years": 0,
        "5–10 years": 1,
        "over 10 years": 0,
    }
    assert "Median sentence: 24 months, of 3 cases." in figure.notes


def test_pretrial_days_only_where_a_detention_before_the_sentence_is_documented(
    small_world,
):
    result = statistics.pretrial_days(TODAY)
    # Anna 100 days, Bob 20, Cem 62 to 92 ("May 2023" to 1 August).
    assert (result["n"], result["median"], result["minimum"], result["maximum"]) == (
        3,
        62,
        20,
        100,
    )


@pytest.fixture
def sentence_over(make_person, make_case, make_event):
    """Dan: a sentence that ended on 31 December 2023, no release recorded."""
    dan = make_person(name="Dan")
    case = make_case(
        person=dan, sentence_starts="2023-01-01", sentence_ends="2023-12-31"
    )
    make_event(case=case, kind=Kind.DETENTION, date="2023-01-01")
    make_event(case=case, kind=Kind.SENTENCE, date="2023-01-01")
    return dan


@time_machine.travel(TODAY)
def test_no_one_counts_as_held_past_their_last_documentation(
    client, small_world, sentence_over
):
    by_month = values(statistics.detained_over_time(TODAY))
    assert by_month["2023-02"] == 3  # Anna, Bob and Dan, to 1 March
    assert by_month["2023-12"] == 0
    # Bob and Dan were documented in March 2023, over a year ago; Cem in
    # August 2023, but his sentence has certainly ended since.
    assert statistics.held_counts(TODAY) == (0, 3)
    home = client.get("/").content.decode()
    assert 'figures__number">0</span> people held, as last documented' in home
    assert "3 more people were last documented in custody longer ago." in home
    stats = client.get("/stats/").content.decode()
    assert "<strong>0</strong> people held, as last documented." in stats


@time_machine.travel(TODAY)
def test_stats_page_states_what_and_when(client, small_world):
    html = client.get("/stats/").content.decode()
    assert "Figures as of 15 June 2024" in html
    assert (
        "At least 62 days for the median case (from at least 20 to at most 100 "
        "days), over 3 cases." in html
    )
    assert '<a href="/cases/?charge=317.2">' in html
    assert "<table" in html and "<caption>" in html


@pytest.mark.parametrize(
    "slug",
    [
        "detained-over-time",
        "detentions-per-year",
        "releases-per-year",
        "cases-by-charge",
        "people-by-role",
        "sentence-lengths",
    ],
)
def test_every_chart_is_valid_svg_and_csv(client, small_world, slug):
    response = client.get(f"/stats/{slug}.svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text
    assert root.find(f"{SVG}desc").text
    assert root.findall(f".//{SVG}rect") or root.findall(f".//{SVG}circle")
    rows = list(
        csv.reader(io.StringIO(client.get(f"/stats/{slug}.csv").content.decode()))
    )
    assert rows[2][0] == "label"
    assert len(rows) > 3


def test_unknown_chart_is_404(client):
    assert client.get("/stats/nothing.csv").status_code == 404


def test_empty_database_gives_a_calm_page(client):
    assert (
        "No published records to count yet." in client.get("/stats/").content.decode()
    )


def test_bar_heights_are_proportional(small_world):
    from website.charts import layout

    drawing = layout(statistics.cases_by_charge())
    two, one = drawing["marks"]
    assert two.height == pytest.approx(2 * one.height)
    assert [t.value for t in drawing["ticks"]] == [0, 1, 2, 3, 4]


@time_machine.travel(TODAY)
def test_the_pretrial_figure_names_the_longest_and_links_to_all(
    client, small_world, monkeypatch
):
    monkeypatch.setattr(statistics, "PRETRIAL_SHOWN", 2)
    result = statistics.pretrial_days(TODAY)
    assert result["link"] == "/cases/?pretrial_on=2024-06-15"
    assert result_count(client, result["link"]) == result["n"] == 3
    html = client.get("/stats/").content.decode()
    assert "The 2 longest:" in html
    shown = [case.title for _fewest, _most, case in result["cases"]]
    assert [days for days, _most, _case in result["cases"]] == [100, 62]
    assert all(f">{title}</a>" in html for title in shown)
    assert 'href="/cases/?pretrial_on=2024-06-15">All 3 cases</a>' in html
    assert 'href="/stats/pretrial-days.csv" download>' in html
    rows = list(
        csv.reader(io.StringIO(client.get("/stats/pretrial-days.csv").content.decode()))
    )
    assert rows[2] == ["case", "fewest_days", "most_days", "url"]
    days = [row[1:3] for row in rows[3:]]
    assert days == [["100", "100"], ["62", "92"], ["20", "20"]]
    assert rows[3][3].startswith("http://testserver/cases/")


def test_the_pretrial_list_counts_as_of_the_day_it_is_asked_for(client, small_world):
    # Bob's sentence of 21 February 2023 is not yet documented on 1 January.
    link = statistics.pretrial_days(datetime.date(2023, 1, 1))["link"]
    assert result_count(client, link) == 1  # Anna's


@time_machine.travel(TODAY)
def test_the_figures_are_computed_once_per_public_version_and_day(
    client,
    small_world,
    make_case,
    make_event,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    first = client.get("/stats/").content.decode()
    with django_assert_num_queries(1):  # the public version, nothing else
        assert client.get("/stats/").content.decode() == first
    # A publication makes a new public version: the next page counts it.
    with django_capture_on_commit_callbacks(execute=True):
        make_event(case=make_case(), kind=Kind.DETENTION, date="2024-02-01")
    html = client.get("/stats/").content.decode()
    assert '<a href="/cases/?detained_year=2024">2024</a>' in html
    with time_machine.travel(TODAY + datetime.timedelta(days=1)):
        assert "Figures as of 16 June 2024" in client.get("/stats/").content.decode()


@time_machine.travel(TODAY)
def test_a_long_line_is_drawn_without_points_too_dense_to_tap(client, small_world):
    html = client.get("/stats/").content.decode()
    wide, narrow = re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)[:2]
    months = len(statistics.detained_over_time(TODAY).points)
    assert months > 12
    assert wide.count("<circle") == months
    assert "chart--narrow" in narrow and "<circle" not in narrow
    assert "<path" in narrow
