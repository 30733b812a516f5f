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
    # Every write in a block that runs its on-commit callbacks, as commits
    # would: the version is bumped once per transaction, at its commit.
    with django_capture_on_commit_callbacks(execute=True):
        person = make_person(slug="edited-person")
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


@pytest.fixture
def stored_keys(monkeypatch):
    """The keys the page cache stores pages under, in order."""
    from website import pagecache

    keys = []
    store = pagecache.cache_set

    def recording(key, *args, **kwargs):
        keys.append(key)
        return store(key, *args, **kwargs)

    monkeypatch.setattr(pagecache, "cache_set", recording)
    return keys


def test_staff_are_never_served_cached_pages(
    page_cache, stored_keys, editor_client, make_person, make_case, make_event
):
    make_event(case=make_case(person=make_person(slug="staff-view")))
    editor_client.get("/people/staff-view/")
    assert stored_keys == []


def test_admin_pages_are_not_cached(page_cache, stored_keys, client, admin_client):
    client.get("/admin/login/")
    admin_client.get("/admin/")
    assert stored_keys == []


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
    since = client.get("/people/tagged/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_one_version_bump_per_transaction(
    make_person, django_capture_on_commit_callbacks, django_assert_num_queries
):
    from django.db import transaction

    from editorial.models import PublicVersion

    PublicVersion.objects.update_or_create(pk=1, defaults={"value": "before"})
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            for number in range(5):
                make_person(slug=f"bulk-{number}")
    # Run as a commit runs them: the first bumps, the others see it done.
    # One update_or_create of the version: savepoint, SELECT … FOR UPDATE,
    # UPDATE, release; the other four callbacks write nothing.
    with django_assert_num_queries(4):
        for callback in callbacks:
            callback()
    assert PublicVersion.objects.get(pk=1).value != "before"


def test_a_rolled_back_savepoint_keeps_the_bump_of_its_transaction(
    make_person, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from editorial.models import PublicVersion

    PublicVersion.objects.update_or_create(pk=1, defaults={"value": "before"})
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            make_person(slug="kept")
            with transaction.atomic():
                make_person(slug="undone")
                transaction.set_rollback(True)
    assert PublicVersion.objects.get(pk=1).value != "before"


def test_every_commit_bumps_again(make_person, django_capture_on_commit_callbacks):
    from editorial.models import PublicVersion

    seen = set()
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            make_person(slug=f"commit-{number}")
        seen.add(PublicVersion.objects.get(pk=1).value)
    assert len(seen) == 3


# A port nothing listens on: every cache call fails at once.
DEAD_REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:9/0",
}


@pytest.fixture
def dead_cache(settings):
    from lib import cache

    settings.CACHES = {"default": DEAD_REDIS, "fragments": DEAD_REDIS}
    cache.warn.last.clear()
    yield
    cache.warn.last.clear()


def test_a_dead_cache_leaves_the_site_up(
    client, dead_cache, make_person, make_case, make_event, caplog
):
    make_event(case=make_case(person=make_person(slug="uncached")), title="Held")
    for _ in range(3):
        response = client.get("/people/uncached/")
        assert response.status_code == 200 and b"Held" in response.content
        assert client.get("/people/?sort=name").status_code == 200
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/api/v1/people/").status_code == 200
    warnings = [r for r in caplog.records if r.name == "casetracker.cache"]
    # Once a minute per cause, however many requests failed.
    assert 1 <= len(warnings) <= 2
    assert all(r.levelname == "WARNING" for r in warnings)
    assert "unreachable" in warnings[0].getMessage()


def test_a_dead_cache_warns_again_after_a_minute(dead_cache, caplog, monkeypatch):
    from lib import cache

    clock = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: clock[0])
    for _ in range(5):
        cache.cache_get("page:x")
    clock[0] += 61
    cache.cache_get("page:x")
    warnings = [r for r in caplog.records if r.name == "casetracker.cache"]
    assert len(warnings) == 2


def test_an_edit_with_a_dead_cache_is_saved(
    dead_cache, make_person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = make_person(slug="saved-anyway")
    person.refresh_from_db()
    assert person.slug == "saved-anyway"
