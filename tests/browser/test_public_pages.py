"""Every kind of public page, at a desktop and a phone width, and in each
language of the interface at the desktop width."""

import pytest

from tests.browser.support import PAGES, WIDTHS, axe_violations, save_screenshot

# The demo data lives in the test database (live_site).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


WINDOWS = [
    *((width, "en") for width in WIDTHS),
    *((WIDTHS[0], language) for language in ("az", "ru")),
]


@pytest.mark.parametrize(
    ("width", "language"), WINDOWS, ids=[f"{w}-{lang}" for w, lang in WINDOWS]
)
@pytest.mark.parametrize("site_page", PAGES, ids=[page.name for page in PAGES])
def test_page_opens_without_errors_and_passes_axe(visit, site_page, width, language):
    visit_ = visit(site_page.path, width=width, language=language)
    page = visit_.page
    assert page.locator("html").get_attribute("lang") == language
    suffix = "" if language == "en" else f"_{language}"
    save_screenshot(page, f"{site_page.name}_{width}{suffix}")

    # Sideways scrolling, at these widths and 320 px: test_narrow_screens.py.
    problems = [*visit_.problems(), *axe_violations(page)]
    assert visit_.status == site_page.status
    assert not problems, f"{site_page.path} at {width} px in {language}:\n" + "\n".join(
        problems
    )
