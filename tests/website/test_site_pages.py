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


def test_the_home_figures_are_counted_once_per_public_version(
    client,
    make_case,
    make_event,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    make_event(case=make_case(country="AZ"), kind="detention", date="2020-01-01")
    assert 'figures__number">1</span>' in client.get("/").content.decode()
    with django_assert_num_queries(2):  # the public version; the latest events
        client.get("/")
    # A publication makes a new public version: the next page counts it.
    with django_capture_on_commit_callbacks(execute=True):
        make_case(country="GE")
    html = client.get("/").content.decode()
    assert 'figures__number">2</span> people documented' in html
