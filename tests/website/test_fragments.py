"""Rendered parts of pages are kept, and never shown stale (website/fragments.py)."""

import pytest
from django.template import loader

from cases.models import Citation

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Count renders of the chronology template."""
    names = []
    original = loader.render_to_string

    def counting(template_name, *args, **kwargs):
        names.append(template_name)
        return original(template_name, *args, **kwargs)

    monkeypatch.setattr("website.fragments.render_to_string", counting)
    return names


def test_each_part_is_rendered_once(
    client, renders, make_person, make_case, make_event, make_statement, make_source
):
    person = make_person(slug="kept")
    make_event(case=make_case(person=person), title="Kept event")
    statement = make_statement(title="Kept statement")
    statement.people.add(person)
    Citation.objects.create(statement=statement, source=make_source())
    first = client.get("/people/kept/").content
    second = client.get("/people/kept/").content
    assert b"Kept event" in second and b"Kept statement" in second
    assert first == second
    assert sorted(renders) == [
        "includes/chronology.html",
        "includes/sources.html",
        "includes/statement_list.html",
    ]


@pytest.mark.parametrize(
    "change",
    [
        lambda event, org: setattr(event, "title", "Edited title") or event.save(),
        lambda event, org: setattr(org, "name", "Renamed NGO") or org.save(),
        lambda event, org: (
            setattr(event.case, "title", "Renamed case") or event.case.save()
        ),
    ],
    ids=["event edited", "organization renamed", "case renamed"],
)
def test_every_change_it_shows_gives_a_fresh_render(
    client, make_person, make_case, make_event, make_organization, change
):
    person = make_person(slug="changing")
    org = make_organization(name="First NGO")
    event = make_event(case=make_case(person=person), organization=org)
    make_event(case=make_case(person=person))  # two cases: case titles show
    client.get("/people/changing/")
    change(event, org)
    html = client.get("/people/changing/").content.decode()
    assert any(text in html for text in ("Edited title", "Renamed NGO", "Renamed case"))


def test_unpublishing_an_event_removes_it(client, make_person, make_case, make_event):
    case = make_case(person=make_person(slug="shrinking"))
    make_event(case=case, title="Stays")
    gone = make_event(case=case, title="Goes away")
    assert "Goes away" in client.get("/people/shrinking/").content.decode()
    gone.publication_state = "draft"
    gone.save()
    html = client.get("/people/shrinking/").content.decode()
    assert "Stays" in html and "Goes away" not in html


def test_new_citation_renumbers_the_markers(
    client, make_person, make_case, make_event, make_source
):
    case = make_case(person=make_person(slug="renumbered"))
    event = make_event(case=case, date="2020-01-01")
    before = client.get("/people/renumbered/").content.decode()
    Citation.objects.create(event=event, source=make_source(), quote="Second.")
    after = client.get("/people/renumbered/").content.decode()
    assert after.count('href="#source-2"') > before.count('href="#source-2"')


def test_each_language_gets_its_own(client, make_person, make_case, make_event):
    make_event(case=make_case(person=make_person(slug="polyglot")), kind="detention")
    english = client.get("/people/polyglot/", HTTP_ACCEPT_LANGUAGE="en").content
    russian = client.get("/people/polyglot/", HTTP_ACCEPT_LANGUAGE="ru").content
    assert b"Detention" in english
    assert b"Detention" not in russian.split(b"<main")[1]


def test_an_edited_quotation_shows(client, make_person, make_case, make_event):
    event = make_event(case=make_case(person=make_person(slug="quoted")))
    client.get("/people/quoted/")
    citation = event.citations.get()
    citation.quote = "A corrected quotation."
    citation.save()
    assert "A corrected quotation." in client.get("/people/quoted/").content.decode()


def test_a_renamed_signatory_shows(
    client, make_person, make_organization, make_statement, make_source
):
    person = make_person(slug="supported")
    org = make_organization(name="Old name")
    statement = make_statement()
    statement.people.add(person)
    statement.parties.create(organization=org, role="author")
    Citation.objects.create(statement=statement, source=make_source())
    assert "Old name" in client.get("/people/supported/").content.decode()
    org.name = "New name"
    org.save()
    html = client.get("/people/supported/").content.decode()
    assert "New name" in html and "Old name" not in html


def test_country_choices_follow_the_language(client, make_person, make_case):
    make_case(person=make_person(country="AZ"))
    english = client.get("/people/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    russian = client.get("/people/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<option value="AZ">Azerbaijan (1)</option>' in english
    assert '<option value="AZ">Азербайджан (1)</option>' in russian


def test_a_newly_published_country_is_offered(
    client, make_person, make_case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_case(person=make_person(country="AZ"))
    assert 'value="GE"' not in client.get("/people/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        make_case(person=make_person(country="GE", slug="tbilisi"))
    html = client.get("/people/").content.decode()
    assert '<option value="GE">Georgia (1)</option>' in html


def test_a_chronology_rendered_on_a_miss_reads_its_texts_in_each_language(
    client, make_person, make_case, make_event
):
    # The page reads only the events' keys (website/keys.py); a fragment
    # rendered on a miss loads the events, every language's columns.
    make_event(
        case=make_case(person=make_person(slug="texts")),
        title_en="Detained at home",
        title_ru="Задержан дома",
        description_en="Police came at dawn.",
        description_ru="Полиция пришла на рассвете.",
        place_en="Baku",
        place_ru="Баку",
    )
    for language, texts in [
        ("ru", ["Задержан дома", "Полиция пришла на рассвете.", "Баку"]),
        ("en", ["Detained at home", "Police came at dawn.", "Baku"]),
        ("az", ["Detained at home", "Police came at dawn.", "Baku"]),
    ]:
        html = client.get(
            "/people/texts/", HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
        chronology = html.split('class="chronology', 1)[1]
        assert all(text in chronology for text in texts), language


def test_loading_left_out_texts_changes_nothing_stored(make_source):
    from django.utils import translation

    from cases.models import Source
    from website.fragments import load_deferred
    from website.queries import SOURCE_TEXTS

    source = make_source(title_translation_en="English", title_translation_ru="Русский")
    with translation.override("ru"):
        record = Source.objects.defer(*SOURCE_TEXTS).get(pk=source.pk)
        load_deferred([record])
        assert not record.get_deferred_fields() - {"title_translation"}
        assert record.title_translation == "Русский"
        record.save()
    source.refresh_from_db()
    assert (source.title_translation_en, source.title_translation_ru) == (
        "English",
        "Русский",
    )


def test_sources_rendered_on_a_miss_show_their_translated_titles(
    client, make_person, make_case, make_event, make_source
):
    event = make_event(case=make_case(person=make_person(slug="cited")))
    source = make_source(
        title="Original title", title_translation_ru="Переведённое название"
    )
    Citation.objects.create(event=event, source=source)
    russian = client.get("/people/cited/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Original title" in russian and "[Переведённое название]" in russian
    english = client.get("/people/cited/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Original title" in english and "Переведённое" not in english
