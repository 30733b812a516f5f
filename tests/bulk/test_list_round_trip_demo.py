"""The demo's cases as a list: downloaded, imported into an empty database,
published and downloaded again, the same file (a module of its own: the
demo data is loaded per module)."""

import pytest
from django.test import override_settings

from bulk.importer import import_events
from cases.models import Case, Citation, Source, Statement, TimelineEvent
from editorial.models import PublicationState
from people.models import Organization, Person

pytestmark = pytest.mark.django_db

HOST = "casetracker.example.org"


def download(client):
    response = client.get("/cases/list.csv", HTTP_HOST=HOST)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@override_settings(ALLOWED_HOSTS=[HOST])
def test_the_demo_list_goes_both_ways(client, demo_data):
    before = download(client)
    cases = Case.objects.published().count()
    for model in (Statement, Citation, TimelineEvent, Case, Person, Source):
        model.objects.all().delete()
    Organization.objects.update(parent=None)
    Organization.objects.all().delete()
    plan = import_events(data=before)
    assert plan.counts.cases == cases and plan.counts.events == 0
    for model in (Person, Case, Source, Organization):
        model.objects.update(publication_state=PublicationState.PUBLISHED)
    Case.objects.all().refresh_visibility()  # as every write path does
    assert download(client).decode() == before.decode()
