"""
Readers report an error or send information: the form on every person,
case and statement page, kept privately for the editors' triage.
"""

import datetime

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone

from editorial.models import Report

pytestmark = pytest.mark.django_db

MESSAGE = "REPORT-MESSAGE-MARKER: the sentence was two years, not three."
CONTACT = "REPORT-CONTACT-MARKER@example.org"


@pytest.fixture
def person(make_person, make_case, make_event):
    person = make_person(name="Bakhtiyar Hajiyev", slug="bakhtiyar-hajiyev")
    make_event(case=make_case(person=person, slug="hajiyev-2023"))
    return person


@pytest.fixture
def counting_cache(settings):
    """A cache that counts, as in production (the tests' default is a dummy)."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-reports",
        },
    }
    caches["default"].clear()


def send(client, url, **fields):
    data = {"message": MESSAGE, "source_url": "", "contact": CONTACT, "website": ""}
    data.update(fields)
    return client.post(url, data)


def test_every_record_page_offers_the_form(client, person, make_statement):
    statement = make_statement(slug="free-him")
    for page, form in [
        ("/people/bakhtiyar-hajiyev/", "/report/person/bakhtiyar-hajiyev/"),
        ("/cases/hajiyev-2023/", "/report/case/hajiyev-2023/"),
        ("/statements/free-him/", "/report/statement/free-him/"),
    ]:
        assert f'href="{form}"' in client.get(page).content.decode(), page
        response = client.get(form)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]  # never in the page cache
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert statement.pk


def test_a_report_is_kept_privately_and_the_reviewers_told(
    client, person, reviewer, editor, django_capture_on_commit_callbacks
):
    reviewer.email = "reviewer@example.org"
    reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, "/report/person/bakhtiyar-hajiyev/")
    assert response.status_code == 201
    assert "the editors have your report" in response.content.decode()
    (report,) = Report.objects.all()
    assert (report.target, report.message, report.contact) == (person, MESSAGE, CONTACT)
    assert report.status == Report.Status.NEW
    (sent,) = mail.outbox
    assert sent.to == ["reviewer@example.org"]
    assert f"/admin/editorial/report/{report.pk}/change/" in sent.body
    assert "MARKER" not in sent.body + sent.subject  # mail carries no contents


def test_a_robot_filling_the_hidden_field_is_thanked_and_forgotten(client, person):
    response = send(client, "/report/person/bakhtiyar-hajiyev/", website="spam")
    assert response.status_code == 201
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "fields, column",
    [
        ({"message": ""}, "message"),
        ({"message": "x" * 5001}, "message"),
        ({"contact": "x" * 201}, "contact"),
        ({"source_url": "not an address"}, "source_url"),
    ],
)
def test_a_field_over_its_limit_is_refused_with_a_message(
    client, person, fields, column
):
    response = send(client, "/report/person/bakhtiyar-hajiyev/", **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert not Report.objects.exists()
    assert MESSAGE in html or fields.get("message") is not None  # nothing lost


def test_the_eleventh_report_within_the_hour_is_refused(client, person, counting_cache):
    for _n in range(10):
        assert send(client, "/report/person/bakhtiyar-hajiyev/").status_code == 201
    response = send(client, "/report/person/bakhtiyar-hajiyev/")
    assert response.status_code == 429
    assert "ten reports within the hour" in response.content.decode()
    assert Report.objects.count() == 10
    # Another address may still send one.
    other = send(client, "/report/person/bakhtiyar-hajiyev/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code in (201, 429)


def test_the_address_is_never_stored(client, person, counting_cache):
    send(client, "/report/person/bakhtiyar-hajiyev/")
    cache = caches["default"]
    keys = list(cache._cache)  # locmem's own store: what was written
    assert keys and not any("127.0.0.1" in key for key in keys)
    assert not any("127.0.0.1" in str(value) for value in Report.objects.values_list())


@pytest.mark.parametrize(
    "url",
    ["/report/person/nobody/", "/report/planet/x/", "/report/event/abc/"],
)
def test_no_form_for_what_is_not_public(client, url):
    assert client.get(url).status_code == 404


def test_no_form_for_a_draft(client, make_person):
    make_person(slug="draft-one", publication_state="draft")
    assert client.get("/report/person/draft-one/").status_code == 404


def test_what_a_reader_sent_is_on_no_public_surface(client, person):
    send(client, "/report/person/bakhtiyar-hajiyev/")
    for url in [
        "/people/bakhtiyar-hajiyev/",
        "/cases/hajiyev-2023/",
        "/api/v1/people/bakhtiyar-hajiyev/",
        "/people/export.json",
        "/people/export.csv",
        "/search/?q=Hajiyev",
        "/events/feed/",
    ]:
        response = client.get(url)
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        assert b"MARKER" not in body, url


def test_a_correction_shows_on_the_record_with_its_date(client, person):
    send(client, "/report/person/bakhtiyar-hajiyev/")
    report = Report.objects.get()
    report.status = Report.Status.CORRECTED
    report.correction = "the sentence date"
    report.save()
    html = client.get("/people/bakhtiyar-hajiyev/").content.decode()
    today = datetime.date.today()
    assert f"Corrected on {today.day} {today:%B %Y}: the sentence date" in html
    assert "MARKER" not in html


def test_contacts_are_deleted_after_the_retention_period(person, settings):
    settings.CASETRACKER_TIP_RETENTION_DAYS = 90
    old = Report.objects.create(
        target=person, object_repr="x", message="m", contact="old@example.org"
    )
    new = Report.objects.create(
        target=person, object_repr="x", message="m", contact="new@example.org"
    )
    Report.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=91)
    )
    call_command("purge_report_contacts")
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.contact, old.message) == ("", "m")
    assert new.contact == "new@example.org"


def test_editors_triage_reports_in_the_admin(editor_client, person):
    report = Report.objects.create(
        target=person, object_repr=str(person), message=MESSAGE, contact=CONTACT
    )
    listing = editor_client.get("/admin/editorial/report/")
    assert listing.status_code == 200
    assert "Bakhtiyar Hajiyev" in listing.content.decode()
    assert editor_client.get("/admin/editorial/report/add/").status_code == 403
    response = editor_client.post(
        f"/admin/editorial/report/{report.pk}/change/",
        {"status": "corrected", "correction": "the sentence date", "notes": ""},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "corrected" and report.handled_by.username == "editor"
    assert report.corrected_on == datetime.date.today()
