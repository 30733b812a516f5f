import csv
import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings

from bulk.archive import archive_dumps, archive_export, archive_import
from cases.models import Citation
from editorial.models import PublicationState

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT
LISTS = ["people", "cases", "events", "statements", "organizations"]


def content(response):
    return b"".join(response.streaming_content).decode()


@pytest.mark.parametrize("name", LISTS)
def test_every_list_downloads_as_csv_and_json(client, demo_data, name):
    as_csv = client.get(f"/{name}/export.csv")
    assert as_csv.status_code == 200
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in as_csv["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(content(as_csv).lstrip("\ufeff"))))
    as_json = client.get(f"/{name}/export.json")
    records = json.loads(content(as_json))
    assert len(rows) == len(records) > 0
    assert rows[0]["id"] == str(records[0]["id"])


def test_downloads_follow_the_filters(client, demo_data):
    rows = json.loads(
        content(client.get("/people/export.json?status=pretrial_detention"))
    )
    assert sorted(r["id"] for r in rows) == ["rufat-safarov", "sevinj-vagifgizi"]
    rows = json.loads(content(client.get("/events/export.json?kind=release")))
    assert [r["date"] for r in rows] == ["2012-06"]
    assert rows[0]["sources"]  # the title of a source without URL


def test_list_pages_link_their_downloads(client, demo_data):
    html = client.get("/people/?status=detained&page=1").content.decode()
    assert 'href="/people/export.csv?status=detained"' in html
    assert 'href="/people/export.json?status=detained"' in html


def test_invalid_filter_is_a_400_with_a_message(client, demo_data):
    response = client.get("/people/export.csv?status=bogus")
    assert response.status_code == 400
    assert "status" in response.content.decode()


def test_unknown_format_is_404(client):
    assert client.get("/people/export.xlsx").status_code == 404


def test_csv_cells_cannot_run_as_formulas(client, make_person, make_case):
    make_case(person=make_person(name='=HYPERLINK("http://evil.example")'))
    text = content(client.get("/people/export.csv"))
    assert "'=HYPERLINK" in text


def test_downloads_leave_out_private_and_unpublished(
    client, make_person, make_case, make_event, make_source
):
    person = make_person(notes="PRIVATE-MARKER", contacts="PRIVATE-MARKER")
    case = make_case(person=person, notes="PRIVATE-MARKER")
    event = make_event(case=case, notes="PRIVATE-MARKER", cite=False)
    Citation.objects.create(
        event=event,
        source=make_source(title="DRAFT-MARKER", url="", publication_state=DRAFT),
    )
    make_person(name="DRAFT-MARKER", publication_state=DRAFT)
    for name in LISTS:
        for fmt in ("csv", "json"):
            assert "MARKER" not in content(client.get(f"/{name}/export.{fmt}")), (
                name,
                fmt,
            )


def test_download_streams(client, make_person):
    from django.http import StreamingHttpResponse

    make_person()
    assert isinstance(client.get("/people/export.csv"), StreamingHttpResponse)


# export_data / import_data ---------------------------------------------------


def test_round_trip_gives_the_same_document(demo_data, tmp_path, django_db_blocker):
    first = tmp_path / "first.json"
    call_command("export_data", str(first), verbosity=0)
    document = json.loads(first.read_text())
    assert len(document["events"]) == 34
    call_command("flush", interactive=False, verbosity=0)
    call_command("import_data", str(first), verbosity=0)
    second = tmp_path / "second.json"
    call_command("export_data", str(second), verbosity=0)
    assert second.read_text() == first.read_text()


def test_archive_leaves_out_private_and_unpublished(
    make_person, make_case, make_event, make_source
):
    person = make_person(notes="PRIVATE-MARKER")
    case = make_case(person=person, notes="PRIVATE-MARKER")
    event = make_event(case=case, cite=False)
    Citation.objects.create(
        event=event, source=make_source(title="DRAFT-MARKER", publication_state=DRAFT)
    )
    make_event(case=case, title="DRAFT-MARKER", publication_state=DRAFT)
    text = archive_dumps(archive_export())
    assert "MARKER" not in text


def test_import_refuses_a_database_with_data(make_person, tmp_path):
    from django.core.management.base import CommandError

    make_person()
    path = tmp_path / "data.json"
    path.write_text(archive_dumps(archive_export()))
    with pytest.raises(CommandError, match="empty database"):
        call_command("import_data", str(path), verbosity=0)


def test_import_refuses_another_document(tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "data.json"
    path.write_text('{"format": "something else"}')
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_data", str(path), verbosity=0)
    path.write_text("not json")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_data", str(path), verbosity=0)


def test_imported_records_continue_their_ids(
    make_person, make_case, make_event, flush_database
):
    make_event(case=make_case(person=make_person()))
    document = archive_export()
    flush_database()
    archive_import(document)
    assert make_person().pk > max(p["id"] for p in document["people"])


# Feeds, sitemap, robots ---------------------------------------------------------


def test_events_feed_is_atom_with_published_events(client, demo_data):
    response = client.get("/events/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    from xml.etree import ElementTree

    root = ElementTree.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == 34
    titles = [e.find(f"{atom}title").text for e in entries]
    assert "9 December 2024 — Sevinj Vagifgizi:" in titles[0]


@override_settings(FEED_ID_AUTHORITY="casetracker.example.org")
def test_feed_entry_ids_are_permanent_tag_uris(client, make_event):
    event = make_event()
    recorded = f"{event.created_at:%Y-%m-%d}"

    expected = f"tag:casetracker.example.org,{recorded}:event/{event.pk}"

    def entry_ids():
        from xml.etree import ElementTree

        root = ElementTree.fromstring(client.get("/events/feed/").content)
        atom = "{http://www.w3.org/2005/Atom}"
        return [entry.text for entry in root.findall(f"{atom}entry/{atom}id")]

    assert expected in entry_ids()
    case = event.case
    case.slug = "a-new-address"
    case.save()
    assert expected in entry_ids()


def test_person_feed(client, demo_data):
    response = client.get("/people/bakhtiyar-hajiyev/feed/")
    assert response.status_code == 200
    assert b"Supreme Court rejects his appeal" in response.content
    assert b"Mehman Huseynov" not in response.content
    assert client.get("/people/nobody/feed/").status_code == 404


def test_feeds_answer_conditional_requests(client, demo_data):
    first = client.get("/events/feed/")
    assert (
        client.get("/events/feed/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    )


def test_feeds_leave_out_unpublished(client, make_event):
    make_event(title="DRAFT-MARKER", publication_state=DRAFT)
    assert b"MARKER" not in client.get("/events/feed/").content


def test_sitemap_lists_published_pages(client, demo_data, make_person):
    make_person(slug="draft-person", publication_state=DRAFT)
    response = client.get("/sitemap.xml")
    from xml.etree import ElementTree

    root = ElementTree.fromstring(response.content)
    locations = [
        e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert "http://testserver/people/bakhtiyar-hajiyev/" in locations
    assert (
        "http://testserver/statements/joint-statement-mehman-huseynov-2019/"
        in locations
    )
    assert not any("draft-person" in location for location in locations)


def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "admin" not in text
