"""
Scheduled events (issue 17, "What is coming up"): the kinds scheduled by
nature may carry the future date a cited source announces; every other kind
keeps refusing one; a date passed with no outcome waits in the editors' queue.
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cases import chronology
from cases.models import Case, TimelineEvent
from cases.status import Status

pytestmark = pytest.mark.django_db

Kind = TimelineEvent.Kind
Schedule = TimelineEvent.Schedule
TODAY = "2026-11-25"
SCHEDULED_KINDS = sorted(chronology.SCHEDULED_KINDS)
OTHER_KINDS = sorted(set(Kind.values) - chronology.SCHEDULED_KINDS)


def _new_event(case, kind, date, **kwargs):
    return TimelineEvent(case=case, kind=kind, title="New", date=date, **kwargs)


def test_the_scheduled_kinds_are_the_hearings_verdicts_and_sentence_ends():
    assert set(SCHEDULED_KINDS) == {
        "trial",
        "appeal",
        "cassation",
        "parole_hearing",
        "verdict",
        "sentence_end",
    }
    assert set(SCHEDULED_KINDS) <= set(Kind.values)


@time_machine.travel(TODAY)
@pytest.mark.parametrize("kind", SCHEDULED_KINDS)
def test_a_scheduled_event_may_carry_a_future_date(make_case, kind):
    _new_event(make_case(), kind, "2027-05-01", is_scheduled=True).full_clean()
    _new_event(make_case(), kind, "2027-05", is_scheduled=True).full_clean()


@time_machine.travel(TODAY)
@pytest.mark.parametrize("kind", SCHEDULED_KINDS)
def test_unscheduled_future_date_is_refused_with_the_way_out(make_case, kind):
    with pytest.raises(ValidationError) as error:
        _new_event(make_case(), kind, "2027-05-01").full_clean()
    (message,) = error.value.message_dict["date"]
    assert "1 May 2027 is in the future." in message
    assert "mark the event as scheduled" in message


@time_machine.travel(TODAY)
@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_every_other_kind_keeps_refusing_a_future_date(make_case, kind):
    event = _new_event(make_case(), kind, "2027-05-01", is_scheduled=True)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "1 May 2027 is in the future." in error.value.message_dict["date"][0]
    assert "Only a trial" in error.value.message_dict["is_scheduled"][0]


def test_check_events_lets_only_scheduled_kinds_be_future():
    today = datetime.date(2026, 11, 25)
    items = [
        chronology.Dated(1, "trial", "2027-01-10", "Trial", True),
        chronology.Dated(2, "release", "2027-01-10", "Release", True),
        chronology.Dated(3, "appeal", "2027-01-10", "Appeal", False),
    ]
    problems = chronology.check_events(items, today)
    assert sorted(p.key for p in problems) == [2, 3]


def test_only_scheduled_kinds_may_be_scheduled_in_the_database(make_event):
    event = make_event(kind=Kind.RELEASE, date="2020-01-01")
    with pytest.raises(IntegrityError), transaction.atomic():
        TimelineEvent.objects.filter(pk=event.pk).update(is_scheduled=True)


@time_machine.travel(TODAY)
def test_an_outcome_waits_for_the_date_and_needs_a_schedule(make_case):
    case = make_case()
    event = _new_event(
        case, Kind.APPEAL, "2027-01-10", is_scheduled=True, outcome="Upheld."
    )
    with pytest.raises(ValidationError, match="once the date has passed"):
        event.full_clean()
    event = _new_event(case, Kind.APPEAL, "2026-11-20", outcome="Upheld.")
    with pytest.raises(ValidationError, match="scheduled event"):
        event.full_clean()
    _new_event(
        case, Kind.APPEAL, "2026-11-20", is_scheduled=True, outcome="Upheld."
    ).full_clean()


def test_where_a_scheduled_event_stands(make_event):
    day = datetime.date(2026, 11, 25)
    hearing = make_event(kind=Kind.TRIAL, date="2026-11-25", is_scheduled=True)
    month = make_event(kind=Kind.TRIAL, date="2026-11", is_scheduled=True)
    passed = make_event(kind=Kind.TRIAL, date="2026-11-24", is_scheduled=True)
    done = make_event(
        kind=Kind.TRIAL, date="2026-11-24", is_scheduled=True, outcome="Adjourned."
    )
    plain = make_event(kind=Kind.TRIAL, date="2026-11-24")
    assert hearing.schedule_on(day) == Schedule.UPCOMING
    assert month.schedule_on(day) == Schedule.UPCOMING
    assert month.schedule_on(datetime.date(2026, 12, 1)) == Schedule.OUTCOME_MISSING
    assert passed.schedule_on(day) == Schedule.OUTCOME_MISSING
    assert done.schedule_on(day) == Schedule.OUTCOME_RECORDED
    assert plain.schedule_on(day) == ""
    missing = TimelineEvent.objects.outcome_missing(day)
    assert list(missing) == [passed]
    window = TimelineEvent.objects.scheduled_between(day, day + datetime.timedelta(1))
    assert set(window) == {hearing, month}


@time_machine.travel(TODAY)
def test_a_future_hearing_documents_nothing_before_its_day(make_case, make_event):
    case = make_case()
    make_event(case=case, kind=Kind.DETENTION, date="2026-06-01")
    make_event(case=case, kind=Kind.TRIAL, date="2027-02-01", is_scheduled=True)
    case.refresh_from_db()
    assert case.status == Status.DETAINED
    # The source that announced it was published on 2023-03-01 (make_source):
    # the last documentation is the detention, never the hearing's future day.
    assert case.last_documented == "2026-06-01"
    assert case.status_as_of == "2026-06-01"


def test_editors_find_passed_hearings_with_no_outcome(editor_client, make_event):
    with time_machine.travel("2026-11-10"):
        passed = make_event(
            kind=Kind.APPEAL, date="2026-11-20", is_scheduled=True, title="Appeal X"
        )
        make_event(
            kind=Kind.APPEAL, date="2026-12-20", is_scheduled=True, title="Appeal Y"
        )
    url = reverse("admin:cases_timelineevent_changelist")
    with time_machine.travel(TODAY):
        page = editor_client.get(url, {"schedule": "outcome_missing"}).content.decode()
        index = editor_client.get(reverse("admin:index")).content.decode()
    assert "Appeal X" in page
    assert "Appeal Y" not in page
    assert "Outcome not yet documented" in page
    assert f"{url}?schedule=outcome_missing" in index
    assert passed.pk


@time_machine.travel(TODAY)
def test_admin_records_a_scheduled_hearing_with_its_citation(
    editor_client, make_case, make_source
):
    case = make_case()
    source = make_source(published="2026-11-20")
    data = {
        "case": case.pk,
        "date": "2027-01-15",
        "kind": "trial",
        "title_en": "Trial hearing at Baku Grave Crimes Court",
        "description_en": "",
        "place_en": "",
        "organization": "",
        "is_scheduled": "on",
        "outcome_en": "",
        "verification": "single_source",
        "position": "0",
        "publication_state": "draft",
        "notes": "",
        "loaded_version": "",
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "0",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
        "citations-0-source": source.pk,
        "citations-0-quote": "The hearing is set for 15 January.",
        "citations-0-locator": "",
        "citations-0-position": "0",
    }
    response = editor_client.post(reverse("admin:cases_timelineevent_add"), data)
    assert response.status_code == 302, response.content.decode()[:4000]
    event = TimelineEvent.objects.get(title__startswith="Trial hearing")
    assert event.is_scheduled and event.citations.count() == 1

    data["is_scheduled"] = ""
    data["title_en"] = "Unscheduled"
    response = editor_client.post(reverse("admin:cases_timelineevent_add"), data)
    assert response.status_code == 200
    assert "mark the event as scheduled" in response.content.decode()
    assert not Case.objects.get(pk=case.pk).events.filter(title="Unscheduled")
