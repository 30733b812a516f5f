"""Pages are read without JavaScript: nothing on them depends on it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import PERSON

# The demo data lives in the test database (live_site).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_person_page_shows_chronology_and_sources_without_javascript(visit):
    page = visit(PERSON, javascript=False).page

    chronology = page.get_by_role("region", name="Chronology")
    expect(chronology.get_by_role("heading", name="Chronology")).to_be_visible()
    expect(chronology.locator(".event").first).to_be_visible()
    assert chronology.locator(".event").count() > 5
    sources = page.get_by_role("region", name="Sources")
    expect(sources.locator("cite").first).to_be_visible()
    assert sources.locator("cite").count() > 1


def test_phone_unfolds_the_filters_and_applies_them_without_javascript(visit):
    page = visit("/people/", width=375, javascript=False).page
    status = page.get_by_label("Status")
    expect(status).to_be_hidden()

    page.get_by_text("Filters", exact=True).click()
    status.select_option("detained")
    page.get_by_role("button", name="Apply").click()

    expect(page).to_have_url(re.compile(r"[?&]status=detained(&|$)"))
    expect(page.get_by_text("Filters (1)", exact=True)).to_be_visible()
    badges = page.locator(".card .status")
    expect(badges.first).to_be_visible()
    assert set(badges.all_inner_texts()) == {"Detained"}
