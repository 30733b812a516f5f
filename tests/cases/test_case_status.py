import datetime

import pytest

from cases.models import TimelineEvent
from cases.status import Status, derive
from editorial.models import PublicationState

pytestmark = pytest.mark.django_db

Kind = TimelineEvent.Kind


def test_case_without_events_has_unknown_status(make_case):
    assert make_case().status == Status.UNKNOWN


def test_status_follows_latest_status_event(make_case, make_event):
    case = make_case()
    make_event(case=case, kind=Kind.DETENTION, date="2011-03-04")
    make_event(case=case, kind=Kind.SENTENCE, date="2011-05-18")
    make_event(case=case, kind=Kind.APPEAL, date="2011-07-06")
    case.refresh_from_db()
    assert case.status == Status.SENTENCED
    assert case.status_changed_on == datetime.date(2011, 5, 18)
    assert case.person.status == Status.SENTENCED


def test_status_follows_edit_of_an_event(make_case, make_event):
    case = make_case()
    make_event(case=case, kind=Kind.DETENTION, date="2011-03-04")
    release = make_event(case=case, kind=Kind.RELEASE, date="2012-06")
    case.refresh_from_db()
    assert case.status == Status.RELEASED
    release.kind = Kind.PARDON
    release.save()
    case.refresh_from_db()
    assert case.status == Status.PARDONED


def test_status_follows_delete_of_an_event(make_case, make_event):
    case = make_case()
    make_event(case=case, kind=Kind.DETENTION, date="2011-03-04")
    release = make_event(case=case, kind=Kind.RELEASE, date="2012-06")
    release.delete()
    case.refresh_from_db()
    assert case.status == Status.DETAINED
    assert case.custody_ended_on is None
    assert case.person.status == Status.DETAINED


def test_status_follows_dates_not_entry_order(make_case, make_event):
    case = make_case()
    make_event(case=case, kind=Kind.RELEASE, date="2012-06")
    make_event(case=case, kind=Kind.DETENTION, date="2011-03-04")
    case.refresh_from_db()
    assert case.status == Status.RELEASED


def test_draft_events_do_not_change_public_status(make_case, make_event):
    case = make_case()
    make_event(case=case, kind=Kind.DETENTION, date="2011-03-04")
    release = make_event(
        case=case,
        kind=Kind.RELEASE,
        date="2012-06",
        publication_state=PublicationState.DRAFT,
    )
    case.refresh_from_db()
    assert case.status == Status.DETAINED
    release.publication_state = PublicationState.PUBLISHED
    release.save()
    case.refresh_from_db()
    assert case.status == Status.RELEASED


def test_custody_dates(make_case, make_event):
    case = make_case()
    make_event(case=case, kind=Kind.DETENTION, date="2011-03-04")
    make_event(case=case, kind=Kind.SENTENCE, date="2011-05-18")
    make_event(case=case, kind=Kind.RELEASE, date="2012-06")
    case.refresh_from_db()
    assert case.custody_started_on == datetime.date(2011, 3, 4)
    assert case.custody_ended_on == datetime.date(2012, 6, 1)
    # Released in "June 2012": at least 455 days, counted to 1 June.
    assert case.days_in_custody() == (455, False)
    assert case.custody_started == "2011-03-04"
    assert case.custody_ended == "2012-06"


def test_exact_custody_days_need_exact_dates(make_case, make_event, make_source):
    case = make_case()
    event = make_event(case=case, kind=Kind.DETENTION, date="2023-01-09", cite=False)
    event.citations.create(source=make_source(published="2023-02-27"))
    case.refresh_from_db()
    assert case.status_as_of == "2023-02-27"
    assert case.days_in_custody() == (49, True)


def test_running_custody_counts_to_its_last_documentation_not_today(
    make_case, make_event, make_source
):
    case = make_case()
    event = make_event(
        case=case, kind=Kind.PRETRIAL_DETENTION, date="2023-11", cite=False
    )
    event.citations.create(source=make_source(published="2024-01"))
    case.refresh_from_db()
    assert case.status == Status.PRETRIAL_DETENTION
    # Since "November 2023", documented to "January 2024": at least 32 days
    # (30 November to 1 January), whatever today is.
    assert case.days_in_custody() == (32, False)
    for citation in event.citations.all():
        citation.delete()
    case.refresh_from_db()
    # Documented by nothing but its own month: no count at all.
    assert case.status_as_of == ""
    assert case.days_in_custody() is None


def test_charge_while_held_keeps_the_custodial_status():
    events = [("detention", None, ""), ("charge", None, "")]
    assert derive(events).status == Status.DETAINED
    assert derive([("charge", None, "")]).status == Status.CHARGED


def test_report_in_custody_keeps_pretrial_detention():
    events = [("pretrial_detention", None, ""), ("in_custody", None, "")]
    assert derive(events).status == Status.PRETRIAL_DETENTION
    assert derive([("in_custody", None, "")]).status == Status.DETAINED


@pytest.mark.parametrize(
    ("before", "status"),
    [("detention", Status.DIED_IN_CUSTODY), ("release", Status.DECEASED)],
)
def test_death_in_or_out_of_custody(before, status):
    events = [("detention", None, ""), (before, None, ""), ("death", None, "")]
    assert derive(events).status == status


def test_second_detention_restarts_custody():
    first, second = datetime.date(2010, 11, 18), datetime.date(2011, 3, 4)
    derived = derive(
        [("detention", first, "2010-11-18"), ("detention", second, "2011-03-04")]
    )
    assert derived.custody_started_on == second
    assert derived.custody_started == "2011-03-04"


def test_person_status_prefers_a_case_that_holds_them(
    make_person, make_case, make_event
):
    person = make_person()
    held = make_case(person=person)
    make_event(case=held, kind=Kind.SENTENCE, date="2017-03-03")
    later = make_case(person=person)
    make_event(case=later, kind=Kind.CHARGE, date="2018-12")
    person.refresh_from_db()
    assert person.status == Status.SENTENCED


def test_person_status_follows_the_latest_case(make_person, make_case, make_event):
    person = make_person()
    old = make_case(person=person)
    make_event(case=old, kind=Kind.DETENTION, date="2011-03-04")
    make_event(case=old, kind=Kind.RELEASE, date="2012-06")
    new = make_case(person=person)
    make_event(case=new, kind=Kind.IN_CUSTODY, date="2023-01-09")
    person.refresh_from_db()
    assert person.status == Status.DETAINED


def test_moving_a_case_to_another_person_updates_both(
    make_person, make_case, make_event
):
    first, second = make_person(), make_person()
    case = make_case(person=first)
    make_event(case=case, kind=Kind.DETENTION, date="2011-03-04")
    case.person = second
    case.save()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.UNKNOWN
    assert second.status == Status.DETAINED


def test_count_stops_at_a_sentence_end_with_no_documented_release(
    make_case, make_event, make_source
):
    case = make_case(sentence_starts="2017-03-03", sentence_ends="2019")
    make_event(case=case, kind=Kind.DETENTION, date="2017-01-09", cite=False)
    sentence = make_event(case=case, kind=Kind.SENTENCE, date="2017-03-03", cite=False)
    # A source of 2023 says nothing of custody after the sentence's end.
    sentence.citations.create(source=make_source(published="2023-03-01"))
    case.refresh_from_db()
    assert case.sentence_latest_end == "2019"
    assert case.status_as_of == "2017-03-03"
    assert case.status_as_of_sentence_end is True
    assert case.days_in_custody() == (53, True)
    assert case.sentence_over(datetime.date(2026, 12, 1)) is True
    assert case.sentence_over(datetime.date(2019, 6, 1)) is False
    release = make_event(case=case, kind=Kind.RELEASE, date="2019-03-02", cite=False)
    release.citations.create(source=make_source(published="2019-03-04"))
    case.refresh_from_db()
    assert case.sentence_over(datetime.date(2026, 12, 1)) is False
    assert case.days_in_custody() == (782, True)
