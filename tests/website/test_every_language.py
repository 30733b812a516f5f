"""
Every public page, in every language of the interface: nothing left in
English that the catalogue translates, no number written for a reader where
a machine reads it (SVG geometry, data and style attributes, JSON), and
every SVG well formed.

The demo's own texts are English (its documents are), so the untranslated
check looks only for the interface's own messages.
"""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

from tests.website.test_i18n import catalogue, read_po
from tests.website.test_leaks import STAT_SLUGS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

LANGUAGES = [code for code, _name in settings.LANGUAGES]
OTHER_LANGUAGES = [code for code in LANGUAGES if code != "en"]

# Pages that the sitemap does not list (lists with filters, search, figures).
EXTRA_PAGES = [
    "/people/?status=detained",
    "/people/?sort=-name",
    "/cases/?sort=-date",
    "/events/?kind=detention",
    "/search/?q=Hajiyev",
    "/search/?q=hunger+strike",
    "/stats/",
    "/stats/?as_of=2023-06-15",
    "/about/",
    "/data/",
]
# Attributes a program reads as numbers.
GEOMETRY = {
    "x",
    "y",
    "x1",
    "x2",
    "y1",
    "y2",
    "cx",
    "cy",
    "r",
    "dx",
    "dy",
    "width",
    "height",
    "d",
    "viewbox",
    "points",
    "transform",
    "stroke-width",
    "font-size",
}
LOCALIZED_NUMBER = re.compile(r"\d,\d")
SVG = "{http://www.w3.org/2000/svg}"

PATH_TOKEN = re.compile(r"-?[\d.]+(?:,-?[\d.]+)?")


@pytest.fixture(scope="module")
def pages(demo_data, django_db_blocker):
    """Every public page's address: the sitemap's, and the others."""
    from django.test import Client

    with django_db_blocker.unblock():
        sitemap = Client().get("/sitemap.xml").content.decode()
    found = [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    assert len(found) > 50, "the sitemap lists the demo's records"
    return sorted(set(found)) + EXTRA_PAGES


class Page(HTMLParser):
    """What a page shows a reader, and what it hands to programs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.machine = []  # (where, value) a program reads as a number
        self.json = []
        self._skip = 0
        self._script = None
        self._svg_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
            if tag == "script":
                self._script = []
        if tag == "svg":
            self._svg_depth += 1
        for name, value in attrs.items():
            if value is None:
                continue
            if name.startswith("data-") or name == "style":
                self.machine.append((f"<{tag} {name}>", value))
            elif self._svg_depth and name in GEOMETRY:
                self.machine.append((f"<{tag} {name}>", value))
            if name in ("alt", "title", "aria-label", "placeholder"):
                self.text.append(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self._svg_depth -= 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
            if self._script is not None:
                body = "".join(self._script).strip()
                if body:
                    self.json.append(body)
                self._script = None
        if tag == "svg":
            self._svg_depth -= 1

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        elif not self._skip:
            self.text.append(data)


def interface_messages(language):
    """The catalogue's messages whose translation differs from the English,
    long enough (two words or more) not to be a word of the content."""
    messages = set()
    for entry in read_po(catalogue(language)):
        msgid, msgstr = entry["msgid"], (entry["msgstr"] or [""])[0]
        if entry["msgid_plural"] or entry["msgctxt"]:
            continue
        if not msgid or not msgstr or msgstr == msgid or "%" in msgid:
            continue
        if "{" in msgid or "<" in msgid or " " not in msgid.strip():
            continue
        messages.add(msgid)
    return messages


def content_text():
    """Every text the records hold: the demo's documents are in English, and
    a message that is also their wording ("Parole hearing") says nothing."""
    texts = []
    for model in [
        *apps.get_app_config("cases").get_models(),
        *apps.get_app_config("people").get_models(),
    ]:
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField))
        ]
        if fields and not model.__name__.startswith("Historical"):
            for row in model.objects.values_list(*fields):
                texts.extend(value for value in row if value)
    return " ".join(" ".join(texts).split())


def localized(where, value):
    """Whether a number in ``value`` is written with a decimal comma; in path
    data and point lists a comma separates x from y."""
    if where.endswith((" d>", " points>")):
        tokens = re.sub(r"[A-Za-z]", " ", value).split()
        return any(not PATH_TOKEN.fullmatch(token) for token in tokens)
    return bool(LOCALIZED_NUMBER.search(value))


def get(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, (url, language)
    return response


def read(client, url, language):
    response = get(client, url, language)
    page = Page()
    page.feed(response.content.decode())
    return page


def test_no_number_a_program_reads_is_localized(client, pages):
    problems = []
    for language in OTHER_LANGUAGES:
        for url in pages:
            page = read(client, url, language)
            for where, value in page.machine:
                if localized(where, value):
                    problems.append(f"{language} {url} {where}={value!r}")
            for body in page.json:
                if body.startswith(("{", "[")):
                    json.loads(body)  # a decimal comma would not parse
    assert problems == []
    translation.deactivate()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_chart_is_a_well_formed_svg_with_numeric_geometry(client, language):
    drawn = [("/stats/", None)] + [(f"/stats/{slug}.svg", slug) for slug in STAT_SLUGS]
    for url, slug in drawn:
        content = get(client, url, language).content.decode()
        svgs = (
            [content]
            if slug
            else re.findall(r"<svg\b.*?</svg>", content, flags=re.DOTALL)
        )
        assert svgs, url
        for svg in svgs:
            root = ElementTree.fromstring(svg)
            for element in root.iter():
                for name, value in element.attrib.items():
                    if name.lower() in GEOMETRY - {"d", "viewbox", "points"}:
                        value = value.rstrip("%")
                        float(value)  # raises on "165,0"
            # A line too dense to tap on a phone is drawn without its points.
            marks = [
                *root.findall(f".//{SVG}rect"),
                *root.findall(f".//{SVG}circle"),
                *root.findall(f".//{SVG}path"),
            ]
            assert marks, (url, language)
    translation.deactivate()


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_interface_message_is_left_in_english(client, pages, language):
    content = content_text()
    messages = {m for m in interface_messages(language) if m not in content}
    left = {}
    for url in pages:
        text = " ".join(" ".join(read(client, url, language).text).split())
        for message in messages:
            if message in text:
                left.setdefault(message, url)
    assert left == {}
    translation.deactivate()


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_sort_and_band_labels_speak_the_language(client, language):
    people = " ".join(read(client, "/people/", language).text)
    stats = " ".join(read(client, "/stats/", language).text)
    assert "(descending)" not in people
    for band in ("up to 1 year", "1–2 years", "over 10 years"):
        assert band not in stats
    translation.deactivate()


@pytest.mark.parametrize(
    ("language", "header"),
    [("en", "As of 2023-06-15"), ("az", "2023-06-15"), ("ru", "2023-06-15")],
)
def test_figure_csv_columns_keep_their_names_in_every_language(
    client, language, header
):
    lines = get(client, "/stats/sentence-lengths.csv", language)
    lines = lines.content.decode().splitlines()
    assert lines[2] == "label,value,list"
    csv_text = get(
        client, "/stats/detained-over-time.csv?as_of=2023-06-15", language
    ).content.decode()
    assert header in csv_text.splitlines()[1]
    translation.deactivate()
