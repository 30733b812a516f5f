import pytest
from django.core.management import call_command

from cases.models import Case, TimelineEvent
from cases.status import Status
from people.models import Person

pytestmark = pytest.mark.django_db


def fingerprint():
    return (
        list(Person.objects.order_by("slug").values_list("slug", "name", "status")),
        list(
            TimelineEvent.objects.order_by(
                "case__slug", "date_lower", "position", "kind", "date"
            ).values_list("case__slug", "kind", "date")[:500]
        ),
    )


def test_generated_data_is_reproducible_and_plausible(flush_database):
    call_command("generate_data", people=40, events_per_person=8, seed=3, verbosity=0)
    first = fingerprint()
    assert Person.objects.count() == 40
    assert TimelineEvent.objects.count() >= 40 * 3
    # Every person has aliases in two other scripts, and a derived status.
    person = Person.objects.get(slug="gen-3-0")
    assert {a.script for a in person.aliases.all()} == {"latin", "cyrillic"}
    assert " | " in person.search_names
    assert not Case.objects.filter(status=Status.UNKNOWN).exists()
    flush_database()
    call_command("generate_data", people=40, events_per_person=8, seed=3, verbosity=0)
    assert fingerprint() == first


def test_refuses_nonsense(capsys):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("generate_data", people=0)


def test_first_person_has_a_chronology_of_exactly_200_events():
    """The benchmark's "person page with 200 events" is always there."""
    call_command("generate_data", people=5, events_per_person=4, seed=2, verbosity=0)
    person = Person.objects.get(slug="gen-2-0")
    assert TimelineEvent.objects.filter(case__person=person).count() == 200
