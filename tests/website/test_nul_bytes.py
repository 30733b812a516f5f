"""
A NUL byte (%00) is refused with a message wherever a reader or an editor
can type one: PostgreSQL cannot store or compare it, so before it was a 500
there (and a traceback logged at every request).
"""

import pytest

pytestmark = pytest.mark.django_db

NUL = "a\x00b"

LISTS = {
    "/people/": ["country", "status", "role", "detained_in", "charge", "designated_by"],
    "/cases/": ["country", "status", "charge", "court", "facility", "year_from"],
    "/events/": ["kind", "country", "date_from", "date_to"],
    "/statements/": ["organization", "kind", "year"],
    "/organizations/": ["kind", "country", "q"],
}


def test_search_refuses_a_nul_byte(client):
    response = client.get("/search/", {"q": NUL})
    assert response.status_code == 400
    assert "cannot be searched" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "name"),
    [(path, name) for path, names in LISTS.items() for name in [*names, "sort"]],
)
def test_list_filters_refuse_a_nul_byte(client, path, name):
    # As for any bad filter value: the page, with the message by the filter.
    response = client.get(path, {name: NUL})
    assert response.status_code == 200, (path, name)
    assert "Fix the marked filter" in response.content.decode(), (path, name)
    export = client.get(f"{path}export.csv", {name: NUL})
    assert export.status_code == 400, (path, name)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        (f"/api/v1{path}", name)
        for path, names in LISTS.items()
        for name in [*names, "sort"]
    ],
)
def test_api_filters_refuse_a_nul_byte(client, path, name):
    response = client.get(path, {name: NUL})
    assert response.status_code == 400, (path, name)
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("path", ["/people/", "/cases/", "/statements/"])
def test_detail_pages_with_a_nul_byte_are_404(client, path):
    assert client.get(f"{path}a%00b/").status_code == 404
