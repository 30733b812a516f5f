"""
Dependents stay whole: taking a record down shows what would leave the
public site with it, and is refused, or done together with them, in one
transaction. No path leaves a published event without a published
citation: each is tried here.
"""

import pytest
from django.core.exceptions import ValidationError

from bulk.archive import ArchiveError, archive_export, archive_import
from bulk.importer import import_events
from cases.models import Citation, Source, StatementParty, TimelineEvent
from editorial import services
from tests.bulk.test_import import csv_file, event_row
from tests.cases.test_admin import _url, form_data
from tests.editorial.test_revisions import review_url

pytestmark = pytest.mark.django_db


def published_events_without_a_published_citation():
    cited = Citation.objects.filter(
        source__publication_state="published", event__isnull=False
    ).values("event")
    return list(
        TimelineEvent.objects.filter(publication_state="published").exclude(
            pk__in=cited
        )
    )


@pytest.fixture
def only_source(make_event):
    """A published event whose one source is ``source``; another event
    cited by it and by a second source."""
    event = make_event(kind="detention", title="Detained in Baku")
    source = Citation.objects.get(event=event).source
    other = make_event(case=event.case, kind="charge", date="2020-01-02")
    Citation.objects.create(event=other, source=source)
    return event, other, source


def test_unpublishing_a_sole_source_alone_is_refused(reviewer, only_source):
    event, other, source = only_source
    with pytest.raises(ValidationError, match="Detained in Baku"):
        services.publication_return(obj=source, by=reviewer, comment="Wrong link")
    source.refresh_from_db()
    assert source.publication_state == "published"
    assert published_events_without_a_published_citation() == []


def test_the_review_page_shows_what_would_leave_and_takes_it_down_together(
    reviewer_client, client, only_source
):
    event, other, source = only_source
    page = reviewer_client.get(review_url(source)).content.decode()
    dependents = page.split('id="dependents"')[1].split("</ul>")[0]
    assert "Detained in Baku" in dependents
    assert other.title not in dependents  # it keeps its other source
    assert 'value="take_down"' in page and 'value="return"' not in page
    response = reviewer_client.post(
        review_url(source), {"decision": "take_down", "comment": "Wrong link"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    source.refresh_from_db()
    assert (source.publication_state, event.publication_state) == ("draft", "draft")
    assert published_events_without_a_published_citation() == []
    assert (
        "Detained in Baku"
        not in client.get(event.case.get_absolute_url()).content.decode()
    )


def test_the_plain_return_decision_is_refused_with_the_reason(
    reviewer_client, only_source
):
    _event, _other, source = only_source
    response = reviewer_client.post(
        review_url(source), {"decision": "return", "comment": "Wrong link"}
    )
    assert response.status_code == 200
    assert "would leave the public record incomplete" in response.content.decode()


def test_the_admin_form_refuses_to_unpublish_a_sole_source(
    reviewer_client, only_source
):
    _event, _other, source = only_source
    url = _url(Source, "change", source.pk)
    data = form_data(reviewer_client.get(url))
    data["publication_state"] = "draft"
    response = reviewer_client.post(url, data)
    assert response.status_code == 200
    assert "Detained in Baku" in response.content.decode()
    source.refresh_from_db()
    assert source.publication_state == "published"


def test_an_edit_cannot_remove_the_last_published_citation(
    editor_client, reviewer_client, only_source
):
    event, _other, _source = only_source
    url = _url(TimelineEvent, "change", event.pk)
    for client in (editor_client, reviewer_client):
        data = form_data(client.get(url))
        data["citations-0-DELETE"] = "on"
        response = client.post(url, data)
        assert response.status_code == 200
        assert "at least one citation" in response.content.decode()
    assert published_events_without_a_published_citation() == []


def test_an_event_citing_only_a_draft_source_cannot_be_published(
    reviewer, make_event, make_source
):
    event = make_event(publication_state="in_review", cite=False)
    Citation.objects.create(event=event, source=make_source(publication_state="draft"))
    with pytest.raises(ValidationError, match="Publish its source first"):
        services.publication_publish(obj=event, by=reviewer)


def test_a_person_with_published_cases_is_taken_down_with_them(
    reviewer, make_person, make_case, make_event
):
    person = make_person(name="Taken Down")
    case = make_case(person=person, title="Published case")
    make_event(case=case)
    with pytest.raises(ValidationError, match="Published case"):
        services.publication_return(
            obj=person, by=reviewer, comment="Consent withdrawn"
        )
    services.publication_return(
        obj=person, by=reviewer, comment="Consent withdrawn", together=True
    )
    case.refresh_from_db()
    assert case.publication_state == "draft"


def test_an_organization_that_alone_signed_a_statement(
    reviewer, make_organization, make_statement, make_source
):
    organization = make_organization(name="Sole Signer")
    statement = make_statement(title="The statement")
    Citation.objects.create(statement=statement, source=make_source())
    StatementParty.objects.create(
        statement=statement, organization=organization, role="author"
    )
    assert [record for record, _ in organization.public_dependents()] == [statement]
    with pytest.raises(ValidationError, match="The statement"):
        services.publication_return(obj=organization, by=reviewer, comment="Duplicate")


def test_a_revert_keeps_every_published_event_cited(reviewer_client, only_source):
    event, _other, source = only_source
    source.title = "Renamed"
    source.save()
    first = source.history.earliest()
    url = f"/admin/cases/source/{source.pk}/history/{first.history_id}/"
    reviewer_client.post(url, form_data(reviewer_client.get(url)))
    assert published_events_without_a_published_citation() == []


def test_an_import_keeps_every_published_event_cited(
    editor, make_person, make_case, make_event
):
    person = make_person(name="Mehman Huseynov")
    case = make_case(person=person, title="Mehman Huseynov: defamation (2017–2019)")
    make_event(
        case=case, kind="sentence", date="2017-03-03", title=event_row()["title"]
    )
    import_events(data=csv_file(event_row()), user=editor)
    assert published_events_without_a_published_citation() == []


def test_an_archive_with_an_uncited_published_event_is_refused(
    make_event, flush_database
):
    make_event()
    document = archive_export()
    document["events"][0]["citations"] = []
    flush_database()
    with pytest.raises(ArchiveError, match="without a citation"):
        archive_import(document)
    assert not TimelineEvent.objects.exists()
