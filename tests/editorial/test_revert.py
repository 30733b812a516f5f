"""
A revert goes through the same door as an edit: the earlier version's
fields are saved through the record's admin form, so every derived value
(status, custody, last documented, search keys, versions) is what a fresh
save gives, and a published record reverted by an editor waits as a pending
revision.
"""

import datetime

import pytest
from django.urls import reverse

from cases.models import Case, TimelineEvent
from editorial.models import Revision
from people.models import Person
from tests.bulk.test_door import resave_everything, snapshot
from tests.cases.test_admin import form_data

pytestmark = pytest.mark.django_db


def revert(client, record, historical):
    meta = record._meta
    url = reverse(
        f"admin:{meta.app_label}_{meta.model_name}_simple_history",
        args=[record.pk, historical.history_id],
    )
    response = client.get(url)
    assert response.status_code == 200
    return client.post(url, form_data(response))


@pytest.fixture
def sentenced(make_person, make_case, make_event):
    # The person exists (status unknown) before the case that holds them.
    person = make_person(name="Tofig Test", slug="tofig-test", biography="First.")
    case = make_case(person=person, slug="tofig-case")
    today = datetime.date.today()
    for kind, days in (("detention", 60), ("sentence", 30)):
        date = (today - datetime.timedelta(days=days)).isoformat()
        make_event(case=case, kind=kind, date=date)
    person.refresh_from_db()
    person.biography = "A mistaken edit."
    person.save()
    return person, case


def test_reverting_a_person_keeps_the_status_its_cases_give(
    reviewer_client, client, sentenced
):
    person, _case = sentenced
    first = person.history.earliest()
    assert first.status == "unknown"  # what the oldest version stored
    before = snapshot()
    version = Person.objects.get(pk=person.pk).version
    assert revert(reviewer_client, person, first).status_code == 302
    person.refresh_from_db()
    assert person.biography == "First."
    assert person.status == "sentenced"
    assert person.version == version + 1
    assert snapshot() == before
    home = client.get("/").content.decode()
    assert "/people/?custody=held" in home
    assert "Tofig Test" in client.get("/people/?custody=held").content.decode()


@pytest.mark.parametrize("model", [Person, Case, TimelineEvent])
def test_every_derived_value_equals_a_fresh_saves(reviewer_client, sentenced, model):
    person, case = sentenced
    record = {Person: person, Case: case, TimelineEvent: case.events.last()}[model]
    record = model.objects.get(pk=record.pk)
    if model is Case:
        record.sentence_ends = datetime.date.today().isoformat()
    elif model is TimelineEvent:
        record.kind = "release"
    else:
        record.name = "Tofig Test-Renamed"
    record.save()
    earliest = record.history.earliest()
    assert revert(reviewer_client, record, earliest).status_code == 302
    reverted = snapshot()
    resave_everything()
    assert reverted == snapshot()


def test_an_editors_revert_of_a_published_record_waits(
    editor_client, reviewer_client, client, sentenced
):
    person, _case = sentenced
    response = revert(editor_client, person, person.history.earliest())
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.biography == "A mistaken edit."
    page = client.get(person.get_absolute_url())
    assert page.status_code == 200 and "A mistaken edit." in page.content.decode()
    revision = Revision.objects.get()
    assert (revision.target, revision.created_by.username) == (person, "editor")
    review = reverse("admin:editorial_review", args=["people", "person", person.pk])
    assert reviewer_client.post(review, {"decision": "publish"}).status_code == 302
    person.refresh_from_db()
    assert (person.biography, person.status) == ("First.", "sentenced")


def test_a_revert_keeps_the_publication_state(reviewer_client, make_person):
    person = make_person(publication_state="draft", biography="Draft.")
    person.publication_state = "published"
    person.biography = "Published."
    person.save()
    assert revert(reviewer_client, person, person.history.earliest()).status_code == 302
    person.refresh_from_db()
    assert (person.biography, person.publication_state) == ("Draft.", "published")
