import ast
import gettext
import re

import pytest
from django.conf import settings
from django.utils import translation

from cases.models import TimelineEvent

pytestmark = pytest.mark.django_db

PEOPLE = {"en": "People", "az": "Şəxslər", "ru": "Люди"}
NPLURALS = {"az": 2, "ru": 3}
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0-9.]*[sdifxX]")


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    # LocaleMiddleware leaves the last request's language active in the
    # thread: without this, the tests that follow would run in Russian.
    yield
    translation.deactivate()


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_accept_language_chooses_the_interface_language(client, language):
    html = html_of(client.get("/", HTTP_ACCEPT_LANGUAGE=language))
    assert f'<html lang="{language}">' in html
    assert f">{PEOPLE[language]}</a>" in html


def test_accept_language_falls_back_to_english(client):
    html = html_of(client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9"))
    assert '<html lang="en">' in html
    assert ">People</a>" in html


def test_regional_accept_language_finds_its_language(client):
    html = html_of(client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.5"))
    assert '<html lang="ru">' in html


@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_paths_have_no_language_prefix(client, language):
    response = client.get("/people/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert f">{PEOPLE[language]}</a>" in response.content.decode()
    assert client.get(f"/{language}/people/").status_code == 404


def test_switcher_sets_the_cookie_and_goes_back(client):
    response = client.get("/language/az/?next=/people/")
    assert response.status_code == 302
    assert response["Location"] == "/people/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "az"


def test_switcher_cookie_outweighs_accept_language(client):
    client.get("/language/az/?next=/people/")
    html = html_of(client.get("/people/", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="az">' in html
    assert f">{PEOPLE['az']}</a>" in html


def test_switcher_links_to_the_other_languages_from_every_page(client):
    html = html_of(client.get("/people/?status=detained", HTTP_ACCEPT_LANGUAGE="ru"))
    assert 'href="/language/az/?next=/people/%3Fstatus%3Ddetained"' in html
    assert 'href="/language/en/?next=/people/%3Fstatus%3Ddetained"' in html


def test_unknown_language_is_404(client):
    assert client.get("/language/xx/?next=/people/").status_code == 404


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/people/", "javascript:x"]
)
def test_switcher_does_not_redirect_off_site(client, next_url):
    response = client.get("/language/ru/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("language", "day", "month"),
    [
        ("en", "18 May 2011", "June 2012"),
        ("az", "18 may 2011", "iyun 2012"),
        ("ru", "18 мая 2011", "июнь 2012"),
    ],
)
def test_chronology_dates_follow_the_language(
    client, make_person, make_case, make_event, language, day, month
):
    person = make_person()
    case = make_case(person=person)
    make_event(case=case, kind=TimelineEvent.Kind.DETENTION, date="2011-05-18")
    make_event(case=case, kind=TimelineEvent.Kind.TRANSFER, date="2012-06")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = html_of(client.get(person.get_absolute_url()))
    assert f'<time datetime="2011-05-18">{day}</time>' in html
    assert f'<time datetime="2012-06">{month}</time>' in html


# The catalogues ------------------------------------------------------------


def read_po(path):
    """
    Return the entries of a .po file, as gettext writes it (entries apart by
    a blank line), as dicts: msgctxt, msgid, msgid_plural, msgstr (a list,
    one item per plural form) and flags. Obsolete (#~) entries are left out.
    """
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines or all(line.startswith("#~") for line in lines):
            continue
        entry = {"msgctxt": None, "msgid_plural": None, "msgstr": [], "flags": set()}
        field = None
        for line in lines:
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if field == "msgstr":
                    entry["msgstr"][-1] += ast.literal_eval(line)
                else:
                    entry[field] += ast.literal_eval(line)
            else:
                keyword, _, value = line.partition(" ")
                field = "msgstr" if keyword.startswith("msgstr") else keyword
                if field == "msgstr":
                    entry["msgstr"].append(ast.literal_eval(value))
                else:
                    entry[field] = ast.literal_eval(value)
        entries.append(entry)
    return entries


def catalogue(language):
    return settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po"


def header(entries):
    (head,) = [entry for entry in entries if entry["msgid"] == ""]
    fields = dict(
        line.split(": ", 1) for line in head["msgstr"][0].splitlines() if line
    )
    return head, fields


def plural_function(fields):
    """Return the catalogue's plural formula as a Python function of n."""
    formula = fields["Plural-Forms"].split("plural=", 1)[1].rstrip(";")
    return gettext.c2py(formula)


def sample_numbers(fields, nplurals):
    """Return, for each plural form, a number that takes it (not 1 where
    another number will do, since 1 may be the only one of its form)."""
    plural = plural_function(fields)
    samples = {}
    for n in [*range(2, 200), 1, 0]:
        samples.setdefault(plural(n), n)
    assert sorted(samples) == list(range(nplurals))
    return samples


@pytest.mark.parametrize("language", ["az", "ru"])
def test_catalogue_header_names_language_plurals_and_charset(language):
    head, fields = header(read_po(catalogue(language)))
    assert "fuzzy" not in head["flags"]
    assert fields["Language"] == language
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"].startswith(f"nplurals={NPLURALS[language]};")
    sample_numbers(fields, NPLURALS[language])


@pytest.mark.parametrize("language", ["az", "ru"])
def test_every_message_is_translated(language):
    entries = read_po(catalogue(language))
    messages = [entry for entry in entries if entry["msgid"]]
    assert len(messages) > 100
    untranslated = [
        entry["msgid"]
        for entry in messages
        if not all(entry["msgstr"])
        or len(entry["msgstr"]) != (NPLURALS[language] if entry["msgid_plural"] else 1)
    ]
    fuzzy = [entry["msgid"] for entry in messages if "fuzzy" in entry["flags"]]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["az", "ru"])
def test_translations_keep_their_placeholders(language):
    entries = read_po(catalogue(language))
    _, fields = header(entries)
    samples = sample_numbers(fields, NPLURALS[language])
    wrong = []
    for entry in entries:
        if not entry["msgid"]:
            continue
        english = set(PLACEHOLDER.findall(entry["msgid"]))
        if entry["msgid_plural"] is None:
            if set(PLACEHOLDER.findall(entry["msgstr"][0])) != english:
                wrong.append(entry["msgid"])
            continue
        english |= set(PLACEHOLDER.findall(entry["msgid_plural"]))
        for form, translated in enumerate(entry["msgstr"]):
            found = set(PLACEHOLDER.findall(translated))
            # Only a form that serves n = 1 alone may leave the number out.
            missing = english - found
            if samples[form] == 1:
                missing.discard("%(counter)s")
            if missing or found - english:
                wrong.append(entry["msgid"])
    assert wrong == []


@pytest.mark.parametrize("language", ["az", "ru"])
def test_compiled_catalogue_matches_the_po_file(language):
    """The .mo beside the .po is what Django reads; it must hold every
    current translation (run compilemessages after editing the .po)."""
    po = catalogue(language)
    entries = read_po(po)
    _, fields = header(entries)
    samples = sample_numbers(fields, NPLURALS[language])
    with open(po.with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for entry in entries:
        msgid, context = entry["msgid"], entry["msgctxt"]
        if not msgid:
            continue
        if entry["msgid_plural"] is None:
            if context is None:
                found = compiled.gettext(msgid)
            else:
                found = compiled.pgettext(context, msgid)
            if found != entry["msgstr"][0]:
                stale.append(msgid)
            continue
        for form, translated in enumerate(entry["msgstr"]):
            n = samples[form]
            if context is None:
                found = compiled.ngettext(msgid, entry["msgid_plural"], n)
            else:
                found = compiled.npgettext(context, msgid, entry["msgid_plural"], n)
            if found != translated:
                stale.append(msgid)
    assert stale == []


# ?lang= and the hreflang alternates ------------------------------------------


def test_lang_parameter_shows_the_page_in_that_language_and_keeps_it(client):
    response = client.get("/people/?lang=ru")
    assert '<html lang="ru">' in html_of(response)
    assert PEOPLE["ru"] in response.content.decode()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    # The rest of the visit, without the parameter, stays in Russian.
    assert '<html lang="ru">' in html_of(client.get("/cases/"))


def test_lang_parameter_outweighs_cookie_and_browser(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    response = client.get("/people/?lang=az", HTTP_ACCEPT_LANGUAGE="ru")
    assert '<html lang="az">' in html_of(response)
    assert response["Content-Language"] == "az"


def test_unknown_lang_parameter_is_ignored(client):
    response = client.get("/people/?lang=xx", HTTP_ACCEPT_LANGUAGE="ru")
    assert '<html lang="ru">' in html_of(response)
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_lang_parameter_sets_no_cookie_on_the_api(client):
    response = client.get("/api/v1/people/?lang=ru")
    assert response.status_code == 200
    assert response["Content-Language"] == "ru"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_every_page_names_its_versions_in_each_language(client):
    html = html_of(client.get("/people/?status=detained"))
    for code, _name in settings.LANGUAGES:
        assert (
            f'<link rel="alternate" hreflang="{code}" '
            f'href="http://testserver/people/?lang={code}">'
        ) in html
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/people/">'
        in html
    )


# Names in the reader's script --------------------------------------------------


@pytest.fixture
def hajiyev(make_person, make_case, make_event):
    from people.models import PersonAlias

    person = make_person(
        name="Bakhtiyar Hajiyev", slug="bakhtiyar-hajiyev", name_native=""
    )
    for name, script, language in (
        ("Bəxtiyar Hacıyev", "latin", "az"),
        ("Бахтияр Гаджиев", "cyrillic", "ru"),
        ("Бахтияр Гаджиев-второй", "cyrillic", "ru"),
    ):
        PersonAlias.objects.create(
            person=person, name=name, script=script, language=language
        )
    case = make_case(person=person)
    make_event(case=case, kind=TimelineEvent.Kind.DETENTION, date="2023-01-09")
    person.refresh_from_db()
    return person


@pytest.mark.parametrize(
    ("language", "heading", "beside"),
    [
        ("en", "Bakhtiyar Hajiyev", None),
        ("az", "Bəxtiyar Hacıyev", "Bakhtiyar Hajiyev"),
        ("ru", "Бахтияр Гаджиев", "Bakhtiyar Hajiyev"),
    ],
)
def test_a_person_is_named_in_the_readers_script(
    client, hajiyev, language, heading, beside
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = html_of(client.get("/people/bakhtiyar-hajiyev/"))
    assert f"<h1>{heading}</h1>" in page
    assert f"<title>{heading} — Casetracker</title>" in page
    spelled = '<p class="profile__native" lang="en">Bakhtiyar Hajiyev</p>'
    assert (spelled in page) == bool(beside)
    # The heading's name is not given again among the other spellings.
    also = page.split('class="profile__aliases">')[1].split("</p>")[0]
    assert f">{heading}</span>" not in also
    listing = html_of(client.get("/people/"))
    assert f">{heading}</a></h2>" in listing
    found = html_of(client.get("/search/?q=Hajiyev"))
    assert f">{heading}</a>" in found
    feed = client.get("/people/bakhtiyar-hajiyev/feed/").content.decode()
    assert f"<title>Casetracker: {heading}</title>" in feed
    badge = client.get("/people/bakhtiyar-hajiyev/badge.svg").content.decode()
    assert f"<title>{heading}: " in badge


def test_the_name_in_each_language_follows_the_other_names(hajiyev):
    assert hajiyev.names == {"az": "Bəxtiyar Hacıyev", "ru": "Бахтияр Гаджиев"}
    hajiyev.aliases.get(language="az").delete()
    hajiyev.refresh_from_db()
    assert hajiyev.names == {"ru": "Бахтияр Гаджиев"}
    with translation.override("az"):
        assert hajiyev.display_name == "Bakhtiyar Hajiyev"
        assert hajiyev.name_beside == ""
