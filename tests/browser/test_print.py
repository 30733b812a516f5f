"""A printed person page is a handout: the facts and their sources."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import PERSON, save_screenshot

# The demo data lives in the test database (live_site).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# An A4 sheet's width at 96 dpi.
A4_WIDTH = 794


def test_printed_person_page_keeps_chronology_and_sources_without_navigation(visit):
    page = visit(PERSON, width=A4_WIDTH, media="print").page
    save_screenshot(page, "person_print")

    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("search")).to_be_hidden()
    expect(page.get_by_role("region", name="Chronology")).to_be_visible()
    expect(page.get_by_role("region", name="Sources")).to_be_visible()
