"""Every kind of public page, at a desktop and a phone width."""

import pytest

from tests.browser.support import PAGES, WIDTHS, axe_violations, save_screenshot

# The demo data lives in the test database (live_site).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("site_page", PAGES, ids=[page.name for page in PAGES])
def test_page_opens_without_errors_and_passes_axe(visit, site_page, width):
    visit_ = visit(site_page.path, width=width)
    page = visit_.page
    save_screenshot(page, f"{site_page.name}_{width}")

    # Sideways scrolling, at these widths and 320 px: test_narrow_screens.py.
    problems = [*visit_.problems(), *axe_violations(page)]
    assert visit_.status == site_page.status
    assert not problems, f"{site_page.path} at {width} px:\n" + "\n".join(problems)
