"""Shared links carry a picture: the share card of a person and of a case."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize(
    "path", ["/people/bakhtiyar-hajiyev/", "/cases/bakhtiyar-hajiyev-2023/"]
)
def test_a_shared_page_names_a_card_that_loads(visit, path, width):
    page = visit(path, width=width).page
    meta = {
        name: page.locator(f'meta[property="og:image{name}"]').get_attribute("content")
        for name in ("", ":width", ":height", ":alt")
    }
    assert (meta[":width"], meta[":height"]) == ("1200", "630")
    assert meta[":alt"]
    card = page.request.get(meta[""])
    assert card.status == 200
    assert card.headers["content-type"] == "image/png"
    assert card.body()[:8] == b"\x89PNG\r\n\x1a\n"
    twitter = page.locator('meta[name="twitter:card"]').get_attribute("content")
    assert twitter == "summary_large_image"
