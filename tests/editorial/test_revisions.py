"""
An edit to a published record waits as a pending revision: every public
surface keeps the published version until a reviewer publishes it.
"""

import pytest
from django.urls import reverse

from cases.models import Citation, Source, TimelineEvent
from editorial.models import Revision
from editorial.revisions import pending_storage
from people.models import Person
from tests.cases.test_admin import _url, form_data

pytestmark = pytest.mark.django_db


def review_url(record):
    meta = record._meta
    return reverse(
        "admin:editorial_review", args=[meta.app_label, meta.model_name, record.pk]
    )


def public(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def published_person(make_person, make_case, make_event):
    person = make_person(
        name="Rufat Test", slug="rufat-test", biography="Co-founder of a group."
    )
    case = make_case(person=person, slug="rufat-case")
    event = make_event(case=case, kind="detention", date="2024-11-01")
    return person, case, event


def edit(client, record, **changes):
    url = _url(type(record), "change", record.pk)
    data = form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def test_an_editors_change_waits_and_the_published_version_stays(
    editor_client, client, published_person
):
    person, case, _event = published_person
    response = edit(editor_client, person, biography_en="Co-founder of Defense Line.")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.biography == "Co-founder of a group."
    assert person.publication_state == "published"
    for url in (
        person.get_absolute_url(),
        case.get_absolute_url(),
        f"/people/{person.slug}/badge.svg",
        f"/api/v1/people/{person.slug}/",
    ):
        body = public(client, url)
        assert "Defense Line" not in body, url
    assert "Co-founder of a group." in public(client, person.get_absolute_url())
    (revision,) = Revision.objects.all()
    assert revision.target == person and revision.created_by.username == "editor"


def test_the_change_page_shows_the_pending_values(editor_client, published_person):
    person, _case, _event = published_person
    edit(editor_client, person, biography_en="Pending words.")
    html = editor_client.get(_url(Person, "change", person.pk)).content.decode()
    assert "Pending words." in html
    assert "pending revision by editor" in html
    # Its author keeps editing it: still one revision, with the new words.
    edit(editor_client, person, biography_en="Pending words, corrected.")
    assert Revision.objects.count() == 1
    assert "Pending words, corrected." in str(Revision.objects.get().data)


@pytest.mark.django_db(transaction=True)
def test_the_change_page_of_a_pending_revision_opens_outside_a_transaction(
    editor_client, published_person
):
    """As a server runs it (no test transaction around the request): the
    page validates the pending values without locking the row, which
    PostgreSQL refuses outside a transaction (it answered 500 there)."""
    person, _case, _event = published_person
    edit(editor_client, person, biography_en="Pending words.")
    response = editor_client.get(_url(Person, "change", person.pk))
    assert response.status_code == 200
    assert "Pending words." in response.content.decode()


def test_a_reviewer_publishes_the_revision(
    editor_client, reviewer_client, client, published_person
):
    person, _case, _event = published_person
    edit(editor_client, person, biography_en="Co-founder of Defense Line.")
    page = reviewer_client.get(review_url(person)).content.decode()
    assert "Co-founder of a group." in page and "Co-founder of Defense Line." in page
    response = reviewer_client.post(review_url(person), {"decision": "publish"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.biography == "Co-founder of Defense Line."
    assert person.publication_state == "published"
    assert not Revision.objects.exists()
    assert "Co-founder of Defense Line." in public(client, person.get_absolute_url())


def test_a_revision_of_inline_parts_waits_too(
    editor_client, reviewer_client, client, published_person
):
    person, _case, _event = published_person
    url = _url(Person, "change", person.pk)
    data = form_data(editor_client.get(url))
    data["aliases-0-name"] = "Рафат Тест"
    data["aliases-0-script"] = "cyrillic"
    assert editor_client.post(url, data).status_code == 302
    assert not person.aliases.exists()
    assert "Рафат" not in public(client, person.get_absolute_url())
    page = reviewer_client.get(review_url(person)).content.decode()
    assert "Рафат Тест" in page
    reviewer_client.post(review_url(person), {"decision": "publish"})
    assert list(person.aliases.values_list("name", flat=True)) == ["Рафат Тест"]


def test_a_pending_change_of_kind_leaves_the_public_status(
    editor_client, reviewer_client, published_person
):
    person, case, event = published_person
    assert edit(editor_client, event, kind="release").status_code == 302
    case.refresh_from_db()
    person.refresh_from_db()
    assert (case.status, person.status) == ("detained", "detained")
    page = reviewer_client.get(review_url(event)).content.decode()
    # The consequence is shown before it is published.
    assert "Released" in page and "Counted as held" in page
    reviewer_client.post(review_url(event), {"decision": "publish"})
    case.refresh_from_db()
    assert case.status == "released"


def test_an_edited_source_keeps_its_events_cited(
    editor_client, client, published_person
):
    _person, case, event = published_person
    source = Citation.objects.get(event=event).source
    assert edit(editor_client, source, title="A corrected title").status_code == 302
    source.refresh_from_db()
    assert source.publication_state == "published"
    html = public(client, case.get_absolute_url())
    assert "[1]" in html and source.title in html
    data = public(client, f"/api/v1/events/{event.pk}/")
    assert '"citations": []' not in data.replace(" ", "").replace(
        '"citations":[]', '"citations": []'
    )


def test_a_reviewers_save_of_a_record_with_a_pending_revision_publishes_it(
    editor_client, reviewer_client, published_person
):
    person, _case, _event = published_person
    edit(editor_client, person, biography_en="The editor's words.")
    edit(reviewer_client, person, name="Rufat Test-Renamed")
    person.refresh_from_db()
    assert person.name == "Rufat Test-Renamed"
    # The reviewer's save published the pending words with the new name.
    assert person.biography == "The editor's words."
    assert not Revision.objects.exists()


def test_publishing_an_outdated_revision_is_refused(
    editor_client, reviewer_client, published_person
):
    person, _case, _event = published_person
    edit(editor_client, person, biography_en="The editor's words.")
    # Changed meanwhile by a command (not through the form).
    Person.objects.filter(pk=person.pk).update(version=99)
    response = reviewer_client.post(review_url(person), {"decision": "publish"})
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    person.refresh_from_db()
    assert person.biography == "Co-founder of a group."
    assert Revision.objects.count() == 1


def test_returning_a_revision_discards_it_with_a_comment(
    editor_client, reviewer_client, published_person
):
    person, _case, _event = published_person
    edit(editor_client, person, biography_en="Unsourced claim.")
    response = reviewer_client.post(
        review_url(person), {"decision": "return", "comment": "Which source says so?"}
    )
    assert response.status_code == 302
    assert not Revision.objects.exists()
    person.refresh_from_db()
    assert person.biography == "Co-founder of a group."


def test_the_queue_lists_pending_revisions(
    editor_client, reviewer_client, published_person
):
    person, _case, _event = published_person
    edit(editor_client, person, biography_en="New words.")
    html = reviewer_client.get(reverse("admin:editorial_review_queue")).content.decode()
    assert "published · pending revision" in html
    assert review_url(person) in html


def test_a_reviewers_own_edit_publishes_at_once(
    reviewer_client, client, published_person
):
    person, _case, _event = published_person
    assert (
        edit(reviewer_client, person, biography_en="Reviewed words.").status_code == 302
    )
    assert not Revision.objects.exists()
    assert "Reviewed words." in public(client, person.get_absolute_url())


def test_drafts_are_edited_as_before(editor_client, make_person):
    person = make_person(publication_state="draft", biography="Draft.")
    edit(editor_client, person, biography_en="Draft, edited.")
    person.refresh_from_db()
    assert person.biography == "Draft, edited."
    assert not Revision.objects.exists()


def test_the_leak_test_finds_no_pending_text(editor_client, client, published_person):
    person, case, event = published_person
    edit(editor_client, person, biography_en="zqpendingmarker words")
    edit(editor_client, event, title_en="zqpendingmarker title")
    source = Source.objects.first()
    edit(editor_client, source, title="zqpendingmarker source")
    urls = ["/", "/people/", "/cases/", "/events/"]
    urls += [person.get_absolute_url(), case.get_absolute_url(), "/events/feed/"]
    urls += ["/api/v1/people/", "/api/v1/events/", "/api/v1/sources/"]
    urls += ["/people/export.csv", "/events/export.json", "/sitemap.xml"]
    for url in urls:
        response = client.get(url)
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        assert b"zqpendingmarker" not in body, url
    found = client.get("/search/?q=zqpendingmarker")
    assert found.status_code == 200
    assert person.get_absolute_url() not in found.content.decode()
    assert case.get_absolute_url() not in found.content.decode()
    assert TimelineEvent.objects.filter(title__contains="zqpending").count() == 0


def test_a_pending_photo_waits_outside_the_public_media_and_is_published_clean(
    editor_client,
    reviewer_client,
    published_person,
    settings,
    django_capture_on_commit_callbacks,
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tests.lib.test_photos import GPS_IFD, jpeg_with_location

    person, _case, _event = published_person
    url = _url(Person, "change", person.pk)
    data = form_data(editor_client.get(url))
    data["photo_credit"] = "Family archive"
    data["photo"] = SimpleUploadedFile(
        "face.jpg", jpeg_with_location().read(), "image/jpeg"
    )
    assert editor_client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert not person.photo
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    (pending,) = Revision.objects.get().files.values()
    assert pending_storage().exists(pending)
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(review_url(person), {"decision": "publish"})
    assert not pending_storage().exists(pending)
    person.refresh_from_db()
    assert person.photo and person.photo_credit == "Family archive"
    with person.photo.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif().get_ifd(GPS_IFD)
    assert str(media) in person.photo.path
