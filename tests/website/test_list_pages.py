import re

import pytest
import time_machine

from cases.models import Statement, StatementParty, TimelineEvent
from editorial.models import PublicationState

pytestmark = pytest.mark.django_db

Kind = TimelineEvent.Kind
DRAFT = PublicationState.DRAFT


def names(response):
    return re.findall(
        r'<h2 class="card__title"><a href="[^"]+">([^<]+)</a>',
        response.content.decode(),
    )


@pytest.fixture
def people(make_person, make_case, make_event, make_organization, make_statement):
    held = make_person(name="Held Journalist", country="AZ")
    held.roles.create(role="journalist")
    case = make_case(person=held, country="AZ")
    case.charges.create(article="317.2", code="Criminal Code", description="Violence")
    make_event(case=case, kind=Kind.DETENTION, date="2023-01-09")
    freed = make_person(name="Freed Activist", country="GE")
    freed.roles.create(role="activist")
    other = make_case(person=freed, country="GE")
    make_event(case=other, kind=Kind.DETENTION, date="2011-03-04")
    make_event(case=other, kind=Kind.RELEASE, date="2012-06")
    make_person(name="Draft Person", publication_state=DRAFT)
    amnesty = make_organization(name="Amnesty International")
    designation = make_statement(
        kind="designation", designation="prisoner_of_conscience"
    )
    designation.people.add(held)
    StatementParty.objects.create(
        statement=designation, organization=amnesty, role="author"
    )
    return {"held": held, "freed": freed, "amnesty": amnesty}


def test_people_list_shows_only_published_people(client, people):
    assert sorted(names(client.get("/people/"))) == [
        "Freed Activist",
        "Held Journalist",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=detained", ["Held Journalist"]),
        ("status=released", ["Freed Activist"]),
        ("country=GE", ["Freed Activist"]),
        ("role=journalist", ["Held Journalist"]),
        ("detained_in=2011", ["Freed Activist"]),
        ("charge=317.2", ["Held Journalist"]),
        ("role=activist&status=detained", []),
    ],
)
def test_people_filters(client, people, query, expected):
    assert names(client.get(f"/people/?{query}")) == expected


def test_people_filter_by_designating_organization(client, people):
    amnesty = people["amnesty"]
    html = client.get("/people/").content.decode()
    assert f'<option value="{amnesty.slug}">' in html
    response = client.get(f"/people/?designated_by={amnesty.slug}")
    assert names(response) == ["Held Journalist"]


def test_old_links_with_an_organizations_id_still_work(client, people):
    response = client.get(f"/people/?designated_by={people['amnesty'].pk}")
    assert names(response) == ["Held Journalist"]


def test_filters_show_counts_under_the_other_filters(client, people):
    html = client.get("/people/?country=AZ").content.decode()
    assert ">Detained (1)</option>" in html
    assert ">Released (0)</option>" in html
    assert ">Journalist (1)</option>" in html


def test_facets_count_a_person_matched_through_many_rows_once(
    client, people, make_case
):
    held = people["held"]
    held.roles.create(role="blogger")
    second = make_case(person=held, country="AZ")
    second.charges.create(article="317.2", code="Criminal Code")
    # Two cases charged under 317.2 and two roles: still one person.
    html = client.get("/people/?charge=317.2").content.decode()
    assert ">Azerbaijan (1)</option>" in html
    assert ">Detained (1)</option>" in html
    assert ">Journalist (1)</option>" in html
    html = client.get("/people/?role=journalist").content.decode()
    assert ">Azerbaijan (1)</option>" in html
    html = client.get("/cases/?charge=317.2").content.decode()
    assert ">Azerbaijan (2)</option>" in html


def test_kept_cards_show_the_next_publication(
    client, people, make_event, django_capture_on_commit_callbacks
):
    assert "Detained" in _card(client, "/people/", "Held Journalist")
    assert "Detained" in _card(client, "/cases/?country=AZ", "Held Journalist")
    with django_capture_on_commit_callbacks(execute=True):  # the new version
        make_event(case=people["held"].cases.get(), kind=Kind.RELEASE, date="2024-02")
    assert "Released" in _card(client, "/people/", "Held Journalist")
    assert "Released" in _card(client, "/cases/?country=AZ", "Held Journalist")
    # Each language its own card.
    assert "На свободе" in _card(client, "/people/?lang=ru", "Held Journalist")


def _card(client, url, name):
    html = client.get(url).content.decode()
    cards = [card for card in html.split('<li class="card">') if name in card]
    assert len(cards) == 1, url
    return cards[0].split("</li>")[0]


def test_event_facets_count_each_public_event_once(client, people, make_event):
    freed_case = people["freed"].cases.get()
    make_event(
        case=freed_case, kind=Kind.DETENTION, date="2013", publication_state=DRAFT
    )
    html = client.get("/events/").content.decode()
    assert ">Detention (2)</option>" in html
    assert ">Release (1)</option>" in html
    assert ">Georgia (2)</option>" in html


@pytest.mark.parametrize("url", ["/people/", "/cases/", "/events/", "/organizations/"])
def test_each_filter_offers_any_once(client, people, url):
    html = client.get(url).content.decode()
    selects = re.findall(r'<select name="(\w+)"(.*?)</select>', html, re.S)
    assert len(selects) >= 3
    for name, options in selects:
        assert options.count('<option value=""') == 1, name


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "country=XX",
        "detained_in=abc",
        "detained_in=99999",
        "charge=<script>",
        "designated_by=999999",
        "designated_by=no-such-organization",
        "sort=password",
        "sort=name,,",
    ],
)
def test_invalid_filter_value_shows_a_message_not_a_500(client, people, query):
    response = client.get(f"/people/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Fix the marked filter" in html
    assert "<script>" not in html.split("<main")[1]


@pytest.mark.parametrize(
    "query, summary",
    [
        ("", "Filters"),
        ("status=&role=&page=1", "Filters"),
        ("status=detained", "Filters (1)"),
        ("status=detained&role=journalist&page=1", "Filters (2)"),
    ],
)
def test_folded_filters_say_how_many_are_set(client, people, query, summary):
    html = client.get(f"/people/?{query}").content.decode()
    assert f'<summary class="filters-fold__button">{summary}</summary>' in html
    assert '<details class="filters-fold">' in html


def test_folded_filters_open_to_show_a_refused_value(client, people):
    html = client.get("/people/?status=bogus").content.decode()
    assert '<details class="filters-fold" open>' in html


def test_sorting_and_pagination_keep_the_filters(client, make_person, make_case):
    for i in range(60):
        make_case(person=make_person(name=f"Person {i:02d}", country="AZ"))
    response = client.get("/people/?country=AZ&sort=-name")
    assert names(response)[0] == "Person 59"
    assert 'href="?country=AZ&amp;sort=-name&amp;page=2"' in response.content.decode()
    second = client.get("/people/?country=AZ&sort=-name&page=2")
    assert names(second)[-1] == "Person 00"


def test_bad_page_number_is_404(client, people):
    assert client.get("/people/?page=99").status_code == 404
    assert client.get("/people/?page=abc").status_code == 404


def test_case_filters(client, people, make_organization, make_case, make_event):
    court = make_organization(name="Baku Grave Crimes Court", kind="court")
    facility = make_organization(name="Detention Centre", kind="detention_facility")
    case = make_case(title="Court case", court=court, facility=facility)
    make_event(case=case, kind=Kind.DETENTION, date="2019-05-01")
    assert names(client.get(f"/cases/?court={court.pk}")) == ["Court case"]
    assert names(client.get(f"/cases/?facility={facility.pk}")) == ["Court case"]
    by_year = names(client.get("/cases/?year_from=2018&year_to=2020"))
    assert by_year == ["Court case"]
    assert len(names(client.get("/cases/?status=detained"))) == 2
    assert names(client.get("/cases/?charge=317.2")) == [
        people["held"].cases.get().title
    ]


def test_events_newest_first_and_filtered(client, people):
    html = client.get("/events/").content.decode()
    dates = re.findall(r'<p class="event__date">(?:<time[^>]*>)?([^<]+)', html)
    assert dates == ["9 January 2023", "June 2012", "4 March 2011"]
    html = client.get("/events/?kind=release").content.decode()
    assert "June 2012" in html and "4 March 2011" not in html
    html = client.get("/events/?country=GE").content.decode()
    assert "9 January 2023" not in html
    html = client.get(
        "/events/?date_from=2012-01-01&date_to=2012-12-31"
    ).content.decode()
    assert (
        "June 2012" in html
        and "9 January 2023" not in html
        and "4 March 2011" not in html
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("date_from=2012&date_to=2012", ["June 2012"]),
        ("date_from=2012-06&date_to=2012-06", ["June 2012"]),
        ("date_to=2011", ["4 March 2011"]),
        ("date_from=2011-03-05", ["9 January 2023", "June 2012"]),
    ],
)
def test_event_dates_may_be_a_year_or_a_month(client, people, query, expected):
    html = client.get(f"/events/?{query}").content.decode()
    dates = re.findall(r'<p class="event__date">(?:<time[^>]*>)?([^<]+)', html)
    assert dates == expected


@pytest.mark.parametrize(
    "url, message",
    [
        ("/events/?date_from=2013&date_to=2012", "“To” is before “From”"),
        ("/cases/?year_from=2020&year_to=2018", "“Detained until” is before"),
        ("/cases/?sentence_min=24&sentence_max=12", "“Sentence at most” is less"),
    ],
)
def test_an_inverted_range_is_explained_beside_the_filter(client, people, url, message):
    html = client.get(url).content.decode()
    assert 'role="alert"' in html
    assert message in html and "swap them" in html


def test_an_impossible_date_is_explained(client, people):
    html = client.get("/events/?date_from=2018-02-30").content.decode()
    assert "Expected a year, a month or a day: 2018, 2018-06 or 2018-06-05." in html


def test_filters_name_organizations_by_slug(client, people, make_organization):
    court = make_organization(name="Baku Grave Crimes Court", kind="court")
    html = client.get("/cases/").content.decode()
    assert f'<option value="{court.slug}">' in html
    html = client.get("/statements/").content.decode()
    assert f'<option value="{people["amnesty"].slug}">' in html


def test_events_of_unpublished_cases_are_not_listed(client, make_case, make_event):
    make_event(case=make_case(publication_state=DRAFT), title="HIDDEN-EVENT")
    assert "HIDDEN-EVENT" not in client.get("/events/").content.decode()


def test_statements_list_links_people_and_filters(
    client, people, make_statement, make_organization
):
    hrh = make_organization(name="Human Rights House")
    joint = make_statement(
        title="Joint statement", kind=Statement.Kind.JOINT_STATEMENT, date="2019-01"
    )
    joint.people.add(people["held"])
    StatementParty.objects.create(statement=joint, organization=hrh, role="signatory")
    html = client.get("/statements/").content.decode()
    assert f'href="{people["held"].get_absolute_url()}"' in html
    assert names(client.get(f"/statements/?organization={hrh.pk}")) == [
        "Joint statement"
    ]
    assert names(client.get("/statements/?kind=joint_statement")) == ["Joint statement"]
    assert names(client.get("/statements/?year=2019")) == ["Joint statement"]
    assert client.get("/statements/?year=twenty").status_code == 200


def test_organization_page_lists_statements_and_members(
    client, make_organization, make_statement
):
    from people.models import OrganizationMembership

    network = make_organization(name="Human Rights House network", kind="network")
    house = make_organization(name="Human Rights House Azerbaijan", kind="network")
    member = make_organization(name="Legal Education Society")
    OrganizationMembership.objects.create(member=house, network=network)
    OrganizationMembership.objects.create(member=member, network=house)
    statement = make_statement(title="Call for action")
    StatementParty.objects.create(
        statement=statement, organization=member, role="signatory", via=house
    )
    html = client.get(house.get_absolute_url()).content.decode()
    assert "Legal Education Society" in html
    assert "Human Rights House network" in html
    html = client.get(member.get_absolute_url()).content.decode()
    assert "Call for action" in html and "signed" in html
    assert names(client.get("/organizations/?kind=network")) == [
        "Human Rights House Azerbaijan",
        "Human Rights House network",
    ]


def test_draft_organization_and_statement_are_404(
    client, make_organization, make_statement
):
    assert (
        client.get(
            make_organization(publication_state=DRAFT).get_absolute_url()
        ).status_code
        == 404
    )
    assert (
        client.get(
            make_statement(publication_state=DRAFT).get_absolute_url()
        ).status_code
        == 404
    )


def test_draft_case_and_case_of_draft_person_are_404(client, make_case, make_person):
    assert (
        client.get(make_case(publication_state=DRAFT).get_absolute_url()).status_code
        == 404
    )
    hidden = make_case(person=make_person(publication_state=DRAFT))
    assert client.get(hidden.get_absolute_url()).status_code == 404


@time_machine.travel("2023-06-01")
def test_home_counts_and_latest_events(client, people):
    # Held from 9 January 2023, documented in March 2023: held on 1 June.
    html = client.get("/").content.decode()
    assert re.search(r'figures__number">1</span> person held, as last documented', html)
    assert re.search(r'figures__number">2</span> people documented', html)
    assert re.search(r'figures__number">2</span> countries', html)
    assert html.index("9 January 2023") < html.index("June 2012")
    assert 'type="search"' in html


@pytest.mark.parametrize(
    "query", ["", "   ", "x" * 5000, "%", "_", "'; DROP TABLE people_person; --", "<b>"]
)
def test_odd_searches_are_calm(client, people, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<b>" not in response.content.decode().split("<main")[1]


def test_search_finds_people_by_alias(client, people):
    people["held"].aliases.create(name="Хелд", script="cyrillic")
    html = client.get("/search/", {"q": "Хелд"}).content.decode()
    assert "Held Journalist" in html


def test_not_found_page_is_in_the_site_style(client):
    response = client.get("/people/nobody/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'class="site-header"' in html


def test_server_error_page_renders_without_a_request():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Something went wrong" in html


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("img/favicon.svg")


@pytest.mark.parametrize(
    "url", ["/people/", "/cases/", "/events/", "/statements/", "/organizations/"]
)
def test_writing_methods_are_refused(client, url):
    assert client.post(url).status_code == 405


def test_people_without_a_case_are_left_out_unless_asked_for(
    client, people, make_person
):
    from cases.models import CaseParticipant

    lawyer = make_person(name="Agil Lajic")
    CaseParticipant.objects.create(
        case=people["held"].cases.get(), person=lawyer, role="lawyer"
    )
    assert "Agil Lajic" not in names(client.get("/people/"))
    assert names(client.get("/people/?has_case=no")) == ["Agil Lajic"]
    assert sorted(names(client.get("/people/?has_case=any"))) == [
        "Agil Lajic",
        "Freed Activist",
        "Held Journalist",
    ]
    html = client.get("/people/").content.decode()
    assert "2 results" in html


def test_people_with_no_role_recorded_are_listed(client, people, make_person):
    people["freed"].roles.all().delete()
    assert names(client.get("/people/?role=none")) == ["Freed Activist"]
    assert ">No role recorded (1)</option>" in client.get("/people/").content.decode()
