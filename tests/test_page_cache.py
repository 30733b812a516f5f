import pytest
from django.test import RequestFactory

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


@pytest.fixture
def fast_lane(page_cache, monkeypatch):
    """
    The WSGI application as gunicorn runs it, with its fast lane: the test's
    locmem cache stands for Redis, shared by processes, version and all.
    """
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from casetracker.pagecache import FastPageCache

    monkeypatch.setattr("casetracker.pagecache._shared_cache", lambda: True)
    # As for schemathesis (tests/test_api.py): keep the test's connection
    # open through the requests.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    calls = []
    django = WSGIHandler()

    def counting(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return django(environ, start_response)

    app = FastPageCache(counting)

    def get(path, **headers):
        environ = RequestFactory().get(path, **headers).environ
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer.update(status=status, headers=dict(response_headers))

        body = b"".join(app(environ, start_response))
        return answer["status"], answer["headers"], body

    get.calls = calls
    yield get
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_fast_lane_answers_a_cached_page_without_django(
    fast_lane, make_person, make_case, make_event
):
    make_event(case=make_case(person=make_person(slug="fast")), title="Fast event")
    status, headers, body = fast_lane("/people/fast/")
    assert status == "200 OK" and b"Fast event" in body
    again = fast_lane("/people/fast/")
    assert again == (status, headers, body)
    assert fast_lane.calls == ["/people/fast/"]
    # Every header of the stack is kept: the policy, frame options, the tag.
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["ETag"]


def test_fast_lane_serves_an_edit_on_the_next_request(
    fast_lane, make_person, make_case, make_event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = make_event(case=make_case(person=make_person(slug="fresh")))
        event.title = "Before"
        event.save()
    assert b"Before" in fast_lane("/people/fresh/")[2]
    with django_capture_on_commit_callbacks(execute=True):
        event.title = "After"
        event.save()
    body = fast_lane("/people/fresh/")[2]
    assert b"After" in body and b"Before" not in body
    assert fast_lane.calls == ["/people/fresh/", "/people/fresh/"]


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_COOKIE": "django_language=ru"},
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_ORIGIN": "https://elsewhere.example"},
        {"HTTP_IF_NONE_MATCH": '"abc"'},
        {"HTTP_AUTHORIZATION": "Basic eDp5"},
    ],
)
def test_fast_lane_leaves_other_requests_to_django(fast_lane, make_person, headers):
    make_person(slug="plain")
    fast_lane("/people/plain/")
    fast_lane("/people/plain/", **headers)
    fast_lane("/people/plain/", **headers)
    assert fast_lane.calls == ["/people/plain/"] * 3


def test_fast_lane_keeps_languages_schemes_and_queries_apart(fast_lane, make_person):
    make_person(slug="apart")
    english = fast_lane("/people/", HTTP_ACCEPT_LANGUAGE="en")[2]
    russian = fast_lane("/people/", HTTP_ACCEPT_LANGUAGE="ru")[2]
    assert english != russian
    assert fast_lane("/people/", HTTP_ACCEPT_LANGUAGE="ru")[2] == russian
    plain = fast_lane("/people/", HTTP_ACCEPT_LANGUAGE="en")[1]
    secure = fast_lane("/people/", HTTP_ACCEPT_LANGUAGE="en", secure=True)[1]
    assert "Strict-Transport-Security" in secure
    assert "Strict-Transport-Security" not in plain
    fast_lane("/people/?sort=name", HTTP_ACCEPT_LANGUAGE="en")
    # Django saw English, Russian, English over HTTPS, and the sorted list.
    assert fast_lane.calls == ["/people/"] * 4


def test_fast_lane_keeps_no_private_page(fast_lane, make_person):
    make_person(slug="drafted", publication_state="draft")
    assert fast_lane("/people/drafted/")[0].startswith("404")
    assert fast_lane("/people/drafted/")[0].startswith("404")
    assert fast_lane("/admin/login/")[0].startswith("200")
    fast_lane("/admin/login/")
    assert fast_lane.calls == ["/people/drafted/"] * 2 + ["/admin/login/"] * 2


def test_fast_lane_streams_downloads_untouched(fast_lane, make_person, make_case):
    make_case(person=make_person(slug="exported"))
    first = fast_lane("/cases/export.csv")
    assert first[0].startswith("200") and b"exported" in first[2]
    assert fast_lane("/cases/export.csv") == first
    assert fast_lane.calls == ["/cases/export.csv"] * 2


def test_fast_lane_memory_keeps_the_latest_pages_within_its_bound():
    from casetracker.pagecache import FastPageCache

    lane = FastPageCache(application=None)
    lane.MEMORY = 10_000
    for number in range(12):
        lane._keep(f"page-{number}", ("v1", "200 OK", [], b"x" * 1000))
    # Ten pages of 1,000 bytes fit: the two served longest ago went.
    assert list(lane.kept) == [f"page-{number}" for number in range(2, 12)]
    assert lane.kept_bytes == 10_000
    lane._keep("page-5", ("v2", "200 OK", [], b"y" * 500))
    assert lane.kept_bytes == 9_500 and lane.kept["page-5"][0] == "v2"
    lane._keep("huge", ("v1", "200 OK", [], b"x" * 2000))
    assert "huge" not in lane.kept  # larger than an eighth: never kept


def test_gunicorn_gets_the_lane_only_with_a_shared_cache(monkeypatch):
    import importlib

    import casetracker.wsgi
    from casetracker.pagecache import FastPageCache

    try:
        monkeypatch.setattr("casetracker.pagecache._shared_cache", lambda: False)
        wsgi = importlib.reload(casetracker.wsgi)
        assert not isinstance(wsgi.application, FastPageCache)
        monkeypatch.setattr("casetracker.pagecache._shared_cache", lambda: True)
        assert isinstance(importlib.reload(wsgi).application, FastPageCache)
    finally:
        monkeypatch.undo()
        importlib.reload(casetracker.wsgi)


def test_one_version_bump_per_transaction(make_person):
    from django.db import connection, transaction

    from casetracker.pagecache import _Bump

    def pending():
        return [f for _, f, _ in connection.run_on_commit if isinstance(f, _Bump)]

    with transaction.atomic():
        for number in range(5):
            make_person(slug=f"bulk-{number}")
        assert len(pending()) == 1
        # A bump made inside a savepoint that is rolled back goes with it;
        # the one registered before it still stands.
        with transaction.atomic():
            make_person(slug="bulk-inner")
            assert len(pending()) == 1
            transaction.set_rollback(True)
        assert len(pending()) == 1


def test_a_bump_in_a_rolled_back_savepoint_alone_is_dropped(make_person):
    from django.db import connection, transaction

    from casetracker.pagecache import _Bump

    with transaction.atomic():
        with transaction.atomic():
            make_person(slug="undone")
            transaction.set_rollback(True)
        assert not any(isinstance(f, _Bump) for _, f, _ in connection.run_on_commit)
        make_person(slug="kept")
        assert any(isinstance(f, _Bump) for _, f, _ in connection.run_on_commit)
