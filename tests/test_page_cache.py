import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def test_second_visit_is_served_from_the_cache(
    client, page_cache, make_person, make_case, make_event, django_assert_num_queries
):
    person = make_person(slug="cached-person")
    make_event(case=make_case(person=person), title="First title")
    first = client.get("/people/cached-person/")
    assert b"First title" in first.content
    # Only the public version is read (the locmem cache is per process).
    with django_assert_num_queries(1):
        again = client.get("/people/cached-person/")
    assert again.content == first.content


def test_an_edit_shows_up_on_the_next_request(
    client,
    page_cache,
    make_person,
    make_case,
    make_event,
    django_capture_on_commit_callbacks,
):
    person = make_person(slug="edited-person")
    with django_capture_on_commit_callbacks(execute=True):
        event = make_event(case=make_case(person=person), title="Before the edit")
    assert b"Before the edit" in client.get("/people/edited-person/").content
    with django_capture_on_commit_callbacks(execute=True):
        event.title = "After the edit"
        event.save()
    assert b"After the edit" in client.get("/people/edited-person/").content


def test_unpublishing_shows_up_on_the_next_request(
    client,
    page_cache,
    make_person,
    make_case,
    make_event,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        person = make_person(slug="soon-hidden")
        make_event(case=make_case(person=person))
    assert client.get("/people/soon-hidden/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        person.publication_state = "draft"
        person.save()
    assert client.get("/people/soon-hidden/").status_code == 404


def test_languages_are_cached_apart(
    client, page_cache, make_person, make_case, make_event
):
    make_event(case=make_case(person=make_person(slug="bilingual")))
    english = client.get("/people/", HTTP_ACCEPT_LANGUAGE="en").content
    russian = client.get("/people/", HTTP_ACCEPT_LANGUAGE="ru").content
    assert english != russian
    assert client.get("/people/", HTTP_ACCEPT_LANGUAGE="en").content == english


def test_staff_are_never_served_cached_pages(
    page_cache, editor_client, make_person, make_case, make_event
):
    make_event(case=make_case(person=make_person(slug="staff-view")))
    editor_client.get("/people/staff-view/")
    from django.core.cache import cache

    assert not any(key.startswith(":1:page:") for key in cache._cache)


def test_admin_pages_are_not_cached(page_cache, admin_client):
    admin_client.get("/admin/")
    from django.core.cache import cache

    assert not any("admin" in key for key in cache._cache)


def test_cached_pages_keep_their_security_headers(
    client, page_cache, make_person, make_case, make_event
):
    make_event(case=make_case(person=make_person(slug="headers")))
    client.get("/people/headers/")
    again = client.get("/people/headers/", secure=True)
    assert "script-src 'self'" in again["Content-Security-Policy"]
    assert again["X-Frame-Options"] == "DENY"


def test_cached_pages_answer_conditional_requests(
    client, page_cache, make_person, make_case, make_event
):
    make_event(case=make_case(person=make_person(slug="tagged")))
    first = client.get("/people/tagged/")
    cached = client.get("/people/tagged/")
    assert cached["ETag"] == first["ETag"]
    again = client.get("/people/tagged/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
