"""What every public page offers: the way to the method, the data and the API."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/", "/people/", "/events/", "/stats/", "/search/?q=x", "/no-such-page/"]
)
def test_every_page_links_to_the_method_the_downloads_and_the_api(client, url):
    html = client.get(url).content.decode()
    footer = html.split('<footer class="site-footer">')[1]
    for name, text in [
        ("cases:about", "Methodology"),
        ("cases:data", "Downloads"),
        ("api:docs", "API documentation"),
    ]:
        assert f'<a href="{reverse(name)}">{text}</a>' in footer


def test_the_api_documentation_is_public(client):
    assert client.get(reverse("api:docs")).status_code == 200
