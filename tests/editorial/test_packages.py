"""
A case is reviewed as one package: its person, the sources its events cite,
the case, its events and the statements about it, published or returned in
one transaction.
"""

import pytest

from cases.models import Case, Citation, Source, TimelineEvent
from editorial.models import ReviewAction, Revision
from people.models import Person
from tests.editorial.test_revisions import edit, review_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_case(make_person, make_case, make_event, make_source):
    """A new case as an editor submits it: the person, the case, two events
    and their source, all in review."""
    state = {"publication_state": "in_review"}
    person = make_person(name="Gulnara Test", slug="gulnara-test", **state)
    case = make_case(person=person, title="Gulnara's case", slug="gulnara", **state)
    source = make_source(title="Report on Gulnara", **state)
    events = [
        make_event(case=case, kind=kind, date=date, cite=False, **state)
        for kind, date in (("detention", "2024-10-01"), ("charge", "2024-10-03"))
    ]
    for event in events:
        Citation.objects.create(event=event, source=source, quote="Said so.")
    return person, case, source, events


def states(*records):
    return [type(r).objects.get(pk=r.pk).publication_state for r in records]


def test_the_case_page_lists_the_whole_package(reviewer_client, new_case):
    person, case, source, events = new_case
    page = reviewer_client.get(review_url(case)).content.decode()
    package = page.split('id="package"')[1].split("</table>")[0]
    for record in (person, source, *events):
        assert review_url(record) in package
    assert package.index("Gulnara Test") < package.index("Report on Gulnara")
    assert 'value="publish_package"' in page


def test_publishing_the_package_publishes_everything_in_one_step(
    reviewer_client, client, new_case
):
    person, case, source, events = new_case
    response = reviewer_client.post(review_url(case), {"decision": "publish_package"})
    assert response.status_code == 302
    assert states(person, case, source, *events) == ["published"] * 5
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200 and "Report on Gulnara" in page.content.decode()
    person.refresh_from_db()
    assert person.status == "charged_detained" or person.is_detained


def test_one_problem_publishes_nothing(reviewer_client, new_case, make_event):
    person, case, source, events = new_case
    make_event(case=case, cite=False, publication_state="in_review", title="Uncited")
    response = reviewer_client.post(review_url(case), {"decision": "publish_package"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Uncited" in page and "at least one citation" in page
    assert set(states(person, case, source, *events)) == {"in_review"}


def test_returning_the_package_returns_everything_with_the_comment(
    reviewer_client, new_case
):
    person, case, source, events = new_case
    response = reviewer_client.post(
        review_url(case), {"decision": "return_package", "comment": "Second source?"}
    )
    assert response.status_code == 302
    assert set(states(person, case, source, *events)) == {"draft"}
    comments = set(ReviewAction.objects.values_list("comment", flat=True))
    assert "Second source?" in comments


def test_a_pending_revision_is_part_of_the_package(
    editor_client, reviewer_client, make_case, make_event
):
    case = make_case()
    event = make_event(case=case, kind="detention", title="Detained")
    edit(editor_client, event, title_en="Detained at night")
    new = make_event(case=case, kind="charge", publication_state="in_review")
    page = reviewer_client.get(review_url(case)).content.decode()
    assert "Published · pending revision" in page
    reviewer_client.post(review_url(case), {"decision": "publish_package"})
    event.refresh_from_db()
    assert event.title == "Detained at night"
    assert states(new) == ["published"]
    assert not Revision.objects.exists()


def test_an_editor_submits_the_drafts_of_a_package(editor_client, new_case):
    person, case, source, events = new_case
    for record in (person, case, source, *events):
        type(record).objects.filter(pk=record.pk).update(publication_state="draft")
    page = editor_client.get(review_url(case)).content.decode()
    assert "Submit the 5 drafts above for review" in page
    editor_client.post(review_url(case), {"decision": "submit_package"})
    assert set(states(person, case, source, *events)) == {"in_review"}


def test_an_editor_cannot_publish_the_package(editor_client, new_case):
    person, case, *_ = new_case
    response = editor_client.post(review_url(case), {"decision": "publish_package"})
    assert response.status_code == 403
    assert states(person, case) == ["in_review", "in_review"]


def test_models_are_unchanged_by_showing_the_package(reviewer_client, new_case):
    before = {
        model: sorted(model.objects.values_list("pk", "version", "publication_state"))
        for model in (Person, Case, Source, TimelineEvent)
    }
    reviewer_client.get(review_url(new_case[1]))
    after = {
        model: sorted(model.objects.values_list("pk", "version", "publication_state"))
        for model in (Person, Case, Source, TimelineEvent)
    }
    assert before == after
