import re

import pytest
import time_machine

from cases.models import Citation, Statement, StatementParty, TimelineEvent
from editorial.models import PublicationState

pytestmark = pytest.mark.django_db

Kind = TimelineEvent.Kind
DRAFT, IN_REVIEW = PublicationState.DRAFT, PublicationState.IN_REVIEW


def page(client, person):
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_person_page_shows_names_status_roles_and_country(
    client, make_person, make_case, make_event
):
    person = make_person(
        name="Bakhtiyar Hajiyev", name_native="Bəxtiyar Hacıyev", biography="Activist."
    )
    person.aliases.create(name="Бахтияр Гаджиев", script="cyrillic", language="ru")
    person.roles.create(role="activist")
    make_event(case=make_case(person=person), kind=Kind.DETENTION, date="2011-03-04")
    html = page(client, person)
    assert "<h1>Bakhtiyar Hajiyev</h1>" in html
    assert "Bəxtiyar Hacıyev" in html
    assert '<span lang="ru">Бахтияр Гаджиев</span>' in html
    assert "Activist" in html
    assert "Azerbaijan" in html
    assert 'class="status status--held">Detained<' in html


def test_chronology_follows_dates_not_entry_order(
    client, make_person, make_case, make_event
):
    person = make_person()
    case = make_case(person=person)
    make_event(case=case, title="Second in June", date="2012-06-15", position=0)
    make_event(case=case, title="Year only, sorts by 1 January", date="2012")
    make_event(case=case, title="Month only, sorts by 1 June", date="2012-06")
    make_event(case=case, title="Same day, position 2", date="2012-06-15", position=2)
    make_event(case=case, title="Same day, position 1", date="2012-06-15", position=1)
    html = page(client, person)
    titles = [
        t.strip() for t in re.findall(r"<h3 class=\"event__title\">([^<]+)", html)
    ]
    assert titles == [
        "Year only, sorts by 1 January",
        "Month only, sorts by 1 June",
        "Second in June",
        "Same day, position 1",
        "Same day, position 2",
    ]


@pytest.mark.parametrize(
    ("date", "shown"),
    [
        ("2011-05-18", "18 May 2011"),
        ("2012-06", "June 2012"),
        ("2011", "2011"),
        ("2011~", "c. 2011"),
        ("2023-01-09/2023-02-27", "9 January – 27 February 2023"),
    ],
)
def test_dates_render_at_their_own_precision(
    client, make_person, make_case, make_event, date, shown
):
    person = make_person()
    make_event(case=make_case(person=person), date=date)
    html = page(client, person)
    assert f">{shown}<" in html
    if date == "2012-06":
        assert "1 June 2012" not in html


def test_citation_markers_link_to_numbered_sources(
    client, make_person, make_case, make_event, make_source
):
    person = make_person()
    case = make_case(person=person)
    oc_media = make_source(
        title="Hajiyev ends hunger strike",
        publisher="OC Media",
        published="2023-03-01",
        url="https://oc-media.org/x/",
        archive_url="https://web.archive.org/x",
    )
    first = make_event(case=case, date="2023-01-09", cite=False)
    Citation.objects.create(event=first, source=oc_media, quote="since 9 January")
    second = make_event(case=case, date="2023-02-27~", cite=False)
    Citation.objects.create(event=second, source=oc_media, quote="ended")
    html = page(client, person)
    assert html.count('href="#source-1"') == 2
    assert 'id="source-1"' in html
    assert "Hajiyev ends hunger strike" in html
    assert "OC Media, 1 March 2023" in html
    assert 'href="https://web.archive.org/x"' in html
    assert "<q>since 9 January</q>" in html


def test_statements_and_designations_about_the_person(
    client,
    make_person,
    make_case,
    make_event,
    make_statement,
    make_organization,
    make_source,
):
    person = make_person()
    make_event(case=make_case(person=person))
    amnesty = make_organization(name="Amnesty International")
    designation = make_statement(
        title="Prisoner of conscience",
        kind=Statement.Kind.DESIGNATION,
        designation=Statement.Designation.PRISONER_OF_CONSCIENCE,
        date="2011-11-16",
        demands="Immediate and unconditional release",
    )
    designation.people.add(person)
    StatementParty.objects.create(
        statement=designation, organization=amnesty, role="author"
    )
    Citation.objects.create(
        statement=designation, source=make_source(), quote="considers"
    )
    html = page(client, person)
    assert (
        "Prisoner of conscience</strong> — Amnesty International, 16 November 2011"
        in html
    )
    assert "Immediate and unconditional release" in html


@time_machine.travel("2023-02-27")
def test_count_of_days_runs_to_the_last_source(
    client, make_person, make_case, make_event
):
    person = make_person()
    make_event(case=make_case(person=person), kind=Kind.DETENTION, date="2023-01-09")
    # The source is of 1 March 2023.
    assert "Held for 51 days, documented from 9 January 2023 to 1 March 2023" in page(
        client, person
    )


def _two_year_sentence(make_person, make_case, make_event, make_source, published):
    """Held from 9 January 2017, sentenced to 3 March 2017 – 2 March 2019; the
    sentence's source is of ``published``."""
    person = make_person()
    case = make_case(
        person=person, sentence_starts="2017-03-03", sentence_ends="2019-03-02"
    )
    make_event(case=case, kind=Kind.DETENTION, date="2017-01-09", cite=False)
    sentence = make_event(case=case, kind=Kind.SENTENCE, date="2017-03-03", cite=False)
    sentence.citations.create(source=make_source(published=published))
    return person


@time_machine.travel("2026-12-01")
def test_no_count_past_a_sentence_with_no_documented_release(
    client, make_person, make_case, make_event, make_source
):
    # Sentenced to two years; the last source, of 2023, says nothing of his
    # custody after the sentence's end: the page must not claim nine years.
    person = _two_year_sentence(
        make_person, make_case, make_event, make_source, "2023-03-01"
    )
    html = page(client, person)
    assert (
        "Held for 53 days, documented from 9 January 2017 to 3 March 2017; the "
        "sentence ended by 2 March 2019 at the latest, and no release is "
        "documented" in html
    )
    assert "3,6" not in html.split("<main")[1]  # no running count to today
    badge = client.get(f"/people/{person.slug}/badge.svg").content.decode()
    assert "as of 3 March 2017" in badge


@time_machine.travel("2019-01-01")
def test_count_runs_while_the_sentence_lasts(
    client, make_person, make_case, make_event, make_source
):
    person = _two_year_sentence(
        make_person, make_case, make_event, make_source, "2018-12-26"
    )
    html = page(client, person)
    assert (
        "Held for 716 days, documented from 9 January 2017 to 26 December 2018" in html
    )
    assert "no release is documented" not in html


def test_released_after_days(client, make_person, make_case, make_event):
    person = make_person()
    case = make_case(person=person)
    make_event(case=case, kind=Kind.DETENTION, date="2011-03-04")
    make_event(case=case, kind=Kind.RELEASE, date="2012-06-05")
    assert "Released after 459 days" in page(client, person)


def test_imprecise_release_says_at_least(client, make_person, make_case, make_event):
    person = make_person()
    case = make_case(person=person)
    make_event(case=case, kind=Kind.DETENTION, date="2011-03-04")
    make_event(case=case, kind=Kind.RELEASE, date="2012-06")
    assert "Released after at least 455 days" in page(client, person)


@pytest.mark.parametrize("state", [DRAFT, IN_REVIEW])
def test_unpublished_person_is_404(client, make_person, state):
    person = make_person(publication_state=state)
    assert client.get(person.get_absolute_url()).status_code == 404


def test_unpublished_parts_stay_hidden(
    client, make_person, make_case, make_event, make_source, make_statement
):
    person = make_person()
    case = make_case(person=person)
    make_event(case=case, title="Visible event")
    make_event(case=case, title="DRAFT-EVENT-MARKER", publication_state=DRAFT)
    hidden_case = make_case(
        person=person, title="DRAFT-CASE-MARKER", publication_state=IN_REVIEW
    )
    make_event(case=hidden_case, title="EVENT-OF-DRAFT-CASE-MARKER")
    cited = make_event(case=case, title="Cites a draft source", cite=False)
    Citation.objects.create(
        event=cited,
        source=make_source(title="DRAFT-SOURCE-MARKER", publication_state=DRAFT),
    )
    statement = make_statement(title="DRAFT-STATEMENT-MARKER", publication_state=DRAFT)
    statement.people.add(person)
    html = page(client, person)
    assert "Visible event" in html
    assert "MARKER" not in html


def test_private_fields_never_appear(
    client, make_person, make_case, make_event, make_source
):
    person = make_person(
        notes="PRIVATE-NOTES-MARKER", contacts="PRIVATE-CONTACTS-MARKER"
    )
    case = make_case(person=person, notes="PRIVATE-CASE-MARKER")
    event = make_event(case=case, notes="PRIVATE-EVENT-MARKER", cite=False)
    Citation.objects.create(
        event=event, source=make_source(notes="PRIVATE-SOURCE-MARKER")
    )
    for url in [
        person.get_absolute_url(),
        case.get_absolute_url(),
        "/people/",
        "/cases/",
        "/events/",
        "/",
    ]:
        assert "PRIVATE-" not in client.get(url).content.decode(), url


def test_names_are_escaped(client, make_person, make_case, make_event):
    person = make_person(name="<script>alert(1)</script>")
    make_event(case=make_case(person=person), title="<b>bold</b>")
    html = page(client, person)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html


def test_sharing_meta_and_json_ld(client, make_person, make_case, make_event):
    person = make_person(name="Mehman Huseynov", slug="mehman-huseynov")
    make_event(
        case=make_case(person=person),
        kind=Kind.SENTENCE,
        date="2017-03-03",
        title="Sentenced",
    )
    html = page(client, person)
    assert (
        '<meta property="og:title" content="Mehman Huseynov — Sentenced, imprisoned '
        '— as of 1 March 2023">' in html
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert (
        '<link rel="canonical" href="http://testserver/people/mehman-huseynov/">'
        in html
    )
    assert '<script type="application/ld+json">' in html
    assert '"@type": "Person"' in html
    assert '"startDate": "2017-03-03"' in html


def json_ld(html):
    import json

    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    return json.loads(block)


def test_json_ld_dates_are_as_certain_as_the_sources(
    client, make_person, make_case, make_event
):
    person = make_person()
    case = make_case(person=person)
    make_event(case=case, kind=Kind.DETENTION, date="2023-02-26~", title="About")
    make_event(case=case, kind=Kind.SENTENCE, date="2024-01", title="Month")
    make_event(
        case=case,
        kind=Kind.HUNGER_STRIKE_START,
        date="2024-03-01/2024-04?",
        title="Span",
    )
    events = {e["name"]: e for e in json_ld(page(client, person))["subjectOf"]}
    assert "startDate" not in events["About"]
    assert events["Month"]["startDate"] == "2024-01"
    assert events["Span"]["startDate"] == "2024-03-01"
    assert "endDate" not in events["Span"]


def test_other_names_are_given_once(client, make_person, make_case, make_event):
    from people.models import PersonAlias

    person = make_person(name="Bakhtiyar Hajiyev", name_native="Bəxtiyar Hacıyev")
    for name, script in [
        ("Bəxtiyar Hacıyev", "latin"),
        ("bakhtiyar  hajiyev", "latin"),
        ("Бахтияр Гаджиев", "cyrillic"),
    ]:
        PersonAlias.objects.create(person=person, name=name, script=script)
    make_event(case=make_case(person=person))
    html = page(client, person)
    assert json_ld(html)["alternateName"] == ["Bəxtiyar Hacıyev", "Бахтияр Гаджиев"]
    also = html.split('class="profile__aliases">')[1].split("</p>")[0]
    assert "Бахтияр Гаджиев" in also
    assert "Hacıyev" not in also and "hajiyev" not in also


def test_json_ld_cannot_break_out_of_its_script(
    client, make_person, make_case, make_event
):
    person = make_person()
    make_event(
        case=make_case(person=person), title="</script><script>alert(1)</script> &"
    )
    html = page(client, person)
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "\\u003C/script\\u003E" in block
    assert "\\u0026" in block and "&" not in block and "<" not in block


def test_last_updated_and_suggested_citation(
    client, make_person, make_case, make_event
):
    person = make_person(name="Afgan Mukhtarli", slug="afgan-mukhtarli")
    make_event(case=make_case(person=person))
    html = page(client, person)
    assert "Last documented" in html and "Last edited" in html
    assert (
        "Casetracker, “Afgan Mukhtarli”, http://testserver/people/afgan-mukhtarli/"
        in html
    )


def test_related_people_through_cases(client, make_person, make_case, make_event):
    from cases.models import CaseParticipant

    person = make_person()
    lawyer = make_person(name="Agil Lajic")
    case = make_case(person=person)
    make_event(case=case)
    CaseParticipant.objects.create(case=case, person=lawyer, role="lawyer")
    assert "Agil Lajic" in page(client, person)
    assert person.name in page(client, lawyer)


def related_items(html, heading):
    section = html.split(f">{heading}</h2>")[1].split("</section>")[0]
    return [
        re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", section)
    ]


def test_a_person_without_a_case_is_shown_as_what_they_are(
    client, make_person, make_case, make_event
):
    from cases.models import CaseParticipant

    prisoner = make_person(name="Bakhtiyar Hajiyev")
    case = make_case(person=prisoner, title="Bakhtiyar Hajiyev: hooliganism (2023)")
    make_event(case=case)
    lawyer = make_person(name="Agil Lajic", slug="agil-lajic")
    CaseParticipant.objects.create(case=case, person=lawyer, role="lawyer")

    html = page(client, lawyer)
    assert related_items(html, "In others’ cases") == [
        "Lawyer of Bakhtiyar Hajiyev, in Bakhtiyar Hajiyev: hooliganism (2023)"
    ]
    assert "Show this case on your site" not in html
    assert "badge.svg" not in html
    assert "No case documented" not in html
    assert client.get("/people/agil-lajic/badge.svg").status_code == 404

    assert related_items(page(client, prisoner), "Others in these cases") == [
        "Agil Lajic, Lawyer, in Bakhtiyar Hajiyev: hooliganism (2023)"
    ]


def test_demo_person_page(client, demo_data):
    html = client.get("/people/bakhtiyar-hajiyev/").content.decode()
    assert "Supreme Court rejects his appeal" in html
    assert "June 2012" in html
    assert "Bəxtiyar Hacıyev" in html
    assert "Prisoner of conscience" in html


def test_a_case_cites_sources_of_its_charges_court_and_sentence(
    client, make_person, make_case, make_event, make_source
):
    person = make_person(name="Example Cited")
    case = make_case(person=person, sentence="six years in prison")
    make_event(case=case, kind="detention", date="2020-01-01")
    listed = make_source(title="A prisoner list", publisher="Example Centre")
    hidden = make_source(title="A draft list", publication_state="draft")
    Citation.objects.create(
        case=case, source=listed, quote="Six years in prison.", locator="p. 3"
    )
    Citation.objects.create(case=case, source=hidden)
    for url in (case.get_absolute_url(), person.get_absolute_url()):
        page = client.get(url).content.decode()
        facts = page.split("Sources of the charges, court and sentence")[1]
        # Numbered after the chronology's one source, and listed at the foot.
        assert 'href="#source-2"' in facts.split("</dd>")[0]
        assert "A prisoner list" in page and "Six years in prison.</q> (p. 3)" in page
        assert "A draft list" not in page
