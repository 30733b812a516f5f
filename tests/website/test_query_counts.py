"""
The number of SQL queries of each public page does not grow with what it
shows: each page is rendered at two sizes and must make the same number.
"""

import pytest

from cases.models import Case, Statement, StatementParty, TimelineEvent
from editorial.models import PublicationState
from people.models import Organization, Person, PersonRole

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationState.PUBLISHED


def _person_with_events(make_person, make_case, make_event, make_statement, n):
    person = make_person(slug="subject")
    person.aliases.create(name="Alias", script="latin")
    person.roles.create(role="journalist")
    case = make_case(person=person, slug="subject-case")
    case.charges.create(article="317.2", description="Violence")
    for i in range(n):
        make_event(case=case, date=f"{2000 + i % 20}-01-{1 + i % 28:02d}", kind="other")
    statement = make_statement()
    statement.people.add(person)
    statement.cases.add(case)
    return person, case


@pytest.mark.parametrize("n_events", [3, 300])
def test_person_page(
    client,
    make_person,
    make_case,
    make_event,
    make_statement,
    django_assert_num_queries,
    n_events,
):
    person, _ = _person_with_events(
        make_person, make_case, make_event, make_statement, n_events
    )
    # person; aliases; roles; affiliations; cases; charges; the cases' own
    # citations; participants; statements; parties; statement citations;
    # the person's roles in other cases; its corrections; the events' keys
    # and their citations' (website/keys.py); and, while the chronology and
    # the sources are not kept yet, the events, sources and citations they
    # show (loaded only on a miss)
    with django_assert_num_queries(18):
        response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="event event--other"') == n_events
    with django_assert_num_queries(15):
        kept = client.get(person.get_absolute_url())
    assert kept.content == response.content


@pytest.mark.parametrize("n_events", [3, 300])
def test_case_page(
    client,
    make_person,
    make_case,
    make_event,
    make_statement,
    django_assert_num_queries,
    n_events,
):
    _, case = _person_with_events(
        make_person, make_case, make_event, make_statement, n_events
    )
    # case+person+court+facility; charges; person's aliases; the case's own
    # citations; statements; parties; statement citations; the events' keys
    # and their citations' (website/keys.py); participants; related cases;
    # the person's published cases (for "charged while held in the case …");
    # its corrections; and, while the
    # chronology and the sources are not kept yet, the events, sources and
    # citations they show
    with django_assert_num_queries(16):
        response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="event event--other"') == n_events
    with django_assert_num_queries(13):
        kept = client.get(case.get_absolute_url())
    assert kept.content == response.content


def _many_people(n, make_source):
    people = Person.objects.bulk_create(
        Person(
            name=f"Person {i}", slug=f"p-{i}", country="AZ", publication_state=PUBLISHED
        )
        for i in range(n)
    )
    # Found by name in search, as a saved person is.
    Person.objects.filter(slug__startswith="p-").refresh_search_keys()
    PersonRole.objects.bulk_create(
        PersonRole(person=p, role="journalist") for p in people
    )
    cases = Case.objects.bulk_create(
        Case(
            person=p,
            title=f"Case {p.pk}",
            slug=f"c-{p.pk}",
            country="AZ",
            publication_state=PUBLISHED,
        )
        for p in people
    )
    # Publicly visible, as a saved case is.
    Case.objects.filter(slug__startswith="c-").refresh_visibility()
    return people, cases


def _cold_then_warm(client, url, assert_num_queries, cold, choices):
    """
    Request ``url`` twice: the first time it computes its ``choices`` filter
    choice lists; the second time those come from the cache, under the
    public version both read (website.facets.published_choices).
    """
    with assert_num_queries(cold):
        assert client.get(url).status_code == 200
    with assert_num_queries(cold - choices):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("n_rows", [5, 500])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # public version; country choices; charge choices; 3 facet counts;
        # count; designating organizations; facilities (held at); people;
        # other names; roles; cases (the list's query, shared with its
        # downloads and the API: website/queries.py)
        ("/people/", 13),
        ("/people/?role=journalist&sort=-name", 13),
        # public version; country choices; charge choices; courts;
        # facilities; facilities (held at); 2 facet counts; count;
        # cases+people+court+facility+held at; charges; related cases
        ("/cases/", 12),
    ],
)
def test_people_and_case_lists(
    client, make_source, django_assert_num_queries, n_rows, url, queries
):
    _many_people(n_rows, make_source)
    _cold_then_warm(client, url, django_assert_num_queries, queries, choices=2)


@pytest.mark.parametrize("n_rows", [5, 500])
def test_event_list(
    client, make_person, make_case, make_event, django_assert_num_queries, n_rows
):
    case = make_case()
    for i in range(n_rows):
        make_event(case=case, date=f"{2000 + i % 20}-03-04")
    # public version; country choices; 2 facet counts; count;
    # events+cases+people; citations
    _cold_then_warm(client, "/events/", django_assert_num_queries, 7, choices=1)


@pytest.mark.parametrize("n_rows", [5, 500])
def test_statement_and_organization_lists(
    client, make_person, django_assert_num_queries, n_rows
):
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"NGO {i}", slug=f"ngo-{i}", kind="ngo", publication_state=PUBLISHED
        )
        for i in range(n_rows)
    )
    statements = Statement.objects.bulk_create(
        Statement(
            title=f"Statement {i}",
            slug=f"s-{i}",
            kind="press_release",
            date="2020",
            date_lower="2020-01-01",
            date_upper="2020-12-31",
            date_precision="year",
            publication_state=PUBLISHED,
        )
        for i in range(n_rows)
    )
    StatementParty.objects.bulk_create(
        StatementParty(statement=s, organization=o, role="author")
        for s, o in zip(statements, organizations, strict=True)
    )
    person = make_person()
    for statement in statements[:60]:
        statement.people.add(person)
    # organizations with statements; facet count; count;
    # statements+addressees; parties+organizations; citations; people;
    # cases+people
    with django_assert_num_queries(8):
        assert client.get("/statements/").status_code == 200
    # public version; country choices; 2 facet counts; count;
    # organizations+parents; networks
    _cold_then_warm(client, "/organizations/", django_assert_num_queries, 7, choices=1)
    # organization+parent; members; networks; children; statements; roles;
    # people
    with django_assert_num_queries(7):
        assert client.get(organizations[0].get_absolute_url()).status_code == 200
    # statement+addressee; parties; citations; people; cases; corrections
    with django_assert_num_queries(6):
        assert client.get(statements[0].get_absolute_url()).status_code == 200


@pytest.mark.parametrize("n_rows", [5, 500])
def test_home_and_search(
    client, make_case, make_event, make_source, django_assert_num_queries, n_rows
):
    people, cases = _many_people(n_rows, make_source)
    for case in cases[:20]:
        make_event(case=case, kind="detention", date="2020-01-01")
    # held, as last documented, and held longer ago (one query); the latest
    # documented date; documented; countries; latest events
    with django_assert_num_queries(5):
        assert client.get("/").status_code == 200
    # the names the words spell; then for people, cases and events, the ids
    # of the best five with the count of all matches (one query), and those
    # five records (events with their cases and people); for events first
    # the ids of the named people's cases; statements, organizations and
    # sources are ranked, and nothing matches, so nothing is loaded
    with django_assert_num_queries(11):
        assert client.get("/search/?q=Person").status_code == 200
    # the same, where no one is named by every word (nothing to load at all)
    with django_assert_num_queries(8):
        assert client.get("/search/?q=Person+Name+Other+Words").status_code == 200
    # one kind, paginated: the names; the count; the page
    with django_assert_num_queries(3):
        assert client.get("/search/?q=Person&type=people&page=2").status_code == 200
    # events, paginated: the names; the named people's cases; their ranked
    # ids; the page's events
    with django_assert_num_queries(4):
        assert client.get("/search/?q=Person&type=events&page=2").status_code == 200
    assert TimelineEvent.objects.count() == min(n_rows, 20)
