"""
Content in the readers' languages (issue 16): what editors translate is
shown in each language, a text without a translation is shown in the
language it has and marked so, and every surface the text goes to (search,
API, downloads, import, archive, admin) carries every language.
"""

import csv
import io

import pytest
from django.urls import reverse

from bulk.importer import import_events
from cases.models import Source, TimelineEvent
from editorial.models import Revision
from people.models import Person
from tests.bulk.test_import import csv_file, event_row
from tests.cases.test_admin import _url, form_data

pytestmark = pytest.mark.django_db

RUSSIAN_TITLE = "Задержан на границе"
AZERBAIJANI_TITLE = "Sərhəddə saxlanılıb"


@pytest.fixture
def event(make_person, make_case, make_event):
    person = make_person(
        name="Bakhtiyar Test",
        slug="bakhtiyar-test",
        biography="Activist.",
        biography_ru="Активист.",
    )
    case = make_case(person=person, title="Bakhtiyar Test: evasion", slug="bt-case")
    return make_event(
        case=case,
        kind="detention",
        date="2010-11-18",
        title="Detained at the border",
        title_ru=RUSSIAN_TITLE,
        title_az=AZERBAIJANI_TITLE,
        description="Stopped on his way to Georgia.",
    )


def page(client, url, language):
    response = client.get(url, {"lang": language})
    assert response.status_code == 200
    return response.content.decode()


def test_each_language_reads_its_translation(client, event):
    russian = page(client, event.case.get_absolute_url(), "ru")
    assert RUSSIAN_TITLE in russian
    assert AZERBAIJANI_TITLE not in russian
    assert "Detained at the border" not in russian
    assert AZERBAIJANI_TITLE in page(client, event.case.get_absolute_url(), "az")
    english = page(client, event.case.get_absolute_url(), "en")
    assert "Detained at the border" in english
    assert RUSSIAN_TITLE not in english


def test_a_text_without_a_translation_is_shown_marked_as_english(client, event):
    html = page(client, event.case.get_absolute_url(), "ru")
    # The description has no Russian: in English, saying so, for screen
    # readers too; the translated title is not marked.
    assert (
        '<span lang="en">Stopped on his way to Georgia.</span> '
        '<small class="untranslated">(на английском)</small>'
    ) in html
    assert f'<span lang="en">{RUSSIAN_TITLE}' not in html
    english = page(client, event.case.get_absolute_url(), "en")
    assert 'class="untranslated"' not in english


def test_person_page_biography_follows_the_language(client, event):
    person = event.case.person
    assert "Активист." in page(client, person.get_absolute_url(), "ru")
    az = page(client, person.get_absolute_url(), "az")
    assert '<span lang="en">Activist.</span>' in az


def test_a_source_title_stays_original_with_the_translation_beside(
    client, make_event, make_source
):
    source = make_source(
        title="Release Bakhtiyar Hajiyev!",
        language="en",
        title_translation_ru="Освободите Бахтияра Гаджиева!",
    )
    event = make_event(cite=False)
    event.citations.create(
        source=source,
        quote="Illegal detention",
        quote_translation_ru="Незаконное задержание",
    )
    html = page(client, event.case.get_absolute_url(), "ru")
    assert 'lang="en"><a href="https://example.org' in html
    assert "Release Bakhtiyar Hajiyev!</a></cite>" in html
    assert "[Освободите Бахтияра Гаджиева!]" in html
    assert '<q lang="en">Illegal detention</q>' in html
    assert "Незаконное задержание" in html
    # No translation into the reader's language: the original alone.
    az = page(client, event.case.get_absolute_url(), "az")
    assert "Освободите" not in az and "Незаконное" not in az


def test_search_finds_a_record_by_any_language(client, event):
    html = client.get(reverse("cases:search"), {"q": "границе", "lang": "ru"})
    assert RUSSIAN_TITLE in html.content.decode()
    english = client.get(reverse("cases:search"), {"q": "границе", "lang": "en"})
    english = english.content.decode()
    assert "Detained at the border" in english


def test_api_gives_the_requested_language_and_every_translation(client, event):
    url = reverse("api:event-detail", args=[event.pk])
    data = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").json()
    assert data["title"] == RUSSIAN_TITLE
    assert data["translations"]["title"] == {
        "en": "Detained at the border",
        "az": AZERBAIJANI_TITLE,
        "ru": RUSSIAN_TITLE,
    }
    assert data["translations"]["description"] == {
        "en": "Stopped on his way to Georgia."
    }
    assert client.get(url, {"lang": "az"}).json()["title"] == AZERBAIJANI_TITLE
    assert client.get(url).json()["title"] == "Detained at the border"


def test_downloads_take_a_language_and_a_column_per_language(client, event):
    url = reverse("cases:event-export", args=["csv"])

    def rows(**params):
        text = client.get(url, params).getvalue().decode().lstrip("\ufeff")
        return list(csv.DictReader(io.StringIO(text)))

    (row,) = rows(lang="ru")
    assert row["title"] == RUSSIAN_TITLE
    assert "title_ru" not in row
    (row,) = rows(translations="1")
    assert row["title"] == "Detained at the border"
    assert (row["title_en"], row["title_az"], row["title_ru"]) == (
        "Detained at the border",
        AZERBAIJANI_TITLE,
        RUSSIAN_TITLE,
    )
    assert row["description_ru"] == ""


def test_import_reads_the_titles_in_other_languages():
    data = csv_file(
        event_row(
            title_ru="Приговорён к двум годам",
            description_az="İki il həbs cəzası",
        )
    )
    import_events(data=data)
    event = TimelineEvent.objects.get()
    assert event.title_en == "Sentenced to two years in prison"
    assert event.title_ru == "Приговорён к двум годам"
    assert event.description_az == "İki il həbs cəzası"


def test_archive_round_trip_keeps_every_translation(event, flush_database):
    from bulk.archive import archive_export, archive_import

    document = archive_export()
    flush_database()
    archive_import(document)
    assert archive_export() == document
    restored = TimelineEvent.objects.get()
    assert (restored.title_en, restored.title_az, restored.title_ru) == (
        "Detained at the border",
        AZERBAIJANI_TITLE,
        RUSSIAN_TITLE,
    )
    assert Person.objects.get().biography_ru == "Активист."


def test_admin_lists_what_misses_a_translation(editor_client, event):
    url = _url(TimelineEvent, "changelist")
    missing_ru = editor_client.get(url, {"missing_translation": "ru"})
    # The description has no Russian.
    assert "Detained at the border" in missing_ru.content.decode()
    home = editor_client.get(reverse("admin:index")).content.decode()
    assert "Published records missing a translation" in home
    assert "missing_translation=ru" in home


def test_a_translation_of_a_published_record_waits_for_review(
    editor_client, client, event
):
    url = _url(TimelineEvent, "change", event.pk)
    data = form_data(editor_client.get(url))
    data["description_ru"] = "Остановлен по пути в Грузию."
    assert editor_client.post(url, data).status_code == 302
    assert Revision.objects.count() == 1
    html = page(client, event.case.get_absolute_url(), "ru")
    assert "Остановлен по пути" not in html
    assert '<span lang="en">Stopped on his way to Georgia.</span>' in html


def test_the_reviewer_sees_the_translation_that_waits(
    editor_client, reviewer_client, event
):
    url = _url(TimelineEvent, "change", event.pk)
    data = form_data(editor_client.get(url))
    data["description_ru"] = "Остановлен по пути в Грузию."
    editor_client.post(url, data)
    meta = event._meta
    review = reviewer_client.get(
        reverse(
            "admin:editorial_review", args=[meta.app_label, meta.model_name, event.pk]
        )
    ).content.decode()
    assert "Description [ru]" in review
    assert "Остановлен по пути в Грузию." in review


@pytest.mark.parametrize(
    ("language", "words"), [("az", "tarixinə olan vəziyyət"), ("ru", "По состоянию на")]
)
def test_a_chart_says_its_date_in_the_readers_language(client, event, language, words):
    # makemessages does not read .svg templates: a message only they use
    # was left in English in every language.
    svg = client.get(
        reverse("cases:stats-svg", args=["detentions-per-year"]), {"lang": language}
    ).content.decode()
    assert "As of" not in svg
    assert words in svg


def test_country_names_are_in_azerbaijani_too(client, event):
    # django-countries has no Azerbaijani catalog: locale-countries/ gives it.
    html = page(client, event.case.person.get_absolute_url(), "az")
    assert "Azərbaycan" in html
    assert ">Azerbaijan<" not in html


def test_a_translation_beside_an_original_is_not_counted_missing(
    editor_client, make_source
):
    # An English source translated into Russian needs no English translation.
    make_source(title="Release him!", language="en", title_translation_ru="Освободите!")
    home = editor_client.get(reverse("admin:index")).content.decode()
    assert "missing_translation=en" not in home
    changelist = editor_client.get(_url(Source, "changelist")).content.decode()
    assert "missing a translation in" not in changelist
