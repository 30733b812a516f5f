"""
People who are not prisoners, and charts that link where they count, as a
reader sees them on a phone and on a desktop.
"""

import re

import pytest

from tests.browser.support import SCREENSHOTS, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WIDTHS = [320, 375, 1280]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_lawyer_is_shown_as_one_not_as_a_prisoner(visit, width):
    people = visit("/people/", width=width).page
    listed = people.locator(".card__title").all_inner_texts()
    assert "Bakhtiyar Hajiyev" in listed and "Agil Lajic" not in listed

    page = visit("/people/agil-lajic/", width=width).page
    save_screenshot(page, f"lawyer_{width}")
    roles = page.locator("#roles-heading + ul").inner_text()
    assert "Lawyer of Bakhtiyar Hajiyev" in roles
    assert page.locator("#embed-heading").count() == 0
    assert page.locator("img[src$='badge.svg']").count() == 0

    hajiyev = visit("/people/bakhtiyar-hajiyev/", width=width).page
    assert "Agil Lajic, Lawyer" in hajiyev.locator("#related-heading + ul").inner_text()


def shown_count(page):
    text = page.locator(".result-count").inner_text()
    return int(re.search(r"\d+", text.replace(",", "")).group())


CHARTS = ["detentions-per-year", "releases-per-year", "people-by-role"]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_bar_of_a_chart_opens_a_list_of_its_count(visit, width):
    stats = visit("/stats/", width=width).page
    save_screenshot(stats, f"stats-charts_{width}")
    bars = []
    for slug in CHARTS:
        chart = stats.locator(f"#{slug} svg.chart:visible")
        assert chart.count() == 1, slug
        for bar in chart.locator("a").all():
            title = bar.locator("title").text_content()  # "2019: 2 cases"
            bars.append(
                (bar.get_attribute("href"), int(title.rsplit(": ", 1)[1].split()[0]))
            )
    assert len(bars) > 10
    for link, value in bars:
        assert shown_count(visit(link, width=width).page) == value, link


@pytest.mark.parametrize("width", WIDTHS)
def test_axis_labels_are_readable(visit, width):
    stats = visit("/stats/", width=width).page
    heights = stats.evaluate(
        """() => [...document.querySelectorAll('svg.chart')]
            .filter(svg => svg.getBoundingClientRect().width > 0)
            .flatMap(svg => [...svg.querySelectorAll('text')])
            .map(text => {
                const svg = text.ownerSVGElement;
                const scale = svg.getBoundingClientRect().width
                    / svg.viewBox.baseVal.width;
                return text.getExtentOfChar(0).height * scale;
            })"""
    )
    assert heights and min(heights) >= 9, (
        f"labels {min(heights):.1f} px high at {width} px"
    )


def test_a_chart_on_a_phone(visit):
    """A picture of one chart as a phone shows it, to look at."""
    for width in (375, 1280):
        page = visit("/stats/", width=width).page
        for slug in ("detentions-per-year", "releases-per-year"):
            page.locator(f"#{slug} svg.chart:visible").screenshot(
                path=SCREENSHOTS / f"chart-{slug}_{width}.png"
            )
