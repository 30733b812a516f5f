"""
Chronology checks: contradictions between the dates of one case's events.

Imprecise dates are compared by the widest bounds they allow
(``dates.certain_bounds``), so only a certain contradiction is an error:
a release in "2011" is not before a detention on "2011-03-04", but a release
on "2011-02-01" is.
"""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lib import dates

# Kinds that take a person into custody, and the kinds that cannot come
# before the first of them (issue: "no release, sentence or trial before the
# first detention").
DETENTION_KINDS = frozenset(
    {"detention", "pretrial_detention", "house_arrest", "in_custody"}
)
AFTER_DETENTION_KINDS = frozenset({"release", "pardon", "sentence", "trial"})
# Kinds whose interval is a span: a hunger strike dated by a closed interval
# is documented as lasting from its start to its end (a 45-day strike), not
# as having begun on an uncertain day within it. Other kinds' intervals stay
# what the data uses them for, a date known only to lie within them (an
# arrest "2024-11/2024-12"): read as spans they would claim a length of
# custody no source gives.
SPAN_KINDS = frozenset({"hunger_strike_start"})
# Kinds scheduled by nature (issue 17, "What is coming up"): a hearing, a
# verdict announced for a date, the end of a sentence. Only these may be
# marked scheduled, and only a scheduled one may carry a future date: the
# date a cited source announces. Every other kind keeps refusing one.
SCHEDULED_KINDS = frozenset(
    {"trial", "appeal", "cassation", "parole_hearing", "verdict", "sentence_end"}
)


@dataclass(frozen=True)
class Dated:
    """What the checks need of an event; ``key`` identifies it to the caller."""

    key: object
    kind: str
    date: str
    label: str = ""
    scheduled: bool = False  # announced ahead by a source (may be future)


@dataclass(frozen=True)
class Problem:
    key: object  # the event the message belongs to
    others: tuple  # the keys of the events it contradicts
    message: str


# True inside checking_together(): the caller checks all the events it has
# at once (the case page's formset, an import), so TimelineEvent.clean() does
# not check each one against the stored others, which the same form or file
# may be changing.
_together = ContextVar("chronology_checked_together", default=False)


@contextmanager
def checking_together():
    """Within the block, the caller runs check_events() over every event it
    has; TimelineEvent.clean() leaves the sibling check to it."""
    token = _together.set(True)
    try:
        yield
    finally:
        _together.reset(token)


def checked_together():
    """Return whether a caller checks the events together (see above)."""
    return _together.get()


def check_not_future(text, today=None):
    """Return a message if ``text`` is certainly in the future, else None."""
    today = today or datetime.date.today()
    earliest, _latest = dates.certain_bounds(text)
    if earliest is not None and earliest > today:
        return _("%(date)s is in the future.") % {"date": dates.display(text)}
    return None


def may_be_future(event):
    """Whether a Dated event may carry a future date: a scheduled event of a
    kind scheduled by nature (SCHEDULED_KINDS)."""
    return event.scheduled and event.kind in SCHEDULED_KINDS


def check_events(events, today=None):
    """Return the Problems among a case's events (any order)."""
    problems = []
    bounds = {e.key: dates.certain_bounds(e.date) for e in events}
    for event in events:
        if may_be_future(event):
            continue
        message = check_not_future(event.date, today)
        if message and event.kind in SCHEDULED_KINDS:
            message = _(
                "%(message)s If a cited source announces it for that date, "
                "mark the event as scheduled."
            ) % {"message": message}
        if message is None and is_span(event):
            message = _check_span_not_future(event.date, today)
        if message:
            problems.append(Problem(event.key, (), message))

    detentions = [e for e in events if e.kind in DETENTION_KINDS and bounds[e.key][0]]
    if detentions:
        first = min(detentions, key=lambda e: bounds[e.key][0])
        first_earliest = bounds[first.key][0]
        for event in events:
            latest = bounds[event.key][1]
            if (
                event.kind in AFTER_DETENTION_KINDS
                and latest
                and latest < first_earliest
            ):
                problems.append(
                    Problem(
                        event.key,
                        (first.key,),
                        _(
                            "%(kind)s dated %(date)s comes before the first "
                            "detention (%(first)s); check both dates."
                        )
                        % {
                            "kind": event.label or event.kind,
                            "date": dates.display(event.date),
                            "first": dates.display(first.date),
                        },
                    )
                )

    starts = [e for e in events if e.kind == "hunger_strike_start" and bounds[e.key][0]]
    if starts:
        earliest_start = min(starts, key=lambda e: bounds[e.key][0])
        for event in events:
            latest = bounds[event.key][1]
            if event.kind != "hunger_strike_end" or latest is None:
                continue
            if latest < bounds[earliest_start.key][0]:
                problems.append(
                    Problem(
                        event.key,
                        (earliest_start.key,),
                        _(
                            "The hunger strike cannot end (%(end)s) before it "
                            "starts (%(start)s)."
                        )
                        % {
                            "end": dates.display(event.date),
                            "start": dates.display(earliest_start.date),
                        },
                    )
                )
    problems += _ends_within_strikes(events, bounds)
    return problems


def is_span(event):
    """Whether a Dated event is documented as lasting (see SPAN_KINDS)."""
    return event.kind in SPAN_KINDS and dates.is_closed_interval(event.date)


def _check_span_not_future(text, today):
    """A span that ends after today claims an end no source can report."""
    end = text.partition("/")[2]
    end_earliest = dates.certain_bounds(end)[0]
    if end_earliest is not None and end_earliest > (today or datetime.date.today()):
        return _(
            "It ends in the future (%(date)s); for one still going on, end the "
            "interval with “/..”."
        ) % {"date": dates.display(end)}
    return None


def _ends_within_strikes(events, bounds):
    """
    A hunger strike documented as a span ended when the span does: an end
    of a hunger strike dated certainly within it (after its start, before
    its end) contradicts it.
    """
    problems = []
    strikes = [e for e in events if e.kind == "hunger_strike_start" and is_span(e)]
    for strike in strikes:
        start = dates.certain_bounds(strike.date.partition("/")[0])[1]
        end = dates.certain_bounds(strike.date.partition("/")[2])[0]
        for event in events:
            if event.kind != "hunger_strike_end" or bounds[event.key][0] is None:
                continue
            earliest, latest = bounds[event.key]
            if latest is not None and start < earliest and latest < end:
                problems.append(
                    Problem(
                        event.key,
                        (strike.key,),
                        _(
                            "The hunger strike documented as %(span)s had not "
                            "ended on %(date)s; check both dates."
                        )
                        % {
                            "span": dates.display_span(strike.date),
                            "date": dates.display(event.date),
                        },
                    )
                )
    return problems
