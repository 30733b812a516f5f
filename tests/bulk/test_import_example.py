"""
The README's example file imports beside real cases without touching them:
its people are fictional and match no one.
"""

from pathlib import Path

import pytest
from django.conf import settings

from bulk.importer import import_events
from cases.models import Case, Source, TimelineEvent
from people.models import Person

pytestmark = pytest.mark.django_db


def test_the_example_changes_nothing_of_the_demo(demo_data, client):
    data = (Path(settings.BASE_DIR) / "docs" / "import-example.csv").read_bytes()
    before = {
        model: sorted(model.objects.values_list("pk", "version"))
        for model in (Person, Case, TimelineEvent, Source)
    }
    plan = import_events(data=data)
    assert plan.published_events_cited == []
    assert {row.person.obj.name for row in plan.rows} == {
        "Example Person One",
        "Example Person Two",
    }
    assert all(row.person.is_new for row in plan.rows)
    for model, versions in before.items():
        existing = model.objects.filter(pk__in=[pk for pk, _ in versions])
        assert sorted(existing.values_list("pk", "version")) == versions
    assert not Person.objects.published().filter(name__startswith="Example").exists()


def test_the_readme_shows_the_whole_example_file():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    example = (Path(settings.BASE_DIR) / "docs" / "import-example.csv").read_text()
    block = readme.split("The whole file:\n\n```csv\n")[1].split("```")[0]
    assert block == example


def test_the_list_example_imports_its_three_fictional_people(demo_data):
    data = (Path(settings.BASE_DIR) / "docs" / "import-list-example.csv").read_bytes()
    before = sorted(Person.objects.values_list("pk", "version"))
    plan = import_events(data=data)
    assert plan.counts.people == 3 and plan.counts.cases == 3
    assert plan.differences == []
    assert sorted(Person.objects.values_list("pk", "version"))[: len(before)] == before
    four = Person.objects.get(name="Example Person Four")
    assert set(four.roles.values_list("role", flat=True)) == {
        "human_rights_defender",
        "lawyer",
    }
    case = Case.objects.get(title="Example Person Three: example case (2022)")
    assert (case.sentence_months, case.court.name) == (60, "Example District Court")
    assert case.facility.name == "Example Pretrial Detention Centre"
    assert import_events(data=data).counts.total == 0  # idempotent
