"""A keyboard user reaches the content first."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import PERSON

# The demo data lives in the test database (live_site).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_first_tab_focuses_skip_link_which_moves_focus_to_main(visit):
    page = visit(PERSON).page

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
