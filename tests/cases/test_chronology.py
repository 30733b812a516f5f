import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases.models import Case, TimelineEvent

pytestmark = pytest.mark.django_db

Kind = TimelineEvent.Kind


def _new_event(case, kind, date):
    return TimelineEvent(case=case, kind=kind, title="New", date=date)


@pytest.mark.parametrize("kind", [Kind.RELEASE, Kind.SENTENCE, Kind.TRIAL])
def test_release_sentence_or_trial_before_first_detention_is_refused(
    make_case, make_event, kind
):
    case = make_case()
    make_event(case=case, kind=Kind.DETENTION, date="2011-03-04")
    event = _new_event(case, kind, "2011-02-01")
    with pytest.raises(ValidationError, match="before the first detention"):
        event.full_clean()


def test_sentence_after_detention_is_accepted(make_case, make_event):
    case = make_case()
    make_event(case=case, kind=Kind.DETENTION, date="2011-03-04")
    _new_event(case, Kind.SENTENCE, "2011-05-18").full_clean()


def test_detention_added_after_an_earlier_sentence_is_refused(make_case, make_event):
    case = make_case()
    make_event(case=case, kind=Kind.SENTENCE, date="2011-05-18")
    event = _new_event(case, Kind.DETENTION, "2012-01-01")
    with pytest.raises(ValidationError, match="18 May 2011"):
        event.full_clean()


@pytest.mark.parametrize("release_date", ["2011", "2011-03", "2011~", "2011-02~"])
def test_imprecise_dates_only_fail_on_certain_contradiction(
    make_case, make_event, release_date
):
    case = make_case()
    make_event(case=case, kind=Kind.DETENTION, date="2011-03-04")
    _new_event(case, Kind.RELEASE, release_date).full_clean()


def test_approximate_date_still_fails_when_certainly_before(make_case, make_event):
    case = make_case()
    make_event(case=case, kind=Kind.DETENTION, date="2011-03-04")
    with pytest.raises(ValidationError):
        _new_event(case, Kind.RELEASE, "2009~").full_clean()


def test_checks_stay_within_one_case(make_case, make_event):
    make_event(case=make_case(), kind=Kind.DETENTION, date="2020-01-01")
    _new_event(make_case(), Kind.RELEASE, "2011-01-01").full_clean()


def test_hunger_strike_cannot_end_before_it_starts(make_case, make_event):
    case = make_case()
    make_event(case=case, kind=Kind.HUNGER_STRIKE_START, date="2023-01-09")
    with pytest.raises(ValidationError, match="cannot end"):
        _new_event(case, Kind.HUNGER_STRIKE_END, "2023-01-01").full_clean()
    _new_event(case, Kind.HUNGER_STRIKE_END, "2023-02-27~").full_clean()


def test_hunger_strike_as_an_interval_must_be_ordered(make_case):
    event = _new_event(make_case(), Kind.HUNGER_STRIKE_START, "2023-02-27/2023-01-09")
    with pytest.raises(ValidationError, match="ends before it starts"):
        event.full_clean()


@time_machine.travel("2026-11-25")
def test_event_in_the_future_is_refused(make_case):
    with pytest.raises(ValidationError, match="in the future"):
        _new_event(make_case(), Kind.TRIAL, "2026-12-01").full_clean()
    _new_event(make_case(), Kind.TRIAL, "2026-11-25").full_clean()
    _new_event(make_case(), Kind.TRIAL, "2026-11").full_clean()
    _new_event(make_case(), Kind.TRIAL, "2027~").full_clean()  # may be 2026
    with pytest.raises(ValidationError, match="December 2026 is in the future"):
        _new_event(make_case(), Kind.TRIAL, "2026-12").full_clean()


@time_machine.travel("2026-11-25")
def test_statement_and_source_in_the_future_are_refused(make_statement, make_source):
    statement = make_statement()
    statement.date = "2027-01-01"
    with pytest.raises(ValidationError, match="in the future"):
        statement.full_clean()
    source = make_source()
    source.published = "2027-01-01"
    with pytest.raises(ValidationError, match="in the future"):
        source.full_clean()


def test_sentence_cannot_end_before_it_starts(make_case):
    case = make_case()
    case.sentence_starts, case.sentence_ends = "2017-03-03", "2016-03-02"
    with pytest.raises(ValidationError, match="cannot end"):
        case.full_clean()
    case.sentence_ends = "2019-03-02"
    case.full_clean()


def test_sentence_dates_ordered_in_the_database(make_case):
    from django.db import IntegrityError, transaction

    case = make_case(sentence_starts="2017-03-03", sentence_ends="2019-03-02")
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(
            sentence_starts_on="2020-01-01", sentence_ends_on="2019-01-01"
        )


def test_malformed_event_date_gives_one_clear_message(make_case):
    event = _new_event(make_case(), Kind.TRIAL, "May 2011")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict["date"] == [
        "“May 2011” is not a date this site understands. Use a date like "
        "2011-05-18, 2012-06, 2011, 2011~ or 2023-01-09/2023-02-27."
    ]


# Spans: a kind that lasts, dated by a closed interval ---------------------------


def test_a_strike_documented_as_a_span_is_shown_as_one_with_its_length(
    client, make_person, make_case, make_event
):
    person = make_person(slug="striker")
    case = make_case(person=person)
    make_event(case=case, kind=Kind.DETENTION, date="2019-05-01")
    make_event(
        case=case,
        kind=Kind.HUNGER_STRIKE_START,
        date="2019-07-01/2019-08-15",
        title="On hunger strike",
    )
    html = client.get("/people/striker/").content.decode()
    assert '<p class="event__date">45 days, 1 July – 15 August 2019</p>' in html
    assert '<p class="event__kind">Hunger strike</p>' in html
    assert "Hunger strike begins" not in html
    html = client.get("/events/").content.decode()
    assert "45 days, 1 July – 15 August 2019" in html


def test_a_span_known_only_to_the_month_has_no_length(make_case, make_event):
    event = make_event(kind=Kind.HUNGER_STRIKE_START, date="2019-07/2019-08")
    assert event.is_span and event.when_display == "July – August 2019"


def test_an_interval_of_a_kind_that_does_not_last_is_a_date(make_event):
    event = make_event(kind=Kind.RELEASE, date="2019-07-01/2019-08-15")
    assert not event.is_span
    assert event.when_display == "1 July – 15 August 2019"


def test_a_strike_end_within_a_documented_strike_contradicts_it(make_case, make_event):
    case = make_case()
    make_event(case=case, kind=Kind.HUNGER_STRIKE_START, date="2019-07-01/2019-08-15")
    with pytest.raises(ValidationError, match="had not ended on 20 July 2019"):
        _new_event(case, Kind.HUNGER_STRIKE_END, "2019-07-20").full_clean()
    _new_event(case, Kind.HUNGER_STRIKE_END, "2019-08-15").full_clean()
    _new_event(case, Kind.HUNGER_STRIKE_END, "2019-07").full_clean()  # may be 1 July


@time_machine.travel("2026-11-25")
def test_a_span_may_not_end_in_the_future(make_case):
    event = _new_event(make_case(), Kind.HUNGER_STRIKE_START, "2026-11-01/2026-12-15")
    with pytest.raises(ValidationError, match="It ends in the future"):
        event.full_clean()
    _new_event(make_case(), Kind.HUNGER_STRIKE_START, "2026-11-01/..").full_clean()


def test_an_uncertain_arrest_date_is_not_read_as_a_length_of_custody(make_event):
    event = make_event(kind=Kind.PRETRIAL_DETENTION, date="2024-11-01/2024-12-15")
    assert not event.is_span
    assert event.when_display == "1 November – 15 December 2024"
