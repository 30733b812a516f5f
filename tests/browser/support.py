"""What the browser tests share: the pages they open and the tools they need."""

import os
import shutil
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Screenshots and saved pages, for a person to look at (ignored by git); a
# run of its own elsewhere (CI runs SQLite's and PostgreSQL's at once).
ARTIFACTS = Path(os.environ.get("CASETRACKER_TEST_ARTIFACTS", ROOT / "test-artifacts"))
SCREENSHOTS = ARTIFACTS / "screenshots"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Records with names too long for a phone, loaded beside the demo.
LONG_NAMES_DIR = Path(__file__).parent / "long_names"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

WIDTHS = [1280, 375]


class SitePage(NamedTuple):
    name: str
    path: str
    status: int = 200


# One of each kind of public page, with the demo data (bulk/demo/), and each
# kind that shows a record of the long names.
PAGES = [
    SitePage("home", "/"),
    SitePage("person-list", "/people/"),
    SitePage("person-list-detained", "/people/?status=detained"),
    SitePage("person-list-bad-filter", "/people/?status=bogus"),
    SitePage("person", "/people/bakhtiyar-hajiyev/"),
    SitePage("case-list", "/cases/"),
    SitePage("case", "/cases/mehman-huseynov-2017/"),
    SitePage("event-list", "/events/"),
    SitePage("event-list-sentences", "/events/?kind=sentence"),
    SitePage("statement-list", "/statements/"),
    SitePage("statement", "/statements/joint-statement-mehman-huseynov-2019/"),
    SitePage("organization-list", "/organizations/"),
    SitePage("organization", "/organizations/human-rights-house-azerbaijan/"),
    SitePage("search", "/search/?q=Hajiyev"),
    SitePage("stats", "/stats/"),
    SitePage("calendar", "/calendar/"),
    SitePage("calendar-bad-filter", "/calendar/?kind=picnic"),
    SitePage("about", "/about/"),
    SitePage("data", "/data/"),
    SitePage("report", "/report/person/bakhtiyar-hajiyev/"),
    # Names, titles and addresses of one long word (long_names/demo.toml).
    SitePage("person-long-name", "/people/zulfugarbeyligaraagacli/"),
    SitePage("case-long-name", "/cases/zulfugarbeyligaraagacli-2024/"),
    SitePage("statement-long-name", "/statements/zulfugarbeyligaraagacli-statement/"),
    SitePage("organization-long-name", "/organizations/long-names-organization/"),
    SitePage("search-long-name", "/search/?q=Zulfugarbeyligaraagacli"),
    # Invented places of detention (add_places_of_detention): the demo's
    # documents name none.
    SitePage("facility-list", "/facilities/"),
    SitePage("facility-list-country", "/facilities/?country=AZ"),
    SitePage("facility", "/facilities/long-names-prison/"),
    SitePage("letter-sheet", "/people/zulfugarbeyligaraagacli/letter/"),
    SitePage("not-found", "/people/no-such-person/", status=404),
]
PERSON = "/people/bakhtiyar-hajiyev/"


LONG_PRISON = "Qaraağaclıcəzaçəkməmüəssisəsinömrəonüçvəistintaqtəcridxanası"


def add_places_of_detention():
    """
    Invent two places of detention for the browser tests, and hold the long
    names' person in one of them through a cited transfer: their page then
    has its letter section, the facility its map. Not real places.
    """
    from cases.models import Case, Citation, Source, TimelineEvent
    from people.models import Facility, LetterGuidance, Organization, Person

    published = {"publication_state": "published"}
    prison = Organization.objects.create(
        name="Long Names Prison",
        name_az=LONG_PRISON,
        name_ru="Карааджаглыисправительноеучреждениеномертринадцать",
        slug="long-names-prison",
        kind="detention_facility",
        country="AZ",
        description="Invented for the browser tests: not a real place.",
        **published,
    )
    Facility.objects.create(
        organization=prison,
        kind="prison",
        region="Bakı",
        postal_address=f"Penitensiar Xidmət\n{LONG_PRISON}\nAZ 1000 Bakı",
        addressee_birth_year=True,
        letter_languages="az ru",
        letter_guidance="Invented for the browser tests: letters are read.",
        latitude="40.41000",
        longitude="49.87000",
    )
    colony = Organization.objects.create(
        name="Invented Colony No. 2",
        slug="invented-colony-2",
        kind="detention_facility",
        country="AZ",
        **published,
    )
    Facility.objects.create(
        organization=colony,
        kind="prison_colony",
        latitude="40.68000",
        longitude="46.36000",
    )
    LetterGuidance.objects.create(
        country="AZ",
        guidance="Invented for the browser tests: write in Azerbaijani.",
        is_published=True,
    )
    person = Person.objects.get(slug="zulfugarbeyligaraagacli")
    person.born = "1990"
    person.save()
    case = Case.objects.get(slug="zulfugarbeyligaraagacli-2024")
    event = TimelineEvent.objects.create(
        case=case,
        kind="transfer",
        date="2024-12-20",
        title="Transferred to the invented prison",
        organization=prison,
        **published,
    )
    source = Source.objects.get(url__contains="zulfugarbeyligaraagaclimammad")
    Citation.objects.create(event=event, source=source, quote="Invented.")
    Case.objects.filter(pk=case.pk).refresh_status()


def save_screenshot(page, name):
    """Save a full-page screenshot as test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def require(available, what):
    """
    Skip the test when a tool it needs is missing, or fail it when
    CASETRACKER_REQUIRE_BROWSER=1 (as in CI), where a skip would hide that
    the browser tests did not run.
    """
    if available:
        return
    message = f"{what} is missing"
    if os.environ.get("CASETRACKER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} and CASETRACKER_REQUIRE_BROWSER=1", pytrace=False)
    pytest.skip(message)


def require_chromium():
    require(os.access(CHROMIUM, os.X_OK), f"Chromium ({CHROMIUM})")


def require_vnu():
    """Return the command that runs the Nu HTML Checker."""
    java = shutil.which("java")
    require(java, "Java (for the Nu HTML Checker)")
    require(VNU_JAR.is_file(), f"The Nu HTML Checker ({VNU_JAR}; run npm ci)")
    return [java, "-jar", str(VNU_JAR)]


AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """tags => axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
})"""


@cache
def _axe_source():
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, impacts=("serious", "critical")):
    """
    Run axe-core on the page and return its violations of these impacts,
    each as readable lines: the rule, then every element and what is wrong.

    Injected with evaluate(), which the site's Content-Security-Policy does
    not govern, as it would a script tag.
    """
    page.evaluate(_axe_source())
    results = page.evaluate(AXE_RUN, AXE_TAGS)
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in impacts:
            continue
        lines = [
            f"[{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        ]
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.extend(
                f"      {line}"
                for line in node["failureSummary"].splitlines()
                if line.strip()
            )
        found.append("\n".join(lines))
    return found
