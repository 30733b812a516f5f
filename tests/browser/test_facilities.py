"""A place of detention's page with its map and table, and a person's
"Write to …" section and letter sheet, on screen and printed, in each
language; screenshots in test-artifacts."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import (
    LONG_PRISON,
    SCREENSHOTS,
    axe_violations,
    save_screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

FACILITY = "/facilities/long-names-prison/"
PERSON = "/people/zulfugarbeyligaraagacli/"
LETTER = f"{PERSON}letter/"
A4_WIDTH = 794


def _shot(page, name):
    save_screenshot(page, name)


@pytest.mark.parametrize("language", ["en", "az", "ru"])
@pytest.mark.parametrize("width", [1280, 375])
def test_facility_page_has_its_map_and_table(visit, width, language):
    visit_ = visit(FACILITY, width=width, language=language)
    page = visit_.page
    _shot(page, f"facility_{width}_{language}")
    svg = page.locator("svg.facility-map__svg")
    expect(svg).to_be_visible()
    assert svg.get_attribute("role") == "img"
    assert page.locator("svg.facility-map__svg circle").count() == 2
    table = page.locator("table.facility-map__table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(2)
    if language == "en":
        expect(
            page.get_by_role("img", name="Map of places of detention in Azerbaijan")
        ).to_be_visible()
    # Nothing requested from another site: every request was to the server.
    assert not visit_.problems()
    assert not axe_violations(page)
    box = svg.bounding_box()
    assert box["width"] <= width


@pytest.mark.parametrize("language", ["en", "az", "ru"])
@pytest.mark.parametrize("width", [1280, 375])
def test_person_page_has_its_letter_section(visit, width, language):
    visit_ = visit(PERSON, width=width, language=language)
    page = visit_.page
    _shot(page, f"person_letter_{width}_{language}")
    section = page.locator("section.letter")
    expect(section).to_be_visible()
    address = section.locator("address")
    expect(address).to_contain_text(", 1990")
    expect(address).to_contain_text("AZ 1000 Bakı")
    assert not visit_.problems()
    assert not axe_violations(page)


@pytest.mark.parametrize("path", [PERSON, LETTER], ids=["person", "letter-sheet"])
def test_letter_prints_without_navigation(visit, path):
    page = visit(path, width=A4_WIDTH, media="print").page
    name = "person_letter_print" if path == PERSON else "letter_sheet_print"
    _shot(page, name)
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.locator("address.postal-address").first).to_be_visible()
    expect(page.get_by_text(LONG_PRISON).first).to_be_visible()
    if path == LETTER:
        expect(page.locator(".letter-sheet__screen")).to_be_hidden()
        assert page.locator(".letter-sheet__line").count() == 16
        page.pdf(path=str(SCREENSHOTS / "letter_sheet.pdf"), format="A4")


@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_letter_sheet_on_screen(visit, language):
    page = visit(LETTER, width=1280, language=language).page
    _shot(page, f"letter_sheet_1280_{language}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert not axe_violations(page)
