"""
Every public page fits a phone's width: long names wrap, nothing scrolls
sideways, the list filters fold away and the home page has one search box.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import PAGES, save_screenshot

# The demo data and the long names live in the test database (live_site).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# The narrowest phone in use, a common one, and a desktop.
NARROW_WIDTHS = [320, 375, 1280]
PHONE, DESKTOP = 375, 1280

LONG_PERSON = "/people/zulfugarbeyligaraagacli/"
LONG_NATIVE_NAME = "Zülfüqarbəyliqaraağaclıməmmədhüseynzadəqızılbaşoğlutağıyevaxanım"

# The elements that reach past the window's right edge, innermost last.
STICKING_OUT = """() => [...document.querySelectorAll("body *")]
    .filter(element => element.getBoundingClientRect().right > innerWidth + 0.5)
    .slice(-5)
    .map(element => element.tagName.toLowerCase()
        + (element.className ? "." + element.className : ""))"""


def right_edge(locator):
    box = locator.bounding_box()
    return box["x"] + box["width"]


@pytest.mark.parametrize("width", NARROW_WIDTHS)
@pytest.mark.parametrize("site_page", PAGES, ids=[page.name for page in PAGES])
def test_page_does_not_scroll_sideways(visit, site_page, width):
    page = visit(site_page.path, width=width).page
    if width == 320:  # the other widths: test_public_pages.py
        save_screenshot(page, f"{site_page.name}_{width}")

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    window_width = page.evaluate("innerWidth")
    assert scroll_width <= window_width, (
        f"{site_page.path} scrolls sideways at {width} px: {scroll_width} px wide;"
        f" sticking out: {page.evaluate(STICKING_OUT)}"
    )


@pytest.mark.parametrize("width", [320, PHONE])
def test_long_native_name_wraps_on_the_person_page_and_in_the_list(visit, width):
    page = visit(LONG_PERSON, width=width).page
    native = page.locator(".profile__native")
    expect(native).to_have_text(LONG_NATIVE_NAME)
    assert right_edge(native) <= width
    assert right_edge(page.get_by_role("heading", level=1)) <= width

    page = visit("/people/", width=width).page
    native = page.get_by_text(LONG_NATIVE_NAME, exact=True)
    expect(native).to_be_visible()
    assert right_edge(native) <= width
    # Wrapped onto lines of its own, not squeezed: as tall as several lines.
    line = page.get_by_text("Əfqan Muxtarlı", exact=True).bounding_box()["height"]
    assert native.bounding_box()["height"] >= 2 * line


@pytest.mark.parametrize("width", [320, DESKTOP])
def test_badge_keeps_its_size_however_long_the_name(visit, width):
    page = visit(LONG_PERSON, width=width).page
    badge = page.get_by_role("img", name=re.compile(r"^Aydin Zulfugar.*: Detained"))
    badge.scroll_into_view_if_needed()
    expect(badge).to_be_visible()

    natural = badge.evaluate("image => [image.naturalWidth, image.naturalHeight]")
    box = badge.bounding_box()
    assert (round(box["width"]), round(box["height"])) == tuple(natural)
    assert natural[1] == 20


def test_filters_fold_behind_a_button_on_a_phone(visit):
    page = visit("/people/", width=PHONE).page
    fold = page.get_by_text("Filters", exact=True)
    status = page.get_by_label("Status")

    expect(fold).to_be_visible()
    expect(status).to_be_hidden()
    # The results start on the first screen, not below the whole form.
    expect(page.locator(".card").first).to_be_in_viewport()

    fold.click()
    expect(status).to_be_visible()
    status.select_option("detained")
    page.get_by_role("button", name="Apply").click()

    expect(page).to_have_url(re.compile(r"status=detained"))
    expect(page.get_by_text("Filters (1)", exact=True)).to_be_visible()
    expect(page.get_by_label("Status")).to_be_hidden()


def test_filters_count_the_ones_in_use(visit):
    page = visit("/people/?status=detained&role=journalist", width=PHONE).page
    expect(page.get_by_text("Filters (2)", exact=True)).to_be_visible()


def test_filter_error_is_shown_unfolded_on_a_phone(visit):
    page = visit("/people/?status=bogus", width=PHONE).page
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Status")).to_be_visible()


@pytest.mark.parametrize(
    "path", ["/people/", "/cases/", "/events/", "/statements/", "/organizations/"]
)
def test_filters_are_open_beside_the_results_on_a_desktop(visit, path):
    page = visit(path, width=DESKTOP).page
    apply = page.get_by_role("button", name="Apply")
    expect(apply).to_be_visible()
    expect(page.get_by_text("Filters", exact=True)).to_be_hidden()
    count = page.get_by_role("status").filter(has_text=re.compile(r"\d+ results?$"))
    assert right_edge(apply) < count.bounding_box()["x"]


@pytest.mark.parametrize("width", NARROW_WIDTHS)
def test_home_page_has_one_search_box(visit, width):
    page = visit("/", width=width).page

    expect(page.get_by_role("search")).to_have_count(1)
    search = page.get_by_role("searchbox")
    expect(search).to_have_count(1)
    expect(search).to_be_in_viewport()
    expect(search).to_have_accessible_name(
        "Search people, cases, statements and organizations"
    )


def test_search_page_has_one_search_box_holding_the_query(visit):
    page = visit("/search/?q=Hajiyev", width=PHONE).page
    search = page.get_by_role("searchbox")
    expect(search).to_have_count(1)
    expect(search).to_have_value("Hajiyev")
    expect(search).to_be_in_viewport()


def test_other_pages_keep_the_search_box_in_the_header(visit):
    page = visit("/people/", width=PHONE).page
    search = page.get_by_role("banner").get_by_role("searchbox", name="Search")
    expect(search).to_be_in_viewport()
