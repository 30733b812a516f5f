"""
The review page shows what will be published: the record and its parts as
they are and as they would be, related records by name with links, each
citation's source, quote and page, and what publishing changes on the
public site.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse

from cases.models import Citation
from tests.cases.test_admin import _url
from tests.editorial.test_revisions import edit, review_url

pytestmark = pytest.mark.django_db


def test_an_event_in_review_shows_its_case_by_name_and_its_citations(
    reviewer_client, make_case, make_event, make_source
):
    case = make_case(title="Hooliganism case", slug="hooliganism")
    event = make_event(case=case, kind="detention", publication_state="in_review")
    source = make_source(title="Court ruling of 12 May")
    Citation.objects.filter(event=event).update(
        source=source, quote="He was detained.", locator="p. 4"
    )
    page = reviewer_client.get(review_url(event)).content.decode()
    assert "Hooliganism case" in page
    assert f'href="{_url(type(case), "change", case.pk)}"' in page
    assert "Case: " not in page.replace("Case: Hooliganism", "")
    assert "Court ruling of 12 May" in page
    assert f'href="{_url(type(source), "change", source.pk)}"' in page
    assert "He was detained." in page and "p. 4" in page
    # Nothing of it is public yet; once published, the case counts it.
    assert "not public" in page
    assert "Citations of published sources" in page


def test_the_consequences_of_a_pending_change_of_kind(
    editor_client, reviewer_client, make_case, make_event
):
    case = make_case()
    event = make_event(case=case, kind="detention", date="2024-11-01")
    edit(editor_client, event, kind="release")
    page = reviewer_client.get(review_url(event)).content.decode()
    section = page.split('id="pending-revision"')[1]
    assert "Detained (as of 2024-11-01)" in section
    assert "Released (as of 2024-11-01)" in section


def test_a_change_removing_the_only_published_source_cannot_be_published(
    editor_client, reviewer_client, make_event, make_source
):
    event = make_event(kind="detention")
    draft_source = make_source(publication_state="draft", title="Unreviewed")
    url = _url(type(event), "change", event.pk)
    from tests.cases.test_admin import form_data

    data = form_data(editor_client.get(url))
    data["citations-0-source"] = str(draft_source.pk)
    response = editor_client.post(url, data)
    # The form refuses it at once: the event would be left without a
    # published source.
    assert response.status_code == 200
    assert "Publish its source first" in response.content.decode()
    assert Citation.objects.get(event=event).source != draft_source


def test_the_changes_since_the_last_published_version_name_related_records(
    reviewer_client, make_case, make_event, make_person
):
    event = make_event(kind="detention")
    other = make_case(title="The other case", person=event.case.person)
    event.publication_state = "in_review"
    event.case = other
    event.save()
    page = reviewer_client.get(review_url(event)).content.decode()
    section = page.split("Changes since the version published")[1]
    assert "The other case" in section
    assert f"<td>{other.pk}</td>" not in section


def test_the_queue_and_page_work_for_an_editor_without_publish_buttons(
    editor_client, make_person
):
    person = make_person(publication_state="in_review")
    page = editor_client.get(review_url(person)).content.decode()
    assert 'value="publish"' not in page
    assert editor_client.get(reverse("admin:editorial_review_queue")).status_code == 200


def test_changed_links_to_other_records_are_shown_by_name(
    reviewer_client, make_person, make_statement
):
    """The people a statement is about changed since it was published: the
    review page names them (it answered 500)."""
    statement = make_statement(title="Free the reporter")
    statement.people.add(make_person(name="Rashad Gilani"))  # still published
    statement.publication_state = "in_review"
    statement.save()
    statement.people.add(make_person(name="Tofig Yagublu"))
    response = reviewer_client.get(review_url(statement))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rashad Gilani, Tofig Yagublu" in html


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "March 14, 2025, 9:30 a.m."),
        ("ru", "14 марта 2025 г. 9:30"),
        ("az", "14 Mart 2025, 9:30"),
    ],
)
def test_the_queue_shows_when_in_the_editors_language(
    editor_client, make_person, language, shown
):
    with time_machine.travel("2025-03-14 09:30Z", tick=False):
        make_person(name="Waiting", publication_state="in_review")
    url = reverse("admin:editorial_review_queue")
    page = editor_client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert shown in page


def test_the_changes_since_publication_show_dates_in_the_editors_language(
    reviewer_client, make_source
):
    source = make_source(accessed_on=datetime.date(2024, 1, 5))
    source.accessed_on = datetime.date(2024, 2, 9)
    source.publication_state = "in_review"
    source.save()
    url = review_url(source)
    page = reviewer_client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "<td>5 января 2024 г.</td><td>9 февраля 2024 г.</td>" in page
